from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentorship.fields import HttpsURLField
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


class Event(models.Model):
    """A meeting of the cohort (kickoff, workshop, closing…) with its invitations.

    `sequence` counts the versions sent: each change after the invitations went out sends an
    update with the next number, so calendar programs replace the event instead of adding one.
    """

    class Kind(models.TextChoices):
        KICKOFF = "kickoff", _("Kickoff")
        WORKSHOP = "workshop", _("Workshop")
        CLOSING = "closing", _("Closing")
        OTHER = "other", _("Other meeting")

    round = models.ForeignKey(
        "programs.Round", on_delete=models.CASCADE, related_name="events", verbose_name=_("round")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = HttpsURLField(_("video link"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True, max_length=5000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=5000)
    sequence = models.PositiveIntegerField(_("version sent"), default=0)
    invited_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.title_sv

    def title(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_sv

    def description(self, language: str) -> str:
        return self.description_en if language == "en" and self.description_en else self.description_sv

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})
        if not self.place and not self.video_link:
            raise ValidationError({"place": _("Give a place, a video link, or both.")})


class Invitation(models.Model):
    """One person invited to an event: their answer and whether they came."""

    class Answer(models.TextChoices):
        NONE = "", _("No answer yet")
        YES = "yes", _("Coming")
        NO = "no", _("Not coming")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices, blank=True, default="")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "application"], name="one_invitation_per_person")
        ]

    def __str__(self):
        return f"{self.event} – {self.application_id}"
