import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import auth
from django.test import Client
from django.urls import reverse

from accounts.models import User
from notifications.models import Notification
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def ask_for_link(client, email, next_url="", **extra):
    return client.post(LOGIN, {"email": email, "next": next_url}, **extra)


def page_text(response) -> str:
    """The page without its per-response CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def link_from(message) -> str:
    """The sign-in path (with query) from a sent e-mail."""
    match = re.search(r"https?://[^/\s]+(/accounts/sign-in/link/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def open_link(client, path):
    """GET the landing page, then POST its form (what the browser does)."""
    query = parse_qs(urlsplit(path).query)
    landing = client.get(path)
    if landing.status_code != 200:
        return landing
    data = {"sesame": query["sesame"][0], "next": query.get("next", [""])[0]}
    return client.post(reverse("accounts:link"), data)


def test_request_page_shows_email_field_and_password_alternative_for_staff(client):
    response = client.get(LOGIN + "?next=/applications/mine/")

    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()
    assert 'value="/applications/mine/"' in response.content.decode()
    assert reverse("admin:login") in response.content.decode()


def test_link_request_sends_one_email_with_a_link(client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(email="anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_link(client, "Anna@Example.org")

    assert response.status_code == 200
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.org"]
    assert "/accounts/sign-in/link/?sesame=" in mailoutbox[0].body


def test_answer_is_the_same_for_known_and_unknown_addresses(client, django_capture_on_commit_callbacks):
    UserFactory(email="known@example.org")

    known = ask_for_link(client, "known@example.org")
    unknown = ask_for_link(client, "unknown@example.org")

    assert known.status_code == unknown.status_code == 200
    assert page_text(known).replace("known@", "X@") == page_text(unknown).replace("unknown@", "X@")


def test_each_request_is_a_new_email(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_link(client, "anna@example.org")
        ask_for_link(client, "anna@example.org")

    assert len(mailoutbox) == 2
    assert Notification.objects.filter(template="sign_in_link").count() == 2


def test_first_request_creates_account_in_current_language(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_link(client, "new@example.org", HTTP_ACCEPT_LANGUAGE="en")

    user = User.objects.get(email="new@example.org")
    assert user.preferred_language == "en"
    assert not user.has_usable_password()


def test_existing_user_keeps_language(client, django_capture_on_commit_callbacks):
    UserFactory(email="anna@example.org", preferred_language="sv")

    ask_for_link(client, "anna@example.org", HTTP_ACCEPT_LANGUAGE="en")

    assert User.objects.get(email="anna@example.org").preferred_language == "sv"


def test_inactive_user_gets_no_email_and_the_same_answer(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="gone@example.org", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_link(client, "gone@example.org")

    assert response.status_code == 200
    assert mailoutbox == []


def test_link_signs_in_and_lands_where_they_were_going(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_link(client, "anna@example.org", next_url="/applications/mine/?x=1")

    response = open_link(client, link_from(mailoutbox[0]))

    assert response.status_code == 302
    assert response["Location"] == "/applications/mine/?x=1"
    assert auth.get_user(client).email == "anna@example.org"


def test_link_does_not_redirect_to_another_site(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_link(client, "anna@example.org", next_url="https://evil.example.com/")

    response = open_link(client, link_from(mailoutbox[0]))

    assert response["Location"] == reverse("applications:mine")


def test_opening_the_link_page_does_not_use_it_up(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_link(client, "anna@example.org")
    path = link_from(mailoutbox[0])

    client.get(path)  # e.g. a mail scanner following the link
    response = open_link(client, path)

    assert response.status_code == 302
    assert auth.get_user(client).is_authenticated


def test_used_link_is_refused_with_a_way_to_ask_again(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_link(client, "anna@example.org")
    path = link_from(mailoutbox[0])
    open_link(client, path)
    client.post(reverse("accounts:logout"))

    again = Client()
    landing = again.get(path)
    used = open_link(again, path)

    assert landing.status_code == 400
    assert used.status_code == 400
    assert "har redan använts" in landing.content.decode()
    assert 'name="email"' in landing.content.decode()
    assert not auth.get_user(again).is_authenticated


def test_used_link_post_is_refused(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_link(client, "anna@example.org")
    token = parse_qs(urlsplit(link_from(mailoutbox[0])).query)["sesame"][0]
    client.post(reverse("accounts:link"), {"sesame": token})
    client.post(reverse("accounts:logout"))

    response = client.post(reverse("accounts:link"), {"sesame": token})

    assert response.status_code == 400
    assert not auth.get_user(client).is_authenticated


def test_expired_link_is_refused(client, settings, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_link(client, "anna@example.org")
    path = link_from(mailoutbox[0])
    settings.SESAME_MAX_AGE = -1  # every token is now older than the maximum age

    response = open_link(client, path)

    assert response.status_code == 400
    assert "har gått ut" in response.content.decode()
    assert not auth.get_user(client).is_authenticated


def test_garbage_token_is_refused(client):
    response = client.get(reverse("accounts:link") + "?sesame=not-a-token")

    assert response.status_code == 400


def test_link_requests_are_limited_per_address(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [ask_for_link(client, "anna@example.org").status_code for _ in range(6)]

    assert answers == [200] * 5 + [429]
    assert len(mailoutbox) == 5


def test_address_limit_message_is_translated(client):
    for _ in range(6):
        response = ask_for_link(client, "anna@example.org")

    assert "Vänta 15 minuter" in response.content.decode()


def test_link_requests_are_limited_per_ip(client, django_capture_on_commit_callbacks):
    answers = [
        ask_for_link(client, f"p{n}@example.org", REMOTE_ADDR="10.0.0.9").status_code for n in range(21)
    ]
    other_ip = ask_for_link(client, "p99@example.org", REMOTE_ADDR="10.0.0.10")

    assert answers == [200] * 20 + [429]
    assert other_ip.status_code == 200


def test_sign_in_form_refuses_post_without_csrf_token():
    client = Client(enforce_csrf_checks=True)

    response = client.post(LOGIN, {"email": "anna@example.org"})

    assert response.status_code == 403


def test_staff_keep_the_admin_password_login(client):
    StaffFactory(email="staff@example.org", is_superuser=True)

    response = client.post(
        reverse("admin:login"), {"username": "staff@example.org", "password": "demo1234", "next": "/admin/"}
    )

    assert response.status_code == 302
    assert auth.get_user(client).email == "staff@example.org"
