"""A program's survey questions: the items its surveys ask, mirrored for both roles.

The model lives here and is imported by `programs.models`; what is asked in a given survey, the
form fields and how answers read belong to `pairs.surveys`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentorship.i18n import TranslatedField, current_language, translated

from .default_survey import DEFAULT_SURVEY
from .timeline import SURVEYS


class SurveyQuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale 1–5")
    NPS = "nps", _("Recommend 0–10 (NPS)")
    TEXT = "text", _("Text")
    QUOTE = "quote", _("Quote (shown in reports only with the author's consent)")


# Kinds whose answers are numbers (averaged or counted into an NPS), and those written in words.
NUMBER_KINDS = (SurveyQuestionKind.SCALE, SurveyQuestionKind.NPS)
TEXT_KINDS = (SurveyQuestionKind.TEXT, SurveyQuestionKind.QUOTE)
SURVEY_CHOICES = [(survey.kind, survey.label) for survey in SURVEYS]


class SurveyQuestion(models.Model):
    """One item of a program's surveys, asked of both roles, each in their own wording."""

    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.CASCADE,
        related_name="survey_questions",
        verbose_name=_("program"),
    )
    key = models.SlugField(
        _("key"), max_length=50, help_text=_("Stored with the answers; do not change it once people answer.")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=SurveyQuestionKind.choices)
    label_sv = models.CharField(_("question to the mentor (Swedish)"), max_length=300)
    label_en = models.CharField(_("question to the mentor (English)"), max_length=300)
    mentee_label_sv = models.CharField(
        _("question to the mentee (Swedish)"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to ask the mentee in the mentor's words."),
    )
    mentee_label_en = models.CharField(_("question to the mentee (English)"), max_length=300, blank=True)
    help_sv = models.CharField(_("help text (Swedish)"), max_length=300, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=300, blank=True)
    report_label_sv = models.CharField(
        _("heading in reports (Swedish)"),
        max_length=60,
        blank=True,
        help_text=_("A short name for the results table; empty: the question."),
    )
    report_label_en = models.CharField(_("heading in reports (English)"), max_length=60, blank=True)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    surveys = models.JSONField(
        _("asked in"), default=list, blank=True, help_text=_("None ticked: asked in every survey.")
    )
    is_active = models.BooleanField(
        _("asked"), default=True, help_text=_("Untick to stop asking it; its answers stay in the results.")
    )

    label = TranslatedField("label")
    help = TranslatedField("help")

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["program", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="unique_survey_question_key")]

    def __str__(self):
        return self.label

    def label_for(self, role: str) -> str:
        """The question in the active language, worded for `role`: a mentee is asked in the mentee
        wording if there is one, else in the mentor's words (Swedish when a language is missing)."""
        if role == "mentee":
            language = current_language()
            own = getattr(self, f"mentee_label_{language}") or getattr(self, f"label_{language}")
            return own or self.mentee_label_sv or self.label_sv
        return self.label

    @property
    def report_label(self) -> str:
        return translated(self, "report_label") or self.label

    def is_asked_in(self, survey: str) -> bool:
        return not self.surveys or survey in self.surveys

    def clean(self):
        super().clean()
        errors = {}
        unknown = set(self.surveys or []) - {kind for kind, _label in SURVEY_CHOICES}
        if unknown:
            errors["surveys"] = _("Unknown survey: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}
        if bool(self.mentee_label_sv) != bool(self.mentee_label_en):
            errors["mentee_label_en"] = _("Word the question to the mentee in both languages, or in neither.")
        if self.pk and self.kind != self._answered_kind():
            errors["kind"] = _("People have answered this question: its kind can no longer change.")
        if errors:
            raise ValidationError(errors)

    def _answered_kind(self) -> str:
        """The saved kind if anyone answered the question (answers are read by it), else this one."""
        answered = SurveyQuestion.objects.filter(pk=self.pk, answers__isnull=False)
        return answered.values_list("kind", flat=True).first() or self.kind


def add_default_survey(program) -> list[SurveyQuestion]:
    """Give `program` the default survey (today's items), unless it has survey questions already."""
    if program.survey_questions.exists():
        return []
    return SurveyQuestion.objects.bulk_create(
        SurveyQuestion(program=program, **item) for item in DEFAULT_SURVEY
    )
