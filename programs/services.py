"""Writes with a business meaning for programs and rounds."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from mentorship.addresses import validate_address

from .models import EligibilityEntry, Role, Round, RoundInterest

# One address per line, or several on a line separated by commas, semicolons or tabs.
SEPARATORS = re.compile(r"[,;\t\r\n]+")

# How many addresses one query asks about (SQLite's limit on parameters is well above).
CHUNK = 5_000


@dataclass
class EligibilityImport:
    """What an import of an eligibility list did, for the coordinator's message."""

    added: int = 0
    already_present: int = 0
    invalid: list[str] = field(default_factory=list)


def parse_addresses(text: str) -> tuple[list[str], list[str]]:
    """Split pasted text or a .txt/.csv file into (valid addresses lower-cased, invalid lines).

    Linear in the number of addresses: duplicates are found in a dict, not a list.
    """
    valid: dict[str, None] = {}  # ordered, for the first occurrence
    invalid: list[str] = []
    for raw in SEPARATORS.split(text):
        candidate = raw.strip().strip("\"'<>").strip()
        if not candidate:
            continue
        try:
            validate_address(candidate)
        except ValidationError:
            invalid.append(candidate)
            continue
        valid.setdefault(candidate.lower(), None)
    return list(valid), invalid


@transaction.atomic
def import_eligibility_list(round_: Round, *, role: str, text: str, note: str = "") -> EligibilityImport:
    """Add every valid address in `text` to the round's list for `role`; never removes any."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    addresses, invalid = parse_addresses(text)
    on_list = EligibilityEntry.objects.filter(round=round_, role=role)
    existing = {email.lower() for email in on_list.values_list("email", flat=True).iterator(chunk_size=CHUNK)}
    new = [a for a in addresses if a not in existing]
    _insert_entries(round_, role, new, note)
    if new:
        eligibility_list_changed(round_)
    return EligibilityImport(added=len(new), already_present=len(addresses) - len(new), invalid=invalid)


def _insert_entries(round_: Round, role: str, emails: list[str], note: str) -> None:
    """One INSERT … ON CONFLICT DO NOTHING per chunk (SQLite and PostgreSQL): no model objects,
    which cost most of the time of an 86,000-line list."""
    meta = EligibilityEntry._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in ("round", "role", "email", "note"))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        for start in range(0, len(emails), CHUNK):
            chunk = emails[start : start + CHUNK]
            cursor.executemany(sql, [(round_.pk, role, email, note) for email in chunk])


# Apps that derive something from a round's eligibility list register here (applications
# re-evaluates its flags); programs imports none of them.
_LIST_LISTENERS: list = []


def on_eligibility_list_changed(listener):
    """Register `listener(round_)`, called (inside the transaction) when a round's list changes."""
    if listener not in _LIST_LISTENERS:
        _LIST_LISTENERS.append(listener)
    return listener


def eligibility_list_changed(round_: Round) -> None:
    for listener in _LIST_LISTENERS:
        listener(round_)


def register_interest(round_: Round, *, email: str, language: str) -> RoundInterest:
    """Keep an address to tell when applications open; a repeat keeps the first row (no error)."""
    email = email.strip().lower()
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            interest, _created = RoundInterest.objects.get_or_create(
                round=round_, email=email, defaults={"language": language}
            )
    except IntegrityError:  # the same address sent twice at once
        interest = RoundInterest.objects.get(round=round_, email=email)
    return interest
