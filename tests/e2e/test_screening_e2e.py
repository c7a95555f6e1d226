"""The screening workbench as a coordinator uses it, in headless Chromium."""

import os

import pytest
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from applications.models import Application, State  # noqa: E402
from tests.factories import ApplicationFactory, ProgramMembershipFactory, StaffFactory  # noqa: E402

pytestmark = pytest.mark.e2e


@pytest.fixture
def screening_page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "demo1234")
    page.click("input[type=submit]")


def score(page, values):
    for key, value in zip(("motivation", "fit", "availability"), values, strict=True):
        page.check(f"input[name=review-score_{key}][value='{value}']")
    page.click("input[name=_review_next]")
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_coordinator_scores_decides_and_releases_once(screening_page, live_server, round_, mailoutbox):
    page = screening_page
    coordinator = StaffFactory(email="coordinator@example.org")
    ProgramMembershipFactory(program=round_.program, user=coordinator)
    mentees = [ApplicationFactory(round=round_, full_name=f"Adept {n}") for n in range(3)]
    ApplicationFactory(round=round_, role="mentor", full_name="Mentor Ett")
    log_in(page, live_server, "coordinator@example.org")

    page.goto(
        f"{live_server.url}/admin/applications/application/"
        f"?round__id__exact={round_.pk}&role__exact=mentee&needs_my_review=1"
    )
    assert "Mentor Ett" not in page.content()
    expect(page.get_by_role("link", name="Släpp beslut…")).to_be_visible()
    page.click("#result_list tbody tr:first-child th a")
    for values in ((5, 4, 4), (4, 4, 3), (2, 2, 3)):
        score(page, values)
    expect(page.locator(".messagelist")).to_contain_text("inga fler ansökningar att granska")

    first, second, third = (Application.objects.get(pk=a.pk) for a in mentees)
    for application, button in (
        (first, "_decide_accepted"),
        (second, "_decide_accepted"),
        (third, "_decide_rejected"),
    ):
        page.goto(f"{live_server.url}/admin/applications/application/{application.pk}/change/")
        page.click(f"input[name={button}]")
        page.wait_for_load_state()
    assert Application.objects.filter(state=State.ACCEPTED).count() == 2

    release = f"{live_server.url}/admin/applications/application/release/{round_.pk}/"
    page.goto(release)
    page.click("input[name=confirm]")
    page.wait_for_load_state()
    assert Application.objects.filter(decision_released_at__isnull=False).count() == 3
    assert len(mailoutbox) == 3
    page.goto(release)
    assert page.locator("input[name=confirm]").count() == 0
    assert len(mailoutbox) == 3


@pytest.mark.django_db(transaction=True)
def test_other_programs_coordinator_sees_none_of_it(screening_page, live_server, round_, other_coordinator):
    application = ApplicationFactory(round=round_, full_name="Greta Hemlig")
    log_in(screening_page, live_server, other_coordinator.email)
    screening_page.goto(f"{live_server.url}/admin/applications/application/")
    assert "Greta Hemlig" not in screening_page.content()
    response = screening_page.goto(
        f"{live_server.url}/admin/applications/application/{application.pk}/change/"
    )
    assert response.status == 404


@pytest.mark.django_db(transaction=True)
def test_the_screening_list_shows_its_score_columns_at_1280_px(screening_page, live_server, round_):
    from tests.factories import ReviewFactory, TopicFactory

    coordinator = StaffFactory(email="coordinator@example.org")
    ProgramMembershipFactory(program=round_.program, user=coordinator, kind="coordinator")
    TopicFactory.create_batch(6, program=round_.program)
    for name in ("Alexandra Bergström-Lindqvist", "Fredrika Johansson Wahlberg"):
        application = ApplicationFactory(
            round=round_, full_name=name, organisation_name="Sydsvenska Industri- och Handelskammaren"
        )
        ReviewFactory(application=application, reviewer=coordinator, total=4)
        ReviewFactory(application=application, total=2)
    page = screening_page
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/admin/applications/application/")

    # Inside the list's own box (it scrolls sideways), not just inside the window.
    visible = page.locator("#changelist .results").bounding_box()
    for header in ("Bedömningar", "Mitt betyg", "Medel ± spridning"):
        box = page.locator("#result_list thead th", has_text=header).bounding_box()
        assert box is not None and box["x"] + box["width"] <= visible["x"] + visible["width"] + 0.5, header
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
