"""The applicant's side: start, save a draft, submit, withdraw."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Application, State
from notifications.services import queue_email
from privacy.models import ConsentRecord
from privacy.services.consent import record_consent
from programs.models import Eligibility, EligibilityEntry, Round

from .common import move

# Answers an applicant may write; everything else is set by services.
ANSWER_FIELDS = (
    "full_name",
    "phone",
    "title",
    "organisation",
    "organisation_name",
    "industry",
    "motivation",
    "want_to_learn",
    "can_offer",
    "languages",
    "meeting_format",
    "availability",
    "municipality",
    "mentee_capacity",
)
EDITABLE_STATES = (State.DRAFT, State.SUBMITTED)


class ApplicationClosed(ValidationError):
    """The deadline has passed (or the application is no longer editable)."""


def is_editable(application: Application, at: datetime | None = None) -> bool:
    """Open for changes: a draft or submitted application before its role's deadline."""
    return application.state in EDITABLE_STATES and application.round.is_open_for(application.role, at)


def ensure_editable(application: Application, at: datetime | None = None) -> None:
    """Raise ApplicationClosed with a readable message unless the applicant may change it."""
    if application.state not in EDITABLE_STATES:
        raise ApplicationClosed(_("This application can no longer be changed."), code="not_editable")
    if not application.round.is_open_for(application.role, at):
        raise ApplicationClosed(
            _("The deadline has passed: the application can no longer be changed or submitted."),
            code="deadline",
        )


def start_application(round_: Round, *, applicant, role: str) -> tuple[Application, bool]:
    """Open the applicant's application for (round, role), creating a draft while the round is open."""
    existing = Application.objects.started_by(applicant, round_=round_, role=role)
    if existing is not None:
        return existing, False
    if not round_.is_open_for(role):
        raise ApplicationClosed(_("Applications for this role are not open."), code="closed")
    try:
        with transaction.atomic():
            application = Application.objects.create(
                round=round_,
                applicant=applicant,
                role=role,
                full_name=applicant.full_name,
                email=applicant.email,
                mentee_capacity=1,
            )
    except IntegrityError:  # a double click created it first
        return Application.objects.get(round=round_, applicant=applicant, role=role), False
    prefill_from_last_application(application)
    return application, True


def last_application_in_program(application: Application) -> Application | None:
    """The same person's latest earlier application in the same role and program (another round)."""
    return (
        Application.objects.filter(
            applicant=application.applicant,
            role=application.role,
            round__program_id=application.round.program_id,
            anonymised_at__isnull=True,
        )
        .exclude(round=application.round)
        .exclude(pk=application.pk)
        .order_by("-round__applications_open", "-pk")
        .first()
    )


def prefill_from_last_application(application: Application) -> Application | None:
    """A new draft starts with the answers of the applicant's own last application in the program.

    Only their own (the same account); consent is not carried over (it is given for each
    application), and only the topics this round offers are kept.
    """
    if application.applicant_id is None:
        return None
    last = last_application_in_program(application)
    if last is None:
        return None
    for field in ANSWER_FIELDS:
        value = getattr(last, field)
        if value not in ("", None, [], {}):
            setattr(application, field, value)
    application.answers = dict(last.answers or {})
    application.save()
    offered = set(application.round.topics.values_list("pk", flat=True))
    application.topics.set([pk for pk in last.topics.values_list("pk", flat=True) if pk in offered])
    application.prefilled_from = last
    return last


def _apply_answers(
    application: Application, answers: dict[str, Any], consent: bool | None, at: datetime | None = None
) -> None:
    for field in ANSWER_FIELDS:
        if field in answers:
            setattr(application, field, answers[field])
    if application.organisation_id:
        application.organisation_name = ""
    if "answers" in answers:  # merged: answers to questions not on this form are kept
        application.answers = {**(application.answers or {}), **answers["answers"]}
    if consent is True:
        version = application.round.program.privacy_notice_version
        if not (application.consent_at and application.consent_version == version):
            application.consent_at = at or timezone.now()
            application.consent_version = version
    elif consent is False:
        application.consent_at = None
        application.consent_version = ""
    application.save()
    if "topics" in answers:
        application.topics.set(answers["topics"])
    if consent is True:
        _ledger(application)


def _ledger(application: Application) -> None:
    """The consent ledger's line for this application and notice version (written once)."""
    record_consent(
        program=application.round.program,
        notice_version=application.consent_version,
        user=application.applicant,
        email=application.email or application.applicant.email,
        context=ConsentRecord.Context.APPLICATION,
        object_id=application.pk,
        at=application.consent_at,
    )


def _locked(application: Application) -> Application:
    """The application's row again, locked, with its applicant; the round and program the caller had.

    Only the application's row is locked, never its round or program: the ones the caller read
    a moment ago serve as well as a fresh join of two more tables (~60 columns) on every save.
    """
    locked = (
        Application.objects.select_for_update(of=("self",)).select_related("applicant").get(pk=application.pk)
    )
    field = Application._meta.get_field("round")
    if field.is_cached(application) and application.round_id == locked.round_id:
        field.set_cached_value(locked, application.round)
    return locked


