"""The page django-axes shows when sign-in is paused after too many failures."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """A translated 429 page saying how long to wait."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_timedelta": cooloff,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return render(request, "privacy/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def client_username(request, credentials=None) -> str | None:
    """The address somebody tried to sign in as (password forms call it `username`), lower-cased."""
    source = credentials or getattr(request, "POST", {}) or {}
    if source.get("sesame"):  # an e-mailed link: the address of the account it names
        from accounts.backends import link_address

        return link_address(source["sesame"])
    username = source.get("username") or source.get("email")
    return username.strip().lower() if isinstance(username, str) else None
