"""Playwright fixtures: Debian's Chromium (never downloaded), a page per test, a quick sign-in.

Skips cleanly without /usr/bin/chromium unless REQUIRE_E2E=1 (CI), where a missing browser fails.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; Django refuses ORM calls inside one otherwise.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path() -> str | None:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        if os.environ.get("REQUIRE_E2E") == "1":
            pytest.fail("REQUIRE_E2E=1 but no chromium at /usr/bin/chromium")
        pytest.skip("no chromium: browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        if os.environ.get("REQUIRE_E2E") == "1":
            raise
        pytest.skip("playwright is not installed")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server, settings):
    """A fresh browser context (no cookies) and page; links in e-mails point at the live server."""
    settings.SITE_URL = live_server.url
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login_as(live_server):
    """`login_as(page, user, next="/…")`: sign `user` in through a real one-time sign-in link."""
    from accounts.services import sign_in_path

    def _login(page, user, next: str = "") -> None:
        page.goto(live_server.url + sign_in_path(user, next_url=next))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()

    return _login
