"""Staff sign in with their password; e-mailed links are for applicants and lock per address."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from sesame.utils import get_token

from accounts.services import sign_in_path
from tests.factories import ProgramMembershipFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LINK = reverse("accounts:link")


def _staff_kinds():
    return {
        "is_staff": lambda: StaffFactory(email="staff@example.org"),
        "superuser": lambda: StaffFactory(email="root@example.org", is_superuser=True),
        "program member": lambda: (
            ProgramMembershipFactory(user=UserFactory(email="lead@example.org"), kind="lead").user
        ),
    }


def _use_link(client, token, **extra):
    return client.post(LINK, {"sesame": token, "next": ""}, **extra)


def _bad(token: str) -> str:
    """The same account's link with a broken signature."""
    return token[:-2] + ("AA" if not token.endswith("AA") else "BB")


@pytest.mark.parametrize("kind", list(_staff_kinds()))
def test_staff_get_no_link_and_the_same_answer(client, kind, mailoutbox, django_capture_on_commit_callbacks):
    user = _staff_kinds()[kind]()
    with django_capture_on_commit_callbacks(execute=True):
        staff_answer = client.post(LOGIN, {"email": user.email, "next": ""})
        applicant_answer = client.post(LOGIN, {"email": "applicant-x@example.org", "next": ""})

    assert staff_answer.status_code == applicant_answer.status_code == 200
    assert [message.to for message in mailoutbox] == [["applicant-x@example.org"]]


@pytest.mark.parametrize("kind", list(_staff_kinds()))
def test_a_link_for_staff_does_not_sign_in(client, kind):
    user = _staff_kinds()[kind]()
    path = sign_in_path(user)

    assert client.get(path).status_code == 400
    assert _use_link(client, get_token(user)).status_code == 400
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302  # to the password login


def test_applicants_still_sign_in_with_a_link(client):
    user = UserFactory(email="anna@example.org")

    response = _use_link(client, get_token(user))

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_bad_links_lock_that_address_not_the_network(client):
    anna = UserFactory(email="anna@example.org")
    bert = UserFactory(email="bert@example.org")
    answers = [
        _use_link(client, _bad(get_token(anna)), REMOTE_ADDR="10.1.1.1").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]

    # Anna's links are paused, even from elsewhere; Bert behind the same address signs in.
    assert _use_link(client, get_token(anna), REMOTE_ADDR="10.9.9.9").status_code == 429
    assert _use_link(client, get_token(bert), REMOTE_ADDR="10.1.1.1").status_code == 302


def test_garbage_links_lock_nobody(client):
    anna = UserFactory(email="anna@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        client.get(LINK + "?" + urlencode({"sesame": "not-a-token"}), REMOTE_ADDR="10.1.1.1")

    assert _use_link(client, get_token(anna), REMOTE_ADDR="10.1.1.1").status_code == 302


def test_a_failure_during_the_pause_does_not_restart_it(client, clock):
    start = clock.freeze(timezone.now().replace(microsecond=0))
    anna = UserFactory(email="anna@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _use_link(client, _bad(get_token(anna)))
    clock.shift(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    _use_link(client, _bad(get_token(anna)))  # refused, and must not push the end of the pause

    clock.freeze(start + settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
    assert _use_link(client, get_token(anna)).status_code == 302


def test_passwords_still_lock_per_address_and_ip(client):
    staff = StaffFactory(email="staff@example.org")
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": staff.email, "password": "wrong"}, REMOTE_ADDR="10.1.1.1")

    here = client.post(login, {"username": staff.email, "password": "demo1234"}, REMOTE_ADDR="10.1.1.1")
    elsewhere = client.post(login, {"username": staff.email, "password": "demo1234"}, REMOTE_ADDR="10.2.2.2")

    assert here.status_code == 429
    assert elsewhere.status_code == 302
