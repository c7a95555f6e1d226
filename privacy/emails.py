"""The e-mails of privacy: the confirmations that an account is deleted, or data erased on request."""

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

ERASED_ON_REQUEST = register(
    EmailKind(
        key="privacy_erased_on_request",
        label=_("Data erased on request"),
        subject=_("Your data in {program} has been erased"),
        body=_(
            "Hello,\n\n"
            "As you asked, the coordinators of {program} have erased your data there: your name, "
            "contact details and answers are gone from your applications, pairs and e-mails. What "
            "is left are anonymous rows that keep the program's statistics right.\n\n"
            "If you did not ask for this, contact the program's coordinator.\n\n"
            "{link}"
        ),
        placeholders={"program": _("the program's name")},
        links={"link": _("Go to the website")},
        values=lambda context, language: {
            "link": settings.SITE_URL + "/",
            "program": context.get("program", ""),
        },
    )
)
