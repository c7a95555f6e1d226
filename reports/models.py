from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportAccess(models.Model):
    """A partner's contact person may read the sponsor report of their organisation in a program.

    Nothing else: not the dashboards, not the admin, not another organisation's report.
    """

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="report_access", verbose_name=_("program")
    )
    organisation = models.ForeignKey(
        "programs.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_access",
        verbose_name=_("person"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("given by"),
    )
    granted_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("report access")
        verbose_name_plural = _("report access")
        constraints = [
            models.UniqueConstraint(fields=["program", "organisation", "user"], name="unique_report_access")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} – {self.program}"
