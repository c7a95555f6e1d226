"""The matching run page with the program's own questions in the breakdown fits 1280 px."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from matching import services  # noqa: E402
from tests.factories import (  # noqa: E402
    ApplicationFactory,
    ProgramMembershipFactory,
    StaffFactory,
    choice_question,
)

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_the_run_page_with_question_columns_fits_1280_px(browser, live_server, round_):
    coordinator = StaffFactory(email="coordinator@example.org")
    ProgramMembershipFactory(program=round_.program, user=coordinator, kind="coordinator")
    for key, label in [("bransch", "Bransch"), ("storlek", "Företagets storlek"), ("fokus", "Fokusområde")]:
        choice_question(round_.program, key, ["a", "b"], matching="should_differ", label_sv=label)
    for _ in range(2):
        ApplicationFactory(round=round_, mentor=True, accepted=True, answers={"bransch": "a"})
        ApplicationFactory(round=round_, accepted=True, answers={"bransch": "b"})
    run = services.run_matching(round_)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", coordinator.email)
    page.fill("input[name=password]", "demo1234")
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}/admin/matching/matchrun/{run.pk}/run/")

    assert page.locator("#pairs thead th", has_text="Företagets storlek").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()
