"""Writes for the pairs app (meetings, agreements, survey answers) and the signed links to them."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Pair
from mentorship import signed_links
from mentorship.signed_links import LinkError
from programs.models import Role

from . import surveys
from .models import Meeting, SurveyAnswer, SurveyResponse

MEETING_LINK_VALID = timedelta(days=14)
SURVEY_LINK_VALID = timedelta(days=60)
ROLES = (Role.MENTOR, Role.MENTEE)


# --- signed links -----------------------------------------------------------------------------


def meeting_token(pair: Pair, role: str, *, at: datetime | None = None) -> str:
    """A signed token naming the pair and the role of the person who will log a meeting."""
    if role not in ROLES:
        raise ValueError(role)
    expires_at = (at or timezone.now()) + MEETING_LINK_VALID
    return signed_links.sign("meeting", {"p": pair.pk, "r": role}, expires_at=expires_at)


def meeting_link(pair: Pair, role: str, *, at: datetime | None = None) -> str:
    """Absolute URL for one-click meeting logging, valid 14 days; for e-mails."""
    return signed_links.absolute_url("pairs:log_meeting", pk=pair.pk, token=meeting_token(pair, role, at=at))


def survey_token(pair: Pair, role: str, kind: str, *, at: datetime | None = None) -> str:
    """A signed token naming the pair, the answering role and the survey."""
    if role not in ROLES or kind not in SurveyResponse.Kind.values:
        raise ValueError((role, kind))
    expires_at = (at or timezone.now()) + SURVEY_LINK_VALID
    return signed_links.sign("survey", {"p": pair.pk, "r": role, "k": kind}, expires_at=expires_at)


def survey_link(pair: Pair, role: str, kind: str, *, at: datetime | None = None) -> str:
    """Absolute URL of the survey `kind` for `role` of `pair`, valid 60 days; for e-mails."""
    token = survey_token(pair, role, kind, at=at)
    return signed_links.absolute_url("pairs:survey", pk=pair.pk, token=token)


def _load(token: str, purpose: str, *, pair_pk: int, at: datetime) -> dict:
    data = signed_links.read(token, purpose, at=at)
    if data.get("p") != pair_pk or data.get("r") not in ROLES:
        raise LinkError("invalid")
    return data


def read_meeting_token(token: str, *, pair_pk: int, at: datetime) -> str:
    """The role named by a meeting link for pair `pair_pk`; LinkError when expired or not for it."""
    return _load(token, "meeting", pair_pk=pair_pk, at=at)["r"]


def read_survey_token(token: str, *, pair_pk: int, at: datetime) -> tuple[str, str]:
    """(role, kind) named by a survey link for pair `pair_pk`; LinkError when expired or not for it."""
    data = _load(token, "survey", pair_pk=pair_pk, at=at)
    if data.get("k") not in SurveyResponse.Kind.values:
        raise LinkError("invalid")
    return data["r"], data["k"]


# --- meetings ---------------------------------------------------------------------------------


@dataclass
class MeetingData:
    date: date
    kind: str = Meeting.Kind.MEETING
    duration_minutes: int | None = None
    pulse: int | None = None
    private_note: str = ""


def participant(pair: Pair, role: str):
    """The user behind `role` in `pair`."""
    application = pair.mentor_application if role == Role.MENTOR else pair.mentee_application
    return application.applicant


def _check_date(day: date) -> None:
    if day > timezone.localdate():
        raise ValidationError({"date": _("A meeting cannot be logged for a day in the future.")})


@dataclass
class Logged:
    """What logging a meeting did: the meeting, and whether the pair had already logged it."""

    meeting: Meeting
    already_logged: bool = False
    logged_by_id: int | None = None

    @property
    def by_partner(self) -> bool:
        """Whether someone else (the partner) had logged it first."""
        return self.already_logged and self.meeting.logged_by_id != self.logged_by_id


def _same_meeting(pair: Pair, day: date, kind: str, *, exclude: int | None = None) -> Meeting | None:
    """The pair's meeting of `kind` on `day`: both members log the same meeting, it counts once."""
    return pair.meetings.filter(date=day, kind=kind).exclude(pk=exclude).order_by("pk").first()


