"""The e-mails of accounts: the sign-in link."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.emails import EmailKind, register

SIGN_IN_LINK = register(
    EmailKind(
        key="sign_in_link",
        label=_("Sign-in link"),
        subject=_("Your sign-in link"),
        body=_(
            "Hello,\n\n"
            "Use the button to sign in. The link works once, for {minutes} minutes.\n\n"
            "{link}\n\n"
            "If you did not ask for it, you can ignore this e-mail."
        ),
        placeholders={"minutes": _("How many minutes the link works")},
        links={"link": _("Sign in")},
        values=lambda context, language: {
            "minutes": context.get("minutes", ""),
            "link": settings.SITE_URL + context.get("path", "/"),
        },
    )
)
