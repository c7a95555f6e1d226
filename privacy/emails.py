"""The e-mails of privacy: the confirmation that an account is deleted."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.emails import EmailKind, register

ACCOUNT_DELETED = register(
    EmailKind(
        key="privacy_account_deleted",
        label=_("Account deleted"),
        subject=_("Your account has been deleted"),
        body=_(
            "Hello,\n\n"
            "As you asked, we have deleted your account for mentorship programs. Your name, contact "
            "details and answers have been removed from your applications; what is left are anonymous "
            "rows that keep the rounds' statistics right.\n\n"
            "You do not need to do anything. If you did not ask for this, contact the program's "
            "coordinator.\n\n"
            "You can apply again at any time with a new account.\n\n"
            "{link}"
        ),
        links={"link": _("Go to the website")},
        values=lambda context, language: {"link": settings.SITE_URL + "/"},
    )
)
