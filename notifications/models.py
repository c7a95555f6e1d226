from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """The outbox: every e-mail is a row first, with a key that makes it go out once ever."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        # For good: the server refused it, it failed too often, or the recipient is gone.
        FAILED = "failed", _("Failed")
        # The connection broke after the message was handed to the server: a person checks.
        UNCERTAIN = "uncertain", _("Maybe sent")

    key = models.CharField(_("key"), max_length=255, unique=True)
    # The program the e-mail is sent for: its texts, its colours, and which coordinators see it.
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("program"),
    )
    to = models.EmailField(_("recipient"))
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="sv")
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    # Which delivery claimed the row (the task id: a redelivered task knows its own rows), and
    # when that delivery began handing the message to the mail server (from then: maybe sent).
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.to}: {self.subject or self.template}"


class EmailTemplate(models.Model):
    """A program's own subject and body for one kind of e-mail in one language.

    Without a row the code's default text is used; deleting the row is "reset to default".
    """

    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.CASCADE,
        related_name="email_templates",
        verbose_name=_("program"),
    )
    kind = models.CharField(_("e-mail"), max_length=100)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("e-mail text")
        verbose_name_plural = _("e-mail texts")
        ordering = ["program", "kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind", "language"], name="unique_email_template")
        ]

    def __str__(self):
        return f"{self.program} – {self.kind} ({self.language})"
