"""One client address for every rate limit and for django-axes; limits in a shared cache."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from django.urls import reverse

from accounts.ratelimit import client_ip
from applications.models import Application, State
from tests.applications.helpers import mentee_answers
from tests.factories import ApplicationFactory, RoundFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
PROXY = {"REMOTE_ADDR": "127.0.0.1"}  # every request reaches us from the proxy on loopback
ROOT = Path(__file__).resolve().parents[2]


def via_proxy(client_address: str, *, spoofed: str = "") -> dict:
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return {**PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True


def test_fifty_clients_behind_the_proxy_each_get_their_sign_in_link(client, behind_proxy):
    answers = [
        client.post(LOGIN, {"email": f"p{n}@example.org"}, **via_proxy(f"198.51.100.{n}")).status_code
        for n in range(50)
    ]

    assert answers == [200] * 50


def test_fifty_clients_behind_the_proxy_each_submit(client, behind_proxy):
    round_ = RoundFactory()
    drafts = [ApplicationFactory(round=round_, draft=True) for _ in range(50)]

    answers = []
    for n, draft in enumerate(drafts):
        client.force_login(draft.applicant)
        url = reverse("applications:submit", kwargs={"pk": draft.pk})
        answers.append(client.post(url, mentee_answers(), **via_proxy(f"198.51.100.{n}")).status_code)

    assert answers == [302] * 50
    assert Application.objects.filter(state=State.SUBMITTED).count() == 50


def test_one_client_behind_the_proxy_is_still_limited_however_it_fills_the_header(client, behind_proxy):
    answers = [
        client.post(
            LOGIN, {"email": f"p{n}@example.org"}, **via_proxy("198.51.100.7", spoofed=f"10.9.9.{n}")
        ).status_code
        for n in range(21)
    ]

    assert answers == [200] * 20 + [429]


def test_without_the_proxy_setting_the_header_is_ignored(client):
    answers = [
        client.post(LOGIN, {"email": f"p{n}@example.org"}, **via_proxy(f"198.51.100.{n}")).status_code
        for n in range(21)
    ]

    assert answers == [200] * 20 + [429]  # all from 127.0.0.1: a client cannot pick its address


@pytest.mark.parametrize(
    ("behind", "meta", "expected"),
    [
        (False, via_proxy("198.51.100.1"), "127.0.0.1"),
        (True, via_proxy("198.51.100.1"), "198.51.100.1"),
        (True, via_proxy("198.51.100.1", spoofed="10.0.0.1, 10.0.0.2"), "198.51.100.1"),
        (True, PROXY, "127.0.0.1"),
        (True, {**PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, not-an-address"}, "127.0.0.1"),
        (False, {"REMOTE_ADDR": ""}, None),
    ],
)
def test_axes_sees_the_same_address_as_the_rate_limits(settings, behind, meta, expected):
    settings.BEHIND_PROXY = behind
    request = RequestFactory().get("/", **meta)

    assert client_ip(request) == expected
    assert get_client_ip_address(request) == expected


def test_password_lockout_behind_the_proxy_is_per_client(client, settings, behind_proxy):
    staff = StaffFactory(email="staff@example.org")
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": staff.email, "password": "wrong"}, **via_proxy("198.51.100.1"))

    right = {"username": staff.email, "password": "demo1234"}
    locked = client.post(login, right, **via_proxy("198.51.100.1"))
    elsewhere = client.post(login, right, **via_proxy("198.51.100.2"))

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


# The cache is shared, and its outage is not the applicant's problem ---------------------------


@pytest.fixture
def cache_down(settings):
    """A real Redis cache on a port nothing listens on."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }


def test_cache_down_sign_in_link_is_still_sent(client, cache_down, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.ratelimit"):
        response = client.post(LOGIN, {"email": "anna@example.org"})

    assert response.status_code == 200
    assert "rate limit signin-ip skipped" in caplog.text


def test_cache_down_submit_succeeds(client, cache_down):
    draft = ApplicationFactory(draft=True, applicant=UserFactory())
    client.force_login(draft.applicant)

    response = client.post(reverse("applications:submit", kwargs={"pk": draft.pk}), mentee_answers())

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.state == State.SUBMITTED


def test_default_cache_is_the_database_created_by_migrate(tmp_path):
    """On a fresh clone (no Redis, nothing set) the limits count in one place for all workers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS", "CACHE", "DATABASE"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "mentorship.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 300}
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], **run)
    assert migrate.returncode == 0, migrate.stderr
    script = (
        "from django.conf import settings; from accounts.ratelimit import hit;"
        "print(settings.CACHES['default']['BACKEND']);"
        "print([hit('t', 'x', limit=2, window=60) for _ in range(3)])"
    )
    # Two separate processes, like two workers: the second sees the first one's count.
    first = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", script], **run)
    second = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", script], **run)

    backend = "django.core.cache.backends.db.DatabaseCache"
    assert first.stdout.split("\n")[:2] == [backend, "[True, True, False]"], first.stderr
    assert second.stdout.split("\n")[1] == "[False, False, False]", second.stderr
