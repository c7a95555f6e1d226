"""Browser walk-through: a lead reads the dashboard and report; a participant logs a meeting by link."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.utils import timezone

from pairs import services
from pairs.models import Meeting
from tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    PairFactory,
    ProgramMembershipFactory,
    RoundFactory,
    StaffFactory,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(locale="sv-SE")
    yield context, context.new_page()
    context.close()


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    host = urlparse(live_server.url).hostname
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )


@pytest.fixture
def demo_round(transactional_db):
    round_ = RoundFactory(
        anchor=timezone.now().replace(microsecond=0) - timedelta(days=400), slug="hosten-2025"
    )
    pairs = []
    for index in range(3):
        pair = PairFactory(
            round=round_,
            state="completed",
            mentor_application=ApplicationFactory(
                round=round_, mentor=True, accepted=True, full_name=f"Mentor {index}"
            ),
            mentee_application=ApplicationFactory(round=round_, accepted=True, full_name=f"Adept {index}"),
        )
        pairs.append(pair)
    MeetingFactory(
        pair=pairs[0], date=timezone.localdate(round_.ends) - timedelta(days=3), private_note="Hemligt"
    )
    return round_, pairs


def test_lead_sorts_by_health_opens_a_pair_and_prints_the_report(live_server, browser_page, demo_round):
    round_, pairs = demo_round
    lead = StaffFactory()
    ProgramMembershipFactory(program=round_.program, user=lead, kind="lead")
    context, page = browser_page
    sign_in(context, live_server, lead)

    page.goto(f"{live_server.url}/pairs/round/{round_.slug}/")
    page.get_by_role("link", name="Hälsa").click()  # toggles the health sort
    page.get_by_role("link", name="Hälsa").click()
    assert "sort=health" in page.url
    first_mentor = page.locator("table.pairs-table tbody tr").first.locator("td").first.inner_text()
    assert first_mentor.startswith("Mentor 1") or first_mentor.startswith("Mentor 2")
    page.screenshot(path="/tmp/pairs-dashboard.png", full_page=True)
    page.get_by_role("link", name="Mentor 0").click()
    assert "Hemligt" not in page.content()
    page.goto(f"{live_server.url}/pairs/round/{round_.slug}/report/")
    page.emulate_media(media="print")
    pdf = page.pdf(path="/tmp/pairs-report.pdf")
    assert pdf.startswith(b"%PDF")
    assert not page.locator("header").is_visible()


def test_participant_logs_a_meeting_from_the_emailed_link(live_server, browser_page, demo_round):
    _round, pairs = demo_round
    _context, page = browser_page
    url = services.meeting_link(pairs[1], "mentee")
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]

    page.goto(live_server.url + path)
    page.screenshot(path="/tmp/pairs-log-meeting.png", full_page=True)
    page.get_by_label("Möte", exact=True).check()
    page.get_by_label("5", exact=True).check()
    page.get_by_role("button", name="Spara").click()

    assert page.get_by_role("heading", name="Tack! Mötet är loggat").is_visible()
    assert Meeting.objects.filter(pair=pairs[1], pulse=5).count() == 1


@pytest.fixture
def lead_on_a_phone(browser_page, live_server, demo_round):
    """The demo round's program lead, signed in, on a 390 px screen: (round, page)."""
    round_, _pairs = demo_round
    lead = StaffFactory()
    ProgramMembershipFactory(program=round_.program, user=lead, kind="lead")
    context, page = browser_page
    sign_in(context, live_server, lead)
    page.set_viewport_size({"width": 390, "height": 844})
    return round_, page


def test_the_program_overview_fits_a_phone(lead_on_a_phone, live_server):
    """Its table scrolls inside the page; a hidden column label used to widen the page to 776 px."""
    round_, page = lead_on_a_phone

    page.goto(f"{live_server.url}/pairs/program/{round_.program.slug}/")

    assert page.get_by_role("heading", level=1).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_dashboard_charts_are_legible_on_a_phone(lead_on_a_phone, live_server):
    """At 390 px the bar labels keep about their own size (13 px); beside the bars they shrank to 7."""
    round_, page = lead_on_a_phone

    page.goto(f"{live_server.url}/pairs/round/{round_.slug}/")

    for chart in ("funnel-chart", "health-chart"):
        label = page.locator(f"svg:has(#{chart}-title) .bar-label").first
        assert label.bounding_box()["height"] >= 12, chart
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
