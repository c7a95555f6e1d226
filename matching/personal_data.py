"""Pairs' own personal text (a decline reason, a note on a move); erasure and retention hooks."""

from datetime import datetime

from django.db.models import Q

from privacy.hooks import Person

from .models import Pair, PairTransition


def erase_person(person: Person, *, at: datetime) -> dict[str, int]:
    declined = Pair.objects.filter(
        Q(mentor_application__in=person.application_ids, declined_by="mentor")
        | Q(mentee_application__in=person.application_ids, declined_by="mentee")
    )
    return {"decline_reasons": declined.exclude(decline_reason="").update(decline_reason="")}


def erase_round(round_, people: list[Person], *, at: datetime) -> dict[str, int]:
    pairs = Pair.objects.filter(round=round_).exclude(decline_reason="")
    notes = PairTransition.objects.filter(pair__round=round_).exclude(note="")
    return {"decline_reasons": pairs.update(decline_reason=""), "pair_notes": notes.update(note="")}
