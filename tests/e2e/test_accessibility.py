"""axe-core on the public, applicant and dashboard pages, in Swedish and English.

Public pages are in PAGES; pages behind a sign-in or a signed link are in SIGNED_IN_PAGES, each
naming who is signed in and how its path is made from the `axe_world` data. Add pages as they appear.
"""

import os
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import sign_in_path
from communication import events
from communication.models import Event, Invitation
from matching.services import response_token
from pairs import services as pair_services
from programs import timeline
from tests.e2e.axe import axe_violations, describe
from tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    PairFactory,
    ProgramFactory,
    ProgramMembershipFactory,
    RoundFactory,
    StaffFactory,
    UserFactory,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e


@pytest.fixture
def axe_browser(browser):
    """The session's Chromium (tests/e2e/conftest.py)."""
    return browser


@pytest.fixture
def axe_page(axe_browser):
    """A page whose context ignores CSP, so axe-core can be injected as an inline script."""
    context = axe_browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_round(transactional_db):
    program = ProgramFactory(slug="omvant", name="Omvänt mentorskap")
    return RoundFactory(program=program, slug="hosten", name="Hösten")


PAGES = [
    ("programs:home", {}),
    ("programs:program", {"slug": "omvant"}),
    ("programs:round", {"slug": "hosten"}),
    ("accounts:login", {}),
    ("privacy:notice", {"slug": "omvant"}),
]


LANGUAGES = ("sv", "en")


def problems_in_both_languages(page, live_server, visit) -> list[str]:
    """For Swedish then English: `visit(page)` opens the page; what axe-core finds serious or critical."""
    problems = []
    for language in LANGUAGES:
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        visit(page)
        actual = page.locator("html").get_attribute("lang")
        if actual != language:
            problems.append(f"{page.url}: <html lang={actual!r}>, expected {language!r}")
        violations = axe_violations(page)
        if violations:
            problems.append(f"{page.url} ({language}):\n{describe(violations)}")
    return problems


def assert_all_accessible(page, live_server, visits: list[tuple[str, object]]) -> None:
    """Check every (name, visit) in both languages; report every problem of every page together.

    One test per signed-in person rather than per page: a test costs a database flush, which is
    slow on PostgreSQL, and the e2e folder must stay quick.
    """
    problems = []
    for name, visit in visits:
        try:
            problems += [
                f"[{name}] {problem}" for problem in problems_in_both_languages(page, live_server, visit)
            ]
        except AssertionError as error:
            problems.append(f"[{name}] {error}")
    assert not problems, "accessibility problems:\n" + "\n".join(problems)


def _open(live_server, path: str):
    def visit(page):
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{path}: {response.status}"

    return visit


def _link_sent(live_server):
    def visit(page):
        page.goto(live_server.url + reverse("accounts:login"))
        page.locator("main input[name=email]").fill("someone@example.org")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.url.endswith(reverse("accounts:login"))
        assert page.locator("main form input[name=email]").count() == 0, "not the link-sent page"

    return visit


def test_public_pages_have_no_serious_accessibility_violations(live_server, axe_page, axe_round):
    visits = [(name, _open(live_server, reverse(name, kwargs=kwargs))) for name, kwargs in PAGES]
    visits.append(("link-sent", _link_sent(live_server)))

    assert_all_accessible(axe_page, live_server, visits)


@pytest.fixture
def axe_world(axe_round):
    """An applicant with an application in the open round, a proposed pair there, and an active pair
    (the applicant is its mentee) with a meeting in a running round; a lead of the program."""
    program = axe_round.program
    applicant = UserFactory(email="sofia@example.org", full_name="Sofia Exempel")
    application = ApplicationFactory(round=axe_round, applicant=applicant, email=applicant.email)
    proposed = PairFactory(
        round=axe_round,
        state="proposed",
        mentor_confirmed_at=None,
        mentee_confirmed_at=None,
        started_at=None,
        mentor_application__round=axe_round,
        mentee_application__round=axe_round,
    )
    running = RoundFactory(program=program, slug="varen", name="Våren", running=True)
    active = PairFactory(
        round=running,
        mentor_application__round=running,
        mentor_application__full_name="Maja Mentorsson",
        mentee_application__round=running,
        mentee_application__applicant=applicant,
        mentee_application__full_name="Sofia Exempel",
    )
    MeetingFactory(pair=active)
    earlier = RoundFactory(program=program, slug="hosten-forra", name="Förra hösten", completed=True)
    PairFactory(  # a second pair: "My pairs" is a list
        round=earlier,
        state="completed",
        mentor_application__round=earlier,
        mentee_application__round=earlier,
        mentee_application__applicant=applicant,
    )
    half_confirmed = PairFactory(  # the mentee said yes: the confirmation page links to the pair page
        round=axe_round,
        state="proposed",
        mentor_confirmed_at=None,
        started_at=None,
        mentor_application__round=axe_round,
        mentee_application__round=axe_round,
    )
    lead = StaffFactory(email="lead@example.org")
    ProgramMembershipFactory(program=program, user=lead, kind="lead")
    starts = timezone.now() + timedelta(days=10)
    event = Event.objects.create(
        round=running, kind="workshop", title_sv="Workshop", title_en="Workshop", starts_at=starts,
        ends_at=starts + timedelta(hours=2), place="Storgatan 1", video_link="https://video.example.org/w",
    )  # fmt: skip
    invitation = Invitation.objects.create(event=event, application=active.mentee_application)
    return {
        "invitation": invitation,
        "applicant": applicant,
        "application": application,
        "proposed": proposed,
        "half_confirmed": half_confirmed,
        "running": running,
        "active": active,
        "lead": lead,
        "program": program,
    }


