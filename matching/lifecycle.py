"""The pair's lifecycle: one service per move, each audited; the only writer of `Pair.state`.

    draft → proposed → confirmed → active → completed
    proposed → declined;   proposed | confirmed | active → ended_early

The allowed moves are `PAIR_TRANSITIONS` (models.py). Time-driven moves (confirmed → active at
the kickoff, active → completed at the round's end, proposed past its confirm-by date flagged
to the coordinators) are `tick_step`, run by `manage.py tick` and the beat.

Other apps react to a move without being imported here: `@on_enter(Pair.State.CONFIRMED)`
registers `hook(pair, transition)`, called inside the move's transaction (queue e-mails there).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.timezones import STOCKHOLM
from programs.models import Round

from .models import EndReason, Pair, PairState, PairTransition

Hook = Callable[[Pair, PairTransition], None]
HOOKS: dict[str, list[Hook]] = defaultdict(list)


def on_enter(state: str) -> Callable[[Hook], Hook]:
    """Register `hook(pair, transition)` to run whenever a pair enters `state`."""

    def register(hook: Hook) -> Hook:
        if hook not in HOOKS[state]:
            HOOKS[state].append(hook)
        return hook

    return register


def ensure_transition(pair: Pair, *, to: str) -> None:
    """Raise a readable ValidationError unless the pair may move to `to`."""
    if not pair.can_move_to(to):
        raise ValidationError(
            _("A pair that is “%(current)s” cannot become “%(target)s”.")
            % {"current": PairState(pair.state).label, "target": PairState(to).label},
            code="invalid_transition",
        )


def _actor(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def move(
    pair: Pair, *, to: str, at: datetime, actor=None, reason: str = "", note: str = "", fields=()
) -> PairTransition:
    """Change the state after checking it is allowed, audit it and run the hooks. Caller is atomic."""
    ensure_transition(pair, to=to)
    from_state = pair.state
    pair.state = to
    pair.save(update_fields=["state", *fields])
    transition = PairTransition.objects.create(
        pair=pair,
        actor=_actor(actor),
        at=at,
        from_state=from_state,
        to_state=to,
        reason=reason,
        note=note[:500],
    )
    for hook in HOOKS[to]:
        hook(pair, transition)
    return transition


def _locked(pair: Pair) -> Pair:
    return Pair.objects.select_for_update().select_related("round__program").get(pk=pair.pk)


@transaction.atomic
def propose(pairs: Iterable[Pair], *, at: datetime, actor=None) -> int:
    """Publish draft pairs (draft → proposed) in bulk, with one audit row each; returns how many."""
    pairs = [pair for pair in pairs if pair.state == PairState.DRAFT]
    ids = [pair.pk for pair in pairs]
    deadlines = {}
    for round_id in {pair.round_id for pair in pairs}:
        round_ = Round.objects.get(pk=round_id)
        deadlines[round_id] = late_answer_deadline(round_.confirm_by, at)
        Pair.objects.filter(pk__in=ids, round_id=round_id, state=PairState.DRAFT).update(
            state=PairState.PROPOSED, published_at=at, confirm_by_override=deadlines[round_id]
        )
    PairTransition.objects.bulk_create(
        [
            PairTransition(
                pair_id=pk,
                actor=_actor(actor),
                at=at,
                from_state=PairState.DRAFT,
                to_state=PairState.PROPOSED,
            )
            for pk in ids
        ],
        batch_size=1000,
    )
    for pair in pairs:
        pair.state, pair.published_at = PairState.PROPOSED, at
        pair.confirm_by_override = deadlines[pair.round_id]
    return len(ids)


# However late a pair is proposed (a re-match mid-round), both sides get this long to answer.
ANSWER_DAYS = 7


def late_answer_deadline(round_confirm_by: datetime, at: datetime) -> datetime | None:
    """The pair's own confirm-by date when the round's leaves less than ANSWER_DAYS (the end of that
    Swedish day), else None: the round's date stands."""
    day = timezone.localdate(at + timedelta(days=ANSWER_DAYS), STOCKHOLM)
    least = timezone.make_aware(datetime.combine(day, time(23, 59)), STOCKHOLM)
    return least if least > round_confirm_by else None


def ensure_open(pair: Pair, *, at: datetime) -> None:
    """Refuse an answer to a pair that is no longer proposed, or past its confirm-by date."""
    if pair.state != PairState.PROPOSED:
        raise ValidationError(_("This pair is no longer waiting for an answer."), code="answered")
    if at > pair.confirm_by:
        raise ValidationError(
            _("The time to answer has passed. Please contact the coordinator."), code="expired"
        )


