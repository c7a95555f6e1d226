"""The coordinator's communication pages in the admin, in headless Chromium: usable and axe clean."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from notifications.models import EmailTemplate  # noqa: E402
from tests.e2e.axe import assert_no_serious_violations  # noqa: E402
from tests.factories import ProgramMembershipFactory, RoundFactory, StaffFactory  # noqa: E402

pytestmark = pytest.mark.e2e


@pytest.fixture
def coordinator_page(browser, live_server, transactional_db):
    round_ = RoundFactory(program__name="Omvänt mentorskap")
    coordinator = StaffFactory(email="coordinator@example.org")
    ProgramMembershipFactory(program=round_.program, user=coordinator, kind="coordinator")
    context = browser.new_context(bypass_csp=True)  # axe-core is injected as a script
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "coordinator@example.org")
    page.fill("input[name=password]", "demo1234")
    page.click("input[type=submit]")
    page.round = round_
    yield page
    context.close()


def test_coordinator_edits_previews_and_resets_an_email_text(coordinator_page, live_server):
    page = coordinator_page
    page.goto(f"{live_server.url}/admin/communication/emailtext/")
    assert_no_serious_violations(page)
    page.get_by_role("link", name="Standardtext – Beslut: antagen, Svenska").click()
    page.wait_for_load_state()
    assert_no_serious_violations(page)
    page.fill("textarea[name=body]", "Hej {name}!\n\nVälkommen.\n\n{link}")
    page.click("input[name=_preview]")
    page.wait_for_load_state()
    frame = page.frame_locator("iframe.comm-frame")
    assert frame.get_by_role("link", name="Din ansökan").is_visible()
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert EmailTemplate.objects.get().body.startswith("Hej {name}!")
    page.click("input[name=_reset]")
    page.wait_for_load_state()
    assert not EmailTemplate.objects.exists()


def test_coordinator_writes_to_the_pairs_previews_and_sends_once(coordinator_page, live_server, mailoutbox):
    from communication.models import Message
    from tests.factories import PairFactory

    page = coordinator_page
    PairFactory(round=page.round, state="active")
    page.goto(f"{live_server.url}/admin/communication/message/add/")
    page.get_by_role("link", name=page.round.name, exact=False).click()
    page.wait_for_load_state()
    page.get_by_label("Aktiv").check()
    page.fill("input[name=subject_sv]", "Välkommen till uppstarten, {first_name}")
    page.fill("textarea[name=body_sv]", "Vi ses där!\n\n{link}")
    page.fill("input[name=subject_en]", "Welcome to the kickoff, {first_name}")
    page.fill("textarea[name=body_en]", "See you there!\n\n{link}")
    page.click("input[name=_preview]")
    page.wait_for_load_state()
    assert "2 personer får det här meddelandet." in page.content()
    assert_no_serious_violations(page)
    page.click("input[name=_send]")
    page.wait_for_load_state()
    assert "Meddelandet är på väg till 2 personer." in page.content()
    assert_no_serious_violations(page)
    assert Message.objects.count() == 1


def test_the_events_list_shows_its_counts_at_1280_px(coordinator_page, live_server):
    from datetime import timedelta

    from django.utils import timezone

    from communication.models import Event

    page = coordinator_page
    page.set_viewport_size({"width": 1280, "height": 900})
    starts = timezone.now() + timedelta(days=10)
    Event.objects.create(
        round=page.round, title_sv="Workshop: att leda förändring åt båda hållen", title_en="Workshop",
        starts_at=starts, ends_at=starts + timedelta(hours=2), place="Storgatan 1",
    )  # fmt: skip
    page.goto(f"{live_server.url}/admin/communication/event/")

    for header in ("Inbjudna", "Kommer", "Närvarade", "Inställt"):
        box = page.locator("#result_list thead th", has_text=header).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280, header
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert_no_serious_violations(page)


def test_the_outbox_shows_a_bounced_e_mail_and_retries_it(coordinator_page, live_server):
    from notifications.models import Notification

    page = coordinator_page
    page.set_viewport_size({"width": 1280, "height": 900})
    bounced = Notification.objects.create(
        key="decision:1:accepted", to="greta@example.org", template="decision_accepted",
        subject="Välkommen", program=page.round.program, status="failed", attempts=1,
        last_error="550 5.1.1 <greta@example.org>: mailbox unavailable",
    )  # fmt: skip
    page.goto(f"{live_server.url}/admin/notifications/notification/")
    assert page.get_by_text("550 5.1.1").first.is_visible()
    # What a coordinator scans for is in view, not past the edge of the list's box.
    results = page.locator("#changelist .results").bounding_box()
    boxes = {
        "status": page.locator("#result_list thead th", has_text="Status").bounding_box(),
        "recipient": page.locator("#result_list thead th", has_text="Mottagare").bounding_box(),
        "error": page.get_by_text("550 5.1.1").first.bounding_box(),
    }
    for what, box in boxes.items():
        assert box["x"] + box["width"] <= results["x"] + results["width"], what
    assert_no_serious_violations(page)

    page.check(f"input[name=_selected_action][value='{bounced.pk}']")
    page.select_option("select[name=action]", "retry_failed")
    page.click("button[name=index]")
    page.wait_for_load_state()

    bounced.refresh_from_db()
    assert bounced.status in ("pending", "sending", "sent")
