"""What the outbox holds for one person or one program, for the pages that show it."""

from . import emails
from .models import Notification


def recipient_addresses(application) -> set[str]:
    """The addresses an applicant's e-mails went to: the application's, and their account's."""
    addresses = {application.email}
    if application.applicant_id:
        addresses.add(application.applicant.email)
    return {address for address in addresses if address}


def emails_to(application, *, limit: int = 10) -> list[Notification]:
    """The latest e-mails of the application's program to the person (for its admin page)."""
    rows = Notification.objects.filter(
        to__in=recipient_addresses(application), program_id=application.round.program_id
    ).order_by("-created_at", "-pk")
    return list(rows[:limit])


def label_of(template: str) -> str:
    kind = emails.kind_of(template)
    return str(kind.label) if kind else template
