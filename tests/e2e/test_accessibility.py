"""axe-core on the public pages, in Swedish and English. Add pages to PAGES as they appear."""

import os

import pytest
from django.urls import reverse

from tests.e2e.axe import assert_no_serious_violations
from tests.factories import ProgramFactory, RoundFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e


@pytest.fixture
def axe_browser(browser):
    """The session's Chromium (tests/e2e/conftest.py)."""
    return browser


@pytest.fixture
def axe_page(axe_browser):
    """A page whose context ignores CSP, so axe-core can be injected as an inline script."""
    context = axe_browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_round(transactional_db):
    program = ProgramFactory(slug="omvant", name="Omvänt mentorskap")
    return RoundFactory(program=program, slug="hosten", name="Hösten")


PAGES = [
    ("programs:home", {}),
    ("programs:program", {"slug": "omvant"}),
    ("programs:round", {"slug": "hosten"}),
    ("accounts:login", {}),
    ("privacy:notice", {"slug": "omvant"}),
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("url_name", "kwargs"), PAGES, ids=[name for name, _ in PAGES])
def test_public_page_has_no_serious_accessibility_violations(
    live_server, axe_page, axe_round, url_name, kwargs, language
):
    axe_page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])

    response = axe_page.goto(live_server.url + reverse(url_name, kwargs=kwargs))

    assert response.status == 200
    assert axe_page.locator("html").get_attribute("lang") == language
    assert_no_serious_violations(axe_page)
