from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models import Program


class ConsentRecord(models.Model):
    """The ledger: one line each time a person accepted a program's privacy notice."""

    class Context(models.TextChoices):
        APPLICATION = "application", _("Application form")
        SURVEY = "survey", _("Survey")
        OTHER = "other", _("Other")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="consents", verbose_name=_("program")
    )
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted at"))
    context = models.CharField(_("where"), max_length=16, choices=Context.choices, default=Context.OTHER)
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consent ledger")
        ordering = ["-accepted_at", "-pk"]
        indexes = [models.Index(fields=["program", "notice_version"])]

    def __str__(self):
        # No address: the ledger's pages are also shown while blind screening hides the person.
        return _("Consent #%(id)s – %(program)s v%(version)s") % {
            "id": self.pk,
            "program": self.program,
            "version": self.notice_version,
        }


class ErasureRecord(models.Model):
    """The audit line of an erasure on request: who, when, in which program, how much went.

    It holds no address or name of the person: keeping one would undo the erasure.
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="erasures", verbose_name=_("program")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    at = models.DateTimeField(_("erased at"))
    note = models.CharField(_("note (how the request came)"), max_length=300, blank=True)
    whole_person = models.BooleanField(
        _("account and e-mails erased too"),
        default=True,
        help_text=_("No: the person has applications in other programs, which stay."),
    )
    counts = models.JSONField(_("what was erased"), default=dict)

    class Meta:
        verbose_name = _("erasure on request")
        verbose_name_plural = _("erasures on request")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.program} {self.at:%Y-%m-%d}"
