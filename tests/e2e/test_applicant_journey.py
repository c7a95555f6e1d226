"""The journey of issue 3's "Checked by", in headless Chromium against the live server."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.demo import founding_questions
from applications.models import Application, State
from tests.factories import RoundFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "ny.adept@example.org"


def sign_in_link() -> str:
    """The link in the newest sign-in e-mail."""
    message = [m for m in mail.outbox if "inloggningslänk" in m.subject.lower()][-1]
    return re.search(r"(http://\S+/accounts/sign-in/link/\S+)", message.body).group(1)


def ask_for_link(page, live_server, next_url: str) -> None:
    page.goto(f"{live_server.url}{reverse('accounts:login')}?next={next_url}")
    page.get_by_label("Din e-postadress").fill(EMAIL)
    page.get_by_role("button", name="Mejla mig en inloggningslänk").click()
    page.get_by_role("heading", name="Titta i din inkorg").wait_for()


def open_link(page, link: str) -> None:
    page.goto(link)
    page.get_by_role("button", name="Logga in").click()


def test_new_applicant_applies_as_mentee_and_is_refused_after_the_deadline(page, live_server, mailoutbox):
    round_ = RoundFactory()
    founding_questions(round_.program)
    start = reverse("applications:start", kwargs={"slug": round_.slug, "role": "mentee"})

    # Signed out, the apply link asks for an e-mail address first.
    page.goto(live_server.url + start)
    assert "/accounts/sign-in/" in page.url
    page.get_by_label("Din e-postadress").fill(EMAIL)
    page.get_by_role("button", name="Mejla mig en inloggningslänk").click()
    page.get_by_role("heading", name="Titta i din inkorg").wait_for()
    open_link(page, sign_in_link())

    # The link lands on the start page; its button makes the draft.
    page.get_by_role("button", name="Påbörja ansökan").click()
    page.get_by_role("heading", name="Ansökan som Adept").wait_for()
    page.locator("[name=full_name]").fill("Agneta Påhittad")
    page.locator("[name=title]").fill("VD")
    page.locator("[name=motivation]").fill("Jag vill förstå nästa generation.")
    page.get_by_role("button", name="Spara utkast").click()
    page.get_by_text("Ditt utkast är sparat").wait_for()

    # Leave, and come back later through a new link.
    page.locator(f"form[action='{reverse('accounts:logout')}'] button").click()
    ask_for_link(page, live_server, reverse("applications:mine"))
    open_link(page, sign_in_link())
    page.get_by_role("heading", name="Mina ansökningar").wait_for()
    page.get_by_role("link", name="Fortsätt och skicka in").click()
    assert page.locator("[name=motivation]").input_value() == "Jag vill förstå nästa generation."

    # Finish and submit.
    page.locator("[name=organisation_choice]").select_option("other")
    page.locator("[name=organisation_name]").fill("Påhittade Verkstäder AB")
    page.locator("[name=q_years_as_leader]").fill("20")
    page.locator("[name=want_to_learn]").fill("Sociala medier.")
    page.locator("[name=can_offer]").fill("Styrelseerfarenhet.")
    page.get_by_label("Svenska").check()
    page.get_by_label("Båda går bra").check()
    page.get_by_label("Tisdag förmiddag").check()
    page.locator("[name=municipality]").fill("Jönköping")
    page.locator("[name=consent]").check()
    page.get_by_role("button", name="Skicka in ansökan").click()

    page.get_by_text("Din ansökan är inskickad").first.wait_for()
    assert page.get_by_text("Inskickad – under granskning").first.is_visible()
    confirmations = [m for m in mailoutbox if "är inskickad" in m.subject]
    assert len(confirmations) == 1
    assert confirmations[0].to == [EMAIL]

    # The edit page is left open; then the deadline passes.
    application = Application.objects.get(email=EMAIL)
    page.goto(live_server.url + reverse("applications:edit", kwargs={"pk": application.pk}))
    round_.mentee_deadline = timezone.now() - timedelta(seconds=1)
    round_.save()
    page.locator("[name=motivation]").fill("Ändrat för sent")
    page.get_by_role("button", name="Spara ändringar").click()

    page.get_by_text("Sista ansökningsdag har passerat").first.wait_for()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.motivation == "Jag vill förstå nästa generation."
    assert len([m for m in mailoutbox if "är inskickad" in m.subject]) == 1


def test_login_as_helper_signs_a_user_in(page, login_as, applicant):
    login_as(page, applicant, next=reverse("applications:mine"))

    page.get_by_role("heading", name="Mina ansökningar").wait_for()
    assert page.url.endswith(reverse("applications:mine"))
