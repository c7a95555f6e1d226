"""Links put in reminder e-mails: the signed one-click links of the apps that own the pages."""

from django.conf import settings
from django.urls import reverse

from matching import services as matching_services
from pairs import services as pairs_services


def application_url() -> str:
    """The applicant's own applications (sign-in first if needed)."""
    return settings.SITE_URL + reverse("applications:mine")


def pair_url(pair, role: str) -> str:
    """The signed page where a pair member confirms or declines the proposed pair."""
    return matching_services.response_link(pair, role)


def pair_page_url(pair) -> str:
    """The pair page (sign-in first if needed): contacts, agreement, meeting log."""
    return matching_services.pair_page_link(pair)


def pair_member_links(pair, role: str) -> dict[str, str]:
    """The links every reminder to a pair member carries: log a meeting in one click, the pair page."""
    return {"meeting_link": meeting_url(pair, role), "pair_link": pair_page_url(pair)}


def meeting_url(pair, role: str) -> str:
    """The signed one-click page where a pair member logs a meeting."""
    return pairs_services.meeting_link(pair, role)


def survey_url(pair, role: str, kind: str) -> str:
    """The signed page where a pair member answers the round's `kind` survey."""
    return pairs_services.survey_link(pair, role, kind)


def round_admin_url(round_) -> str:
    """The round's reminders page in the admin, for coordinators."""
    return settings.SITE_URL + reverse("admin:reminders_roundreminders_change", args=[round_.pk])


def signup_url(round_) -> str:
    """The public round page, where applications start."""
    return settings.SITE_URL + round_.get_absolute_url()
