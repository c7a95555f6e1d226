"""The applications' personal data: export, erasure and retention hooks (see privacy/hooks.py)."""

from datetime import datetime
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Value
from django.db.models.functions import Concat

from privacy.hooks import Person

from .models import DECISIONS, Application, Review, State, StateChange
from .questions import exported_answers
from .services.submission import ANSWER_FIELDS

# Every answer the applicant gave (the organisation is exported by name below), plus the
# personal fields set from their account.
APPLICATION_ANSWERS = [f for f in ANSWER_FIELDS if f != "organisation"] + ["email", "region"]

# What an anonymised application keeps: role, state, timestamps and coarse answers used in the
# round's statistics (industry, region, topics, languages, format, availability).
BLANKED_APPLICATION_FIELDS = {
    "full_name": "",
    "email": "",
    "phone": "",
    "title": "",
    "organisation": None,
    "organisation_name": "",
    "motivation": "",
    "want_to_learn": "",
    "can_offer": "",
    "municipality": "",
    "eligibility_note": "",
    "answers": {},  # the program's own questions may hold free text
}


def hidden_consent_objects() -> dict:
    """Ledger lines of applications whose applicant blind screening hides (the privacy admin asks)."""
    from .selectors_screening import blind_hidden_q

    return {"application": Application.objects.filter(blind_hidden_q()).values("pk")}


def _of(person: Person):
    return Application.objects.filter(pk__in=person.application_ids)


# --- export ---------------------------------------------------------------------------------


def _history(application: Application) -> list[dict[str, Any]]:
    released = application.decision_released_at
    return [
        {"at": change.at, "from": change.from_state, "to": change.to_state}
        for change in application.history.all()
        if change.to_state not in DECISIONS or (released is not None and change.at <= released)
    ]


def _reviews(application: Application) -> list[dict[str, Any]]:
    """Screening scores and comments about the person (not who wrote them: that is theirs)."""
    return [
        {"scores": review.scores, "average": review.total, "comment": review.comment, "at": review.updated_at}
        for review in application.reviews.all()
    ]


def _application(application: Application) -> dict[str, Any]:
    data = {field: getattr(application, field) for field in APPLICATION_ANSWERS}
    data.update(
        id=application.pk,
        program=application.round.program.name,
        round=application.round.name,
        role=application.role,
        state=application.applicant_state,
        organisation=application.organisation_display,
        topics=[topic.name for topic in application.topics.all()],
        program_questions=exported_answers(application),
        consent_at=application.consent_at,
        consent_version=application.consent_version,
        created_at=application.created_at,
        submitted_at=application.submitted_at,
        withdrawn_at=application.withdrawn_at,
        history=_history(application),
        reviews_about_me=_reviews(application),
    )
    return data


def export_person(person: Person) -> dict[str, Any]:
    applications = (
        _of(person)
        .select_related("round__program", "organisation")
        .prefetch_related("topics", "history", "reviews")
        .order_by("created_at", "pk")
    )
    return {"applications": [_application(application) for application in applications]}


# --- erasure --------------------------------------------------------------------------------


def anonymise(ids: list[int], *, at: datetime) -> int:
    """Blank the personal fields of these applications (not yet anonymised), keeping rows and states.

    Reviewers' comments, audit-log notes and the admin's log lines about them go too; scores
    and the state history stay. Returns how many applications were anonymised (0 run again).
    """
    ids = list(
        Application.objects.filter(pk__in=ids, anonymised_at__isnull=True).values_list("pk", flat=True)
    )
    if not ids:
        return 0
    Application.objects.filter(pk__in=ids).update(
        applicant=None, anonymised_at=at, **BLANKED_APPLICATION_FIELDS
    )
    Review.objects.filter(application_id__in=ids).exclude(comment="").update(comment="")
    StateChange.objects.filter(application_id__in=ids).exclude(note="").update(note="")
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id__in=[str(pk) for pk in ids]
    ).update(object_repr=Concat(Value("#"), "object_id"), change_message="")
    return len(ids)


def erase_person(person: Person, *, at: datetime) -> dict[str, int]:
    return {"applications": anonymise(list(person.application_ids), at=at)}


def erase_round(round_, people: list[Person], *, at: datetime) -> dict[str, int]:
    ids = list(Application.objects.filter(round=round_).values_list("pk", flat=True))
    return {"applications": anonymise(ids, at=at)}


def people_of_round(round_) -> list[Person]:
    """Everyone with a not yet anonymised application in the round, with that application."""
    rows = Application.objects.filter(round=round_, anonymised_at__isnull=True).select_related("applicant")
    return [
        Person(
            user=row.applicant,
            emails=frozenset(e for e in (row.email, row.applicant.email if row.applicant else "") if e),
            application_ids=frozenset({row.pk}),
        )
        for row in rows
    ]


def keeps_person(person: Person) -> bool:
    """A live (not anonymised) application of the person outside the ones being erased."""
    mine = Q(pk__in=[])
    for email in person.emails_lower:
        mine |= Q(email__iexact=email)
    if person.user is not None:
        mine |= Q(applicant=person.user)
    return (
        Application.objects.filter(mine, anonymised_at__isnull=True)
        .exclude(pk__in=person.application_ids)
        .exists()
    )


def pending_in_rounds(rounds) -> dict[int, dict[str, int]]:
    rows = (
        Application.objects.filter(round__in=rounds, anonymised_at__isnull=True)
        .values("round")
        .annotate(n=Count("pk"), not_accepted=Count("pk", filter=~Q(state=State.ACCEPTED)))
        .order_by()
    )
    return {row["round"]: {"applications": row["n"], "not_accepted": row["not_accepted"]} for row in rows}


def application_ids_of(*, user, emails: frozenset[str], program=None) -> set[int]:
    """The person's applications (by account or by address), in one program or all."""
    mine = Q(pk__in=[])
    for email in emails:
        mine |= Q(email__iexact=email)
    if user is not None:
        mine |= Q(applicant=user)
    applications = Application.objects.filter(mine)
    if program is not None:
        applications = applications.filter(round__program=program)
    return set(applications.values_list("pk", flat=True))
