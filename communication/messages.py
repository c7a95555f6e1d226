"""Messages to a group: preview and send (one keyed outbox row per recipient)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from applications.models import Application
from applications.services.screening import applicant_language as recipient_language
from mentorship.scoping import can_change_program
from notifications import emails as layout
from notifications.models import Notification
from notifications.services import Email, queue_emails
from programs.models import Round

from . import audiences
from .emails import GROUP_MESSAGE
from .models import Message, MessageRecipient


@dataclass
class Texts:
    subject_sv: str
    body_sv: str
    subject_en: str
    body_en: str

    def for_language(self, language: str) -> tuple[str, str]:
        return getattr(self, f"subject_{language}"), getattr(self, f"body_{language}")


def invitation_to_apply(old_round: Round, new_round: Round) -> dict:
    """The compose form's starting values for inviting `old_round`'s participants to `new_round`.

    The coordinator reads, changes and sends it like any message (preview, then send).
    """
    url = settings.SITE_URL + new_round.get_absolute_url()
    values = {"round": new_round.name, "url": url, "program": new_round.program.name}
    initial: dict = {"pair_states": list(audiences.PARTICIPANTS)}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            initial[f"subject_{language}"] = _("Welcome to apply to %(round)s") % values
            initial[f"body_{language}"] = (
                _(
                    "Hi {first_name},\n\nThank you for taking part in {round}. %(round)s of %(program)s "
                    "is now being planned, and you are welcome to apply again: your form starts with "
                    "your answers from last time.\n\n%(url)s"
                )
                % values
            )
    return initial


def person_context(application: Application, pair_name: str) -> dict[str, str]:
    """The placeholder values of one recipient (JSON, kept with the outbox row)."""
    name = application.full_name or ""
    return {
        "first_name": name.split(" ")[0] if name else "",
        "name": name,
        "round": application.round.name,
        "program": application.round.program.name,
        "pair_name": pair_name,
    }


def without_pair_name(round_: Round, audience: audiences.Audience, texts: Texts) -> int:
    """How many recipients would read an empty {pair_name} (not in a live pair): 0 if unused."""
    if not any("{pair_name}" in text for text in vars(texts).values()):
        return 0
    people = list(audiences.recipients(round_, audience))
    partners = audiences.pair_names(people)
    return sum(1 for person in people if not partners.get(person.pk))


def preview(round_: Round, audience: audiences.Audience, texts: Texts) -> tuple[int, list[dict]]:
    """How many the audience reaches, and the message in each language for its first recipient."""
    people = audiences.recipients(round_, audience)
    count = people.count()
    sample = people.first()
    context = person_context(sample, audiences.pair_names([sample]).get(sample.pk, "")) if sample else {}
    shown = []
    for language, language_name in settings.LANGUAGES:
        subject, body = texts.for_language(language)
        values = layout.preview_values(GROUP_MESSAGE, context or None, language)
        rendered = layout.compose(
            GROUP_MESSAGE, values, subject=subject, body=body, language=language, program=round_.program
        )
        shown.append({"language": language, "language_name": language_name, "rendered": rendered})
    return count, shown


@transaction.atomic
def send_message(
    round_: Round, *, audience: audiences.Audience, texts: Texts, token: str, actor, at: datetime
) -> tuple[Message, bool]:
    """Store the message and queue one e-mail per recipient; (message, created).

    The same `token` (one per form) returns the message already sent and sends nothing.
    """
    if not can_change_program(actor, round_.program_id):
        raise PermissionDenied(_("Only a coordinator of this program can do that."))
    message, created = Message.objects.get_or_create(
        token=token,
        defaults={
            "round": round_,
            "audience": audience.to_json(),
            "sent_by": actor,
            "sent_at": at,
            **vars(texts),
        },
    )
    if not created:
        return message, False
    people = list(audiences.recipients(round_, audience))
    partners = audiences.pair_names(people)
    outgoing = []
    for application in people:
        to = application.email or (application.applicant.email if application.applicant_id else "")
        if not to:
            continue
        language = recipient_language(application)
        subject, body = texts.for_language(language)
        context = {
            **person_context(application, partners.get(application.pk, "")),
            "subject": subject,
            "body": body,
        }
        key = f"message:{message.pk}:{application.pk}"
        outgoing.append(
            (application, Email(key, to, GROUP_MESSAGE.key, context, language, round_.program_id))
        )
    queue_emails(email for _application, email in outgoing)
    rows = dict(Notification.objects.filter(key__in=[e.key for _a, e in outgoing]).values_list("key", "pk"))
    MessageRecipient.objects.bulk_create(
        [
            MessageRecipient(message=message, application=a, notification_id=rows.get(e.key))
            for a, e in outgoing
        ]
    )
    return message, True
