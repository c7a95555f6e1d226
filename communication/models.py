from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from notifications.models import EmailTemplate


class EmailText(EmailTemplate):
    """A program's e-mail texts as coordinators see them in the admin (under Communication)."""

    class Meta:
        proxy = True
        verbose_name = _("e-mail text")
        verbose_name_plural = _("e-mail texts")


class Message(models.Model):
    """A message from the coordinators to a chosen group of a round, in both languages.

    `audience` holds the choice (see `audiences.Audience`); the recipients it reached when it was
    sent are its `recipients`. Sent once: `token` comes from the form, so a second click of the
    same form finds this message instead of sending another.
    """

    round = models.ForeignKey(
        "programs.Round", on_delete=models.CASCADE, related_name="messages", verbose_name=_("round")
    )
    subject_sv = models.CharField(_("subject (Swedish)"), max_length=200)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_sv = models.TextField(_("text (Swedish)"), max_length=10000)
    body_en = models.TextField(_("text (English)"), max_length=10000)
    audience = models.JSONField(_("audience"), default=dict)
    token = models.CharField(_("token"), max_length=64, unique=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject_sv


class MessageRecipient(models.Model):
    """Who a message went to: the application it was addressed through, and its outbox row."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("message")
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="+", verbose_name=_("application")
    )
    notification = models.ForeignKey(
        "notifications.Notification",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("e-mail in the outbox"),
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["message", "application"], name="unique_message_recipient")
        ]

    def __str__(self):
        return f"{self.message} → {self.application_id}"
