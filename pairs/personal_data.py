"""Pairs' personal data: meetings and survey answers; export, erasure and retention hooks."""

from datetime import datetime
from typing import Any

from django.db.models import Count, Q

from matching.models import Pair
from privacy.hooks import Person
from programs.models import SurveyQuestionKind
from programs.survey_questions import TEXT_KINDS

from . import surveys
from .models import Meeting, SurveyAnswer, SurveyResponse


def _pairs_of(person: Person):
    return Pair.objects.filter(
        Q(mentor_application__in=person.application_ids) | Q(mentee_application__in=person.application_ids)
    )


def _role(pair: Pair, person: Person) -> str:
    return "mentor" if pair.mentor_application_id in person.application_ids else "mentee"


def _meeting(meeting: Meeting, person: Person) -> dict[str, Any]:
    return {
        "date": meeting.date,
        "kind": meeting.kind,
        "duration_minutes": meeting.duration_minutes,
        "pulse": meeting.pulse,
        "private_note": meeting.private_note,
        "logged_by_me": person.user is not None and meeting.logged_by_id == person.user.pk,
    }


def _survey(response: SurveyResponse) -> dict[str, Any]:
    return {
        "submitted_at": response.submitted_at,
        "kind": response.kind,
        "answers": surveys.exported(response),
    }


def _pair(pair: Pair, person: Person) -> dict[str, Any]:
    role = _role(pair, person)
    other = pair.mentee_application if role == "mentor" else pair.mentor_application
    return {
        "id": pair.pk,
        "round": pair.round.name,
        "my_role": role,
        "other_person": other.full_name,  # the other person's name only, nothing else of theirs
        "state": pair.state,
        "published_at": pair.published_at,
        "started_at": pair.started_at,
        "ended_at": pair.ended_at,
        "meetings": [_meeting(meeting, person) for meeting in pair.meetings.all()],
        "survey_answers": [_survey(a) for a in pair.survey_responses.all() if a.role == role],
    }


def export_person(person: Person) -> dict[str, Any]:
    pairs = (
        _pairs_of(person)
        .live()
        .select_related("round", "mentor_application", "mentee_application")
        .prefetch_related("meetings", "survey_responses__answers__question")
        .order_by("pk")
    )
    return {"pairs": [_pair(pair, person) for pair in pairs]}


def erase_person(person: Person, *, at: datetime) -> dict[str, int]:
    """Blank what the person wrote in their pairs; the pairs, meetings and scores stay."""
    notes = 0
    if person.user is not None:
        notes = Meeting.objects.filter(logged_by=person.user).exclude(private_note="").update(private_note="")
    texts = 0
    for pair in _pairs_of(person):
        written = SurveyAnswer.objects.filter(
            response__pair=pair, response__role=_role(pair, person), question__kind__in=TEXT_KINDS
        )
        texts += written.exclude(text="", consent=False).update(text="", consent=False)
    return {"meeting_notes": notes, "survey_answers": texts}


def erase_round(round_, people: list[Person], *, at: datetime) -> dict[str, int]:
    """Blank meeting notes and survey free text; a quote its author let us use in reports stays."""
    notes = Meeting.objects.filter(pair__round=round_).exclude(private_note="").update(private_note="")
    texts = _pending_texts(SurveyAnswer.objects.filter(response__pair__round=round_)).update(text="")
    return {"meeting_notes": notes, "survey_answers": texts}


def _pending_texts(answers):
    """Survey free text retention removes: every text, except a quote its author let reports show."""
    return (
        answers.filter(question__kind__in=TEXT_KINDS)
        .exclude(text="")
        .exclude(question__kind=SurveyQuestionKind.QUOTE, consent=True)
    )


def pending_in_rounds(rounds) -> dict[int, dict[str, int]]:
    pending: dict[int, dict[str, int]] = {}
    notes = Meeting.objects.filter(pair__round__in=rounds).exclude(private_note="")
    for row in notes.values("pair__round").annotate(n=Count("pk")).order_by():
        pending.setdefault(row["pair__round"], {})["meeting_notes"] = row["n"]
    texts = _pending_texts(SurveyAnswer.objects.filter(response__pair__round__in=rounds))
    # Counted in responses, as before the questions were the program's: one answer sheet, one text.
    for row in texts.values("response__pair__round").annotate(n=Count("response", distinct=True)).order_by():
        pending.setdefault(row["response__pair__round"], {})["survey_texts"] = row["n"]
    return pending