def _merge(meeting: Meeting, data: MeetingData) -> None:
    """Add a second member's details to a meeting already logged, losing nothing either typed."""
    meeting.duration_minutes = meeting.duration_minutes or data.duration_minutes
    pulses = [p for p in (meeting.pulse, data.pulse) if p is not None]
    meeting.pulse = min(pulses) if pulses else None  # the lower one: a worry is never hidden
    note = data.private_note.strip()
    if note and note not in meeting.private_note:
        meeting.private_note = f"{meeting.private_note.rstrip()}\n\n{note}".strip()
    meeting.save(update_fields=["duration_minutes", "pulse", "private_note"])


@transaction.atomic
def log_meeting(pair: Pair, *, data: MeetingData, logged_by=None) -> Logged:
    """Add a meeting to the pair's log; one already there (same day and kind, logged by the partner,
    say) gets this person's details instead of a second entry, so it counts once."""
    _check_date(data.date)
    Pair.objects.select_for_update().filter(pk=pair.pk).first()  # one writer per pair at a time
    by = getattr(logged_by, "pk", None)
    existing = _same_meeting(pair, data.date, data.kind)
    if existing is not None:
        _merge(existing, data)
        return Logged(existing, already_logged=True, logged_by_id=by)
    meeting = Meeting.objects.create(
        pair=pair,
        date=data.date,
        kind=data.kind,
        duration_minutes=data.duration_minutes,
        pulse=data.pulse,
        private_note=data.private_note,
        logged_by=logged_by,
    )
    return Logged(meeting, logged_by_id=by)


@transaction.atomic
def update_meeting(meeting: Meeting, *, data: MeetingData) -> Meeting:
    """Change a logged meeting's details; refused when it would repeat another meeting of the log."""
    _check_date(data.date)
    if _same_meeting(meeting.pair, data.date, data.kind, exclude=meeting.pk) is not None:
        raise ValidationError(
            _("Your log already has a meeting of this kind on that day. Change that one instead.")
        )
    for name in ("date", "kind", "duration_minutes", "pulse", "private_note"):
        setattr(meeting, name, getattr(data, name))
    meeting.save(update_fields=["date", "kind", "duration_minutes", "pulse", "private_note"])
    return meeting


# --- the agreement ----------------------------------------------------------------------------


@transaction.atomic
def accept_agreement(pair: Pair, *, role: str, at=None) -> Pair:
    """Record that `role` accepted the pair agreement (once; a second acceptance changes nothing)."""
    field_name = f"{role}_agreed_at" if role in ROLES else None
    if field_name is None:
        raise ValueError(role)
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if getattr(pair, field_name) is None:
        setattr(pair, field_name, at or timezone.now())
        pair.save(update_fields=[field_name])
    return pair


# --- surveys ----------------------------------------------------------------------------------


class AlreadyAnswered(Exception):
    """The (pair, role, survey) already has an answer."""


def submit_survey(
    pair: Pair, *, role: str, kind: str, answers: dict[str, Any], consented: Iterable[str] = ()
) -> SurveyResponse:
    """Save one participant's answers to one survey ({question key: answer}; `consented`: the keys
    of quotes the author lets reports show); AlreadyAnswered on a second try."""
    questions = surveys.questions_for(pair.round.program, survey=kind)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(pair=pair, role=role, kind=kind)
            SurveyAnswer.objects.bulk_create(
                surveys.answer_rows(response, questions, answers, set(consented))
            )
            return response
    except IntegrityError as error:
        raise AlreadyAnswered from error


def has_answered(pair: Pair, *, role: str, kind: str) -> bool:
    """Whether `role` of `pair` has answered survey `kind`."""
    return SurveyResponse.objects.filter(pair=pair, role=role, kind=kind).exists()
