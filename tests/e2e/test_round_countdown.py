"""The round page's countdown in a real browser: the script keeps the server's wording."""

import re

import pytest

from tests.factories import RoundFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def swedish_phone_page(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="sv-SE")
    yield context.new_page()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_countdown_script_renders_the_same_words_live(live_server, swedish_phone_page):
    round_ = RoundFactory(slug="e2e-round")
    errors = []
    swedish_phone_page.on("pageerror", lambda error: errors.append(str(error)))

    swedish_phone_page.goto(live_server.url + round_.get_absolute_url())
    countdown = swedish_phone_page.locator(".countdown[data-live='true']").first
    countdown.wait_for()

    assert re.fullmatch(r"\d+ dagar?, \d+ timm(e|ar) kvar", countdown.inner_text())
    assert swedish_phone_page.get_by_role("button", name="Ansök som Mentor").is_visible()
    assert errors == []
