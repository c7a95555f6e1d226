"""The e-mails of communication: messages to a group (their words are the coordinator's)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.emails import EmailKind, register

PERSON = {
    "first_name": _("The recipient's first name"),
    "name": _("The recipient's full name"),
    "round": _("The round's name"),
    "program": _("The program's name"),
    "pair_name": _("The name of the recipient's partner in the pair (empty without a pair)"),
}


def person_values(context, language):
    return {
        **{name: context.get(name, "") for name in PERSON},
        "link": settings.SITE_URL + reverse("applications:mine"),
    }


GROUP_MESSAGE = register(
    EmailKind(
        key="group_message",
        label=_("Message to a group"),
        subject="{subject}",
        body="{body}",
        placeholders=PERSON,
        links={"link": _("Open your pages")},
        values=person_values,
        own_words=lambda context: (context.get("subject", ""), context.get("body", "")),
        editable=False,
    )
)


# --- events ---------------------------------------------------------------------------------

EVENT_PLACEHOLDERS = {
    "first_name": _("The recipient's first name"),
    "event": _("The event's title"),
    "when": _("Date and time, in words, Swedish time"),
    "place": _("Place and video link"),
    "description": _("The event's description"),
    "round": _("The round's name"),
}


def _invitation(context):
    from .models import Invitation

    if not context or not context.get("invitation"):
        return None
    return (
        Invitation.objects.select_related("event__round__program", "application__applicant")
        .filter(pk=context.get("invitation"))
        .first()
    )


def event_values(context, language):
    from notifications.formatting import when

    from .events import rsvp_token

    invitation = _invitation(context)
    if invitation is None:  # a preview without a real invitation
        return {name: str(text) for name, text in EVENT_PLACEHOLDERS.items()} | {
            "yes_link": settings.SITE_URL, "no_link": settings.SITE_URL, "ics_link": settings.SITE_URL,
        }  # fmt: skip
    event, name = invitation.event, invitation.application.full_name or ""
    token = rsvp_token(invitation)
    rsvp = settings.SITE_URL + reverse("communication:rsvp", kwargs={"token": token})
    return {
        "first_name": name.split(" ")[0] if name else "",
        "event": event.title(language),
        "when": when(event.starts_at, language),
        "place": ", ".join(part for part in (event.place, event.video_link) if part),
        "description": event.description(language),
        "round": event.round.name,
        "yes_link": f"{rsvp}?answer=yes",
        "no_link": f"{rsvp}?answer=no",
        "ics_link": settings.SITE_URL + reverse("communication:event_ics", kwargs={"token": token}),
    }


def _calendar_part(method):
    def parts(context, language):
        from email.mime.text import MIMEText

        from .events import address, calendar

        invitation = _invitation(context)
        if invitation is None:
            return []
        ics = calendar(
            invitation.event, method=method, language=language, attendee=address(invitation.application)
        )
        part = MIMEText(ics.decode(), "calendar", "utf-8")
        part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
        return [part]

    return parts


EVENT_INVITATION = register(
    EmailKind(
        key="event_invitation",
        label=_("Event invitation (and its updates)"),
        subject=_("Invitation: {event}, {when}"),
        body=_(
            "Hello {first_name},\n\n"
            "You are invited to {event} in {round}.\n\n"
            "When: {when}\n"
            "Where: {place}\n\n"
            "{description}\n\n"
            "Will you come? Answer with one click:\n\n"
            "{yes_link}\n\n"
            "{no_link}\n\n"
            "The invitation is attached for your calendar; you can also download it:\n\n"
            "{ics_link}"
        ),
        placeholders=EVENT_PLACEHOLDERS,
        links={
            "yes_link": _("Yes, I am coming"),
            "no_link": _("No, I cannot come"),
            "ics_link": _("Add to my calendar"),
        },
        values=event_values,
        own_words=lambda context: (
            (str(_("Updated: {event}, {when}")), "") if context.get("updated") else ("", "")
        ),
        attachments=_calendar_part("REQUEST"),
    )
)

EVENT_CANCELLED = register(
    EmailKind(
        key="event_cancelled",
        label=_("Event cancelled"),
        subject=_("Cancelled: {event}, {when}"),
        body=_(
            "Hello {first_name},\n\n"
            "{event} in {round} on {when} is cancelled. The attached file removes it from your "
            "calendar.\n\nWe are sorry for the change."
        ),
        placeholders=EVENT_PLACEHOLDERS,
        values=event_values,
        attachments=_calendar_part("CANCEL"),
    )
)


def _reminder_words(context):
    """A reminder rule's own subject and message, around the event's facts and buttons."""
    message = (context.get("message") or "").strip()
    body = ""
    if message:
        body = "\n\n".join(
            [str(_("Hello {first_name},")), message, str(_("When: {when}\nWhere: {place}")), "{ics_link}"]
        )
    return context.get("subject") or "", body


EVENT_REMINDER = register(
    EmailKind(
        key="reminder_event",
        label=_("Reminder: event coming up"),
        subject=_("Reminder: {event}, {when}"),
        body=_(
            "Hello {first_name},\n\n"
            "A reminder: {event} in {round} is soon.\n\n"
            "When: {when}\n"
            "Where: {place}\n\n"
            "{description}\n\n"
            "Cannot come after all? Tell us with one click:\n\n"
            "{no_link}\n\n"
            "{ics_link}"
        ),
        placeholders=EVENT_PLACEHOLDERS,
        links={"no_link": _("No, I cannot come"), "ics_link": _("Add to my calendar")},
        values=event_values,
        own_words=_reminder_words,
    )
)
