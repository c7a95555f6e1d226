"""A whole round with real clicks in Chromium: set up, apply, screen, match, confirm, meet, follow up.

Between stages the test moves the round's dates in the database (`pass_the_clock`): that is time
passing, not a shortcut through the interface. Everything else is done in the browser, as the
coordinator, the four applicants and the lead would do it; e-mailed links are read from the outbox.
"""

import os
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from applications.demo import founding_questions
from applications.models import Application, State
from matching.models import MatchRun, Pair
from pairs.models import Meeting
from programs.models import Round
from tests.factories import ProgramFactory, ProgramMembershipFactory, StaffFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STAFF_APPS = ["programs", "applications", "matching", "pairs"]
MENTORS = [("mentor.ett@example.org", "Maja Mentorsson"), ("mentor.tva@example.org", "Nora Nyberg")]
MENTEES = [("adept.ett@example.org", "Anders Adeptsson"), ("adept.tva@example.org", "Bertil Bengtsson")]


def _last_link(to: str, pattern: str) -> str:
    """The newest link matching `pattern` in an e-mail sent to `to`."""
    for message in reversed(mail.outbox):
        if to in message.to:
            found = re.search(rf"(http://\S+{pattern}\S*)", message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no e-mail to {to} with a link like {pattern}")


def _admin_login(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "demo1234")
    page.click("input[type=submit]")
    page.wait_for_load_state()


def _fill_split_datetime(page, name: str, when) -> None:
    local = timezone.localtime(when)
    page.fill(f"input[name={name}_0]", local.strftime("%Y-%m-%d"))
    page.fill(f"input[name={name}_1]", local.strftime("%H:%M:%S"))


def pass_the_clock(round_: Round, **dates) -> None:
    """Time passes: set the round's dates as the calendar would have reached them (not via the UI)."""
    Round.objects.filter(pk=round_.pk).update(**dates)


def apply(page, live_server, round_slug: str, role: str, email: str, name: str, heading: str) -> None:
    """Signed out: ask for a link, open it from the e-mail, fill the form and submit."""
    page.goto(live_server.url + reverse("applications:start", kwargs={"slug": round_slug, "role": role}))
    page.get_by_label("Din e-postadress").fill(email)
    page.get_by_role("button", name="Mejla mig en inloggningslänk").click()
    page.get_by_role("heading", name="Titta i din inkorg").wait_for()
    page.goto(_last_link(email, "/accounts/sign-in/link/"))
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("button", name="Påbörja ansökan").click()  # starting is a POST
    page.get_by_role("heading", name=heading).wait_for()
    page.locator("[name=full_name]").fill(name)
    page.locator("[name=title]").fill("VD" if role == "mentee" else "Projektledare")
    page.locator("[name=organisation_choice]").select_option("other")
    page.locator("[name=organisation_name]").fill(f"{name.split()[1]} AB")
    if role == "mentee":
        page.locator("[name=q_years_as_leader]").fill("15")
    page.locator("[name=motivation]").fill("Jag vill lära mig och lära ut.")
    page.locator("[name=want_to_learn]").fill("Ledarskap i en ny tid.")
    page.locator("[name=can_offer]").fill("Erfarenhet och nyfikenhet.")
    page.get_by_label("Svenska").check()
    page.get_by_label("Båda går bra").check()
    page.get_by_label("Tisdag förmiddag").check()
    page.locator("[name=municipality]").fill("Jönköping")
    page.locator("[name=consent]").check()
    page.get_by_role("button", name="Skicka in ansökan").click()
    page.get_by_text("Din ansökan är inskickad").first.wait_for()


def test_a_whole_round_from_setup_to_the_leads_dashboard(browser, live_server, settings, mailoutbox):
    settings.SITE_URL = live_server.url
    program = ProgramFactory(slug="omvant", name="Omvänt mentorskap", is_reverse=True)
    founding_questions(program)
    coordinator = StaffFactory(email="coordinator@example.org")
    coordinator.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=STAFF_APPS, codename__regex=r"^(view|add|change)_"
        )
    )
    ProgramMembershipFactory(program=program, user=coordinator)
    lead = StaffFactory(email="lead@example.org")
    ProgramMembershipFactory(program=program, user=lead, kind="lead")
    contexts = []

    def new_page():
        context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    try:
        # 1. The coordinator creates the round in the admin, with its timeline, open from yesterday.
        staff = new_page()
        _admin_login(staff, live_server, coordinator.email)
        staff.goto(f"{live_server.url}{reverse('admin:programs_round_add')}")
        staff.locator("select[name=program]").select_option(str(program.pk))
        staff.fill("input[name=name]", "Våren 2027")
        staff.press("input[name=name]", "Tab")  # the admin's script prepopulates the slug
        staff.fill("input[name=slug]", "varen-2027")
        staff.check("input[name=is_published]")
        now = timezone.now()
        timeline = {
            "applications_open": now - timedelta(days=1),
            "mentor_deadline": now + timedelta(days=7),
            "mentee_deadline": now + timedelta(days=7),
            "screening_ends": now + timedelta(days=14),
            "pairs_announced": now + timedelta(days=21),
            "confirm_by": now + timedelta(days=28),
            "kickoff": now + timedelta(days=35),
            "midpoint": now + timedelta(days=120),
            "ends": now + timedelta(days=240),
            "follow_up": now + timedelta(days=300),
        }
        for name, when in timeline.items():
            _fill_split_datetime(staff, name, when)
        staff.fill("input[name=capacity]", "2")
        staff.click("input[name=_save]")
        expect(staff.locator(".messagelist .success")).to_be_visible()
        round_ = Round.objects.get(slug="varen-2027")
        assert round_.program == program and round_.is_published
        assert round_.is_open_for("mentor") and round_.is_open_for("mentee")

        # 2. Two mentors and two mentees apply, each signed in by the e-mailed link.
        for role, people, heading in (
            ("mentor", MENTORS, "Ansökan som Mentor"),
            ("mentee", MENTEES, "Ansökan som Adept"),
        ):
            for email, name in people:
                apply(new_page(), live_server, round_.slug, role, email, name, heading)
        assert Application.objects.filter(round=round_, state=State.SUBMITTED).count() == 4

        # The deadlines pass (clock): the round is in screening.
        now = timezone.now()
        pass_the_clock(
            round_, mentor_deadline=now - timedelta(minutes=5), mentee_deadline=now - timedelta(minutes=5)
        )

        # 3. Screening in the admin workbench: review each application, accept all four, release.
        staff.goto(
            f"{live_server.url}{reverse('admin:applications_application_changelist')}"
            f"?round__id__exact={round_.pk}&needs_my_review=1"
        )
        staff.click("#result_list tbody tr:first-child th a")
        for _ in range(4):
            for key in ("motivation", "fit", "availability"):
                staff.check(f"input[name=review-score_{key}][value='4']")
            staff.click("input[name=_review_next]")
            staff.wait_for_load_state()
        expect(staff.locator(".messagelist")).to_contain_text("inga fler ansökningar att granska")
        changelist = reverse("admin:applications_application_changelist")
        staff.goto(f"{live_server.url}{changelist}?round__id__exact={round_.pk}")
        staff.check("#action-toggle")  # all four, accepted with the list's action (pending until released)
        staff.select_option("select[name=action]", "accept_selected")
        staff.click("button[name=index]")
        expect(staff.locator(".messagelist li").first).to_contain_text("4")  # "4 decisions recorded …"
        assert Application.objects.filter(round=round_, state=State.ACCEPTED).count() == 4
        staff.click(f"a[href='{reverse('admin:applications_application_release_rounds')}']")
        staff.click(f"a[href*='/release/{round_.pk}/']")
        sent_before = len(mail.outbox)
        staff.click("input[name=confirm]")
        staff.wait_for_load_state()
        assert Application.objects.filter(round=round_, decision_released_at__isnull=True).count() == 0
        decision_mails = mail.outbox[sent_before:]
        assert sorted(m.to[0] for m in decision_mails) == sorted(email for email, _ in MENTORS + MENTEES)

        # Screening ends (clock): time to match.
        now = timezone.now()
        pass_the_clock(round_, screening_ends=now - timedelta(minutes=1))

        # 4. Matching in the admin: run it (the task runs eagerly), then publish the draft.
        staff.goto(f"{live_server.url}{reverse('admin:matching_rounds')}")
        staff.click(f"a[href='{reverse('admin:matching_round', args=[round_.pk])}']")
        staff.click("form.matching-run-form input[type=submit]")
        staff.wait_for_load_state()
        run = MatchRun.objects.get(round=round_)
        assert run.status == MatchRun.Status.DRAFT and run.pairs.count() == 2
        staff.click("#publish-link")
        expect(staff.locator("#content-main")).to_contain_text("4 presentationsmejl")
        staff.click("input[name=confirm]")
        expect(staff.locator(".messagelist .success")).to_be_visible()
        assert Pair.objects.filter(round=round_, state=Pair.State.PROPOSED).count() == 2

        # 5. Both sides of both pairs confirm from the introduction e-mail.
        person = new_page()
        for email, _name in MENTORS + MENTEES:
            person.goto(_last_link(email, "/matching/pairs/"))
            person.get_by_role("button", name="Ja, jag bekräftar paret").click()
            person.wait_for_load_state()
        assert Pair.objects.filter(round=round_, state=Pair.State.CONFIRMED).count() == 2

        # The round starts (clock): pairs meet.
        now = timezone.now()
        pass_the_clock(
            round_,
            pairs_announced=now - timedelta(minutes=3),
            confirm_by=now - timedelta(minutes=2),
            kickoff=now - timedelta(minutes=1),
        )

        # 6. A mentee logs a meeting from the pair page (signed in by a new link).
        mentee_email = MENTEES[0][0]
        pair = Pair.objects.get(round=round_, mentee_application__email=mentee_email)
        mentee = new_page()
        pair_path = reverse("pairs:pair", args=[pair.pk])
        mentee.goto(f"{live_server.url}{reverse('accounts:login')}?next={pair_path}")
        mentee.get_by_label("Din e-postadress").fill(mentee_email)
        mentee.get_by_role("button", name="Mejla mig en inloggningslänk").click()
        mentee.get_by_role("heading", name="Titta i din inkorg").wait_for()
        mentee.goto(_last_link(mentee_email, "/accounts/sign-in/link/"))
        mentee.get_by_role("button", name="Logga in").click()
        mentee.get_by_role("link", name="Logga ett möte").click()
        mentee.locator("input[name=kind]").first.check()
        mentee.locator("input[name=duration_minutes]").fill("60")
        mentee.locator("input[name=pulse][value='5']").check()
        mentee.locator("main form button[type=submit]").click()
        mentee.wait_for_load_state()
        assert mentee.url.endswith(pair_path)
        assert Meeting.objects.filter(pair=pair, pulse=5, duration_minutes=60).count() == 1

        # 7. The lead's dashboard shows both pairs.
        lead_page = new_page()
        _admin_login(lead_page, live_server, lead.email)
        lead_page.goto(f"{live_server.url}{reverse('pairs:round_dashboard', args=[round_.slug])}")
        rows = lead_page.locator("table.pairs-table tbody tr")
        expect(rows).to_have_count(2)
        table = lead_page.locator("table.pairs-table").inner_text()
        for name in [name for _email, name in MENTORS + MENTEES]:
            assert name in table
    finally:
        for context in contexts:
            context.close()
