"""Sign-in by e-mailed link (django-sesame tokens, sent through the outbox)."""

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from sesame.utils import get_query_string

from notifications.services import queue_email

from .models import User


def get_or_create_applicant(email: str, *, language: str) -> tuple[User, bool]:
    """The account for `email`, created (no password, given language) if it does not exist."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, preferred_language=language), True
    except IntegrityError:  # a concurrent request created it first
        return User.objects.get(email__iexact=email), False


def sign_in_path(user: User, *, next_url: str = "") -> str:
    """Path (no host) of a one-time sign-in link for `user` that lands on `next_url`."""
    query = get_query_string(user)
    if next_url:
        query += "&" + urlencode({"next": next_url})
    return reverse("accounts:link") + query


@transaction.atomic
def send_sign_in_link(email: str, *, next_url: str = "", language: str = settings.LANGUAGE_CODE) -> None:
    """Queue an e-mail with a sign-in link, creating the account on first request.

    Nothing for an inactive account, nor for staff (they sign in with their password); the
    page answers the same, so it does not tell who is staff.
    """
    user, _created = get_or_create_applicant(email, language=language)
    if not user.is_active or user.signs_in_with_password:
        return
    queue_email(
        # Every request is a new e-mail: the nonce keeps the outbox key unique.
        key=f"sign-in-link:{user.pk}:{secrets.token_hex(8)}",
        to=user.email,
        template="sign_in_link",
        context={
            "path": sign_in_path(user, next_url=next_url),
            "minutes": settings.SESAME_MAX_AGE // 60,
        },
        language=language,
    )
