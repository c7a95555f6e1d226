import pytest
from django.urls import reverse
from django.utils import timezone

from pairs.models import Meeting
from tests.factories import MeetingFactory, UserFactory

SECRET = "Vi pratade om min chef i förtroende."


@pytest.fixture
def pair(make_pair):
    return make_pair("Alva Berg", "Bengt Ceder")


def pair_url(pair):
    return reverse("pairs:pair", kwargs={"pk": pair.pk})


def test_participant_sees_the_other_persons_contacts_and_private_notes(client, pair):
    MeetingFactory(pair=pair, private_note=SECRET)
    client.force_login(pair.mentor_application.applicant)

    html = client.get(pair_url(pair)).content.decode()

    assert pair.mentee_application.email in html
    assert pair.mentee_application.organisation.name in html
    assert SECRET in html


@pytest.mark.parametrize("user_fixture", ["lead", "coordinator"])
def test_private_notes_never_reach_a_lead_or_coordinator(client, pair, request, user_fixture):
    MeetingFactory(pair=pair, private_note=SECRET)
    client.force_login(request.getfixturevalue(user_fixture))

    response = client.get(pair_url(pair))

    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert "Alva Berg" in response.content.decode()


def test_private_notes_not_in_dashboard_report_or_csv(client, lead, pair, round_):
    MeetingFactory(pair=pair, private_note=SECRET)
    client.force_login(lead)

    for name in ("pairs:round_dashboard", "pairs:round_report", "pairs:round_dashboard_csv"):
        body = client.get(reverse(name, kwargs={"slug": round_.slug})).content.decode()
        assert SECRET not in body, name


@pytest.mark.parametrize(
    ("name", "method"),
    [("pairs:pair", "get"), ("pairs:meeting_add", "get"), ("pairs:agree", "post")],
)
def test_lead_of_another_program_gets_404_on_pair_pages(client, other_lead, pair, name, method):
    client.force_login(other_lead)

    response = getattr(client, method)(reverse(name, kwargs={"pk": pair.pk}))

    assert response.status_code == 404


def test_another_applicant_gets_404_on_the_pair_page(client, pair):
    client.force_login(UserFactory())

    assert client.get(pair_url(pair)).status_code == 404


def test_lead_cannot_edit_meetings(client, lead, pair):
    meeting = MeetingFactory(pair=pair)
    client.force_login(lead)

    url = reverse("pairs:meeting_edit", kwargs={"pk": pair.pk, "meeting_pk": meeting.pk})
    assert client.get(url).status_code == 404


def test_lead_of_another_program_gets_404_on_meeting_edit(client, other_lead, pair):
    meeting = MeetingFactory(pair=pair)
    client.force_login(other_lead)

    url = reverse("pairs:meeting_edit", kwargs={"pk": pair.pk, "meeting_pk": meeting.pk})
    assert client.get(url).status_code == 404


def test_participant_logs_a_meeting_from_the_pair_page(client, pair):
    user = pair.mentee_application.applicant
    client.force_login(user)
    today = timezone.localdate()

    response = client.post(
        reverse("pairs:meeting_add", kwargs={"pk": pair.pk}),
        {"date": today.isoformat(), "kind": "visit_mentor", "pulse": "5", "private_note": "Bra"},
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get(pair=pair)
    assert (meeting.date, meeting.kind, meeting.pulse, meeting.logged_by) == (today, "visit_mentor", 5, user)


def test_participant_edits_a_meeting(client, pair):
    meeting = MeetingFactory(pair=pair, pulse=2)
    client.force_login(pair.mentor_application.applicant)

    client.post(
        reverse("pairs:meeting_edit", kwargs={"pk": pair.pk, "meeting_pk": meeting.pk}),
        {"date": meeting.date.isoformat(), "kind": "joint_event", "pulse": "4", "private_note": ""},
    )

    meeting.refresh_from_db()
    assert (meeting.kind, meeting.pulse, meeting.private_note) == ("joint_event", 4, "")


def test_the_partner_may_not_open_or_edit_a_meeting_logged_by_the_other(client, pair):
    mentor = pair.mentor_application.applicant
    meeting = MeetingFactory(pair=pair, pulse=2, private_note="Bara min", logged_by=mentor)
    client.force_login(pair.mentee_application.applicant)
    url = reverse("pairs:meeting_edit", kwargs={"pk": pair.pk, "meeting_pk": meeting.pk})

    opened = client.get(url)
    posted = client.post(url, {"date": meeting.date.isoformat(), "kind": "joint_event", "private_note": "Ny"})

    meeting.refresh_from_db()
    assert (opened.status_code, posted.status_code) == (404, 404)
    assert "Bara min" not in opened.content.decode()
    assert (meeting.kind, meeting.private_note) == ("meeting", "Bara min")


def test_pair_page_offers_edit_only_for_ones_own_meetings(client, pair):
    mine = MeetingFactory(pair=pair, logged_by=pair.mentee_application.applicant)
    theirs = MeetingFactory(pair=pair, logged_by=pair.mentor_application.applicant)
    client.force_login(pair.mentee_application.applicant)

    page = client.get(reverse("pairs:pair", kwargs={"pk": pair.pk})).content.decode()

    assert reverse("pairs:meeting_edit", kwargs={"pk": pair.pk, "meeting_pk": mine.pk}) in page
    assert reverse("pairs:meeting_edit", kwargs={"pk": pair.pk, "meeting_pk": theirs.pk}) not in page


def test_meeting_in_the_future_is_refused_and_kept_in_the_form(client, pair):
    client.force_login(pair.mentor_application.applicant)
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)

    response = client.post(
        reverse("pairs:meeting_add", kwargs={"pk": pair.pk}),
        {"date": tomorrow.isoformat(), "kind": "meeting", "private_note": "Kvar"},
    )

    assert response.status_code == 200
    assert "Kvar" in response.content.decode()
    assert not Meeting.objects.exists()


def test_each_participant_accepts_the_agreement(client, pair):
    client.force_login(pair.mentee_application.applicant)

    client.post(reverse("pairs:agree", kwargs={"pk": pair.pk}), {"accept": "on"})

    pair.refresh_from_db()
    assert pair.mentee_agreed_at is not None
    assert pair.mentor_agreed_at is None


def test_agreement_needs_the_box_ticked(client, pair):
    client.force_login(pair.mentee_application.applicant)

    client.post(reverse("pairs:agree", kwargs={"pk": pair.pk}), {})

    pair.refresh_from_db()
    assert pair.mentee_agreed_at is None


def test_lead_cannot_accept_the_agreement_for_a_participant(client, lead, pair):
    client.force_login(lead)

    response = client.post(reverse("pairs:agree", kwargs={"pk": pair.pk}), {"accept": "on"})

    assert response.status_code == 404


def test_admin_meeting_page_never_shows_the_private_note(client, pair):
    meeting = MeetingFactory(pair=pair, private_note=SECRET)
    admin_user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin_user)

    listing = client.get(reverse("admin:pairs_meeting_changelist"))
    detail = client.get(reverse("admin:pairs_meeting_change", args=[meeting.pk]))

    assert listing.status_code == detail.status_code == 200
    assert SECRET not in listing.content.decode() + detail.content.decode()
