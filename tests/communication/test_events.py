"""Program events: invitations with a calendar file, updates and cancellation, answers, attendance."""

from datetime import UTC, datetime, timedelta
from email import message_from_bytes

import pytest
from django.urls import reverse
from icalendar import Calendar

from communication import events
from communication.audiences import Audience
from communication.models import Event, Invitation
from mentorship.timezones import STOCKHOLM
from tests.factories import ApplicationFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db

# A fixed day in the past of the frozen clock: the test means the same in any year.
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=STOCKHOLM)
SUMMER_TIME = datetime(2027, 3, 29, 10, 0, tzinfo=STOCKHOLM)  # the day after the clocks go forward
WINTER_TIME = datetime(2027, 3, 27, 10, 0, tzinfo=STOCKHOLM)  # the day before


@pytest.fixture
def frozen(clock):
    return clock.freeze(NOW)


@pytest.fixture
def people(round_):
    mentor = UserFactory(email="mentor@example.se")
    mentee = UserFactory(email="adept@example.se", preferred_language="en")
    return [
        ApplicationFactory(round=round_, accepted=True, mentor=True, applicant=mentor),
        ApplicationFactory(round=round_, accepted=True, applicant=mentee),
    ]


def make_event(round_, starts=SUMMER_TIME, **kwargs):
    fields = {
        "kind": "kickoff",
        "title_sv": "Uppstart",
        "title_en": "Kickoff",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "Handelskammaren, Storgatan 1",
    }
    return Event.objects.create(round=round_, **{**fields, **kwargs})


