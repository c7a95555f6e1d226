from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from matching.models import Pair


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        VISIT_MENTOR = "visit_mentor", _("Visit at the mentor's workplace")
        VISIT_MENTEE = "visit_mentee", _("Visit at the mentee's workplace")
        JOINT_EVENT = "joint_event", _("Joint event")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("pair"))
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MEETING)
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), null=True, blank=True, validators=[MaxValueValidator(24 * 60)]
    )
    pulse = models.PositiveSmallIntegerField(
        _("how did it go (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    private_note = models.TextField(_("private note (only the pair sees it)"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["pair", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


class SurveyResponse(models.Model):
    """One participant's answer to one of the round's surveys, mirrored for both roles."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        MIDPOINT = "midpoint", _("Midpoint")
        END = "end", _("End")
        FOLLOW_UP = "follow_up", _("Follow-up")

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="survey_responses", verbose_name=_("pair")
    )
    role = models.CharField(_("role"), max_length=16)
    kind = models.CharField(_("survey"), max_length=16, choices=Kind.choices)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    changed_perspective = models.PositiveSmallIntegerField(
        _("changed my perspective (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    recommend = models.PositiveSmallIntegerField(
        _("would recommend (0–10)"), validators=[MaxValueValidator(10)]
    )
    learned = models.TextField(_("what I learned"), blank=True)
    quote = models.TextField(_("a quote we may use"), blank=True)
    quote_consent = models.BooleanField(_("the quote may be shown in reports"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [models.UniqueConstraint(fields=["pair", "role", "kind"], name="one_answer_per_survey")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.role} – {self.pair_id}"