@transaction.atomic
def save_draft(
    application: Application,
    *,
    answers: dict[str, Any],
    consent: bool | None = None,
    at: datetime | None = None,
) -> Application:
    """Store the answers as they are (any may be empty); refuses after the deadline."""
    application = _locked(application)
    ensure_editable(application, at)
    _apply_answers(application, answers, consent, at)
    return application


@transaction.atomic
def keep_late_draft(
    application: Application,
    *,
    answers: dict[str, Any],
    consent: bool | None = None,
    at: datetime | None = None,
) -> Application:
    """After the deadline, store what a refused submit typed in the draft; it is never submitted.

    Only a draft: a submitted application keeps its last submitted answers.
    """
    application = _locked(application)
    if application.state == State.DRAFT:
        _apply_answers(application, answers, consent, at)
    return application


def eligibility(application: Application, *, listed: set[str] | None = None) -> tuple[bool, str]:
    """Check the answers against the round's rule for the role; the note is in Swedish for screening.

    `listed`: the round's list for the role, lower-cased, when the caller checks many at once.
    A coordinator's override (`eligibility_overridden`) is kept as it is.
    """
    if application.eligibility_overridden:
        return bool(application.is_eligible), application.eligibility_note
    round_ = application.round
    rule = round_.eligibility_for(application.role)
    with translation.override(settings.LANGUAGE_CODE):
        if rule == Eligibility.LIST:
            email = application.applicant.email if application.applicant_id else application.email
            if listed is None:
                on_list = EligibilityEntry.objects.filter(
                    round=round_, role=application.role, email__iexact=email
                ).exists()
            else:
                on_list = (email or "").lower() in listed
            return on_list, "" if on_list else _("The e-mail address is not on the round's list.")
        if rule == Eligibility.PARTNER:
            partner = bool(application.organisation_id) and (
                round_.partners.filter(pk=application.organisation_id).exists()
            )
            return partner, "" if partner else _("The organisation is not a participating partner.")
    return True, ""


@transaction.atomic
def submit_application(
    application: Application,
    *,
    answers: dict[str, Any],
    consent: bool = True,
    language: str = "",
    at: datetime | None = None,
) -> Application:
    """Save validated answers and submit (or re-submit an edit); checks eligibility; queues one e-mail."""
    application = _locked(application)
    ensure_editable(application, at)
    _apply_answers(application, answers, consent, at)
    application.is_eligible, application.eligibility_note = eligibility(application)
    fields = ["is_eligible", "eligibility_note"]
    if application.state == State.DRAFT:
        application.submitted_at = at or timezone.now()
        move(
            application,
            to=State.SUBMITTED,
            actor=application.applicant,
            note="",
            extra_fields=[*fields, "submitted_at"],
        )
    else:
        application.save(update_fields=[*fields, "updated_at"])
    queue_confirmation(application, language=language or application.applicant.preferred_language)
    return application


def queue_confirmation(application: Application, *, language: str) -> None:
    """The submission e-mail, once per application ever (the outbox key sees to it)."""
    round_ = application.round
    deadline = application.round.deadline_for(application.role)
    with translation.override(language):
        context = {
            "full_name": application.full_name,
            "program": round_.program.name,
            "round": round_.name,
            "role": round_.program.role_label(application.role),
            "deadline": deadline.isoformat(),
            "screening_ends": round_.screening_ends.isoformat(),
            "pairs_announced": round_.pairs_announced.isoformat(),
            "is_eligible": bool(application.is_eligible),
            "path": reverse("applications:detail", kwargs={"pk": application.pk}),
        }
    queue_email(
        key=f"application-submitted:{application.pk}",
        to=application.email or application.applicant.email,
        template="application_submitted",
        context=context,
        language=language,
        program_id=round_.program_id,
    )


# Apps that must react to a withdrawal register here (matching ends the person's pair and tells
# the partner and the coordinators): hook(application, *, actor, at), inside the transaction.
ON_WITHDRAWN: list[Callable[..., None]] = []


@transaction.atomic
def withdraw_application(application: Application, *, actor) -> Application:
    """Withdraw from any open state (also after the deadline); logs who did it; runs ON_WITHDRAWN."""
    application = _locked(application)
    if application.decision_pending:
        # Refuse without revealing which decision is waiting to be released.
        raise ValidationError(
            _("Your application is being reviewed. Contact the coordinator to withdraw it."),
            code="decision_pending",
        )
    application.withdrawn_at = timezone.now()
    application = move(application, to=State.WITHDRAWN, actor=actor, extra_fields=["withdrawn_at"])
    for hook in ON_WITHDRAWN:
        hook(application, actor=actor, at=application.withdrawn_at)
    return application
