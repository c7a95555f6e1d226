from django.utils.translation import gettext_lazy as _

from notifications.models import EmailTemplate


class EmailText(EmailTemplate):
    """A program's e-mail texts as coordinators see them in the admin (under Communication)."""

    class Meta:
        proxy = True
        verbose_name = _("e-mail text")
        verbose_name_plural = _("e-mail texts")
