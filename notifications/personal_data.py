"""The outbox's personal data (address, names in the context); export and erasure hooks."""

from datetime import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from privacy.hooks import Person

from .models import Notification

# A confirmation that a person's data is gone keeps its address only until it is surely sent.
ERASURE_CONFIRMATION_KEPT = relativedelta(days=7)
ERASURE_CONFIRMATIONS = ("privacy_account_deleted", "privacy_erased_on_request")


def _to(person: Person) -> Q:
    query = Q(pk__in=[])
    for email in person.emails_lower:
        query |= Q(to__iexact=email)
    return query


def export_person(person: Person) -> dict[str, Any]:
    rows = Notification.objects.filter(_to(person)).order_by("created_at", "pk")
    return {"emails_sent_to_me": list(rows.values("subject", "created_at", "sent_at", "status"))}


def erase_person(person: Person, *, at: datetime) -> dict[str, int]:
    if not person.whole:
        return {}
    """Remove the address and context from the outbox; unsent e-mails to it never go out."""
    rows = Notification.objects.filter(_to(person)).exclude(pk__in=person.keep_notification_ids)
    rows.exclude(status=Notification.Status.SENT).update(
        status=Notification.Status.FAILED, last_error="The recipient's data was erased."
    )
    return {"emails": rows.update(to="", context={})}


def erase_expired(*, at: datetime) -> dict[str, int]:
    """Blank the address on sent erasure confirmations older than a week."""
    rows = Notification.objects.filter(
        template__in=ERASURE_CONFIRMATIONS,
        status=Notification.Status.SENT,
        sent_at__lte=at - ERASURE_CONFIRMATION_KEPT,
    ).exclude(to="")
    return {"erasure_confirmations": rows.update(to="", context={})}
