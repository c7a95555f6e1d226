"""Who may open what: every URL pattern of the project against every role.

The URL patterns are read from the resolver, so a new URL without a row in EXPECTATIONS
fails `test_every_url_has_an_expectation`, naming it. Our own admin pages (the screening
workbench's release/export pages, the matching run pages, the eligibility import, and the
admin views we override) are URL patterns like any other; Django's stock admin views are not.
To add a row:

    "app:name": Row(404, kwargs=lambda w: {"pk": w.application_a.pk}, anonymous=SIGN_IN, applicant_a=200),

`Row(default, **per_role)`: `default` is the expected answer for every role not named. An
answer is a status code, or SIGN_IN / ADMIN_SIGN_IN for a redirect to the site's or the admin's
sign-in page. `kwargs` builds the URL's arguments from the world below, `query` its query
string; `method="post"` for endpoints that take POST (sent without data). A key may carry a
variant after "#" (`"matching:respond#bad-token"`) to test one URL pattern in several ways.

Each role's request runs in a savepoint that is rolled back, so a POST by one role (confirm,
decline, log out) does not change what the next role sees.
"""

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from sesame.utils import get_query_string

from applications.models import ReviewAssignment
from matching import services as matching_services
from matching.models import MatchRun, Pair, PairConstraint
from notifications.models import EmailTemplate
from pairs import services as pairs_services
from programs import timeline
from reports.pdf import pdf_available
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

ROLES = (
    "anonymous",
    "applicant_a",
    "applicant_b",
    "pair_member",
    "coordinator_x",
    "coordinator_y",
    "lead_x",
    "reviewer_x",
    "superuser",
)
APPLICANTS = ("applicant_a", "applicant_b", "pair_member")
# reviewer_x reviews program X's applications assigned to them (B's, not A's), and nothing else.
STAFF = ("coordinator_x", "coordinator_y", "lead_x", "reviewer_x", "superuser")
PROGRAM_STAFF = ("coordinator_x", "coordinator_y", "lead_x", "superuser")
STAFF_APPS = ["programs", "applications", "matching", "pairs", "notifications", "reminders", "privacy"]

# The PDF needs WeasyPrint's system libraries (Pango); without them the page says so with a 503.
PDF_OK = 200 if pdf_available() else 503

SIGN_IN = "→ sign-in"  # 302 to accounts:login
ADMIN_SIGN_IN = "→ admin sign-in"  # 302 to admin:login


class Row:
    """The expected answer per role for one URL, and how to build the URL."""

    def __init__(
        self,
        default: int | str,
        *,
        kwargs: Callable[[SimpleNamespace], dict] | None = None,
        query: Callable[[SimpleNamespace], str] | None = None,
        method: str = "get",
        key_link: bool = False,
        **per_role: int | str,
    ):
        unknown = set(per_role) - set(ROLES)
        assert not unknown, f"unknown roles {unknown}"
        self.default, self.method, self.per_role = default, method, per_role
        self.key_link = key_link  # the link is the key: it shows its pair to whoever holds it
        self.kwargs = kwargs or (lambda w: {})
        self.query = query or (lambda w: "")

    def status_for(self, role: str) -> int | str:
        return self.per_role.get(role, self.default)


def _email_text(world):
    text, _created = EmailTemplate.objects.get_or_create(
        program=world.program_x,
        kind="decision_accepted",
        language="sv",
        defaults={"subject": "S", "body": "B"},
    )
    return text


def signed_in(default: int | str, **per_role: int | str) -> Row:
    """A page for signed-in people: the anonymous visitor is sent to sign in."""
    return Row(default, anonymous=SIGN_IN, **per_role)


def admin_page(*, kwargs=None, method="get", **staff: int | str) -> Row:
    """An admin page: visitors and applicants are sent to the admin's sign-in; staff as given.

    A reviewer, unless named, is refused (403): they read and score applications, nothing else.
    """
    unknown = set(staff) - set(STAFF)
    assert not unknown, f"not staff roles: {unknown}"
    return Row(ADMIN_SIGN_IN, kwargs=kwargs, method=method, **{"reviewer_x": 403, **staff})


