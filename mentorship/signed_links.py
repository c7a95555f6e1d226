"""The one scheme for signed links in e-mails (pair answers, meetings, surveys).

A link carries a purpose (the salt: a survey token never opens the meeting page), a small
payload and the instant it expires, all signed with the project's secret. Sign-in links are
django-sesame's (single use, tied to the account) and are not made here.
"""

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

_SALT = "mentorship.signed-link."
_EXPIRES = "x"


class LinkError(Exception):
    """A signed link that is expired, tampered with, or made for another purpose or object."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "expired" | "invalid"


def sign(purpose: str, payload: dict, *, expires_at: datetime) -> str:
    """A URL-safe token for `payload`, valid for `purpose` until `expires_at` (exclusive)."""
    if _EXPIRES in payload:
        raise ValueError(f"{_EXPIRES!r} is reserved for the expiry")
    data = {**payload, _EXPIRES: int(expires_at.timestamp())}
    return signing.dumps(data, salt=_SALT + purpose, compress=True)


def read(token: str, purpose: str, *, at: datetime) -> dict:
    """The payload of a token made for `purpose`; LinkError("expired") from its expiry on,
    LinkError("invalid") when tampered with or made for another purpose."""
    try:
        data = signing.loads(token, salt=_SALT + purpose)
    except signing.BadSignature as error:
        raise LinkError("invalid") from error
    if not isinstance(data, dict) or not isinstance(data.get(_EXPIRES), int):
        raise LinkError("invalid")
    if at.timestamp() >= data.pop(_EXPIRES):
        raise LinkError("expired")
    return data


def absolute_url(viewname: str, **kwargs) -> str:
    """The public address of a page, for e-mails (SITE_URL + the path)."""
    return settings.SITE_URL + reverse(viewname, kwargs=kwargs)
