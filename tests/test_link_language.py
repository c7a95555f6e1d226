"""A page opened from a signed link in an e-mail speaks the recipient's language, as the e-mail did,
whatever the browser asks for; a language chosen on the site (the cookie) still wins."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communication.events import rsvp_token
from communication.models import Event, Invitation
from matching import services as matching_services
from pairs import services as pairs_services
from programs import timeline
from tests.factories import ApplicationFactory, PairFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_mentee():
    round_ = RoundFactory(anchor=timezone.now().replace(microsecond=0) - timedelta(days=90))
    user = UserFactory(email="english@example.org", preferred_language="en")
    return ApplicationFactory(round=round_, applicant=user, email=user.email, accepted=True)


def path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def links(application) -> dict[str, str]:
    round_ = application.round
    mentor = ApplicationFactory(round=round_, mentor=True, accepted=True)
    active = PairFactory(
        round=round_, mentor_application=mentor, mentee_application=application, state="active"
    )
    proposal_round = RoundFactory(anchor=timezone.now().replace(microsecond=0) - timedelta(days=20))
    proposed_mentee = ApplicationFactory(round=proposal_round, applicant=application.applicant, accepted=True)
    proposed = PairFactory(
        round=proposal_round,
        mentor_application=ApplicationFactory(round=proposal_round, mentor=True, accepted=True),
        mentee_application=proposed_mentee,
        state="proposed",
    )
    event = Event.objects.create(
        round=round_, title_sv="Träff", title_en="Meeting", starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=2), place="Storgatan 1", invited_at=timezone.now(),
    )  # fmt: skip
    invitation = Invitation.objects.create(event=event, application=application)
    survey = timeline.current_survey(round_, timezone.now())
    return {
        "event answer": reverse("communication:rsvp", kwargs={"token": rsvp_token(invitation)}),
        "pair answer": path(matching_services.response_link(proposed, "mentee")),
        "meeting log": path(pairs_services.meeting_link(active, "mentee")),
        "survey": path(pairs_services.survey_link(active, "mentee", survey)),
    }


def test_signed_link_pages_speak_the_recipients_language(client, english_mentee):
    for name, url in links(english_mentee).items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="sv")

        assert response.status_code == 200, name
        assert response["Content-Language"] == "en", name
        assert '<html lang="en">' in response.content.decode(), name


def test_a_language_chosen_on_the_site_wins(client, english_mentee):
    client.cookies["django_language"] = "sv"

    for name, url in links(english_mentee).items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

        assert response["Content-Language"] == "sv", name
