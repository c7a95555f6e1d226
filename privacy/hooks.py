"""Personal data hooks: each app exports and erases its own rows; privacy decides what goes when.

An app that stores personal data has a `personal_data.py` with any of

    export_person(person) -> dict            # top-level keys of "My data" and the JSON export
    erase_person(person, *, at) -> dict      # counts of what was erased for this person
    erase_round(round_, people, *, at) -> dict   # counts of what was erased for the round
    pending_in_rounds(rounds) -> dict        # {round pk: {label: n}} of what retention will take
    erase_expired(*, at) -> dict             # what goes by age alone (sent erasure confirmations)
    people_of_round(round_) -> list[Person]  # (applications only) whose data the round holds
    keeps_person(person) -> bool             # the person still has a live application or pair
    hidden_consent_objects() -> dict         # {ledger context: ids whose person is hidden now}

and an optional `ERASURE_ORDER` (default 50; the account, which other rows point at, goes last).
Privacy calls them; it never writes another app's columns itself, and no app imports privacy to
be erased.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps


@dataclass(frozen=True)
class Person:
    """Whose data: their account (if any), every address they used, the applications in scope."""

    user: object | None = None
    emails: frozenset[str] = frozenset()
    application_ids: frozenset[int] = frozenset()
    # Outbox rows to keep (the confirmation that tells the person their data is gone).
    keep_notification_ids: frozenset[int] = field(default_factory=frozenset)
    # False when only the applications in scope go (the person has live ones elsewhere): then
    # the account, the outbox and the ledger stay.
    whole: bool = True

    @property
    def emails_lower(self) -> frozenset[str]:
        return frozenset(email.lower() for email in self.emails if email)


@cache
def modules() -> list[ModuleType]:
    """Every installed app's `personal_data` module, in erasure order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.personal_data"
        if find_spec(name) is not None:
            found.append(import_module(name))
    return sorted(found, key=lambda module: getattr(module, "ERASURE_ORDER", 50))


def _each(hook: str) -> Iterable:
    return (getattr(module, hook) for module in modules() if hasattr(module, hook))


def export_person(person: Person) -> dict:
    """Everything stored about the person, one section per kind of data."""
    data: dict = {}
    for export in _each("export_person"):
        data.update(export(person))
    return data


def erase_person(person: Person, *, at: datetime) -> dict[str, int]:
    """Erase what every app holds about the person; counts by kind."""
    counts: dict[str, int] = {}
    for erase in _each("erase_person"):
        counts.update(erase(person, at=at))
    return counts


def erase_round(round_, people: list[Person], *, at: datetime) -> dict[str, int]:
    """Erase the round's personal data in every app (rows and statistics stay); counts by kind."""
    counts: dict[str, int] = {}
    for erase in _each("erase_round"):
        counts.update(erase(round_, people, at=at))
    return counts


def people_of_round(round_) -> list[Person]:
    return [person for find in _each("people_of_round") for person in find(round_)]


def keeps_person(person: Person) -> bool:
    """The person has a live application or pair elsewhere, so their account stays."""
    return any(keeps(person) for keeps in _each("keeps_person"))


def pending_in_rounds(rounds) -> dict[int, dict[str, int]]:
    pending: dict[int, dict[str, int]] = {}
    for count in _each("pending_in_rounds"):
        for round_pk, counts in count(rounds).items():
            pending.setdefault(round_pk, {}).update(counts)
    return pending


def erase_expired(*, at: datetime) -> dict[str, int]:
    counts: dict[str, int] = {}
    for erase in _each("erase_expired"):
        counts.update(erase(at=at))
    return counts


def hidden_consent_q():
    """Ledger lines whose person staff may not see yet (an application under blind screening)."""
    from django.db.models import Q

    hidden = Q(pk__in=[])
    for objects in _each("hidden_consent_objects"):
        for context, ids in objects().items():
            hidden |= Q(context=context, object_id__in=ids)
    return hidden


def person(*, user=None, email: str = "", program=None, keep_notification_ids=(), whole=True) -> Person:
    """The person with this account and/or address; their applications (in `program`, or all)."""
    emails = frozenset(e.lower() for e in (email, getattr(user, "email", "")) if e)
    ids: set[int] = set()
    for find in _each("application_ids_of"):
        ids |= find(user=user, emails=emails, program=program)
    return Person(
        user=user,
        emails=emails,
        application_ids=frozenset(ids),
        keep_notification_ids=frozenset(keep_notification_ids),
        whole=whole,
    )
