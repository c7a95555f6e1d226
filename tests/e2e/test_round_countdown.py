"""The round page's countdown in a real browser: the script keeps the server's wording."""

import os
import re
import shutil

import pytest

from tests.factories import RoundFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and os.environ.get("REQUIRE_E2E") != "1", reason="no chromium"
    ),
]


@pytest.fixture
def swedish_phone_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 375, "height": 800}, locale="sv-SE")
        yield page
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_countdown_script_renders_the_same_words_live(live_server, swedish_phone_page):
    round_ = RoundFactory(slug="e2e-round")
    errors = []
    swedish_phone_page.on("pageerror", lambda error: errors.append(str(error)))

    swedish_phone_page.goto(live_server.url + round_.get_absolute_url())
    countdown = swedish_phone_page.locator(".countdown[data-live='true']").first
    countdown.wait_for()

    assert re.fullmatch(r"\d+ dagar?, \d+ timm(e|ar) kvar", countdown.inner_text())
    assert swedish_phone_page.get_by_role("link", name="Ansök som Mentor").is_visible()
    assert errors == []
