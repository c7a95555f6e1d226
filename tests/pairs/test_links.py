from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pairs import services
from pairs.models import Meeting, SurveyResponse


@pytest.fixture
def pair(make_pair):
    return make_pair("Alva Berg", "Bengt Ceder")


def path_of(url):
    """The path of an absolute link from an e-mail."""
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_meeting_link_get_shows_prefilled_form_without_writing(client, pair):
    url = services.meeting_link(pair, "mentor")

    response = client.get(path_of(url))

    assert response.status_code == 200
    assert response.context["form"].initial["date"] == timezone.localdate()
    assert not Meeting.objects.exists()


def test_meeting_link_post_logs_a_meeting_for_the_role(client, pair):
    url = path_of(services.meeting_link(pair, "mentee"))

    response = client.post(url, {"date": timezone.localdate().isoformat(), "kind": "meeting", "pulse": "4"})

    assert response.status_code == 200
    meeting = Meeting.objects.get()
    assert (meeting.pair, meeting.logged_by, meeting.pulse) == (pair, pair.mentee_application.applicant, 4)


def test_meeting_link_refused_from_14_days_after_it_was_sent(client, pair, clock):
    sent = clock.freeze(timezone.now())
    url = path_of(services.meeting_link(pair, "mentor", at=sent))
    clock.shift(timedelta(days=14))

    response = client.post(url, {"date": timezone.localdate().isoformat(), "kind": "meeting"})

    assert response.status_code == 403
    assert response.context["reason"] == "expired"
    assert not Meeting.objects.exists()


def test_meeting_link_still_works_a_second_before_expiry(client, pair, clock):
    sent = clock.freeze(timezone.now())
    url = path_of(services.meeting_link(pair, "mentor", at=sent))
    clock.shift(timedelta(days=14, seconds=-1))

    response = client.get(url)

    assert response.status_code == 200


def test_meeting_link_refused_for_another_pair(client, pair, make_pair):
    other = make_pair("Cecilia Dahl", "David Ek")
    token = services.meeting_token(other, "mentor")
    url = reverse("pairs:log_meeting", kwargs={"pk": pair.pk, "token": token})

    response = client.post(url, {"date": timezone.localdate().isoformat(), "kind": "meeting"})

    assert response.status_code == 403
    assert response.context["reason"] == "invalid"
    assert not Meeting.objects.exists()


def test_meeting_link_refused_when_tampered(client, pair):
    token = services.meeting_token(pair, "mentor")
    url = reverse("pairs:log_meeting", kwargs={"pk": pair.pk, "token": token[:-2] + "xx"})

    assert client.get(url).status_code == 403


def test_survey_link_token_cannot_log_a_meeting(client, pair):
    token = services.survey_token(pair, "mentor", "midpoint")
    url = reverse("pairs:log_meeting", kwargs={"pk": pair.pk, "token": token})

    assert client.get(url).status_code == 403


def test_survey_link_saves_one_answer_per_pair_role_and_survey(client, pair, clock):
    clock.freeze(pair.round.midpoint + timedelta(days=3))
    url = path_of(services.survey_link(pair, "mentor", "midpoint"))
    answers = {
        "q_satisfaction": "5",
        "q_changed_perspective": "4",
        "q_recommend": "10",
        "q_learned": "Mycket",
    }

    first = client.post(url, answers)
    second = client.post(url, {**answers, "q_recommend": "0"})

    assert first.status_code == 200
    assert second.context["already"] is True
    response = SurveyResponse.objects.get()
    assert (response.role, response.kind) == ("mentor", "midpoint")
    assert dict(response.answers.values_list("question__key", "number")) == {
        "satisfaction": 5,
        "changed_perspective": 4,
        "recommend": 10,
        "learned": None,
    }
    assert response.answers.get(question__key="learned").text == "Mycket"


def test_survey_quote_consent_needs_a_quote(client, pair, clock):
    clock.freeze(pair.round.ends + timedelta(days=3))
    url = path_of(services.survey_link(pair, "mentee", "end"))

    response = client.post(
        url,
        {"q_satisfaction": "5", "q_changed_perspective": "4", "q_recommend": "9", "q_quote__consent": "on"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["q_quote"]
    assert not SurveyResponse.objects.exists()


def test_survey_link_refused_when_tampered(client, pair, make_pair):
    other = make_pair("Cecilia Dahl", "David Ek")
    url = reverse(
        "pairs:survey", kwargs={"pk": pair.pk, "token": services.survey_token(other, "mentor", "end")}
    )

    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("kind", "at", "window"),
    [
        ("midpoint", lambda r: r.midpoint - timedelta(days=1), "not_yet"),  # opened before its time
        ("midpoint", lambda r: r.ends + timedelta(days=1), "closed"),  # the end survey has opened
    ],
)
def test_a_survey_outside_its_window_says_so_and_saves_nothing(client, pair, clock, kind, at, window):
    clock.freeze(at(pair.round))
    url = path_of(services.survey_link(pair, "mentor", kind))
    answers = {"satisfaction": "5", "changed_perspective": "4", "recommend": "10"}

    shown = client.get(url)
    posted = client.post(url, answers)

    assert (shown.status_code, posted.status_code) == (410, 410)
    assert shown.context["window"] == window
    assert ("har inte öppnat" if window == "not_yet" else "är stängd") in shown.content.decode()
    assert "form" not in shown.context
    assert not SurveyResponse.objects.exists()
