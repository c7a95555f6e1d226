"""Screening: rubric, reviews, decisions (pending) and their release by e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.emails import DECISION_KINDS
from applications.models import (
    DECISIONS,
    Application,
    Review,
    RubricCriterion,
    State,
)
from applications.services.common import move, record_audit
from mentorship.scoping import can_change_program
from notifications.emails import render as render_email
from notifications.services import Email, queue_emails
from programs.models import Round

DEFAULT_RUBRIC = [
    ("motivation", "Motivation", "Motivation"),
    ("fit", "Passar programmet", "Fit with the program"),
    ("availability", "Tillgänglighet", "Availability"),
]
SCORE_RANGE = range(1, 6)
# Applications that can still be read and scored by reviewers.
REVIEWABLE_STATES = (State.SUBMITTED, State.ACCEPTED, State.WAITLISTED, State.REJECTED)
# --- rubric and reviews -----------------------------------------------------------


def ensure_default_rubric(round_: Round) -> list[RubricCriterion]:
    """The round's rubric; creates the default three criteria when it has none."""
    criteria = list(RubricCriterion.objects.filter(round=round_))
    if criteria:
        return criteria
    for order, (key, label_sv, label_en) in enumerate(DEFAULT_RUBRIC):
        RubricCriterion.objects.get_or_create(
            round=round_, key=key, defaults={"label_sv": label_sv, "label_en": label_en, "order": order}
        )
    return list(RubricCriterion.objects.filter(round=round_))


def ensure_can_screen(user, application: Application) -> None:
    """PermissionDenied unless the user coordinates the application's program."""
    if not can_change_program(user, application.round.program_id):
        raise PermissionDenied(_("Only a coordinator of this program can do that."))


def average(scores: dict[str, int]) -> Decimal | None:
    """Mean of the scores, two decimals (half up); None when there are none."""
    if not scores:
        return None
    mean = Decimal(sum(scores.values())) / Decimal(len(scores))
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def save_review(application: Application, *, reviewer, scores: dict[str, int], comment: str = "") -> Review:
    """Create or update the reviewer's review with one 1–5 score per rubric criterion."""
    ensure_can_screen(reviewer, application)
    if application.state not in REVIEWABLE_STATES:
        raise ValidationError(_("Only submitted applications can be reviewed."))
    keys = {criterion.key for criterion in ensure_default_rubric(application.round)}
    clean = {key: int(value) for key, value in scores.items() if key in keys}
    if set(clean) != keys or any(value not in SCORE_RANGE for value in clean.values()):
        raise ValidationError(_("Give every criterion a score from 1 to 5."))
    review, _created = Review.objects.update_or_create(
        application=application,
        reviewer=reviewer,
        defaults={"scores": clean, "total": average(clean), "comment": comment.strip()},
    )
    return review


# --- decisions -------------------------------------------------------------------


@transaction.atomic
def decide(application: Application, *, decision: str, actor, note: str = "") -> Application:
    """Record a decision as pending (not told yet); writes the audit log. Sends nothing."""
    if decision not in DECISIONS:
        raise ValidationError(_("That is not a decision."))
    ensure_can_screen(actor, application)
    application = (
        Application.objects.select_for_update().select_related("round__program").get(pk=application.pk)
    )
    application.decided_at = timezone.now()
    return move(application, to=decision, actor=actor, note=note, extra_fields=["decided_at"])


@transaction.atomic
def undo_pending_decision(application: Application, *, actor, note: str = "") -> Application:
    """Take back a decision nobody has been told yet: back to what the applicant last heard.

    ALLOWED_TRANSITIONS describes decisions applicants know of; an unreleased decision was never
    seen, so stepping back is not a transition of the application's life and is allowed here only.
    """
    ensure_can_screen(actor, application)
    application = (
        Application.objects.select_for_update().select_related("round__program").get(pk=application.pk)
    )
    if not application.decision_pending:
        raise ValidationError(_("Only a decision that has not been released can be undone."))
    from_state = application.state
    application.state = application.notified_state or State.SUBMITTED
    application.decided_at = None
    application.save(update_fields=["state", "decided_at", "updated_at"])
    record_audit(
        application, actor=actor, from_state=from_state, to=application.state, note=note or _("Undone")
    )
    return application


