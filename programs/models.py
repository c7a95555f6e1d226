import re
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.fields import HttpsURLField
from mentorship.i18n import TranslatedField

from . import timeline
from .timeline import Phase  # noqa: F401  (imported from here across the project)


class Role(models.TextChoices):
    """The two sides of a pair; each program names them in its own words."""

    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        HOST = "host", _("Host")
        PARTNER = "partner", _("Partner")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PARTNER)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    website = HttpsURLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def validate_accent_colour(value: str) -> None:
    """#rrggbb, dark enough for white button text (WCAG AA, 4.5:1)."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value or ""):
        raise ValidationError(_("Write the colour as # and six hexadecimal digits, e.g. #0b5ed7."))
    if 1.05 / (_luminance(value) + 0.05) < 4.5:
        raise ValidationError(_("This colour is too light: white text on it would be hard to read."))


def staff_of_q(user, path: str = "") -> Q:
    """Programs (reached by `path`, e.g. "round__program__") that `user` coordinates or leads.

    Reviewers are members too, but see only the applications they review: never a program's data.
    """
    return Q(**{f"{path}memberships__user": user, f"{path}memberships__kind__in": STAFF_KINDS})


class ProgramQuerySet(models.QuerySet):
    def for_staff(self, user):
        """The programs a staff user coordinates or leads (all of them for a superuser)."""
        if user.is_superuser:
            return self
        return self.filter(staff_of_q(user)).distinct()


class Program(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    hosts = models.ManyToManyField(
        Organisation, verbose_name=_("host organisations"), related_name="hosted_programs", blank=True
    )
    mentor_label_sv = models.CharField(_("mentor label (Swedish)"), max_length=50, default="Mentor")
    mentor_label_en = models.CharField(_("mentor label (English)"), max_length=50, default="Mentor")
    mentee_label_sv = models.CharField(_("mentee label (Swedish)"), max_length=50, default="Adept")
    mentee_label_en = models.CharField(_("mentee label (English)"), max_length=50, default="Mentee")
    is_reverse = models.BooleanField(
        _("reverse mentoring"),
        default=False,
        help_text=_("The mentor is the younger, less senior party; the mentee is the senior leader."),
    )
    privacy_notice_sv = models.TextField(_("privacy notice (Swedish)"), blank=True)
    privacy_notice_en = models.TextField(_("privacy notice (English)"), blank=True)
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20, default="1")
    retention_months = models.PositiveSmallIntegerField(
        _("data retention (months after the round ends)"), default=12
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown in survey results"), default=5, validators=[MinValueValidator(1)]
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        db_default="",  # rows written by code that predates the column get none, not an error
        validators=[validate_accent_colour],
        help_text=_(
            "A dark colour as #rrggbb, used for headings and buttons (white text must be readable on it)."
        ),
    )
    # When the logo (a ProgramLogo, see programs/branding.py) last changed; None without one.
    logo_updated_at = models.DateTimeField(_("logo changed"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProgramQuerySet.as_manager()

    description = TranslatedField("description")
    mentor_label = TranslatedField("mentor_label")
    mentee_label = TranslatedField("mentee_label")
    privacy_notice = TranslatedField("privacy_notice")

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:program", kwargs={"slug": self.slug})

    @property
    def logo_path(self) -> str:
        """The logo's address on this site (changing with the logo, so it can be cached), or ""."""
        if not self.logo_updated_at:
            return ""
        version = int(self.logo_updated_at.timestamp())
        return reverse("programs:logo", kwargs={"slug": self.slug}) + f"?v={version}"

    @property
    def brand_css_path(self) -> str:
        """The stylesheet with the program's accent colour, or "" without one."""
        if not self.accent_colour:
            return ""
        return reverse("programs:brand_css", kwargs={"slug": self.slug}) + f"?c={self.accent_colour[1:]}"

    def role_label(self, role: str) -> str:
        return self.mentor_label if role == Role.MENTOR else self.mentee_label


