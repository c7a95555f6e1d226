"""Reminders anchored on an event: the day before, to everyone invited who has not said no."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command

from applications.models import State
from communication.models import Event, Invitation
from reminders.models import Anchor, Audience, Kind
from reminders.services import ensure_default_rules
from tests.factories import ApplicationFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clock):
    now = clock.freeze(clock.now.replace(hour=8, minute=0, second=0, microsecond=0))
    round_ = RoundFactory(anchor=now - timedelta(days=90))  # running: kickoff passed
    ensure_default_rules(round_)
    event = Event.objects.create(
        round=round_,
        kind="workshop",
        title_sv="Workshop om förändring",
        title_en="Workshop on change",
        starts_at=now + timedelta(days=10, hours=7),
        ends_at=now + timedelta(days=10, hours=9),
        place="Handelskammaren, Storgatan 1",
        invited_at=now - timedelta(days=10),
    )
    people = {
        "yes": ("ja@example.org", "sv", "yes", State.ACCEPTED),
        "silent": ("tyst@example.org", "en", "", State.ACCEPTED),
        "no": ("nej@example.org", "sv", "no", State.ACCEPTED),
        "withdrawn": ("borta@example.org", "sv", "yes", State.WITHDRAWN),
    }
    for email, language, answer, state in people.values():
        user = UserFactory(email=email, preferred_language=language)
        application = ApplicationFactory(round=round_, applicant=user, email=email, accepted=True)
        application.state = state
        application.save()
        Invitation.objects.create(event=event, application=application, answer=answer)
    return event


def tick(at, capture) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("tick", "--at", at.isoformat(), stdout=out)
    return out.getvalue()


def reminders_sent(mailoutbox):
    return sorted((m.to[0], m.subject) for m in mailoutbox if "Workshop" in m.subject)


def test_the_day_before_each_invited_person_who_has_not_said_no_is_reminded_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    day_before = world.starts_at - timedelta(days=1)
    tick(day_before - timedelta(hours=1), django_capture_on_commit_callbacks)
    assert reminders_sent(mailoutbox) == []  # not yet

    tick(day_before + timedelta(minutes=5), django_capture_on_commit_callbacks)
    tick(day_before + timedelta(hours=3), django_capture_on_commit_callbacks)

    assert [to for to, _subject in reminders_sent(mailoutbox)] == ["ja@example.org", "tyst@example.org"]
    by_address = {m.to[0]: m for m in mailoutbox}
    swedish, english = by_address["ja@example.org"], by_address["tyst@example.org"]
    assert swedish.subject.startswith("Påminnelse: Workshop om förändring")
    assert english.subject.startswith("Reminder: Workshop on change")
    html = swedish.alternatives[0][0]
    assert "svensk tid" in swedish.body and "Handelskammaren, Storgatan 1" in swedish.body
    assert "/events/" in html and ">Nej, jag kan inte komma<" in html


def test_a_cancelled_event_is_not_reminded_and_a_moved_one_is_reminded_for_its_new_day(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    cancelled = Event.objects.create(
        round=world.round,
        title_sv="Inställd träff",
        title_en="Cancelled meeting",
        starts_at=world.starts_at,
        ends_at=world.ends_at,
        place="Någonstans",
        invited_at=world.invited_at,
        cancelled_at=world.invited_at + timedelta(days=1),
    )
    Invitation.objects.create(event=cancelled, application=world.invitations.first().application)
    tick(world.starts_at - timedelta(hours=20), django_capture_on_commit_callbacks)
    first = reminders_sent(mailoutbox)

    world.starts_at += timedelta(days=7)
    world.ends_at += timedelta(days=7)
    world.save()
    tick(world.starts_at - timedelta(hours=20), django_capture_on_commit_callbacks)

    assert len(first) == 2 and not [m for m in mailoutbox if "Inställd" in m.subject]
    assert len(reminders_sent(mailoutbox)) == 4  # the new day: each of the two once more


def test_every_new_round_starts_with_the_event_reminder():
    round_ = RoundFactory()
    ensure_default_rules(round_)

    rule = round_.reminder_rules.get(kind=Kind.EVENT)

    assert (rule.audience, rule.anchor, rule.offset) == (
        Audience.INVITED,
        Anchor.EVENT_START,
        -timedelta(days=1),
    )
    rule.full_clean()  # the kind, audience and anchor fit together
