"""The error pages: in the site's layout and the person's language, and honest about a lost form."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"),
    [("sv", "Vi hittar inte den sidan"), ("en", "We cannot find that page")],
)
def test_a_missing_page_is_in_the_sites_layout_and_language(client, language, heading):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()
    assert response.status_code == 404
    assert heading in page
    assert f'<html lang="{language}">' in page
    assert 'href="/"' in page  # a way back to the start page


def test_when_the_database_is_down_a_submit_gets_a_swedish_503_that_says_the_text_is_in_the_browser(
    monkeypatch, applicant
):
    application = ApplicationFactory(applicant=applicant, draft=True)
    browser = Client(raise_request_exception=False)
    browser.force_login(applicant)

    def database_down(self):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(SessionStore, "load", database_down)  # the first query of a request
    response = browser.post(
        reverse("applications:submit", args=[application.pk]),
        {"motivation": "En lång text som tog en timme att skriva"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Tjänsten är tillfälligt otillgänglig" in page
    assert "Bakåt" in page  # how to get the text back
    assert "Server Error" not in page


def test_a_bug_is_a_500_page_in_the_layout_not_djangos_bare_one(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("programs.selectors.open_and_upcoming_rounds", broken)
    browser = Client(raise_request_exception=False)
    response = browser.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_an_expired_form_says_how_to_get_the_text_back(applicant):
    application = ApplicationFactory(applicant=applicant, draft=True)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant)

    response = browser.post(reverse("applications:submit", args=[application.pk]), {"motivation": "Text"})

    assert response.status_code == 403
    assert "sidan hade gått ut" in response.content.decode()  # the applicant's own language
    assert "kopiera din text" in response.content.decode()