def staff_page(*, kwargs=None, x: int | str = 200, y: int | str = 404) -> Row:
    """A program's staff page (dashboards): staff of its program (x: of X, y: of Y) and superusers."""
    return signed_in(404, kwargs=kwargs, coordinator_x=x, coordinator_y=y, lead_x=x, superuser=200)


def pair_page(*, kwargs, method="get", member: int | str = 200, staff_x: int | str = 200) -> Row:
    """A pair's own page: its members, and the staff of its program; 404 for everyone else."""
    return signed_in(
        404,
        kwargs=kwargs,
        method=method,
        pair_member=member,
        coordinator_x=staff_x,
        lead_x=staff_x,
        superuser=staff_x,
    )


def own_application(*, kwargs, method="get", owner: int | str = 200) -> Row:
    """Applicant A's application: A only; 404 for everyone else, staff too (they use the admin)."""
    return signed_in(404, kwargs=kwargs, method=method, applicant_a=owner)


def signed_link(*, kwargs, method="get", ok: int = 200, refused: int = 403) -> tuple[Row, Row]:
    """A link whose signed token is the key: works for anyone, signed in or not; a bad token is refused."""

    def bad(w):
        good = kwargs(w)
        return {**good, "token": good["token"][:-4] + "AAAA"}

    return (
        Row(ok, kwargs=kwargs, method=method, key_link=True),
        Row(refused, kwargs=bad, method=method, key_link=True),
    )


def _app(w):
    return {"pk": w.application_a.pk}


def _event(w):
    """An event of round X (made on first use)."""
    from communication.models import Event

    starts = timezone.now() + timedelta(days=30)
    return Event.objects.get_or_create(
        round=w.round_x,
        title_sv="Uppstart",
        defaults={
            "title_en": "Kickoff",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "place": "X",
        },
    )[0]


def _pair(w):
    return {"pk": w.pair.pk}


def _run(w):
    return {"run_id": w.run_x.pk}


respond, respond_bad = signed_link(kwargs=lambda w: {"pair_id": w.proposal.pk, "token": w.response_token})
confirm, confirm_bad = signed_link(
    kwargs=lambda w: {"pair_id": w.proposal.pk, "token": w.response_token}, method="post", ok=302
)
decline, decline_bad = signed_link(
    kwargs=lambda w: {"pair_id": w.proposal.pk, "token": w.response_token}, method="post", ok=302
)
log_meeting, log_meeting_bad = signed_link(kwargs=lambda w: {"pk": w.pair.pk, "token": w.meeting_token})
survey, survey_bad = signed_link(kwargs=lambda w: {"pk": w.pair.pk, "token": w.survey_token})

