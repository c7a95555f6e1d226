import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from sesame.utils import get_token

from mentorship.log_filters import MaskEmailAddressesFilter, mask_emails
from tests.factories import StaffFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x7Kq!p2Lr9#vB4mZt6Wc8Yd1Nf3Hg5Jk0Qs-aUeRiOyTlPoXnMb" * 2,
    "DJANGO_ALLOWED_HOSTS": "mentorskap.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DJANGO_SECURE_HSTS_PRELOAD": "true",
    "DJANGO_SESSION_COOKIE_SECURE": "true",
    "DJANGO_CSRF_COOKIE_SECURE": "true",
}


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "mentorship.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_variables():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_complains_without_them():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS: the switches really are switches


def test_admin_lives_at_the_configured_path():
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"

    result = _run(["-c", code], DJANGO_ADMIN_PATH="/back-office/")

    assert result.stdout.strip() == "/back-office/"


@pytest.mark.django_db
def test_security_headers_are_sent(client):
    response = client.get(reverse("programs:home"))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_csp_forbids_inline_script_and_style(client):
    policy = client.get(reverse("programs:home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())

    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


# Rate limit on password sign-in (the admin) ---------------------------------------------------


def _admin_login(client, email: str, password: str):
    return client.post(
        reverse("admin:login"), {"username": email, "password": password}, REMOTE_ADDR="10.0.0.7"
    )


@pytest.fixture
def staff(db):
    return StaffFactory(email="staff@example.org")


def _lock_out(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _admin_login(client, staff.email, "wrong")


def test_too_many_failed_admin_logins_give_a_clear_message(client, staff):
    _lock_out(client, staff)

    response = _admin_login(client, staff.email, "demo1234")  # even the right password is refused

    assert response.status_code == 429
    text = response.content.decode()
    assert "För många inloggningsförsök" in text
    assert "Försök igen om 15 minuter" in text
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_translated_to_english(client, staff):
    _lock_out(client, staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = _admin_login(client, staff.email, "demo1234")

    assert "Too many sign-in attempts" in response.content.decode()


def test_failures_below_the_limit_do_not_lock(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _admin_login(client, staff.email, "wrong")

    response = _admin_login(client, staff.email, "demo1234")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_lockout_is_per_username_and_address(client, staff):
    _lock_out(client, staff)
    other = StaffFactory(email="other-staff@example.org")

    response = _admin_login(client, other.email, "demo1234")

    assert response.status_code == 302


def test_sign_in_works_again_after_the_cool_off(client, staff):
    _lock_out(client, staff)
    # Let the cool-off pass without sleeping: the attempts are now older than it.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )

    response = _admin_login(client, staff.email, "demo1234")

    assert response.status_code == 302


def test_an_administrator_can_lift_the_lock(client, staff):
    _lock_out(client, staff)

    call_command("axes_reset", verbosity=0)

    assert _admin_login(client, staff.email, "demo1234").status_code == 302


@pytest.mark.django_db
def test_axes_goes_first_and_sesame_sign_in_links_still_work():
    user = UserFactory(email="link@example.org")
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.8")

    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "accounts.backends.LinkBackend" in settings.AUTHENTICATION_BACKENDS
    assert authenticate(request, sesame=get_token(user)) == user


# No personal data in logs ----------------------------------------------------------------------


def test_mask_emails_hides_every_address():
    assert mask_emails("sent to anna.berg@foretag.se and x@y.org.") == "sent to a***@*** and x***@***."


def test_the_log_filter_masks_message_and_arguments():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "invited %s (%d)", ("eva@example.org", 3), None
    )

    MaskEmailAddressesFilter().filter(record)

    assert record.getMessage() == "invited e***@*** (3)"


def test_the_log_filter_is_installed_on_the_console_handler(capsys):
    handler = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    assert any(isinstance(f, MaskEmailAddressesFilter) for f in handler.filters)
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["mask_personal_data"]
