"""The survey on a 390 px phone: the program's own question in the mentee's words, answered by
tapping, no sideways scrolling, no serious accessibility violation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pairs import services
from programs import timeline
from programs.models import SurveyQuestion
from tests.e2e.axe import axe_violations
from tests.factories import PairFactory, RoundFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page; CSP bypassed so axe-core may be injected (the site's own CSP blocks it)."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844}, bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_mentee_answers_the_programs_survey_on_a_phone(page, live_server, transactional_db):
    round_ = RoundFactory(anchor=timezone.now().replace(microsecond=0) - timedelta(days=130))
    pair = PairFactory(round=round_)
    SurveyQuestion.objects.create(
        program=round_.program,
        key="visit",
        kind="scale",
        label_sv="Hur givande var besöket hos din adept? (1–5)",
        label_en="How rewarding was the visit to your mentee? (1–5)",
        mentee_label_sv="Hur givande var besöket hos din mentor? (1–5)",
        mentee_label_en="How rewarding was the visit to your mentor? (1–5)",
        required=True,
        order=35,
    )
    survey = timeline.current_survey(round_, timezone.now())
    assert survey is not None
    page.goto(live_server.url + "/" + services.survey_link(pair, "mentee", survey).split("/", 3)[3])

    assert page.get_by_text("Hur givande var besöket hos din mentor? (1–5)").is_visible()
    assert page.get_by_text("besöket hos din adept").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    for name, value in (
        ("q_satisfaction", "4"),
        ("q_changed_perspective", "3"),
        ("q_recommend", "9"),
        ("q_visit", "5"),
    ):
        page.locator(f"input[name={name}][value='{value}']").check()
    page.get_by_role("button", name="Skicka mina svar").click()

    assert pair.survey_responses.get(role="mentee").answers.get(question__key="visit").number == 5
