"""Sign-in by e-mailed link, for applicants only; and who a link attempt is about, for axes."""

import base64

from django.urls import reverse
from sesame import packers
from sesame.backends import ModelBackend

from mentorship.prepared import NO_ID, Prepared

from .models import User

# Every request an applicant makes reads their account (AuthenticationMiddleware).
_account = Prepared(lambda pk: User._default_manager.filter(pk=pk), pk=NO_ID)


class LinkBackend(ModelBackend):
    """django-sesame's backend, refusing staff: they sign in with their password (and axes)."""

    def get_user(self, user_id):
        """The active account `user_id` (sesame's get_user, by a query compiled once), or None."""
        found = _account(pk=User._meta.pk.to_python(user_id))
        return found[0] if found and self.user_can_authenticate(found[0]) else None

    def authenticate(self, request, sesame, scope="", max_age=None):
        user = super().authenticate(request, sesame, scope=scope, max_age=max_age)
        return None if user is None or user.signs_in_with_password else user


def link_address(token: str) -> str | None:
    """The address of the account a link names (signature not checked), or None for garbage.

    Only to count failed links per address: a bad link locks that address, not the network.
    """
    try:
        data = base64.urlsafe_b64decode(token.encode() + b"=" * (-len(token) % 4))
        pk, _rest = packers.packer.unpack_pk(data)
    except Exception:  # any malformed token
        return None
    email = User.objects.filter(pk=pk).values_list("email", flat=True).first()
    return email.lower() if email else None


def lockout_parameters(request, credentials=None) -> list:
    """Axes: links lock per address (no IP: one network shares it); passwords per address and IP."""
    is_link = (credentials is not None and "sesame" in credentials) or (
        credentials is None and getattr(request, "path", None) == reverse("accounts:link")
    )
    return ["username"] if is_link else [["username", "ip_address"]]
