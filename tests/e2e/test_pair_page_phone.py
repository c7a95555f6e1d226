"""The pair page fits a 390 px phone (no sideways scrolling) and reads well on a 1280 px screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.test_pairs import sign_in
from tests.factories import ApplicationFactory, MeetingFactory, PairFactory, RoundFactory

pytestmark = pytest.mark.e2e

LONG_NOTE = "Vi pratade länge om hybridarbete, om att leda på distans och om nästa steg i karriären. " * 3


@pytest.fixture
def busy_pair(transactional_db):
    """An active pair with long names and addresses and several meetings, some with long notes."""
    round_ = RoundFactory(anchor=timezone.now().replace(microsecond=0) - timedelta(days=90))
    pair = PairFactory(
        round=round_,
        mentor_application=ApplicationFactory(
            round=round_,
            mentor=True,
            accepted=True,
            full_name="Maja-Stina Mentorsson Långnamn",
            email="maja-stina.mentorsson.langnamn@exempelforetaget-i-jonkoping.se",
            title="Verksamhetsutvecklare och hållbarhetsansvarig",
        ),
        mentee_application=ApplicationFactory(
            round=round_, accepted=True, full_name="Sofia Exempel", email="sofia@example.org"
        ),
    )
    today = timezone.localdate()
    for days, kind, note in [
        (2, "meeting", LONG_NOTE),
        (20, "visit_mentor", ""),
        (40, "visit_mentee", "Kort."),
        (60, "joint_event", LONG_NOTE),
    ]:
        MeetingFactory(pair=pair, date=today - timedelta(days=days), kind=kind, private_note=note)
    return pair


def document_width(page) -> int:
    return page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_pair_page_fits_the_screen(live_server, browser, busy_pair, width):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 844})
    sign_in(context, live_server, busy_pair.mentee_application.applicant)
    page = context.new_page()

    page.goto(f"{live_server.url}/pairs/{busy_pair.pk}/")
    page.screenshot(path=f"/tmp/pair-page-{width}.png", full_page=True)

    assert document_width(page) <= width
    assert page.get_by_role("link", name="Logga ett möte").is_visible()
    context.close()
