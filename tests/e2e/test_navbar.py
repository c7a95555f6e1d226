"""The menu is one row where it opens out, and a menu button where it would not fit (Swedish labels)."""

import pytest

from tests.e2e.test_pairs import sign_in
from tests.factories import ApplicationFactory, PairFactory, RoundFactory, StaffFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    """An applicant and a staff member, each the mentee of a pair (the menu's longest: "Mitt par")."""
    round_ = RoundFactory()
    staff = StaffFactory()
    applicant = PairFactory(round=round_).mentee_application.applicant
    PairFactory(
        round=round_, mentee_application=ApplicationFactory(round=round_, accepted=True, applicant=staff)
    )
    return {"applicant": applicant, "staff": staff}


@pytest.mark.parametrize(
    "who, width, opened_out",
    [
        ("applicant", 768, False),
        ("applicant", 1024, True),
        ("staff", 1024, False),
        ("staff", 1280, True),
    ],
)
def test_the_menu_fits_on_one_row_or_folds(live_server, browser, people, who, width, opened_out):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 700})
    sign_in(context, live_server, people[who])
    page = context.new_page()
    page.goto(f"{live_server.url}/applications/mine/")
    page.screenshot(
        path=f"/tmp/navbar-{who}-{width}.png", clip={"x": 0, "y": 0, "width": width, "height": 120}
    )

    assert page.locator(".navbar-toggler").is_visible() is not opened_out
    if opened_out:
        assert page.get_by_role("link", name="Mitt par").is_visible()
        heights = page.eval_on_selector_all(
            ".navbar .nav-link, #language-select",
            "els => els.map(e => Math.round(e.getBoundingClientRect().height))",
        )
        assert max(heights) <= 40, heights  # no label broken over two lines
        assert page.locator("#language-select").bounding_box()["width"] >= 90  # "Svenska" readable
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
