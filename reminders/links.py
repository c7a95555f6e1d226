"""Links put in reminder e-mails, in one place so they can be rewired.

`survey_url` and `meeting_url` point at the pairs area for now; when `pairs.services` offers
`survey_link(pair, role, kind)` and `meeting_link(pair, role)` (one-click links), call them here.
"""

from django.conf import settings
from django.urls import reverse


def application_url() -> str:
    """The applicant's own applications (sign-in first if needed)."""
    return settings.SITE_URL + reverse("applications:mine")


def pair_url(pair, role: str) -> str:
    """Where a pair member confirms the proposed pair."""
    return settings.SITE_URL + "/pairs/"


def meeting_url(pair, role: str) -> str:
    """Where a pair member logs a meeting."""
    return settings.SITE_URL + "/pairs/"


def survey_url(pair, role: str, kind: str) -> str:
    """Where a pair member answers the round's `kind` survey."""
    return settings.SITE_URL + "/pairs/"


def round_admin_url(round_) -> str:
    """The round's reminders page in the admin, for coordinators."""
    return settings.SITE_URL + reverse("admin:reminders_roundreminders_change", args=[round_.pk])


def signup_url(round_) -> str:
    """The public round page, where applications start."""
    return settings.SITE_URL + round_.get_absolute_url()
