from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from matching.models import Pair
from programs.models import SurveyQuestion
from programs.timeline import SURVEYS


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
    """One participant's answers to one of the round's surveys (the items are the program's
    survey questions, `programs.SurveyQuestion`; one `SurveyAnswer` per question answered)."""

    # The surveys are the timeline's (programs/timeline.py): baseline, midpoint, end, follow-up.
    Kind = models.TextChoices("Kind", [(s.kind.upper(), (s.kind, s.label)) for s in SURVEYS])

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="survey_responses", verbose_name=_("pair")
    )
    role = models.CharField(_("role"), max_length=16)
    kind = models.CharField(_("survey"), max_length=16, choices=Kind.choices)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [models.UniqueConstraint(fields=["pair", "role", "kind"], name="one_answer_per_survey")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.role} – {self.pair_id}"


class SurveyAnswer(models.Model):
    """The answer to one survey question: a number (scale, NPS) or a text (text, quote)."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("survey answer")
    )
    # PROTECT: a question people answered is not deleted (untick "asked" instead), so no answer is lost.
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    text = models.TextField(_("text"), blank=True)
    consent = models.BooleanField(_("the quote may be shown in reports"), default=False)

    class Meta:
        verbose_name = _("answer to a survey question")
        verbose_name_plural = _("answers to survey questions")
        ordering = ["pk"]  # saved in the order of the questions
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_survey_question")
        ]

    def __str__(self):
        return f"{self.question.key}: {self.number if self.number is not None else self.text}"
