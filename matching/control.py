"""The coordinator's control after publishing: end a pair, re-match one person, promote from the
waitlist, give a pair more time; and what a withdrawal of a paired person does to the pair."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, State
from applications.services import screening
from mentorship.scoping import can_change_program
from notifications.services import Email, queue_emails

from . import lifecycle, selectors, services
from .models import EndReason, MatchRun, Pair, PairConstraint

SIDES = ("mentor", "mentee")


def ensure_coordinator(user, round_) -> None:
    """Only a coordinator of the round's program (or a superuser) steers its pairs."""
    if not can_change_program(user, round_.program_id):
        raise PermissionDenied(_("Only a coordinator of this program can do that."))


def _address(application: Application) -> tuple[str, str]:
    user = application.applicant
    to = application.email or (user.email if user else "")
    return to, (getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE)


def _ended_emails(pair: Pair, *, tell: tuple[str, ...], withdrew: str = "") -> list[Email]:
    """One e-mail to each side in `tell`: the pair has ended (no reason, no note: those stay with
    the coordinators), and who withdrew when a withdrawal ended it."""
    program = pair.round.program
    emails = []
    for role in tell:
        application = getattr(pair, f"{role}_application")
        other_role = "mentee" if role == "mentor" else "mentor"
        to, language = _address(application)
        if not to:
            continue
        emails.append(
            Email(
                key=f"pair-ended:{pair.pk}:{role}",
                to=to,
                template="matching_pair_ended",
                language=language,
                context={
                    "name": application.full_name,
                    "other_name": getattr(pair, f"{other_role}_application").full_name,
                    "round": pair.round.name,
                    "program": program.name,
                    "withdrew": other_role == withdrew,
                },
                program_id=program.pk,
            )
        )
    return emails


def _forbid(pair: Pair) -> None:
    PairConstraint.objects.update_or_create(
        mentor_application_id=pair.mentor_application_id,
        mentee_application_id=pair.mentee_application_id,
        defaults={"round_id": pair.round_id, "kind": PairConstraint.Kind.FORBID},
    )


@transaction.atomic
def end_pair(pair: Pair, *, reason: str, actor, note: str = "", at: datetime | None = None) -> Pair:
    """A coordinator ends a pair early: audited with the reason, never re-paired, both told by e-mail."""
    ensure_coordinator(actor, pair.round)
    pair = lifecycle.end_early(pair, reason=reason, note=note, actor=actor, at=at or timezone.now())
    _forbid(pair)
    queue_emails(_ended_emails(_full(pair), tell=SIDES))
    return pair


def _full(pair: Pair) -> Pair:
    return Pair.objects.select_related(
        "round__program", "mentor_application__applicant", "mentee_application__applicant"
    ).get(pk=pair.pk)


def end_pairs_of_withdrawn(application: Application, *, actor=None, at: datetime) -> int:
    """A paired person withdrew: each of their open pairs ends and the partner is told; the
    coordinators read it in their daily digest. Reminders stop with it (they go to pairs in open
    states only). Returns pairs ended."""
    role = application.role
    pairs = Pair.objects.filter(
        **{f"{role}_application": application},
        state__in=(Pair.State.PROPOSED, Pair.State.CONFIRMED, Pair.State.ACTIVE),
    )
    ended = 0
    for pair in pairs:
        pair = lifecycle.end_early(pair, reason=EndReason.WITHDREW, actor=actor, at=at)
        pair = _full(pair)
        partner = "mentee" if role == "mentor" else "mentor"
        queue_emails(_ended_emails(pair, tell=(partner,), withdrew=role))
        ended += 1
    return ended


def on_withdrawn(application: Application, *, actor=None, at: datetime) -> None:
    """The ON_WITHDRAWN hook of applications: end the withdrawn person's pairs."""
    end_pairs_of_withdrawn(application, actor=actor, at=at)


def free_people(round_) -> list[Application]:
    """Accepted applications of the round in no taken pair (a mentor with room counts as free)."""
    taken = list(selectors.taken_pairs(round_).values_list("mentor_application_id", "mentee_application_id"))
    busy_mentees = {mentee for _mentor, mentee in taken}
    used: dict[int, int] = {}
    for mentor, _mentee in taken:
        used[mentor] = used.get(mentor, 0) + 1
    accepted = Application.objects.filter(round=round_, state=State.ACCEPTED).order_by(
        "role", "full_name", "pk"
    )
    most = round_.max_mentees_per_mentor
    return [
        a
        for a in accepted
        if (a.role == "mentee" and a.pk not in busy_mentees)
        or (a.role == "mentor" and used.get(a.pk, 0) < min(a.mentee_capacity or 1, most))
    ]


def rematch(application: Application, *, actor) -> MatchRun:
    """Start a matching run for one free person against everyone free on the other side.

    Published pairs are untouched; the run is a draft the coordinator reviews and publishes.
    """
    ensure_coordinator(actor, application.round)
    if application.pk not in {a.pk for a in free_people(application.round)}:
        raise ValidationError(
            _("Only an accepted person who is not in a pair can be re-matched."), code="taken"
        )
    return services.start_run(application.round, user=actor, only=[application.pk])


def promote(application: Application, *, actor) -> MatchRun:
    """Promote a waitlisted person: accept, release that one decision (its e-mail), and re-match them."""
    ensure_coordinator(actor, application.round)
    if application.state != State.WAITLISTED or application.decision_pending:
        raise ValidationError(
            _("Only a waitlisted person whose decision was sent can be promoted."), code="state"
        )
    with transaction.atomic():
        screening.decide(
            application, decision=State.ACCEPTED, actor=actor, note=_("promoted from the waitlist")
        )
        screening.release_decisions(application.round, actor=actor, only=[application.pk])
    application.refresh_from_db()
    return rematch(application, actor=actor)


def give_more_time(pair: Pair, *, until: datetime, actor) -> Pair:
    """A later confirm-by date for one proposed pair (its answer links keep working until then)."""
    ensure_coordinator(actor, pair.round)
    return lifecycle.extend_confirm_by(pair, until=until, at=timezone.now(), actor=actor)
