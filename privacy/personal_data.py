"""The consent ledger's personal data: the ledger line stays (proof of consent), the address goes."""

from datetime import datetime

from django.db.models import Q

from .hooks import Person
from .models import ConsentRecord


def _lines_of(person: Person) -> Q:
    query = Q(pk__in=[])
    if person.user is not None:
        query |= Q(user=person.user)
    for email in person.emails_lower:
        query |= Q(email__iexact=email)
    return query


def _application_lines(ids) -> Q:
    return Q(context=ConsentRecord.Context.APPLICATION, object_id__in=list(ids))


def erase_person(person: Person, *, at: datetime) -> dict[str, int]:
    lines = _application_lines(person.application_ids)
    if person.whole:
        lines |= _lines_of(person)
    rows = ConsentRecord.objects.filter(lines).filter(Q(user__isnull=False) | ~Q(email=""))
    return {"consents": rows.update(user=None, email="", anonymised_at=at)}


def erase_round(round_, people: list[Person], *, at: datetime) -> dict[str, int]:
    ids = {pk for person in people for pk in person.application_ids}
    rows = ConsentRecord.objects.filter(
        _application_lines(ids), program=round_.program, anonymised_at__isnull=True
    )
    return {"consents": rows.update(user=None, email="", anonymised_at=at)}
