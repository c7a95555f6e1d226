"""Coordinators hear about exceptions: one daily digest each, every exception once, open until handled."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import State
from matching.models import Pair
from mentorship.timezones import STOCKHOLM
from notifications.models import Notification
from reminders.exceptions import send_exception_digests
from reminders.models import ExceptionKind, ReportedException
from tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    PairFactory,
    ProgramMembershipFactory,
    RoundFactory,
    StaffFactory,
)


def nine_am(days_from_now: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days_from_now)
    return datetime.combine(day, time(9), tzinfo=STOCKHOLM)


@pytest.fixture
def at(clock):
    """Tomorrow 09:00 Swedish time; things happen at 07:30 that morning (the clock stands there)."""
    instant = nine_am(1)
    clock.freeze(instant - timedelta(minutes=90))
    return instant


@pytest.fixture
def running(db, at):
    return RoundFactory(anchor=at - timedelta(days=90), name="Hösten")


@pytest.fixture
def coordinators(running):
    swedish = StaffFactory(email="samordnare@example.org", full_name="Siv Samordnare")
    english = StaffFactory(
        email="coordinator@example.org", full_name="Carl Coordinator", preferred_language="en"
    )
    for user in (swedish, english):
        ProgramMembershipFactory(program=running.program, user=user, kind="coordinator")
    ProgramMembershipFactory(program=running.program, kind="lead")  # a lead gets no digest
    return swedish, english


def pair(round_, mentor="Maja Mentor", mentee="Adam Adept", **kwargs):
    return PairFactory(
        round=round_,
        mentor_application=ApplicationFactory(round=round_, mentor=True, accepted=True, full_name=mentor),
        mentee_application=ApplicationFactory(round=round_, accepted=True, full_name=mentee),
        **kwargs,
    )


@pytest.fixture
def one_of_each(running, clock):
    now = clock.now
    declined = pair(
        running,
        "Dora Decline",
        "Dan Decline",
        state=Pair.State.DECLINED,
        declined_at=now,
        declined_by="mentee",
    )
    ended = pair(running, "Erik Ended", "Ebba Ended", state=Pair.State.ENDED_EARLY, ended_at=now)
    late = pair(running, "Lena Late", "Lars Late", state=Pair.State.PROPOSED, mentee_confirmed_at=None)
    low = MeetingFactory(pair=pair(running, "Pia Pulse", "Per Pulse"), pulse=1)
    withdrawn = ApplicationFactory(
        round=running, full_name="Wilma Withdrawn", state=State.WITHDRAWN, submitted_at=now, withdrawn_at=now
    )
    failed = Notification.objects.create(
        key="x:1", to="gone@example.org", template="reminder_survey", subject="En kort enkät",
        status=Notification.Status.FAILED, program=running.program,
    )  # fmt: skip
    return {
        "declined": declined,
        "ended": ended,
        "late": late,
        "low": low,
        "withdrawn": withdrawn,
        "failed": failed,
    }


def test_each_coordinator_gets_one_digest_listing_every_kind_of_exception_in_their_language(
    at, coordinators, one_of_each, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        emails = send_exception_digests(at=at)

    assert sorted(email.to for email in emails) == ["coordinator@example.org", "samordnare@example.org"]
    by_to = {message.to[0]: message for message in mailoutbox}
    swedish, english = by_to["samordnare@example.org"], by_to["coordinator@example.org"]
    assert swedish.subject.endswith("avvikelser att titta på (6)")
    assert "Hösten: Dora Decline & Dan Decline: Dan Decline (adept) tackade nej den" in swedish.body
    assert "Hösten: Erik Ended & Ebba Ended: avslutat i förtid" in swedish.body
    assert "Hösten: Lena Late & Lars Late: inte bekräftat av båda senast" in swedish.body
    assert "Hösten: Pia Pulse & Per Pulse: mötet" in swedish.body and "(puls 1 av 5)" in swedish.body
    assert "Hösten: Wilma Withdrawn (adept) drog tillbaka ansökan" in swedish.body
    assert "Ett e-postmeddelande till gone@example.org kunde inte levereras (En kort enkät)" in swedish.body
    assert "Dora Decline & Dan Decline: Dan Decline (mentee) declined on" in english.body
    assert set(ReportedException.objects.values_list("kind", flat=True)) == set(ExceptionKind.values)


def test_every_exception_is_reported_once_and_the_digest_is_daily(
    at, coordinators, one_of_each, running, clock, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert len(send_exception_digests(at=at)) == 2
        assert send_exception_digests(at=at) == []  # the same instant again
        clock.freeze(at + timedelta(hours=1))
        pair(
            running,
            "Nils New",
            "Nora New",
            state=Pair.State.DECLINED,
            declined_at=clock.now,
            declined_by="mentor",
        )
        assert send_exception_digests(at=at + timedelta(hours=2)) == []  # one digest a day
        tomorrow = send_exception_digests(at=at + timedelta(days=1))
        assert send_exception_digests(at=at + timedelta(days=2)) == []  # nothing new: nothing sent

    assert len(tomorrow) == 2
    [line] = tomorrow[0].context["exceptions"]
    assert line.startswith("Hösten: Nils New & Nora New: Nils New (mentor) tackade nej den ")
    assert len(mailoutbox) == 4


def test_nothing_before_eight_swedish_time_and_nothing_when_there_is_nothing(
    at, coordinators, running, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_exception_digests(at=at) == []  # a quiet day
        pair(running, state=Pair.State.ENDED_EARLY, ended_at=timezone.now())
        early = datetime.combine(at.date() + timedelta(days=1), time(7, 59), tzinfo=STOCKHOLM)
        assert send_exception_digests(at=early) == []
        assert len(send_exception_digests(at=early + timedelta(minutes=1))) == 2

    assert len(mailoutbox) == 2


def test_old_events_and_other_programs_are_not_reported(at, coordinators, running, clock):
    pair(running, state=Pair.State.DECLINED, declined_at=clock.now - timedelta(days=8), declined_by="mentor")
    other = RoundFactory(anchor=at - timedelta(days=90))
    pair(other, state=Pair.State.DECLINED, declined_at=clock.now, declined_by="mentor")

    assert send_exception_digests(at=at) == []


def test_a_dry_run_writes_nothing(at, coordinators, one_of_each):
    emails = send_exception_digests(at=at, dry_run=True)

    assert len(emails) == 2 and len(emails[0].context["exceptions"]) == 6
    assert (
        ReportedException.objects.count() == 0
        and not Notification.objects.filter(key__startswith="exc").exists()
    )


def page(round_):
    return reverse("admin:reminders_roundreminders_change", args=[round_.pk])


def test_the_rounds_page_lists_open_exceptions_until_a_coordinator_marks_one_handled(
    client, at, coordinators, one_of_each, running
):
    send_exception_digests(at=at)
    client.force_login(coordinators[0])

    html = client.get(page(running)).content.decode()
    row = ReportedException.objects.get(kind=ExceptionKind.DECLINED)
    response = client.post(reverse("admin:reminders_exception_handled", args=[running.pk, row.pk]))
    after = client.get(page(running)).content.decode()

    assert "Dora Decline &amp; Dan Decline: Dan Decline (adept) tackade nej den" in html
    assert "Wilma Withdrawn" in html and "gone@example.org" in html
    assert response.status_code == 302
    assert "Dora Decline" not in after and "Wilma Withdrawn" in after
    assert ReportedException.objects.get(pk=row.pk).handled_by == coordinators[0]


def test_another_programs_coordinator_cannot_see_or_handle_them(
    client, at, coordinators, one_of_each, running
):
    send_exception_digests(at=at)
    outsider = StaffFactory()
    ProgramMembershipFactory(user=outsider, kind="coordinator")
    own_round = RoundFactory(program=outsider.program_memberships.get().program)
    row = ReportedException.objects.get(kind=ExceptionKind.DECLINED)
    client.force_login(outsider)

    assert client.get(page(running)).status_code == 404
    response = client.post(reverse("admin:reminders_exception_handled", args=[running.pk, row.pk]))
    assert response.status_code == 404
    client.post(reverse("admin:reminders_exception_handled", args=[own_round.pk, row.pk]))  # via own round
    assert ReportedException.objects.get(pk=row.pk).handled_at is None
    assert "Dora Decline" not in client.get(page(own_round)).content.decode()


def test_a_lead_sees_the_open_exceptions_without_the_handle_button(
    client, at, coordinators, one_of_each, running
):
    send_exception_digests(at=at)
    lead = StaffFactory()
    ProgramMembershipFactory(program=running.program, user=lead, kind="lead")
    client.force_login(lead)

    html = client.get(page(running)).content.decode()

    assert "Wilma Withdrawn" in html and "Markera som hanterad" not in html


@pytest.mark.parametrize("n", [1, 3])
def test_the_rounds_page_query_count_does_not_grow_with_exceptions(
    client, at, coordinators, running, clock, n, django_assert_num_queries
):
    for index in range(n):
        pair(running, f"M{index}", f"A{index}", state=Pair.State.ENDED_EARLY, ended_at=clock.now)
        MeetingFactory(pair=pair(running, f"P{index}", f"Q{index}"), pulse=2)
    send_exception_digests(at=at)
    client.force_login(coordinators[0])
    client.get(page(running))  # warm caches (content types, permissions)

    with django_assert_num_queries(12):
        response = client.get(page(running))
    assert response.content.decode().count("Markera som hanterad") == 2 * n


def test_the_tick_sends_the_digest_once(
    at, coordinators, one_of_each, mailoutbox, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    def tick():
        out = StringIO()
        call_command("tick", "--at", at.isoformat(), stdout=out)
        return out.getvalue()

    with django_capture_on_commit_callbacks(execute=True):
        first, second = tick(), tick()

    assert "samordnare@example.org\t6 avvikelser" in first
    assert "samordnare@example.org" not in second
    assert (
        len([m for m in mailoutbox if "avvikelser att titta på" in m.subject or "exceptions" in m.subject])
        == 2
    )


def test_a_pair_given_a_later_confirm_by_date_is_not_late(at, coordinators, running, clock):
    late = pair(running, state=Pair.State.PROPOSED, mentee_confirmed_at=None)
    Pair.objects.filter(pk=late.pk).update(confirm_by_override=at + timedelta(days=3))

    assert send_exception_digests(at=at) == []
    [email] = [
        e for e in send_exception_digests(at=at + timedelta(days=4)) if e.to == "samordnare@example.org"
    ]
    assert "inte bekräftat av båda senast" in email.context["exceptions"][0]
