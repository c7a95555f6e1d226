"""Messages a person received from the coordinators: part of their data export."""

from typing import Any

from privacy.hooks import Person

from .models import MessageRecipient


def export_person(person: Person) -> dict[str, Any]:
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
