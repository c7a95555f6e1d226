"""Rounds' lists of addresses (eligibility, interest); export, erasure and retention hooks."""

from datetime import datetime
from typing import Any

from django.db.models import Q

from privacy.hooks import Person

from .models import EligibilityEntry, RoundInterest


def _addresses(person: Person) -> Q:
    query = Q(pk__in=[])
    for email in person.emails_lower:
        query |= Q(email__iexact=email)
    return query


def export_person(person: Person) -> dict[str, Any]:
    return {
        "eligibility_lists": list(
            EligibilityEntry.objects.filter(_addresses(person)).values("round__name", "role")
        ),
        "interest_in_rounds": list(
            RoundInterest.objects.filter(_addresses(person)).values("round__name", "created_at")
        ),
    }


def erase_person(person: Person, *, at: datetime) -> dict[str, int]:
    if not person.whole:
        return {}
    return {"interest": RoundInterest.objects.filter(_addresses(person)).delete()[0]}


def erase_round(round_, people: list[Person], *, at: datetime) -> dict[str, int]:
    return {
        "lists": EligibilityEntry.objects.filter(round=round_).delete()[0]
        + RoundInterest.objects.filter(round=round_).delete()[0]
    }
