"""Who may open what: every URL pattern of the project against every role.

The URL patterns are read from the resolver, so a new URL without a row in EXPECTATIONS
fails `test_every_url_has_an_expectation`, naming it. To add a row:

    "app:name": Row(kwargs=lambda w: {"pk": w.application_a.pk}, anonymous=302, applicant_b=404, ...),

`Row(default, **per_role)`: `default` is the status for every role not named. `kwargs` builds
the URL's arguments from the world below (programs X and Y, a round of X, applications of A
and B, a pair). `method="post"` for endpoints that only take POST (sent without data).
"""

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    ApplicationFactory,
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
    "superuser",
)
APPLICANTS = ("applicant_a", "applicant_b", "pair_member")
STAFF = ("coordinator_x", "coordinator_y", "lead_x", "superuser")


class Row:
    """The expected status per role for one URL name, and how to build its URL."""

    def __init__(
        self,
        default: int,
        *,
        kwargs: Callable[[SimpleNamespace], dict] | None = None,
        method: str = "get",
        **per_role: int,
    ):
        unknown = set(per_role) - set(ROLES)
        assert not unknown, f"unknown roles {unknown}"
        self.default, self.method, self.per_role = default, method, per_role
        self.kwargs = kwargs or (lambda w: {})

    def status_for(self, role: str) -> int:
        return self.per_role.get(role, self.default)


def signed_in(status: int, *, anonymous: int = 302, **per_role: int) -> dict[str, int]:
    """Any signed-in person gets `status`; the anonymous visitor is sent to sign in."""
    return {"anonymous": anonymous, **per_role} | {"_default": status}


def staff_only(status: int = 200, *, others: int = 302) -> dict[str, int]:
    """Staff get `status`; anonymous visitors and applicants are sent to the staff sign-in."""
    return dict.fromkeys(("anonymous", *APPLICANTS), others) | {"_default": status}


def row(rules: dict[str, int], **options) -> Row:
    rules = dict(rules)
    default = rules.pop("_default")
    return Row(default, **rules, **options)


EXPECTATIONS: dict[str, Row] = {
    # mentorship
    "healthz": Row(200),
    "admin:index": row(staff_only()),
    # programs (public)
    "programs:home": Row(200),
    "programs:program": Row(200, kwargs=lambda w: {"slug": w.program_x.slug}),
    "programs:round": Row(200, kwargs=lambda w: {"slug": w.round_x.slug}),
    # accounts
    "accounts:login": Row(200),
    "accounts:logout": Row(302, method="post"),
    # applications
    "applications:mine": row(signed_in(200)),
    "applications:start": Row(302, kwargs=lambda w: {"slug": w.round_x.slug, "role": "mentee"}),
    # privacy
    "privacy:my_data": row(signed_in(200)),
    "privacy:export": row(signed_in(200)),
    "privacy:delete": row(signed_in(200, **dict.fromkeys(STAFF, 302))),
    "privacy:notice": Row(200, kwargs=lambda w: {"slug": w.program_x.slug}),
    "privacy:retention": row(staff_only()),
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
    """Every named URL of the project, minus Django's own admin, i18n and static views."""
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

    missing = sorted(names - set(EXPECTATIONS))
    stale = sorted(set(EXPECTATIONS) - names)
    assert not missing, f"add a row to EXPECTATIONS in tests/test_access_matrix.py for: {', '.join(missing)}"
    assert not stale, f"these rows name URLs that no longer exist: {', '.join(stale)}"


@pytest.fixture
def world(db):
    """Programs X and Y with their staff, a round of X with applications of A and B, a pair."""
    program_x, program_y = ProgramFactory(slug="program-x"), ProgramFactory(slug="program-y")
    round_x = RoundFactory(program=program_x, slug="round-x")
    users = {
        "applicant_a": UserFactory(email="a@example.org"),
        "applicant_b": UserFactory(email="b@example.org"),
        "pair_member": UserFactory(email="pair@example.org"),
        "coordinator_x": StaffFactory(email="coord-x@example.org"),
        "coordinator_y": StaffFactory(email="coord-y@example.org"),
        "lead_x": StaffFactory(email="lead-x@example.org"),
        "superuser": StaffFactory(email="root@example.org", superuser=True),
    }
    for user, program, kind in [
        ("coordinator_x", program_x, "coordinator"),
        ("coordinator_y", program_y, "coordinator"),
        ("lead_x", program_x, "lead"),
    ]:
        ProgramMembershipFactory(user=users[user], program=program, kind=kind)
    return SimpleNamespace(
        program_x=program_x,
        program_y=program_y,
        round_x=round_x,
        application_a=ApplicationFactory(round=round_x, applicant=users["applicant_a"]),
        application_b=ApplicationFactory(round=round_x, applicant=users["applicant_b"], mentor=True),
        pair=PairFactory(round=round_x, mentee_application__applicant=users["pair_member"]),
        users=users,
    )


def _status(world, role: str, url: str, method: str) -> int:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return getattr(client, method)(url).status_code


@pytest.mark.parametrize("url_name", sorted(EXPECTATIONS))
def test_access(world, url_name):
    expected = EXPECTATIONS[url_name]
    url = reverse(url_name, kwargs=expected.kwargs(world))

    got = {role: _status(world, role, url, expected.method) for role in ROLES}

    wanted = {role: expected.status_for(role) for role in ROLES}
    wrong = [
        f"{role}: got {got[role]}, expected {wanted[role]}" for role in ROLES if got[role] != wanted[role]
    ]
    assert not wrong, f"{expected.method.upper()} {url} ({url_name}):\n  " + "\n  ".join(wrong)


def test_the_roles_are_distinct_people(world):
    assert len({user.pk for user in world.users.values()}) == len(ROLES) - 1