@transaction.atomic
def confirm(pair: Pair, *, role: str, at: datetime, actor=None) -> Pair:
    """Record one side's yes; when both have said yes the pair becomes confirmed."""
    pair = _locked(pair)
    if pair.state in (PairState.CONFIRMED, PairState.ACTIVE):
        return pair
    ensure_open(pair, at=at)
    field = f"{role}_confirmed_at"
    setattr(pair, field, getattr(pair, field) or at)
    pair.save(update_fields=[field])
    if pair.mentor_confirmed_at and pair.mentee_confirmed_at:
        move(pair, to=PairState.CONFIRMED, at=at, actor=actor)
    return pair


@transaction.atomic
def decline(pair: Pair, *, role: str, at: datetime, actor=None, reason: str = "") -> Pair:
    """One side says no: proposed → declined, with the words they gave (kept for the coordinator)."""
    pair = _locked(pair)
    ensure_open(pair, at=at)
    pair.declined_at, pair.declined_by, pair.decline_reason = at, role, reason.strip()[:2000]
    move(
        pair,
        to=PairState.DECLINED,
        at=at,
        actor=actor,
        reason=EndReason.DECLINED,
        note=_("declined by the %(role)s") % {"role": role},
        fields=("declined_at", "declined_by", "decline_reason"),
    )
    return pair


@transaction.atomic
def activate(pair: Pair, *, at: datetime) -> Pair:
    """The round has kicked off: confirmed → active."""
    pair = _locked(pair)
    pair.started_at = at
    move(pair, to=PairState.ACTIVE, at=at, fields=("started_at",))
    return pair


@transaction.atomic
def complete(pair: Pair, *, at: datetime) -> Pair:
    """The round has ended: active → completed."""
    pair = _locked(pair)
    pair.ended_at = at
    move(pair, to=PairState.COMPLETED, at=at, fields=("ended_at",))
    return pair


@transaction.atomic
def end_early(pair: Pair, *, reason: str, at: datetime, actor=None, note: str = "") -> Pair:
    """End a proposed, confirmed or active pair before the round's end, with a reason from the list."""
    if reason not in EndReason.values:
        raise ValidationError(_("Choose a reason from the list."), code="reason")
    pair = _locked(pair)
    pair.ended_at, pair.end_reason = at, reason
    move(
        pair,
        to=PairState.ENDED_EARLY,
        at=at,
        actor=actor,
        reason=reason,
        note=note,
        fields=("ended_at", "end_reason"),
    )
    return pair


@transaction.atomic
def extend_confirm_by(pair: Pair, *, until: datetime, at: datetime, actor=None) -> Pair:
    """Give one proposed pair a later confirm-by date (its flag is cleared: it may be flagged again)."""
    pair = _locked(pair)
    if pair.state != PairState.PROPOSED:
        raise ValidationError(_("Only a pair that is waiting for an answer can get more time."), code="state")
    if until <= at:
        raise ValidationError(_("Choose a date in the future."), code="past")
    pair.confirm_by_override, pair.flagged_at = until, None
    pair.save(update_fields=["confirm_by_override", "flagged_at"])
    return pair


# --- time-driven moves -----------------------------------------------------------------------


def due_to_activate(at: datetime):
    return Pair.objects.filter(state=PairState.CONFIRMED, round__kickoff__lte=at)


def due_to_complete(at: datetime):
    return Pair.objects.filter(state=PairState.ACTIVE, round__ends__lte=at)


def due_to_flag(at: datetime):
    """Proposed pairs past their confirm-by date that the coordinators have not heard about."""
    return Pair.objects.filter(state=PairState.PROPOSED, flagged_at__isnull=True).filter(
        Q(confirm_by_override__lt=at) | Q(confirm_by_override__isnull=True, round__confirm_by__lt=at)
    )


@transaction.atomic
def flag_unconfirmed(pair: Pair, *, at: datetime) -> Pair:
    """Mark once that a proposed pair let its confirm-by date pass. The coordinators hear of it in
    their daily digest of exceptions (`reminders.exceptions`), not in an e-mail of its own."""
    pair = _locked(pair)
    if pair.flagged_at is None:
        pair.flagged_at = at
        pair.save(update_fields=["flagged_at"])
    return pair


def _describe(pair: Pair, what: str) -> str:
    return f"pair {pair.pk} ({pair}, {pair.round.slug}): {what}"


def tick_step(at: datetime, *, dry_run: bool = False) -> list[str]:
    """Every time-driven pair move due at `at` (each once); returns a line per move."""
    lines = []
    related = ("round__program", "mentor_application", "mentee_application")
    moves = (
        (due_to_activate, activate, "confirmed → active"),
        (due_to_complete, complete, "active → completed"),
        (
            due_to_flag,
            flag_unconfirmed,
            _("unconfirmed past its confirm-by date, in the coordinators’ digest"),
        ),
    )
    for due, service, what in moves:
        for pair in due(at).select_related(*related).order_by("pk"):
            if not dry_run:
                service(pair, at=at)
            lines.append(_describe(pair, str(what)))
    return lines
