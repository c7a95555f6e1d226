"""Messages a person received from the coordinators and events they were invited to: their export."""

from typing import Any

from privacy.hooks import Person

from .models import MessageRecipient


def export_person(person: Person) -> dict[str, Any]:
    return {**_messages(person), **_invitations(person)}


def _messages(person: Person) -> dict[str, Any]:
    rows = (
        MessageRecipient.objects.filter(application__in=person.application_ids)
        .select_related("message__round")
        .order_by("message__sent_at", "pk")
    )
    return {
        "messages_to_me": [
            {
                "round": row.message.round.name,
                "sent_at": row.message.sent_at,
                "subject_sv": row.message.subject_sv,
                "subject_en": row.message.subject_en,
                "body_sv": row.message.body_sv,
                "body_en": row.message.body_en,
            }
            for row in rows
        ]
    }


def _invitations(person: Person) -> dict[str, Any]:
    from .models import Invitation

    rows = (
        Invitation.objects.filter(application__in=person.application_ids)
        .select_related("event__round")
        .order_by("event__starts_at", "pk")
    )
    return {
        "events_invited_to": [
            {
                "round": row.event.round.name,
                "event": row.event.title_sv,
                "starts_at": row.event.starts_at,
                "cancelled": row.event.cancelled_at is not None,
                "my_answer": row.answer,
                "attended": row.attended,
            }
            for row in rows
        ]
    }
