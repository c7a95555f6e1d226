"""Issue 13's browser check: a pair member on a 390 px phone follows the welcome e-mail to the pair
page (signing in on the way) and logs a meeting there."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from matching import services as matching_services
from matching.models import Pair
from pairs.models import Meeting
from tests.factories import ApplicationFactory, PairFactory, RoundFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def link_after(words: str, body: str) -> str:
    """The address on the line after a button's words in a plain-text e-mail."""
    return re.search(rf"{re.escape(words)}:\n(http://\S+)", body).group(1)


@pytest.fixture
def confirmed(live_server, settings):
    """A pair both sides have just confirmed, so both got the welcome e-mail."""
    settings.SITE_URL = live_server.url
    round_ = RoundFactory(anchor=timezone.now().replace(microsecond=0) - timedelta(days=32))
    pair = PairFactory(
        round=round_,
        state=Pair.State.PROPOSED,
        mentor_confirmed_at=None,
        mentee_confirmed_at=None,
        mentor_application=ApplicationFactory(
            round=round_, mentor=True, accepted=True, full_name="Maja Mentor"
        ),
        mentee_application=ApplicationFactory(
            round=round_, accepted=True, full_name="Sofia Adept", email="sofia.adept@example.org"
        ),
    )
    pair.mentee_application.applicant.email = "sofia.adept@example.org"
    pair.mentee_application.applicant.save()
    matching_services.confirm_pair(pair, role="mentor")
    matching_services.confirm_pair(pair, role="mentee")
    return pair


def test_a_member_on_a_phone_follows_the_welcome_e_mail_to_the_pair_page_and_logs_a_meeting(
    browser, live_server, confirmed, mailoutbox
):
    [welcome] = [
        m for m in mailoutbox if m.to == ["sofia.adept@example.org"] and m.subject.startswith("Välkommen")
    ]
    context = browser.new_context(locale="sv-SE", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()

    # The button in the e-mail: signed out, the pair page asks for the address first.
    page.goto(link_after("Öppna er parsida och logga ett möte", welcome.body))
    page.get_by_label("Din e-postadress").fill("sofia.adept@example.org")
    page.get_by_role("button", name="Mejla mig en inloggningslänk").click()
    page.get_by_role("heading", name="Titta i din inkorg").wait_for()
    sign_in = [m for m in mail.outbox if "inloggningslänk" in m.subject.lower()][-1]
    page.goto(re.search(r"(http://\S+/accounts/sign-in/link/\S+)", sign_in.body).group(1))
    page.get_by_role("button", name="Logga in").click()

    # The pair page, with the partner's contacts, fitting the phone.
    page.get_by_role("heading", name="Ditt par").wait_for()
    assert page.url.endswith(f"/pairs/{confirmed.pk}/")
    assert page.get_by_text("Maja Mentor").first.is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Logga ett möte").click()
    page.get_by_role("heading", name="Logga ett möte").wait_for()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Besök på mentorns arbetsplats").check()
    page.get_by_label("Längd (minuter)").fill("90")
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Privat anteckning (bara paret ser den)").fill("Rundvandring på kontoret.")
    page.get_by_role("button", name="Spara").click()

    page.get_by_text("Mötet finns nu i er logg.").wait_for()
    page.screenshot(path="/tmp/welcome-meeting-390.png", full_page=True)
    meeting = Meeting.objects.get(pair=confirmed)
    assert (meeting.kind, meeting.duration_minutes, meeting.pulse) == ("visit_mentor", 90, 4)
    assert meeting.logged_by == confirmed.mentee_application.applicant
    cards = page.get_by_role("list", name="Möten och besök")
    assert cards.get_by_text("Rundvandring på kontoret.").is_visible()  # a card, not a wide table
    assert not page.locator("table").first.is_visible()
    context.close()