def sent(mailoutbox):
    """(recipient, subject, parsed calendar) of every e-mail sent."""
    result = []
    for mail in mailoutbox:
        parsed = message_from_bytes(mail.message().as_bytes())
        [part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
        result.append(
            (
                mail.to[0],
                mail.subject,
                part.get_param("method"),
                Calendar.from_ical(part.get_payload(decode=True)),
            )
        )
    return result


def invite_all(event, coordinator, capture):
    with capture(execute=True):
        return events.invite(event, Audience(), actor=coordinator, at=NOW)


def test_each_invited_person_gets_one_invitation_with_a_calendar_file(
    frozen, round_, people, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(round_)

    assert invite_all(event, coordinator, django_capture_on_commit_callbacks) == 2

    mails = sent(mailoutbox)
    assert sorted(to for to, *_ in mails) == ["adept@example.se", "mentor@example.se"]
    for to, _subject, method, cal in mails:
        [vevent] = cal.walk("VEVENT")
        assert method == "REQUEST" and str(cal["METHOD"]) == "REQUEST"
        assert vevent.decoded("DTSTART") == SUMMER_TIME
        assert str(vevent["ATTENDEE"]) == f"mailto:{to}"
        assert int(vevent["SEQUENCE"]) == 0
    english = next(m for m in mails if m[0] == "adept@example.se")
    assert english[1].startswith("Invitation: Kickoff")
    assert "(Swedish time)" in english[1]


@pytest.mark.parametrize(("starts", "utc_hour"), [(WINTER_TIME, 9), (SUMMER_TIME, 8)])
def test_the_calendar_has_the_right_instant_across_the_daylight_saving_change(
    frozen, round_, starts, utc_hour
):
    ics = events.calendar(make_event(round_, starts=starts), method="REQUEST", language="sv")

    [vevent] = Calendar.from_ical(ics).walk("VEVENT")
    assert vevent.decoded("DTSTART").astimezone(STOCKHOLM).hour == 10
    assert vevent.decoded("DTSTART").utcoffset() is not None
    assert (
        vevent.decoded("DTSTART").timestamp()
        == datetime(2027, 3, starts.day, utc_hour, 0, tzinfo=UTC).timestamp()
    )
    assert Calendar.from_ical(ics).walk("VTIMEZONE")  # the time zone travels with the file


def test_inviting_again_invites_no_one_twice(
    frozen, round_, people, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(round_)
    invite_all(event, coordinator, django_capture_on_commit_callbacks)

    assert invite_all(event, coordinator, django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 2 and event.invitations.count() == 2


def test_a_change_sends_an_update_with_the_next_sequence_and_cancel_sends_cancel(
    frozen, round_, people, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(round_)
    invite_all(event, coordinator, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    event.place = "Stadshuset"
    event.save()

    with django_capture_on_commit_callbacks(execute=True):
        events.update(event, changed=["place"], actor=coordinator)
    updates = sent(mailoutbox)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        events.cancel(event, actor=coordinator, at=NOW)
    cancels = sent(mailoutbox)

    assert [(m[2], int(m[3].walk("VEVENT")[0]["SEQUENCE"])) for m in updates] == [("REQUEST", 1)] * 2
    assert {m[3].walk("VEVENT")[0]["UID"] for m in updates} == {events.uid(event)}
    assert any(m[1].startswith("Uppdaterad") or m[1].startswith("Updated") for m in updates)
    assert [(m[2], str(m[3].walk("VEVENT")[0]["STATUS"])) for m in cancels] == [("CANCEL", "CANCELLED")] * 2


def test_answer_from_the_link_is_saved_and_only_for_that_person(
    frozen, client, round_, people, coordinator, django_capture_on_commit_callbacks
):
    event = make_event(round_)
    invite_all(event, coordinator, django_capture_on_commit_callbacks)
    mine, other = event.invitations.order_by("pk")
    url = reverse("communication:rsvp", kwargs={"token": events.rsvp_token(mine)})

    assert client.get(url + "?answer=yes").status_code == 200  # opening the link answers nothing
    assert Invitation.objects.get(pk=mine.pk).answer == ""
    client.post(url, {"answer": "yes"})

    assert [i.answer for i in event.invitations.order_by("pk")] == ["yes", ""]


def test_a_tampered_or_expired_answer_link_is_refused(
    frozen, clock, client, round_, people, coordinator, django_capture_on_commit_callbacks
):
    event = make_event(round_)
    invite_all(event, coordinator, django_capture_on_commit_callbacks)
    token = events.rsvp_token(event.invitations.first())

    assert (
        client.post(
            reverse("communication:rsvp", kwargs={"token": token + "x"}), {"answer": "yes"}
        ).status_code
        == 403
    )
    clock.freeze(event.ends_at)
    assert (
        client.post(reverse("communication:rsvp", kwargs={"token": token}), {"answer": "yes"}).status_code
        == 403
    )
    assert not event.invitations.filter(answer="yes").exists()


def test_my_events_lists_mine_only_with_the_calendar_download(
    frozen, client, round_, people, coordinator, django_capture_on_commit_callbacks
):
    event = make_event(round_)
    invite_all(event, coordinator, django_capture_on_commit_callbacks)
    stranger_event = make_event(RoundFactory(), title_sv="Annans")  # noqa: F841 — someone else's
    client.force_login(people[0].applicant)

    html = client.get(reverse("communication:my_events")).content.decode()

    assert "Uppstart" in html and "Annans" not in html
    ics = client.get(
        reverse(
            "communication:event_ics",
            kwargs={"token": events.rsvp_token(event.invitations.get(application=people[0]))},
        )
    )
    assert ics["Content-Type"].startswith("text/calendar")


def test_another_programs_coordinator_cannot_invite(frozen, client, round_, people, other_coordinator):
    event = make_event(round_)
    client.force_login(other_coordinator)

    response = client.post(reverse("admin:communication_event_invite", args=[event.pk]), {"_send": "1"})

    assert response.status_code == 404
    assert not event.invitations.exists()


def test_attendance_is_on_the_round_dashboard(
    frozen, client, round_, people, coordinator, lead, django_capture_on_commit_callbacks
):
    event = make_event(round_)
    invite_all(event, coordinator, django_capture_on_commit_callbacks)
    first = event.invitations.order_by("pk").first()
    events.record_attendance(event, present={first.pk}, actor=coordinator)
    client.force_login(lead)

    response = client.get(reverse("pairs:round_dashboard", kwargs={"slug": round_.slug}))

    [row] = response.context["events"]
    assert (row.n_invited, row.n_coming, row.n_attended) == (2, 0, 1)


def test_my_data_export_lists_my_invitations_and_answers(
    frozen, client, round_, people, coordinator, django_capture_on_commit_callbacks
):
    event = make_event(round_)
    invite_all(event, coordinator, django_capture_on_commit_callbacks)
    events.answer(event.invitations.get(application=people[0]), answer="yes", at=NOW)
    client.force_login(people[0].applicant)

    data = client.get(reverse("privacy:export")).json()

    assert [(e["event"], e["my_answer"]) for e in data["events_invited_to"]] == [("Uppstart", "yes")]
