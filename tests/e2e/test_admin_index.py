"""A coordinator's way in: the admin index in Swedish with the round tools, in headless Chromium."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.e2e.axe import assert_no_serious_violations  # noqa: E402
from tests.factories import ProgramMembershipFactory, RoundFactory, StaffFactory  # noqa: E402

pytestmark = pytest.mark.e2e


@pytest.fixture
def admin_page(browser):
    context = browser.new_context(bypass_csp=True)  # axe-core is injected as a script
    yield context.new_page()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_coordinator_reaches_the_round_dashboards_from_the_admin_index(admin_page, live_server):
    page = admin_page
    mine, theirs = RoundFactory(name="Min omgång"), RoundFactory(name="Deras omgång")
    coordinator = StaffFactory(email="coordinator@example.org")
    ProgramMembershipFactory(program=mine.program, user=coordinator, kind="coordinator")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "coordinator@example.org")
    page.fill("input[name=password]", "demo1234")
    page.click("input[type=submit]")

    assert page.locator("#round-tools caption").inner_text().lower() == "verktyg för omgångar"
    assert "Program och omgångar" in page.content()
    assert_no_serious_violations(page)
    page.click("text=Översikter för omgångar")
    page.wait_for_load_state()
    assert "Min omgång" in page.content()
    assert theirs.name not in page.content()

    page.goto(f"{live_server.url}/admin/programs/round/")
    assert "Min omgång" in page.content()
    assert theirs.name not in page.content()


@pytest.mark.django_db(transaction=True)
def test_round_tools_fit_a_phone_screen(browser, live_server):
    """At 390 px each tool's link wraps by words beside its description, inside the screen."""
    round_ = RoundFactory()
    coordinator = StaffFactory(email="coordinator@example.org")
    ProgramMembershipFactory(program=round_.program, user=coordinator, kind="coordinator")
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "coordinator@example.org")
    page.fill("input[name=password]", "demo1234")
    page.click("input[type=submit]")

    link = page.locator("#round-tools a", has_text="Översikter för omgångar")
    line_height = link.evaluate("a => parseFloat(getComputedStyle(a).lineHeight) || 20")
    assert link.bounding_box()["height"] <= 2 * line_height + 2  # words on one or two lines
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
