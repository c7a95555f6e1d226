"""Both members log the same meeting: it is one meeting in the log and on every dashboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pairs import selectors, services
from pairs.models import Meeting
from tests.factories import MeetingFactory


@pytest.fixture
def pair(make_pair):
    return make_pair("Alva Berg", "Bengt Ceder")


def add_url(pair):
    return reverse("pairs:meeting_add", kwargs={"pk": pair.pk})


def link_url(pair, role):
    return reverse("pairs:log_meeting", kwargs={"pk": pair.pk, "token": services.meeting_token(pair, role)})


def form(day, kind="meeting", pulse="", note="", minutes=""):
    return {
        "date": day.isoformat(),
        "kind": kind,
        "pulse": pulse,
        "private_note": note,
        "duration_minutes": minutes,
    }


def test_the_partner_logging_the_same_meeting_by_link_adds_to_it_and_it_counts_once(
    client, pair, round_, lead
):
    day = timezone.localdate() - timedelta(days=1)
    client.force_login(pair.mentor_application.applicant)
    client.post(add_url(pair), form(day, pulse="4", note="Bra samtal.", minutes="60"))
    client.logout()

    response = client.post(link_url(pair, "mentee"), form(day, pulse="2", note="Jag var trött."))

    meeting = Meeting.objects.get(pair=pair)
    assert "Alva Berg hade redan loggat det här mötet" in response.content.decode()
    assert (meeting.duration_minutes, meeting.pulse) == (60, 2)  # the lower pulse: a worry is kept
    assert meeting.private_note == "Bra samtal.\n\nJag var trött."
    assert meeting.logged_by == pair.mentor_application.applicant
    [row] = selectors.pair_rows(round_)
    assert row.meetings == 1
    [summary] = selectors.program_overview(round_.program)
    assert summary.meetings == 1


def test_the_partner_logging_it_on_the_pair_page_is_told_it_counts_once(client, pair):
    day = timezone.localdate()
    MeetingFactory(pair=pair, date=day, kind="visit_mentor", logged_by=pair.mentor_application.applicant)
    client.force_login(pair.mentee_application.applicant)

    response = client.post(add_url(pair), form(day, kind="visit_mentor", pulse="5"), follow=True)

    assert Meeting.objects.filter(pair=pair).count() == 1
    assert (
        "Alva Berg hade redan loggat det här mötet. Dina uppgifter har lagts till, så det räknas en gång."
        in (response.content.decode())
    )


def test_logging_the_same_meeting_twice_yourself_keeps_one(client, pair):
    day = timezone.localdate()
    client.force_login(pair.mentee_application.applicant)

    client.post(add_url(pair), form(day, note="Samma anteckning"))
    response = client.post(add_url(pair), form(day, note="Samma anteckning"), follow=True)

    meeting = Meeting.objects.get(pair=pair)
    assert meeting.private_note == "Samma anteckning"
    assert "Mötet fanns redan i er logg" in response.content.decode()


def test_a_visit_and_a_meeting_on_the_same_day_are_two_entries(client, pair):
    day = timezone.localdate()
    client.force_login(pair.mentee_application.applicant)

    client.post(add_url(pair), form(day, kind="meeting"))
    client.post(add_url(pair), form(day, kind="visit_mentee"))

    assert sorted(Meeting.objects.filter(pair=pair).values_list("kind", flat=True)) == [
        "meeting",
        "visit_mentee",
    ]


def test_editing_a_meeting_into_a_copy_of_another_is_refused_and_keeps_the_form(client, pair):
    day = timezone.localdate()
    MeetingFactory(pair=pair, date=day, kind="meeting")
    mentee = pair.mentee_application.applicant
    other = MeetingFactory(
        pair=pair, date=day - timedelta(days=3), kind="meeting", private_note="Min text", logged_by=mentee
    )
    client.force_login(mentee)

    url = reverse("pairs:meeting_edit", kwargs={"pk": pair.pk, "meeting_pk": other.pk})
    response = client.post(url, form(day, note="Ändrad text"))

    other.refresh_from_db()
    assert response.status_code == 200
    assert "Er logg har redan ett möte av det här slaget den dagen." in response.content.decode()
    assert "Ändrad text" in response.content.decode()
    assert (other.date, other.private_note) == (day - timedelta(days=3), "Min text")
