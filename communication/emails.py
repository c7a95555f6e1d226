"""The e-mails of communication: messages to a group (their words are the coordinator's)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.emails import EmailKind, register

PERSON = {
    "first_name": _("The recipient's first name"),
    "name": _("The recipient's full name"),
    "round": _("The round's name"),
    "program": _("The program's name"),
    "pair_name": _("The name of the recipient's partner in the pair (empty without a pair)"),
}


def person_values(context, language):
    return {
        **{name: context.get(name, "") for name in PERSON},
        "link": settings.SITE_URL + reverse("applications:mine"),
    }


GROUP_MESSAGE = register(
    EmailKind(
        key="group_message",
        label=_("Message to a group"),
        subject="{subject}",
        body="{body}",
        placeholders=PERSON,
        links={"link": _("Open your pages")},
        values=person_values,
        own_words=lambda context: (context.get("subject", ""), context.get("body", "")),
        editable=False,
    )
)