class ProgramLogo(models.Model):
    """A program's logo as PNG, kept apart so loading a program never loads the image."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="logo", primary_key=True)
    image = models.BinaryField(_("image"))

    class Meta:
        verbose_name = _("logo")
        verbose_name_plural = _("logos")

    def __str__(self):
        return str(self.program)


class ProgramMembership(models.Model):
    """Staff scoping: a coordinator, a lead or a reviewer of one program.

    Coordinators change the program's data, leads read it; reviewers read and score only the
    applications assigned to them (or all of a round's, when the round says so).
    """

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        LEAD = "lead", _("Program lead")
        REVIEWER = "reviewer", _("Reviewer")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="program_memberships",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name = _("program staff member")
        verbose_name_plural = _("program staff")
        constraints = [models.UniqueConstraint(fields=["program", "user"], name="unique_program_membership")]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()} – {self.program}"


# The kinds that see a program's data (read by staff_of_q above and mentorship.scoping).
STAFF_KINDS = (ProgramMembership.Kind.COORDINATOR, ProgramMembership.Kind.LEAD)


class ContactPerson(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="topics")
    slug = models.SlugField(_("slug"))
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    name = TranslatedField("name")

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name_sv"]
        constraints = [models.UniqueConstraint(fields=["program", "slug"], name="unique_topic_slug")]

    def __str__(self):
        return self.name


class Eligibility(models.TextChoices):
    OPEN = "open", _("Open to everyone")
    LIST = "list", _("On the round's list")
    PARTNER = "partner", _("Employed at a participating partner")


class RoundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_staff(self, user):
        if user.is_superuser:
            return self
        return self.filter(staff_of_q(user, "program__")).distinct()


class Round(models.Model):
    """A cohort of a program, with a dated timeline; its phase is derived, never set."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("program")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    how_to_apply_sv = models.TextField(_("how to apply (Swedish)"), blank=True)
    how_to_apply_en = models.TextField(_("how to apply (English)"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    applications_open = models.DateTimeField(_("applications open"))
    mentor_deadline = models.DateTimeField(_("application deadline, mentors"))
    mentee_deadline = models.DateTimeField(_("application deadline, mentees"))
    screening_ends = models.DateTimeField(_("screening ends"))
    pairs_announced = models.DateTimeField(_("pairs announced"))
    confirm_by = models.DateTimeField(_("pairs confirm by"))
    kickoff = models.DateTimeField(_("kickoff"))
    midpoint = models.DateTimeField(_("midpoint"))
    ends = models.DateTimeField(_("end"))
    follow_up = models.DateTimeField(_("follow-up"))

    capacity = models.PositiveIntegerField(_("capacity (pairs)"), default=10)
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("participating partners"), related_name="rounds", blank=True
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics offered"), blank=True)
    meeting_cadence_days = models.PositiveSmallIntegerField(
        _("meeting cadence (days)"), default=30, validators=[MinValueValidator(1)]
    )
    visits_expected = models.PositiveSmallIntegerField(_("visits expected to each workplace"), default=1)
    mentor_eligibility = models.CharField(
        _("who may apply as mentor"), max_length=16, choices=Eligibility.choices, default=Eligibility.OPEN
    )
    mentee_eligibility = models.CharField(
        _("who may apply as mentee"), max_length=16, choices=Eligibility.choices, default=Eligibility.OPEN
    )
    blind_screening = models.BooleanField(
        _("blind screening"),
        default=False,
        help_text=_(
            "Reviewers do not see names, e-mail addresses or organisations until decisions are released."
        ),
    )
    reviewers_see_all = models.BooleanField(
        _("reviewers see every application"),
        default=False,
        db_default=False,  # for rows written by older migrations' models (data migration tests)
        help_text=_(
            "The program's reviewers may read and score every application of the round, "
            "not only the ones assigned to them."
        ),
    )
    max_mentees_per_mentor = models.PositiveSmallIntegerField(
        _("most mentees per mentor"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    description = TranslatedField("description")
    how_to_apply = TranslatedField("how_to_apply")

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-applications_open"]

    def __str__(self):
        return f"{self.program.name} – {self.name}"

    def get_absolute_url(self):
        return reverse("programs:round", kwargs={"slug": self.slug})

    @property
    def application_deadline(self) -> datetime:
        """The last deadline of the two roles: screening starts after it."""
        return max(self.mentor_deadline, self.mentee_deadline)

    def deadline_for(self, role: str) -> datetime:
        return self.mentor_deadline if role == Role.MENTOR else self.mentee_deadline

    def eligibility_for(self, role: str) -> str:
        return self.mentor_eligibility if role == Role.MENTOR else self.mentee_eligibility

    def is_open_for(self, role: str, at: datetime | None = None) -> bool:
        """Applications for `role` are accepted from opening up to (not at) its deadline."""
        at = at or timezone.now()
        return self.applications_open <= at < self.deadline_for(role)

    def phase_at(self, at: datetime | None = None) -> str:
        return timeline.phase_at(self, at or timezone.now())

    @property
    def phase(self) -> str:
        return self.phase_at()

    def get_phase_display(self) -> str:
        return Phase(self.phase).label

    def timeline(self) -> list[tuple[str, str, datetime]]:
        """(key, label, instant) for every dated step, in order."""
        return timeline.public_steps(self)

    def clean(self):
        super().clean()
        errors = timeline_errors(self)
        if errors:
            raise ValidationError(errors)


def timeline_errors(round_) -> dict[str, list[str]]:
    """Messages naming every pair of timeline fields that are out of order."""
    return timeline.order_errors(round_, lambda name: Round._meta.get_field(name).verbose_name)


class EligibilityEntry(models.Model):
    """An e-mail address on a round's list for one role (e.g. the year's young leaders)."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="eligibility_entries", verbose_name=_("round")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    email = models.EmailField(_("e-mail address"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("eligibility list entry")
        verbose_name_plural = _("eligibility list")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["round", "role", "email"], name="unique_eligibility_entry")
        ]

    def __str__(self):
        return self.email


class RoundInterest(models.Model):
    """Somebody who asked to be told when applications open."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="interests", verbose_name=_("round")
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="sv")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [models.UniqueConstraint(fields=["round", "email"], name="unique_round_interest")]

    def __str__(self):
        return self.email


# The program's survey questions live in their own module (imported here so Django finds the model).
from .survey_questions import SurveyQuestion, SurveyQuestionKind  # noqa: E402, F401
