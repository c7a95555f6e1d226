"""Reads: a person's data export, and the retention overview for staff."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from applications.models import DECISIONS, Application, State
from applications.questions import exported_answers
from applications.services.submission import ANSWER_FIELDS
from matching.models import Pair
from notifications.models import Notification
from pairs.models import Meeting, SurveyResponse
from programs.models import EligibilityEntry, Round, RoundInterest

from .models import ConsentRecord
from .services.retention import retention_deadline

# Every answer the applicant gave (the organisation is exported by name below), plus the
# personal fields set from their account.
APPLICATION_ANSWERS = [f for f in ANSWER_FIELDS if f != "organisation"] + ["email", "region"]


def _visible_state(application: Application) -> str:
    """The state the applicant may know: a decision not yet released is not shown."""
    if application.decision_pending:
        return application.notified_state or State.SUBMITTED
    return application.state


def _history(application: Application) -> list[dict[str, Any]]:
    released = application.decision_released_at
    return [
        {"at": change.at, "from": change.from_state, "to": change.to_state}
        for change in application.history.all()
        if change.to_state not in DECISIONS or (released is not None and change.at <= released)
    ]


def _application(application: Application) -> dict[str, Any]:
    data = {field: getattr(application, field) for field in APPLICATION_ANSWERS}
    data.update(
        id=application.pk,
        program=application.round.program.name,
        round=application.round.name,
        role=application.role,
        state=_visible_state(application),
        organisation=application.organisation_display,
        topics=[topic.name for topic in application.topics.all()],
        program_questions=exported_answers(application),
        consent_at=application.consent_at,
        consent_version=application.consent_version,
        created_at=application.created_at,
        submitted_at=application.submitted_at,
        withdrawn_at=application.withdrawn_at,
        history=_history(application),
    )
    return data


def _meeting(meeting: Meeting, user) -> dict[str, Any]:
    return {
        "date": meeting.date,
        "kind": meeting.kind,
        "duration_minutes": meeting.duration_minutes,
        "pulse": meeting.pulse,
        "private_note": meeting.private_note,
        "logged_by_me": meeting.logged_by_id == user.pk,
    }


def _survey(answer: SurveyResponse) -> dict[str, Any]:
    fields = ["kind", "satisfaction", "changed_perspective", "recommend", "learned", "quote", "quote_consent"]
    return {"submitted_at": answer.submitted_at, **{field: getattr(answer, field) for field in fields}}


def _pair(pair: Pair, user) -> dict[str, Any]:
    role = pair.role_of(user)
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
        "meetings": [_meeting(meeting, user) for meeting in pair.meetings.all()],
        "survey_answers": [_survey(a) for a in pair.survey_responses.all() if a.role == role],
    }


def consent_ledger(user, applications: list[Application]) -> list[dict[str, Any]]:
    """The ledger's lines for a person, plus lines derived from consent given on applications."""
    lines = [
        {
            "program": record.program.name,
            "notice_version": record.notice_version,
            "accepted_at": record.accepted_at,
            "context": record.context,
            "object_id": record.object_id,
        }
        for record in ConsentRecord.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .select_related("program")
        .order_by("accepted_at", "pk")
    ]
    recorded = {(line["context"], line["object_id"]) for line in lines}
    for application in applications:
        if application.consent_at and (ConsentRecord.Context.APPLICATION, application.pk) not in recorded:
            lines.append(
                {
                    "program": application.round.program.name,
                    "notice_version": application.consent_version,
                    "accepted_at": application.consent_at,
                    "context": ConsentRecord.Context.APPLICATION,
                    "object_id": application.pk,
                }
            )
    return lines


def export_for(user) -> dict[str, Any]:
    """Everything the service holds about `user` (and only the other person's name in a pair)."""
    applications = list(
        Application.objects.filter(applicant=user)
        .select_related("round__program", "organisation")
        .prefetch_related("topics", "history")
        .order_by("created_at", "pk")
    )
    pairs = (
        Pair.objects.for_participant(user)
        .live()
        .select_related("round", "mentor_application", "mentee_application")
        .prefetch_related("meetings", "survey_responses")
        .order_by("pk")
    )
    return {
        "user": {
            "email": user.email,
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "applications": [_application(application) for application in applications],
        "pairs": [_pair(pair, user) for pair in pairs],
        "consents": consent_ledger(user, applications),
        "eligibility_lists": list(
            EligibilityEntry.objects.filter(email__iexact=user.email).values("round__name", "role")
        ),
        "interest_in_rounds": list(
            RoundInterest.objects.filter(email__iexact=user.email).values("round__name", "created_at")
        ),
        "emails_sent_to_me": list(
            Notification.objects.filter(to__iexact=user.email)
            .order_by("created_at", "pk")
            .values("subject", "created_at", "sent_at", "status")
        ),
    }


@dataclass
class RetentionRow:
    round: Round
    deadline: datetime
    applications: int
    not_accepted: int
    meeting_notes: int
    survey_texts: int

    @property
    def pending(self) -> int:
        return self.applications + self.meeting_notes + self.survey_texts


def _count(queryset: QuerySet, field: str = "round") -> Coalesce:
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


def retention_overview(user) -> list[RetentionRow]:
    """Per round the staff user may see: when it is anonymised and what is still there."""
    live = Application.objects.filter(anonymised_at__isnull=True)
    rounds = (
        Round.objects.for_staff(user)
        .select_related("program")
        .annotate(
            n_applications=_count(live),
            n_not_accepted=_count(live.exclude(state=State.ACCEPTED)),
            n_meeting_notes=_count(Meeting.objects.exclude(private_note=""), "pair__round"),
            n_survey_texts=_count(
                SurveyResponse.objects.filter(~Q(learned="") | Q(quote_consent=False, quote__gt="")),
                "pair__round",
            ),
        )
    )
    rows = [
        RetentionRow(
            round=round_,
            deadline=retention_deadline(round_),
            applications=round_.n_applications,
            not_accepted=round_.n_not_accepted,
            meeting_notes=round_.n_meeting_notes,
            survey_texts=round_.n_survey_texts,
        )
        for round_ in rounds
    ]
    return sorted(rows, key=lambda row: (row.deadline, row.round.pk))
