"""Matching as the demo coordinator does it, in headless Chromium: run, forbid, lock, run again, publish,
and both sides of one pair confirm through the links in their introduction e-mails."""

import io
import os
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from applications import demo as applications_demo  # noqa: E402
from applications.models import DECISIONS, Application  # noqa: E402
from matching.models import MatchRun, Pair, PairConstraint  # noqa: E402
from programs import demo as programs_demo  # noqa: E402
from programs.models import Round  # noqa: E402

pytestmark = pytest.mark.e2e

LINK = re.compile(r"https?://\S+/matching/pairs/\d+/[^\s/]+/")


@pytest.fixture
def demo_round(db):
    """The real demo data: the open round with its accepted applications."""
    programs_demo.seed(io.StringIO())
    applications_demo.seed(io.StringIO())
    return Round.objects.get(slug="hosten-2026")


@pytest.fixture
def coordinator_page(browser):
    context = browser.new_context(locale="sv-SE")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def log_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "demo1234")
    page.click("input[type=submit]")
    page.wait_for_load_state()


def run_matching(page) -> MatchRun:
    page.click(".matching-run-form input[type=submit]")
    page.wait_for_url(re.compile(r"/run/$"))
    run = MatchRun.objects.latest("pk")
    assert run.status == MatchRun.Status.DRAFT, run.error
    return run


def constrain(page, pair: Pair, kind: str) -> None:
    form = page.locator(f"form:has(input[name=kind][value={kind}]):has(input[name=pair][value='{pair.pk}'])")
    form.locator("button").click()
    page.wait_for_load_state()
    expect(page.locator(".messagelist")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_coordinator_matches_steers_publishes_and_a_pair_confirms(
    coordinator_page, live_server, demo_round, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    page = coordinator_page
    log_in(page, live_server, "coordinator@example.org")

    # Run matching for the demo's open round.
    page.goto(live_server.url + reverse("admin:matching_round", args=[demo_round.pk]))
    first = run_matching(page)
    proposed = list(first.pairs.order_by("-score", "pk"))
    assert len(proposed) >= 2, "the demo's open round must give at least two pairs"
    expect(page.locator("#pairs tbody tr")).to_have_count(len(proposed))

    # Forbid one proposed pair and lock another.
    forbidden, locked = proposed[0], proposed[1]
    constrain(page, forbidden, "forbid")
    constrain(page, locked, "lock")
    assert set(PairConstraint.objects.values_list("kind", flat=True)) == {"forbid", "lock"}
    expect(page.locator("#constraints tbody tr")).to_have_count(2)

    # Run again and see what changed.
    second = run_matching(page)
    pairs = {(p.mentor_application_id, p.mentee_application_id): p for p in second.pairs.all()}
    assert (forbidden.mentor_application_id, forbidden.mentee_application_id) not in pairs
    kept = pairs[(locked.mentor_application_id, locked.mentee_application_id)]
    assert kept.breakdown["locked"] is True
    changes = page.locator(".module", has=page.locator("h2", has_text=f"#{first.pk}"))
    expect(changes).to_be_visible()
    expect(changes).to_contain_text(forbidden.mentor_application.full_name)
    expect(changes).to_contain_text(forbidden.mentee_application.full_name)

    # Publishing is refused while the round is open and its decisions are not released.
    page.click("#publish-link")
    expect(page.locator("#publish-refused")).to_be_visible()
    expect(page.locator("input[name=confirm]")).to_have_count(0)
    # The deadline passes and the coordinator releases the decisions (the e-mails are not this test's).
    past = timezone.now() - timedelta(minutes=1)
    Round.objects.filter(pk=demo_round.pk).update(mentor_deadline=past, mentee_deadline=past)
    Application.objects.filter(round=demo_round, state__in=DECISIONS).update(
        notified_state=F("state"), decision_released_at=past
    )

    # Publish after the confirmation: one introduction per person and pair, none for anybody else.
    page.reload()
    expect(page.locator("#content-main")).to_contain_text(f"{2 * second.pairs.count()} presentationsmejl")
    page.click("input[name=confirm]")
    page.wait_for_load_state()
    expect(page.locator(".messagelist")).to_be_visible()
    published = list(second.pairs.select_related("mentor_application", "mentee_application"))
    assert {p.state for p in published} == {Pair.State.PROPOSED}
    wanted = Counter()
    for pair in published:
        wanted[pair.mentor_application.email] += 1
        wanted[pair.mentee_application.email] += 1
    assert Counter(mail.to[0] for mail in mailoutbox) == wanted
    assert page.locator("#publish-link").count() == 0  # nothing left to publish

    # Both sides of one pair confirm through the links in their own e-mails.
    pair = published[0]
    for application in (pair.mentor_application, pair.mentee_application):
        [mail] = [m for m in mailoutbox if m.to == [application.email] and f"/pairs/{pair.pk}/" in m.body]
        link = LINK.search(mail.body).group(0)
        page.goto(link)
        expect(page.locator("h1")).to_be_visible()
        page.locator("form[action*='/confirm/'] button").click()
        page.wait_for_load_state()
    pair.refresh_from_db()
    assert pair.state == Pair.State.CONFIRMED
    assert pair.mentor_confirmed_at and pair.mentee_confirmed_at
    expect(page.locator(".alert-success").last).to_be_visible()
    # Confirming sends no further introductions: only the two welcome e-mails of the confirmed pair.
    welcomes = mailoutbox[sum(wanted.values()) :]
    assert sorted(m.to[0] for m in welcomes) == sorted(
        [pair.mentor_application.email, pair.mentee_application.email]
    )
    assert all(m.subject.startswith("Välkommen") for m in welcomes)
