from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mentorship.i18n import TranslatedField
from programs.models import Organisation, Role, Round, Topic


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.SUBMITTED, State.WITHDRAWN},
    State.SUBMITTED: {State.ACCEPTED, State.WAITLISTED, State.REJECTED, State.WITHDRAWN},
    State.WAITLISTED: {State.ACCEPTED, State.REJECTED, State.WITHDRAWN},
    State.ACCEPTED: {State.WITHDRAWN},
    State.REJECTED: set(),
    State.WITHDRAWN: set(),
}
DECISIONS = (State.ACCEPTED, State.WAITLISTED, State.REJECTED)


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Online")
    EITHER = "either", _("Either")


class Language(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    FINNISH = "fi", _("Finnish")
    GERMAN = "de", _("German")
    SPANISH = "es", _("Spanish")
    FRENCH = "fr", _("French")


class Availability(models.TextChoices):
    """Weekly slots an applicant can usually meet in."""

    MON_AM = "mon_am", _("Monday morning")
    MON_PM = "mon_pm", _("Monday afternoon")
    TUE_AM = "tue_am", _("Tuesday morning")
    TUE_PM = "tue_pm", _("Tuesday afternoon")
    WED_AM = "wed_am", _("Wednesday morning")
    WED_PM = "wed_pm", _("Wednesday afternoon")
    THU_AM = "thu_am", _("Thursday morning")
    THU_PM = "thu_pm", _("Thursday afternoon")
    FRI_AM = "fri_am", _("Friday morning")
    FRI_PM = "fri_pm", _("Friday afternoon")


def pending_decision_q(prefix: str = "") -> Q:
    """A decision the applicant has not been told: the one owner of "decision pending".

    ``prefix`` reaches applications through a relation (``"applications__"`` from a round).
    ``Application.decision_pending`` is the same rule for an application already loaded.
    """
    return Q(**{f"{prefix}state__in": DECISIONS}) & ~Q(**{f"{prefix}notified_state": F(f"{prefix}state")})


class ApplicationQuerySet(models.QuerySet):
    def decision_pending(self):
        return self.filter(pending_decision_q())

    def for_staff(self, user):
        if user.is_superuser:
            return self
        return self.filter(round__program__memberships__user=user)

    def submitted(self):
        return self.exclude(state__in=[State.DRAFT, State.WITHDRAWN])

    def started_by(self, applicant, *, round_, role):
        """The applicant's application in `round_` for `role`, if they have started one (or None)."""
        return self.filter(round=round_, applicant=applicant, role=role).first()


class Application(models.Model):
    """One person's application to one round in one role."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="applications", verbose_name=_("round")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)

    # About you
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Organisation and role
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(_("organisation (if not listed)"), max_length=200, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    # Motivation and goals
    motivation = models.TextField(_("motivation"), blank=True)
    want_to_learn = models.TextField(_("what I want to learn"), blank=True)
    can_offer = models.TextField(_("what I can offer"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    # Practicalities
    languages = models.JSONField(_("languages"), default=list, blank=True)
    meeting_format = models.CharField(
        _("meeting format"), max_length=16, choices=MeetingFormat.choices, blank=True
    )
    availability = models.JSONField(_("weekly availability"), default=list, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    mentee_capacity = models.PositiveSmallIntegerField(
        _("how many mentees I can take"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    # The program's own questions: {question key: answer}; keys of removed questions stay.
    answers = models.JSONField(_("answers to the program's questions"), default=dict, blank=True)
    # Consent
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    # Screening
    is_eligible = models.BooleanField(_("eligible"), null=True, blank=True)
    eligibility_note = models.CharField(_("eligibility note"), max_length=300, blank=True)
    # Set by a coordinator (see EligibilityOverride): a change of the round's list leaves it.
    eligibility_overridden = models.BooleanField(_("eligibility set by a coordinator"), default=False)
    # The last decision the applicant was told; a decision differing from it is pending.
    notified_state = models.CharField(_("decision sent"), max_length=16, choices=State.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_released_at = models.DateTimeField(_("decision released at"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "applicant", "role"], name="one_application_per_round_role"
            )
        ]
        indexes = [models.Index(fields=["round", "role", "state"])]

    def __str__(self):
        return f"{self.full_name or self.email or self.pk} ({self.get_role_display()}, {self.round})"

    @property
    def role_label(self) -> str:
        return self.round.program.role_label(self.role)

    @property
    def organisation_display(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    @property
    def decision_pending(self) -> bool:
        """A decision not told yet (the rule of ``pending_decision_q``, in Python)."""
        return self.state in DECISIONS and self.state != self.notified_state

    @property
    def applicant_state(self) -> str:
        """The state the applicant may know: the one owner, for every page and the export.

        A pending decision is not shown: the applicant still sees the last decision they were
        told (e.g. "waitlisted" while an acceptance waits for release), or "submitted".
        """
        if self.decision_pending:
            return self.notified_state or State.SUBMITTED
        return self.state

    def can_move_to(self, state: str) -> bool:
        return state in ALLOWED_TRANSITIONS[self.state]


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("One choice")
    MULTI_CHOICE = "multi_choice", _("Several choices")
    NUMBER = "number", _("Number")
    SCALE = "scale", _("Scale 1–5")
    YES_NO = "yes_no", _("Yes/no")


CHOICE_KINDS = (QuestionKind.CHOICE, QuestionKind.MULTI_CHOICE)


class AskedTo(models.TextChoices):
    BOTH = "both", _("Both roles")
    MENTOR = Role.MENTOR.value, _("Mentors only")
    MENTEE = Role.MENTEE.value, _("Mentees only")


class MatchingUse(models.TextChoices):
    """How a choice question feeds matching (comparing the two sides' answers)."""

    NONE = "", _("Not used in matching")
    MUST_MATCH = "must_match", _("Must match (hard rule)")
    SHOULD_MATCH = "should_match", _("Should match (score)")
    SHOULD_DIFFER = "should_differ", _("Should differ (score)")
    MUST_DIFFER = "must_differ", _("Must differ (hard rule)")


HARD_MATCHING_USES = (MatchingUse.MUST_MATCH, MatchingUse.MUST_DIFFER)


class QuestionQuerySet(models.QuerySet):
    def asked_to(self, role: str):
        return self.filter(models.Q(asked_to=AskedTo.BOTH) | models.Q(asked_to=role))


class Question(models.Model):
    """One of a program's own application questions (the fixed core is the form's)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="questions", verbose_name=_("program")
    )
    key = models.SlugField(
        _("key"), max_length=50, help_text=_("Stored with the answers; do not change it once people answer.")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    label_sv = models.CharField(_("question (Swedish)"), max_length=200)
    label_en = models.CharField(_("question (English)"), max_length=200)
    help_sv = models.CharField(_("help text (Swedish)"), max_length=300, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=300, blank=True)
    asked_to = models.CharField(_("asked to"), max_length=8, choices=AskedTo.choices, default=AskedTo.BOTH)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    min_value = models.IntegerField(_("smallest number"), null=True, blank=True)
    max_value = models.IntegerField(_("largest number"), null=True, blank=True)
    matching = models.CharField(
        _("use in matching"),
        max_length=16,
        choices=MatchingUse.choices,
        blank=True,
        default="",
        help_text=_(
            "Compares the mentor's and the mentee's answers. Where one of them has not answered (the "
            "question was added later), a hard rule lets the pair through and a score counts half."
        ),
    )
    weight = models.FloatField(
        _("matching weight"),
        default=1.0,
        validators=[MinValueValidator(0)],
        help_text=_("For “should” uses."),
    )

    objects = QuestionQuerySet.as_manager()

    label = TranslatedField("label")
    help = TranslatedField("help")

    class Meta:
        verbose_name = _("application question")
        verbose_name_plural = _("application questions")
        ordering = ["program", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="unique_question_key")]

    def __str__(self):
        return self.label

    def is_asked_to(self, role: str) -> bool:
        return self.asked_to in (AskedTo.BOTH, role)

    def clean(self):
        super().clean()
        if self.matching and self.kind not in CHOICE_KINDS:
            raise ValidationError({"matching": _("Only a choice question can be used in matching.")})
        if self.matching and self.asked_to != AskedTo.BOTH:
            raise ValidationError(
                {"asked_to": _("Matching compares both sides' answers: ask both roles this question.")}
            )
        if None not in (self.min_value, self.max_value) and self.min_value > self.max_value:
            raise ValidationError({"max_value": _("The largest number must not be below the smallest.")})


class QuestionOption(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    value = models.SlugField(_("value"), max_length=50, help_text=_("Stored with the answers."))
    label_sv = models.CharField(_("label (Swedish)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    label = TranslatedField("label")

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="unique_question_option")]

    def __str__(self):
        return self.label


class RubricCriterion(models.Model):
    """One line of a round's screening rubric, scored 1–5."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="rubric", verbose_name=_("round"))
    key = models.SlugField(_("key"))
    label_sv = models.CharField(_("label (Swedish)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    label = TranslatedField("label")

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "key"], name="unique_rubric_key")]

    def __str__(self):
        return self.label


class Review(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("reviewer")
    )
    scores = models.JSONField(_("scores"), default=dict)  # {criterion key: 1..5}
    total = models.DecimalField(_("average score"), max_digits=3, decimal_places=2, null=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_per_reviewer")
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.application_id}"


class StateChange(models.Model):
    """Audit log: every change of an application's state."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="history", verbose_name=_("application")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    from_state = models.CharField(_("from"), max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=State.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


class EligibilityOverride(models.Model):
    """Audit log: a coordinator set an application's eligibility flag by hand, and why."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="eligibility_overrides",
        verbose_name=_("application"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    is_eligible = models.BooleanField(_("eligible"))
    note = models.CharField(_("note"), max_length=300)

    class Meta:
        verbose_name = _("eligibility override")
        verbose_name_plural = _("eligibility overrides")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.is_eligible}"