EXPECTATIONS: dict[str, Row] = {
    # mentorship
    "healthz": Row(200),
    "favicon": Row(301),
    # programs (public)
    "programs:home": Row(200),
    "programs:program": Row(200, kwargs=lambda w: {"slug": w.program_x.slug}),
    "programs:round": Row(200, kwargs=lambda w: {"slug": w.round_x.slug}),
    "programs:round#unpublished": Row(404, kwargs=lambda w: {"slug": w.draft_round.slug}),
    # The program's look is public (it is on its public pages); a program without a logo or
    # colour has none to serve.
    "programs:logo": Row(404, kwargs=lambda w: {"slug": w.program_x.slug}),
    "programs:brand_css": Row(404, kwargs=lambda w: {"slug": w.program_x.slug}),
    # An empty form is refused on the page, for everyone alike.
    "programs:round_interest": Row(400, kwargs=lambda w: {"slug": w.round_x.slug}, method="post"),
    # accounts
    "accounts:login": Row(200),
    "accounts:logout": Row(302, method="post"),
    "accounts:logout#get": Row(405),
    "accounts:link": Row(400),  # no token
    "accounts:link#valid": Row(
        200, query=lambda w: w.sign_in_query, key_link=True
    ),  # asks to confirm, for anyone
    "accounts:link#bad-token": Row(400, query=lambda w: "?sesame=not-a-token"),
    # applications (the applicant's own; staff read applications in the admin)
    "applications:mine": signed_in(200),
    # Round X is running: starting sends everyone back to the round page with a message.
    "applications:start": signed_in(302, kwargs=lambda w: {"slug": w.round_x.slug, "role": "mentee"}),
    "applications:start#post": signed_in(
        302, kwargs=lambda w: {"slug": w.round_x.slug, "role": "mentee"}, method="post"
    ),
    "applications:start#unpublished": signed_in(
        404, kwargs=lambda w: {"slug": w.draft_round.slug, "role": "mentee"}
    ),
    "applications:detail": own_application(kwargs=_app),
    "applications:edit": own_application(kwargs=_app),  # read-only after the deadline
    "applications:submit": own_application(kwargs=_app, method="post", owner=403),  # deadline passed
    "applications:withdraw": own_application(kwargs=_app),
    # matching: the confirm/decline links (a proposal of round Y, waiting for answers)
    "matching:respond": respond,
    "matching:respond#bad-token": respond_bad,
    "matching:respond#other-pair": Row(
        403, kwargs=lambda w: {"pair_id": w.pair.pk, "token": w.response_token}, key_link=True
    ),
    "matching:confirm": confirm,
    "matching:confirm#bad-token": confirm_bad,
    "matching:decline": decline,
    "matching:decline#bad-token": decline_bad,
    "matching:confirm#get": Row(405, kwargs=lambda w: {"pair_id": w.proposal.pk, "token": w.response_token}),
    # pairs: staff dashboards (applicants have none: 404)
    "pairs:staff_home": signed_in(200, **dict.fromkeys(APPLICANTS, 404), reviewer_x=404),
    "pairs:round_dashboard": staff_page(kwargs=lambda w: {"slug": w.round_x.slug}),
    "pairs:round_dashboard#y": staff_page(kwargs=lambda w: {"slug": w.round_y.slug}, x=404, y=200),
    "pairs:round_dashboard_csv": staff_page(kwargs=lambda w: {"slug": w.round_x.slug}),
    "pairs:round_report": staff_page(kwargs=lambda w: {"slug": w.round_x.slug}),
    "pairs:round_answers": staff_page(kwargs=lambda w: {"slug": w.round_x.slug}),
    "pairs:round_answers#y": staff_page(kwargs=lambda w: {"slug": w.round_y.slug}, x=404, y=200),
    "pairs:round_answers_csv": staff_page(kwargs=lambda w: {"slug": w.round_x.slug}),
    "pairs:program_overview": staff_page(kwargs=lambda w: {"slug": w.program_x.slug}),
    # reports: the program's staff; a partner's contact person only their own organisation's
    # (tests/reports/test_sponsor_report.py); nobody in this world has a report shared with them
    "reports:mine": signed_in(404),
    "reports:sponsor": staff_page(kwargs=lambda w: {"slug": w.program_x.slug}),
    "reports:share": staff_page(kwargs=lambda w: {"slug": w.program_x.slug}),
    "reports:sponsor_pdf": staff_page(kwargs=lambda w: {"slug": w.program_x.slug}, x=PDF_OK),
    # pairs: the pair's page and its meetings (members act; the program's staff read)
    "pairs:mine": signed_in(200, pair_member=302),
    "pairs:pair": pair_page(kwargs=_pair),
    "pairs:pair#another-pair": pair_page(kwargs=lambda w: {"pk": w.other_pair.pk}, member=404),
    "pairs:agree": pair_page(kwargs=_pair, method="post", member=302, staff_x=404),
    "pairs:meeting_add": pair_page(kwargs=_pair, staff_x=404),
    "pairs:meeting_edit": pair_page(
        kwargs=lambda w: {"pk": w.pair.pk, "meeting_pk": w.meeting.pk}, staff_x=404
    ),
    # another pair's meeting under one's own pair: 404 for everyone
    "pairs:meeting_edit#another-pairs-meeting": pair_page(
        kwargs=lambda w: {"pk": w.pair.pk, "meeting_pk": w.other_meeting.pk}, member=404, staff_x=404
    ),
    "pairs:log_meeting": log_meeting,
    "pairs:log_meeting#bad-token": log_meeting_bad,
    "pairs:log_meeting#other-pair": Row(
        403, kwargs=lambda w: {"pk": w.proposal.pk, "token": w.meeting_token}, key_link=True
    ),
    "pairs:survey": survey,
    "pairs:survey#bad-token": survey_bad,
    "pairs:survey#other-pair": Row(
        403, kwargs=lambda w: {"pk": w.proposal.pk, "token": w.survey_token}, key_link=True
    ),
    # privacy
    "privacy:my_data": signed_in(200),
    "privacy:export": signed_in(200),
    "privacy:delete": signed_in(200, **dict.fromkeys(STAFF, 302)),  # staff are removed by an admin
    "privacy:notice": Row(200, kwargs=lambda w: {"slug": w.program_x.slug}),
    "privacy:retention": admin_page(**dict.fromkeys(PROGRAM_STAFF, 200)),
    # admin: the index, and our own pages and overridden views
    "admin:index": admin_page(**dict.fromkeys(STAFF, 200)),
    "admin:programs_round_eligibility": admin_page(
        kwargs=lambda w: {"object_id": w.round_x.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=200,  # the counts, read only: no import form (a POST is refused)
        superuser=200,
    ),
    # copying a round: the round's own coordinators (and superusers); leads only read rounds
    "admin:programs_round_copy": admin_page(
        kwargs=lambda w: {"object_id": w.round_x.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=403,
        superuser=200,
    ),
    # screening workbench: lists are scoped (Y's coordinator sees Y's rows only)
    # (the reviewer's list holds B only: tests/applications/test_reviewers.py)
    "admin:applications_application_changelist": admin_page(**dict.fromkeys(STAFF, 200)),
    # A is not assigned to the reviewer: as if it did not exist.
    "admin:applications_application_change": admin_page(
        kwargs=lambda w: {"object_id": w.application_a.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=200,
        reviewer_x=404,
        superuser=200,
    ),
    # B is assigned to the reviewer: they read it (and score it on the page) ...
    "admin:applications_application_change#assigned": admin_page(
        kwargs=lambda w: {"object_id": w.application_b.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=200,
        reviewer_x=200,
        superuser=200,
    ),
    # ... but decide nothing: a POST that is not their review is refused (coordinators: back to the page).
    "admin:applications_application_change#decide": admin_page(
        kwargs=lambda w: {"object_id": w.application_b.pk},
        method="post",
        coordinator_x=302,
        coordinator_y=404,
        lead_x=403,
        reviewer_x=403,
        superuser=302,
    ),
    "admin:applications_application_history": admin_page(
        kwargs=lambda w: {"object_id": w.application_a.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=200,
        reviewer_x=404,
        superuser=200,
    ),
    # the audit history is the program staff's, not the reviewer's
    "admin:applications_application_history#assigned": admin_page(
        kwargs=lambda w: {"object_id": w.application_b.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=200,
        reviewer_x=403,
        superuser=200,
    ),
    # assigning reviewers is the round's coordinators'
    "admin:applications_application_assign_reviewers": admin_page(
        kwargs=lambda w: {"round_id": w.round_x.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=403,
        superuser=200,
    ),
    "admin:applications_application_export": admin_page(**dict.fromkeys(PROGRAM_STAFF, 200)),
    # the CSV itself: each sees their programs' rows only (the content check below)
    "admin:applications_application_export#csv": Row(
        ADMIN_SIGN_IN,
        query=lambda w: "?columns=applicant&columns=email",
        **dict.fromkeys(PROGRAM_STAFF, 200),
        reviewer_x=403,  # a reviewer exports nothing
    ),
    # releasing decisions is the coordinators' (a lead only reads: 403)
    "admin:applications_application_release_rounds": admin_page(
        coordinator_x=200, coordinator_y=200, lead_x=403, superuser=200
    ),
    "admin:applications_application_release": admin_page(
        kwargs=lambda w: {"round_id": w.round_x.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=403,
        superuser=200,
    ),
    # matching: the run pages (leads read; only coordinators act: 403; other programs: 404)
    "admin:matching_rounds": admin_page(**dict.fromkeys(PROGRAM_STAFF, 200)),
    # erasure on request: every coordinator of a program erases (only people of their program,
    # see tests/privacy/test_erasure_hooks.py); a lead reads the audit but erases no one
    "admin:privacy_erasurerecord_changelist": admin_page(**dict.fromkeys(PROGRAM_STAFF, 200)),
    "admin:privacy_erasurerecord_erase": admin_page(**{**dict.fromkeys(PROGRAM_STAFF, 200), "lead_x": 403}),
    "admin:communication_emailtext_changelist": admin_page(**dict.fromkeys(PROGRAM_STAFF, 200)),
    "admin:communication_message_add": admin_page(
        coordinator_x=302,
        coordinator_y=302,
        lead_x=403,
        superuser=302,  # to the list of my rounds
    ),
    "admin:communication_message_rounds": admin_page(**dict.fromkeys(PROGRAM_STAFF, 200)),
    "admin:communication_event_invite": admin_page(
        kwargs=lambda w: {"event_id": _event(w).pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=403,
        superuser=200,
    ),
    # events: the invited person's pages (a signed link: a made-up one is refused for everyone)
    "communication:my_events": signed_in(200),
    "communication:rsvp": Row(403, kwargs=lambda w: {"token": "not-a-link"}),
    "communication:event_ics": Row(403, kwargs=lambda w: {"token": "not-a-link"}),
    "admin:communication_message_compose": admin_page(
        kwargs=lambda w: {"round_id": w.round_x.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=403,
        superuser=200,
    ),
    "admin:communication_emailtext_change": admin_page(
        kwargs=lambda w: {"object_id": _email_text(w).pk},
        coordinator_x=302,  # to the text's edit page
        coordinator_y=404,
        lead_x=302,
        reviewer_x=404,  # out of scope, like any row of another program
        superuser=302,
    ),
    "admin:communication_email_text": admin_page(
        kwargs=lambda w: {"program_id": w.program_x.pk, "kind": "decision_accepted", "language": "sv"},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=200,
        superuser=200,
    ),
    "admin:communication_email_text_preview": admin_page(
        kwargs=lambda w: {"program_id": w.program_x.pk, "kind": "sign_in_link", "language": "en"},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=200,
        superuser=200,
    ),
    # The round's reminders page lists open exceptions; marking one handled is a coordinator's POST
    # (an id that is not an exception of the round's program: 404 for everyone).
    "admin:reminders_roundreminders_change": admin_page(
        kwargs=lambda w: {"object_id": w.round_x.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=200,
        reviewer_x=404,  # out of scope, like any row of another program
        superuser=200,
    ),
    "admin:reminders_exception_handled": admin_page(
        kwargs=lambda w: {"round_pk": w.round_x.pk, "pk": 999_999},
        method="post",
        coordinator_x=404,
        coordinator_y=404,
        lead_x=404,
        superuser=404,
    ),
    "admin:matching_round": admin_page(
        kwargs=lambda w: {"round_id": w.round_x.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=200,
        superuser=200,
    ),
    "admin:matching_run": admin_page(
        kwargs=_run, coordinator_x=200, coordinator_y=404, lead_x=200, superuser=200
    ),
    "admin:matching_matchrun_change": admin_page(
        kwargs=lambda w: {"object_id": w.run_x.pk},
        coordinator_x=302,
        coordinator_y=404,
        lead_x=302,
        reviewer_x=404,  # out of scope, like any row of another program
        superuser=302,
    ),
    # GET on the action endpoints changes nothing and goes back to the run page.
    "admin:matching_constrain": admin_page(
        kwargs=_run, coordinator_x=302, coordinator_y=404, lead_x=403, superuser=302
    ),
    "admin:matching_swap": admin_page(
        kwargs=_run, coordinator_x=302, coordinator_y=404, lead_x=403, superuser=302
    ),
    "admin:matching_wish": admin_page(
        kwargs=_run, coordinator_x=302, coordinator_y=404, lead_x=403, superuser=302
    ),
    "admin:matching_publish": admin_page(
        kwargs=_run, coordinator_x=302, coordinator_y=404, lead_x=403, superuser=302
    ),
    # After publishing: the round's pairs (staff of X may look), and the coordinator's controls
    # (a GET changes nothing and goes back to the round's pairs; a lead is refused).
    "admin:matching_round_pairs": admin_page(
        kwargs=lambda w: {"round_id": w.round_x.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=200,
        superuser=200,
    ),
    "admin:matching_pair_end": admin_page(
        kwargs=lambda w: {"pair_id": w.pair.pk},
        coordinator_x=200,
        coordinator_y=404,
        lead_x=403,
        superuser=200,
    ),
    "admin:matching_pair_more_time": admin_page(
        kwargs=lambda w: {"pair_id": w.pair.pk},
        coordinator_x=302,
        coordinator_y=404,
        lead_x=403,
        superuser=302,
    ),
    "admin:matching_rematch": admin_page(
        kwargs=lambda w: {"application_id": w.application_a.pk},
        coordinator_x=302,
        coordinator_y=404,
        lead_x=403,
        superuser=302,
    ),
    "admin:matching_promote": admin_page(
        kwargs=lambda w: {"application_id": w.application_a.pk},
        coordinator_x=302,
        coordinator_y=404,
        lead_x=403,
        superuser=302,
    ),
    "admin:matching_unconstrain": admin_page(
        kwargs=lambda w: {"pk": w.constraint.pk},
        coordinator_x=302,
        coordinator_y=404,
        lead_x=403,
        superuser=302,
    ),
}

# Django's own admin views are tested by Django; ours (the index and custom views) are here.
# The language switcher (i18n/) and static files are Django's too.
SKIPPED_MODULES = ("django.views.i18n", "django.views.static", "django.contrib.staticfiles")


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield namespace, entry


def project_url_names() -> set[str]:
    """Every named URL of the project, minus Django's own admin, i18n and static views.

    Custom admin pages (registered in a ModelAdmin's `get_urls()`) and the views a ModelAdmin
    overrides are wrapped by `admin_view`, which keeps the module of our function: they stay in.
    """
    names = set()
    for namespace, pattern in _walk(get_resolver().url_patterns):
        name = f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"
        module = getattr(pattern.callback, "__module__", "") or ""
        if module.startswith(SKIPPED_MODULES):
            continue
        if namespace == "admin:" and name != "admin:index" and module.startswith("django."):
            continue
        names.add(name)
    return names


def test_every_url_has_an_expectation():
    names = project_url_names()
    rows = {key.split("#")[0] for key in EXPECTATIONS}

    missing = sorted(names - rows)
    stale = sorted(rows - names)
    assert not missing, f"add a row to EXPECTATIONS in tests/test_access_matrix.py for: {', '.join(missing)}"
    assert not stale, f"these rows name URLs that no longer exist: {', '.join(stale)}"


def test_the_walker_reaches_custom_admin_pages_but_not_stock_ones():
    names = project_url_names()

    assert {"admin:matching_run", "admin:applications_application_release"} <= names
    assert "admin:applications_application_add" not in names  # Django's own add view
    assert "admin:programs_round_changelist" not in names


def _group(name: str, actions: tuple[str, ...]) -> Group:
    """The staff groups as the demo sets them up: coordinators change, leads view."""
    group = Group.objects.create(name=name)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=STAFF_APPS, codename__regex=rf"^({'|'.join(actions)})_"
        )
    )
    return group


@pytest.fixture
def world(db):
    """Programs X and Y with their staff; round X running with A's and B's applications, a
    published match run, a pair (whose mentee is the pair member) with a meeting, and a
    forbidden combination; round Y with a proposed pair waiting for answers; signed links."""
    now = timezone.now().replace(microsecond=0)
    program_x, program_y = ProgramFactory(slug="program-x"), ProgramFactory(slug="program-y")
    round_x = RoundFactory(program=program_x, slug="round-x", running=True)
    round_y = RoundFactory(program=program_y, slug="round-y", anchor=now - timedelta(days=33))
    users = {
        "applicant_a": UserFactory(email="a@example.org", full_name="Alva Hemligsson"),
        "applicant_b": UserFactory(email="b@example.org"),
        "pair_member": UserFactory(email="pair@example.org"),
        "coordinator_x": StaffFactory(email="coord-x@example.org"),
        "coordinator_y": StaffFactory(email="coord-y@example.org"),
        "lead_x": StaffFactory(email="lead-x@example.org"),
        "reviewer_x": StaffFactory(email="reviewer-x@example.org"),
        "superuser": StaffFactory(email="root@example.org", superuser=True),
    }
    coordinators, leads = (
        _group("Coordinators", ("view", "add", "change")),
        _group("Program leads", ("view",)),
    )
    for user, program, kind, group in [
        ("coordinator_x", program_x, "coordinator", coordinators),
        ("coordinator_y", program_y, "coordinator", coordinators),
        ("lead_x", program_x, "lead", leads),
    ]:
        ProgramMembershipFactory(user=users[user], program=program, kind=kind)
        users[user].groups.add(group)
    ProgramMembershipFactory(user=users["reviewer_x"], program=program_x, kind="reviewer")
    application_a = ApplicationFactory(
        round=round_x, applicant=users["applicant_a"], accepted=True, motivation="Alvas egen motivering."
    )
    application_b = ApplicationFactory(
        round=round_x,
        applicant=users["applicant_b"],
        mentor=True,
        accepted=True,
        motivation="Bertils granskade motivering.",
    )
    ReviewAssignment.objects.create(application=application_b, reviewer=users["reviewer_x"])
    run_x = MatchRun.objects.create(
        round=round_x, status=MatchRun.Status.PUBLISHED, created_by=users["coordinator_x"], published_at=now
    )
    mentor = UserFactory(email="mentor@example.org")
    pair = PairFactory(
        round=round_x,
        run=run_x,
        mentor_application__applicant=mentor,
        mentee_application__applicant=users["pair_member"],
    )
    proposal = PairFactory(
        round=round_y,
        state=Pair.State.PROPOSED,
        mentee_application__full_name="Ylva Forslagsdotter",
        mentor_confirmed_at=None,
        mentee_confirmed_at=None,
        started_at=None,
    )
    other_pair = PairFactory(round=round_x, run=run_x)
    constraint = PairConstraint.objects.create(
        round=round_x,
        mentor_application=application_b,
        mentee_application=application_a,
        kind=PairConstraint.Kind.FORBID,
        created_by=users["coordinator_x"],
    )
    return SimpleNamespace(
        program_x=program_x,
        program_y=program_y,
        round_x=round_x,
        round_y=round_y,
        application_a=application_a,
        application_b=application_b,
        run_x=run_x,
        pair=pair,
        meeting=MeetingFactory(
            pair=pair, private_note="Parets egen anteckning.", logged_by=users["pair_member"]
        ),
        proposal=proposal,
        other_pair=other_pair,
        other_meeting=MeetingFactory(pair=other_pair, private_note="Ett annat pars anteckning."),
        draft_round=RoundFactory(
            program=program_x, slug="round-x-draft", name="Utkastomgången", is_published=False
        ),
        constraint=constraint,
        response_token=matching_services.response_token(proposal, "mentor"),
        meeting_token=pairs_services.meeting_token(pair, "mentee"),
        # The survey open now in the pair's round (a survey outside its window is refused as closed).
        survey_token=pairs_services.survey_token(
            pair, "mentee", timeline.current_survey(pair.round, timezone.now())
        ),
        # For a person who is none of the roles: signing a role in would use up their links.
        sign_in_query=get_query_string(mentor),
        users=users,
    )


# Personal data that only some roles may ever see: no page answered with 200 to anyone else
# may contain it (the signed-link pages show their pair to whoever holds the link: not checked).
SECRETS = [
    (
        "applicant A's name",
        lambda w: w.application_a.full_name,
        ("applicant_a", "coordinator_x", "lead_x", "superuser"),
    ),
    (
        "applicant A's motivation",
        lambda w: w.application_a.motivation,
        ("applicant_a", "coordinator_x", "lead_x", "superuser"),
    ),
    # B's application is assigned to the reviewer: theirs to read.
    (
        "applicant B's motivation",
        lambda w: w.application_b.motivation,
        ("applicant_b", "coordinator_x", "lead_x", "reviewer_x", "superuser"),
    ),
    ("the pair's private note", lambda w: w.meeting.private_note, ("pair_member",)),
    ("another pair's private note", lambda w: w.other_meeting.private_note, ()),
    ("program X's unpublished round", lambda w: w.draft_round.name, ("coordinator_x", "lead_x", "superuser")),
    (
        "the name in round Y's proposal",
        lambda w: w.proposal.mentee_application.full_name,
        ("coordinator_y", "superuser"),
    ),
]


def _leaks(world, role: str, body: str) -> list[str]:
    return [label for label, value, allowed in SECRETS if role not in allowed and value(world) in body]


def _answer(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"].split("?")[0]
        if location == reverse("accounts:login"):
            return SIGN_IN
        if location == reverse("admin:login"):
            return ADMIN_SIGN_IN
    return response.status_code


def _session_cookie(world, role: str) -> str | None:
    if role == "anonymous":
        return None
    client = Client()
    client.force_login(world.users[role])
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _request(session: str | None, url: str, method: str) -> tuple[int | str, str]:
    """One request, in a savepoint that is rolled back afterwards (the session survives)."""
    with transaction.atomic():
        client = Client(raise_request_exception=False)
        if session:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    body = response.content.decode(errors="replace") if response.status_code == 200 else ""
    return _answer(response), body


@pytest.mark.parametrize("role", ROLES)
def test_access(world, role):
    session = _session_cookie(world, role)
    wrong = []
    for key, expected in sorted(EXPECTATIONS.items()):
        url = reverse(key.split("#")[0], kwargs=expected.kwargs(world)) + expected.query(world)
        (got, body), wanted = _request(session, url, expected.method), expected.status_for(role)
        if got != wanted:
            wrong.append(f"{expected.method.upper()} {url} ({key}): got {got}, expected {wanted}")
        if not expected.key_link and (leaks := _leaks(world, role, body)):
            wrong.append(f"{expected.method.upper()} {url} ({key}): shows {', '.join(leaks)}")

    assert not wrong, f"{role}:\n  " + "\n  ".join(wrong)


def test_the_roles_are_distinct_people(world):
    assert len({user.pk for user in world.users.values()}) == len(ROLES) - 1


@pytest.mark.parametrize("role", ["anonymous", "applicant_a", "pair_member", "coordinator_x", "superuser"])
def test_personal_pages_are_never_stored(world, role):
    """Everything a signed-in person is shown, and every page a signed link opens, is `no-store`:
    a shared computer's browser cache or a proxy keeps no copy of it."""
    session = _session_cookie(world, role)
    stored = []
    for key, expected in sorted(EXPECTATIONS.items()):
        if expected.method != "get" or expected.status_for(role) != 200:
            continue
        if role == "anonymous" and not expected.key_link:
            continue  # public pages
        url = reverse(key.split("#")[0], kwargs=expected.kwargs(world)) + expected.query(world)
        with transaction.atomic():
            client = Client()
            if session:
                client.cookies[settings.SESSION_COOKIE_NAME] = session
            response = client.get(url)
            transaction.set_rollback(True)
        if "no-store" not in response.get("Cache-Control", ""):
            stored.append(f"{url} ({key}): Cache-Control {response.get('Cache-Control')!r}")

    assert not stored, f"{role}:\n  " + "\n  ".join(stored)
