"""The e-mail of reports: a partner's contact person may now read their organisation's report."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.emails import EmailKind, register

ACCESS_GRANTED = register(
    EmailKind(
        key="reports_access_granted",
        label=_("Report shared with a partner"),
        subject=_("The report of {program} for {organisation}"),
        body=_(
            "Hello,\n\n"
            "You can now read the report of {program} for {organisation}: participation, pairs, "
            "meetings and what the participants said, without names.\n\n"
            "{link}\n\n"
            "Sign in with this e-mail address; you will get a sign-in link by e-mail."
        ),
        placeholders={"program": _("the program's name"), "organisation": _("the organisation's name")},
        links={"link": _("Read the report")},
        values=lambda context, language: {
            "program": context.get("program", ""),
            "organisation": context.get("organisation", ""),
            "link": settings.SITE_URL + reverse("reports:mine"),  # every report shared with them
        },
    )
)
