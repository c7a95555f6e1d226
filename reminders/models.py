from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentorship.i18n import TranslatedField
from programs import timeline
from programs.models import Round


class Kind(models.TextChoices):
    """What a rule reminds about; each kind has its own code for who is asked and who has acted."""

    DRAFT = "draft", _("Unsubmitted application draft")
    OPENING = "opening", _("Applications are open")
    SCREENING_DIGEST = "screening_digest", _("Daily screening digest")
    UNCONFIRMED = "unconfirmed", _("Pair not confirmed")
    NO_MEETING = "no_meeting", _("No meeting within the cadence")
    SURVEY = "survey", _("Survey is open")
    SURVEY_REMINDER = "survey_reminder", _("Survey not answered")
    EVENT = "event", _("Event coming up")


class Audience(models.TextChoices):
    APPLICANTS = "applicants", _("Applicants with a draft")
    INTERESTED = "interested", _("People who asked to be told")
    COORDINATORS = "coordinators", _("The program's coordinators")
    PAIR_MEMBERS = "pair_members", _("Pair members")
    INVITED = "invited", _("People invited to the event (not those who said no)")


# Anchors counted per application or pair; the timeline's dates come from programs/timeline.py.
OWN_ANCHORS = (
    ("role_deadline", _("The applicant's role deadline")),
    ("pair_published", _("The pair was published")),
    ("meeting_due", _("One cadence after the last meeting (or kickoff)")),
    ("meeting_overdue", _("Twice the cadence after the last meeting (or kickoff)")),
    ("event_start", _("Each event of the round starts")),
)
# The instant a rule's offset counts from: a timeline date, or one per application or pair.
Anchor = models.TextChoices(
    "Anchor", [(value.upper(), (value, label)) for value, label in (*timeline.ANCHORS, *OWN_ANCHORS)]
)
# The timeline dates that open a survey: the survey e-mails count from them.
SURVEY_ANCHORS = {step.field for step in timeline.STEPS if step.survey and step.anchor}


# Which audiences and anchors make sense for each kind (checked in ReminderRule.clean).
ALLOWED: dict[str, tuple[set[str], set[str]]] = {
    Kind.DRAFT: ({Audience.APPLICANTS}, {Anchor.ROLE_DEADLINE}),
    Kind.OPENING: ({Audience.INTERESTED}, {Anchor.APPLICATIONS_OPEN}),
    Kind.SCREENING_DIGEST: ({Audience.COORDINATORS}, {Anchor.APPLICATION_DEADLINE}),
    Kind.UNCONFIRMED: ({Audience.PAIR_MEMBERS, Audience.COORDINATORS}, {Anchor.PAIR_PUBLISHED}),
    Kind.NO_MEETING: (
        {Audience.PAIR_MEMBERS, Audience.COORDINATORS},
        {Anchor.MEETING_DUE, Anchor.MEETING_OVERDUE},
    ),
    Kind.SURVEY: ({Audience.PAIR_MEMBERS}, SURVEY_ANCHORS),
    Kind.SURVEY_REMINDER: ({Audience.PAIR_MEMBERS}, SURVEY_ANCHORS),
    Kind.EVENT: ({Audience.INVITED}, {Anchor.EVENT_START}),
}


REPLACES = _("Replaces the standard text.")

# The furthest a reminder may be from its anchor, either way.
MAX_OFFSET = timedelta(days=365)
OFFSET_TOO_LARGE = _("The offset may be at most 365 days before or after.")


class ReminderRule(models.Model):
    """One reminder of a round: an offset from an anchor, an audience, and a kind's condition.

    The offset is counted on the Swedish wall clock ("2 days before 12:00" is 12:00 two days
    earlier, across a daylight-saving change too); negative means before the anchor.
    """

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="reminder_rules", verbose_name=_("round")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    audience = models.CharField(_("audience"), max_length=32, choices=Audience.choices)
    anchor = models.CharField(_("counted from"), max_length=32, choices=Anchor.choices)
    offset = models.DurationField(
        _("offset"),
        default=timedelta(0),
        help_text=_(
            "Negative for before, e.g. “-2 00:00:00” is two days before; “3 00:00:00” is three days after."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    subject_sv = models.CharField(_("subject (Swedish)"), max_length=200, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    message_sv = models.TextField(_("message (Swedish)"), blank=True, help_text=REPLACES)
    message_en = models.TextField(_("message (English)"), blank=True, help_text=REPLACES)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    subject = TranslatedField("subject")
    message = TranslatedField("message")

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["round", "kind", "audience", "offset", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.get_audience_display()} ({self.describe_offset()})"

    @property
    def offset_is_valid(self) -> bool:
        """False for an offset beyond a year (an old row, or one written past the form)."""
        return self.offset is None or abs(self.offset) <= MAX_OFFSET

    def describe_offset(self) -> str:
        """The offset in words: “2 days before the …”."""
        if not self.offset_is_valid:
            return str(OFFSET_TOO_LARGE)
        offset = self.offset or timedelta(0)
        hours = abs(offset) // timedelta(hours=1)
        amount = _("%(days)d d %(hours)d h") % {"days": hours // 24, "hours": hours % 24}
        anchor = self.get_anchor_display()
        if offset < timedelta(0):
            return _("%(amount)s before: %(anchor)s") % {"amount": amount, "anchor": anchor}
        if offset > timedelta(0):
            return _("%(amount)s after: %(anchor)s") % {"amount": amount, "anchor": anchor}
        return _("at: %(anchor)s") % {"anchor": anchor}

    def clean(self):
        super().clean()
        audiences, anchors = ALLOWED.get(self.kind, (set(), set()))
        errors = {}
        if self.audience and self.audience not in audiences:
            errors["audience"] = _("This audience does not fit this kind of reminder.")
        if self.anchor and self.anchor not in anchors:
            errors["anchor"] = _("This date does not fit this kind of reminder.")
        if not self.offset_is_valid:
            errors["offset"] = OFFSET_TOO_LARGE
        if errors:
            raise ValidationError(errors)


class RoundReminders(Round):
    """A round seen from its reminders (the per-round page in the admin)."""

    class Meta:
        proxy = True
        verbose_name = _("round reminders")
        verbose_name_plural = _("round reminders")


class ExceptionKind(models.TextChoices):
    """What a coordinator should hear about once a round is under way (DESIGN §3.5)."""

    DECLINED = "declined", _("Pair declined")
    WITHDRAWN = "withdrawn", _("Application withdrawn")
    ENDED_EARLY = "ended_early", _("Pair ended early")
    UNCONFIRMED = "unconfirmed", _("Pair not confirmed in time")
    LOW_PULSE = "low_pulse", _("Meeting that went poorly (pulse 1–2)")
    EMAIL_FAILED = "email_failed", _("E-mail that failed for good")


class ReportedException(models.Model):
    """One exception found for a program's coordinators: reported once in a daily digest, open on
    the round's page until a coordinator marks it handled. It names its object by key only
    (`pair12`, `application5`, `meeting7`, `notification9`): no personal data is copied here."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="+", verbose_name=_("program")
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("round")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ExceptionKind.choices)
    subject = models.CharField(_("about"), max_length=40)
    occurred_at = models.DateTimeField(_("occurred at"))
    found_at = models.DateTimeField(_("found at"))
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("exception")
        verbose_name_plural = _("exceptions")
        ordering = ["occurred_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "subject"], name="one_report_per_exception")]
        indexes = [models.Index(fields=["program", "reported_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.subject})"