def _path(name, *args):
    return lambda world: reverse(name, args=[arg(world) if callable(arg) else arg for arg in args])


def _application(world):
    return world["application"].pk


def _rsvp(world):
    return events.rsvp_token(world["invitation"])


def _active(world):
    return world["active"].pk


SIGNED_IN_PAGES = [
    # (id, who is signed in (None: nobody, the page is opened from a signed link), path)
    ("sign-in-link-confirm", None, lambda w: sign_in_path(w["applicant"])),
    ("my-applications", "applicant", _path("applications:mine")),
    ("application-form", "applicant", _path("applications:edit", _application)),
    ("application-detail", "applicant", _path("applications:detail", _application)),
    ("withdraw-confirm", "applicant", _path("applications:withdraw", _application)),
    ("my-data", "applicant", _path("privacy:my_data")),
    (
        "matching-confirm",
        None,
        lambda w: reverse(
            "matching:respond", args=[w["proposed"].pk, response_token(w["proposed"], "mentee")]
        ),
    ),
    (
        "meeting-log-link",
        None,
        lambda w: reverse(
            "pairs:log_meeting", args=[_active(w), pair_services.meeting_token(w["active"], "mentee")]
        ),
    ),
    (
        "survey",
        None,
        lambda w: reverse(
            "pairs:survey",
            args=[
                _active(w),
                pair_services.survey_token(
                    w["active"], "mentee", timeline.current_survey(w["active"].round, timezone.now())
                ),
            ],
        ),
    ),
    (
        "matching-confirmed",
        None,
        lambda w: reverse(
            "matching:respond", args=[w["half_confirmed"].pk, response_token(w["half_confirmed"], "mentee")]
        ),
    ),
    ("pair-page", "applicant", _path("pairs:pair", _active)),
    ("my-pairs", "applicant", _path("pairs:mine")),
    ("meeting-add", "applicant", _path("pairs:meeting_add", _active)),
    ("staff-home", "lead", _path("pairs:staff_home")),
    ("round-dashboard", "lead", _path("pairs:round_dashboard", "varen")),
    ("round-report", "lead", _path("pairs:round_report", "varen")),
    ("program-overview", "lead", _path("pairs:program_overview", "omvant")),
    ("round-answers", "lead", _path("pairs:round_answers", "varen")),
    ("sponsor-report", "lead", _path("reports:sponsor", "omvant")),
    ("share-report", "lead", _path("reports:share", "omvant")),
    ("my-events", "applicant", _path("communication:my_events")),
    (
        "event-answer",
        None,
        lambda w: reverse("communication:rsvp", args=[events.rsvp_token(w["invitation"])]),
    ),
]


def _sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "domain": urlparse(live_server.url).hostname,
                "path": "/",
            }
        ]
    )


def _form_with_errors(live_server, world):
    edit = reverse("applications:edit", args=[world["application"].pk])

    def visit(page):
        page.goto(live_server.url + edit)
        page.locator("[name=motivation]").fill("")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        assert page.locator(".invalid-feedback").first.is_visible(), "the form shows no errors"

    return visit


def _meeting_logged_twice(live_server, world):
    """The thank-you page after logging, by link, a meeting the partner had already logged."""
    pair = world["active"]
    path = reverse("pairs:log_meeting", args=[pair.pk, pair_services.meeting_token(pair, "mentor")])
    already = pair.meetings.get()

    def visit(page):
        page.goto(live_server.url + path)
        page.locator("[name=date]").fill(already.date.isoformat())
        page.locator(f"[name=kind][value={already.kind}]").check()
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("main [role=status]").count() == 1, "not the already-logged thank-you page"

    return visit


@pytest.mark.parametrize("who", ["signed-out", "applicant", "lead"])
def test_applicant_and_dashboard_pages_have_no_serious_accessibility_violations(
    live_server, axe_page, axe_world, who
):
    if who != "signed-out":
        _sign_in(axe_page.context, live_server, axe_world[who])
    visits = [
        (page_id, _open(live_server, make_path(axe_world)))
        for page_id, page_who, make_path in SIGNED_IN_PAGES
        if (page_who or "signed-out") == who
    ]
    if who == "applicant":
        visits.append(("application-form-with-errors", _form_with_errors(live_server, axe_world)))
    if who == "signed-out":
        visits.append(("meeting-logged-twice", _meeting_logged_twice(live_server, axe_world)))

    assert_all_accessible(axe_page, live_server, visits)