@dataclass
class BulkResult:
    done: int
    refused: list[tuple[Application, str]]


def decide_many(applications, *, decision: str, actor, note: str = "") -> BulkResult:
    """Decide each application on its own; the ones that may not move are reported, not fatal."""
    result = BulkResult(done=0, refused=[])
    for application in applications:
        try:
            decide(application, decision=decision, actor=actor, note=note)
        except (ValidationError, PermissionDenied) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            result.refused.append((application, message))
        else:
            result.done += 1
    return result


# --- release -----------------------------------------------------------------------


def pending_decisions(round_: Round):
    """Applications of the round whose decision has not been sent yet."""
    return (
        Application.objects.filter(round=round_)
        .decision_pending()
        .select_related("applicant", "round__program")
    )


def applicant_language(application: Application) -> str:
    languages = dict(settings.LANGUAGES)
    language = application.applicant.preferred_language if application.applicant_id else ""
    return language if language in languages else settings.LANGUAGE_CODE


def decision_email_context(application: Application, language: str) -> dict[str, str]:
    """What the decision e-mail of one application says, in `language` (the outbox row's context)."""
    program = application.round.program
    with translation.override(language):
        return {
            "name": application.full_name or application.email,
            "round": application.round.name,
            "role": str(program.role_label(application.role)),
            "program": program.name,
            "application_id": application.pk,
        }


def render_decision_email(
    application: Application, *, decision: str | None = None, language: str | None = None
) -> tuple[str, str]:
    """Subject and plain text of the decision e-mail for one application, with the program's texts."""
    decision = decision or application.state
    language = language or applicant_language(application)
    kind = DECISION_KINDS[decision]
    context = decision_email_context(application, language)
    rendered = render_email(kind, context, language=language, program=application.round.program)
    return rendered.subject, rendered.text


def preview_decision_emails(round_: Round) -> list[dict[str, str]]:
    """Every decision e-mail kind in every language, filled with a sample applicant."""
    previews = []
    for decision in DECISIONS:
        for language, language_name in settings.LANGUAGES:
            with translation.override(language):
                sample = Application(round=round_, role="mentee", full_name=_("Firstname Lastname"))
            subject, body = render_decision_email(sample, decision=decision, language=language)
            previews.append(
                {
                    "decision": decision,
                    "decision_label": State(decision).label,
                    "language": language,
                    "language_name": language_name,
                    "subject": subject,
                    "body": body,
                }
            )
    return previews


@transaction.atomic
def release_decisions(round_: Round, *, actor, only: list[int] | None = None) -> int:
    """Queue one decision e-mail per applicant whose decision is new; mark them told.

    Returns how many were released. A second call finds nothing pending and sends nothing;
    the outbox key `decision:<id>:<state>` also guards against a concurrent release.
    """
    if not can_change_program(actor, round_.program_id):
        raise PermissionDenied(_("Only a coordinator of this program can do that."))
    pending = pending_decisions(round_).select_for_update(of=("self",))
    if only is not None:
        pending = pending.filter(pk__in=only)
    now = timezone.now()
    emails = []
    released = []
    for application in pending:
        language = applicant_language(application)
        to = application.email or (application.applicant.email if application.applicant_id else "")
        if to:
            emails.append(
                Email(
                    key=f"decision:{application.pk}:{application.state}",
                    to=to,
                    template=DECISION_KINDS[application.state].key,
                    context=decision_email_context(application, language),
                    language=language,
                    program_id=round_.program_id,
                )
            )
        released.append(application.pk)
    Application.objects.filter(pk__in=released).update(
        notified_state=F("state"), decision_released_at=now, updated_at=now
    )
    queue_emails(emails)
    return len(released)


def pending_counts(round_: Round) -> dict[str, int]:
    """{decision: number pending} for a round."""
    counts = {state.value: 0 for state in DECISIONS}
    for state in pending_decisions(round_).values_list("state", flat=True):
        counts[state] += 1
    return counts
