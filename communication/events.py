"""Program events: invite an audience, update, cancel, answer and attendance; the calendar file.

Each invited person gets one e-mail per version of the event (the outbox key holds the
version), with an iCalendar invitation (METHOD:REQUEST, or CANCEL) whose UID stays the same
and whose SEQUENCE is the version, so calendar programs update the entry they already have.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from mentorship import signed_links
from mentorship.scoping import can_change_program
from mentorship.timezones import STOCKHOLM
from notifications.services import Email, queue_emails

from . import audiences
from .messages import recipient_language
from .models import Event, Invitation

RSVP_PURPOSE = "event-rsvp"
REQUEST, CANCEL = "REQUEST", "CANCEL"


def _ensure_coordinator(actor, event: Event) -> None:
    if not can_change_program(actor, event.round.program_id):
        raise PermissionDenied(_("Only a coordinator of this program can do that."))


def uid(event: Event) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "mentorskap"
    return f"event-{event.pk}@{domain}"


def calendar(event: Event, *, method: str, language: str, attendee: str = "") -> bytes:
    """The event as an iCalendar file (times in Swedish time with its VTIMEZONE)."""
    cal = Calendar()
    cal.add("prodid", "-//Mentorskap//events//SV")
    cal.add("version", "2.0")
    cal.add("method", method)
    entry = VEvent()
    entry.add("uid", uid(event))
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at.astimezone(STOCKHOLM))
    entry.add("dtend", event.ends_at.astimezone(STOCKHOLM))
    entry.add("summary", event.title(language))
    location = ", ".join(part for part in (event.place, event.video_link) if part)
    if location:
        entry.add("location", location)
    if event.video_link:
        entry.add("url", event.video_link)
    entry.add("description", event.description(language))
    entry.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText(event.round.program.name)
    entry.add("organizer", organizer)
    if attendee:
        person = vCalAddress(f"mailto:{attendee}")
        person.params.update({"role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION", "rsvp": "TRUE"})
        entry.add("attendee", person)
    cal.add_component(entry)
    cal.add_missing_timezones()
    return cal.to_ical()


def rsvp_token(invitation: Invitation) -> str:
    """A signed link for one invited person to answer; valid until the event has ended."""
    payload = {"i": invitation.pk, "e": invitation.event_id}
    return signed_links.sign(RSVP_PURPOSE, payload, expires_at=invitation.event.ends_at)


def read_rsvp_token(token: str, *, at: datetime) -> Invitation:
    """The invitation a link was made for (LinkError when expired, tampered or for another)."""
    data = signed_links.read(token, RSVP_PURPOSE, at=at)
    invitation = Invitation.objects.select_related("event__round__program", "application").filter(
        pk=data.get("i"), event_id=data.get("e")
    )
    found = invitation.first()
    if found is None:
        raise signed_links.LinkError("invalid")
    return found


def address(application) -> str:
    return application.email or (application.applicant.email if application.applicant_id else "")


def _send(event: Event, invitations, *, method: str) -> int:
    """Queue this version of the event to each invited person, once per version."""
    template = "event_cancelled" if method == CANCEL else "event_invitation"
    emails = []
    for invitation in invitations:
        to = address(invitation.application)
        if to:
            emails.append(
                Email(
                    key=f"event:{event.pk}:v{event.sequence}:{method.lower()}:{invitation.application_id}",
                    to=to,
                    template=template,
                    context={"invitation": invitation.pk, "updated": event.sequence > 0},
                    language=recipient_language(invitation.application),
                    program_id=event.round.program_id,
                )
            )
    return queue_emails(emails)


@transaction.atomic
def invite(event: Event, audience: audiences.Audience, *, actor, at: datetime) -> int:
    """Invite the audience (people already invited are not invited twice); returns how many new."""
    _ensure_coordinator(actor, event)
    if event.cancelled_at:
        raise ValidationError(_("The event is cancelled."))
    people = audiences.recipients(event.round, audience).select_related("applicant")
    known = set(event.invitations.values_list("application_id", flat=True))
    new = Invitation.objects.bulk_create(
        [Invitation(event=event, application=a) for a in people if a.pk not in known]
    )
    if event.invited_at is None:
        event.invited_at = at
        event.save(update_fields=["invited_at"])
    fresh = Invitation.objects.filter(pk__in=[i.pk for i in new]).select_related("application__applicant")
    _send(event, fresh, method=REQUEST)
    return len(new)


def _invited(event: Event):
    return event.invitations.select_related("application__applicant")


CHANGES_SENT = ("title_sv", "title_en", "starts_at", "ends_at", "place", "video_link", "description_sv",
                "description_en")  # fmt: skip


@transaction.atomic
def update(event: Event, *, changed: list[str], actor) -> int:
    """After saving a change that matters to the invited, send them the next version."""
    _ensure_coordinator(actor, event)
    if event.invited_at is None or event.cancelled_at or not set(changed) & set(CHANGES_SENT):
        return 0
    event.sequence += 1
    event.save(update_fields=["sequence"])
    return _send(event, _invited(event), method=REQUEST)


@transaction.atomic
def cancel(event: Event, *, actor, at: datetime) -> int:
    """Cancel the event and send everyone invited the cancellation (their calendars remove it)."""
    _ensure_coordinator(actor, event)
    if event.cancelled_at:
        return 0
    event.cancelled_at = at
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "sequence"])
    return _send(event, _invited(event), method=CANCEL) if event.invited_at else 0


def answer(invitation: Invitation, *, answer: str, at: datetime) -> Invitation:
    """Record the invited person's yes or no (they may change their mind until the event ends)."""
    if answer not in (Invitation.Answer.YES, Invitation.Answer.NO):
        raise ValidationError(_("Answer yes or no."))
    if invitation.event.cancelled_at:
        raise ValidationError(_("The event is cancelled."))
    invitation.answer, invitation.answered_at = answer, at
    invitation.save(update_fields=["answer", "answered_at"])
    return invitation


def record_attendance(event: Event, *, present: set[int], actor) -> None:
    """Who came (invitation ids); everyone else invited is recorded as absent."""
    _ensure_coordinator(actor, event)
    event.invitations.filter(pk__in=present).update(attended=True)
    event.invitations.exclude(pk__in=present).update(attended=False)
