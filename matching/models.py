from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from programs.models import Round, staff_of_q


class MatchRun(models.Model):
    """One run of the matching algorithm over a round, kept for comparison."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DISCARDED = "discarded", _("Discarded")
        FAILED = "failed", _("Failed")

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="match_runs", verbose_name=_("round")
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    total_score = models.FloatField(_("total score"), null=True, blank=True)
    unmatched = models.JSONField(_("unmatched"), default=list, blank=True)  # [{application, reason}]
    duration_ms = models.PositiveIntegerField(_("run time (ms)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.round} #{self.pk}"


class PairQuerySet(models.QuerySet):
    def for_staff(self, user):
        if user.is_superuser:
            return self
        return self.filter(staff_of_q(user, "round__program__"))

    def for_participant(self, user):
        return self.filter(
            models.Q(mentor_application__applicant=user) | models.Q(mentee_application__applicant=user)
        )

    def live(self):
        """Pairs that exist for the participants (not draft proposals, not declined)."""
        return self.filter(state__in=Pair.LIVE_STATES)


class PairState(models.TextChoices):
    DRAFT = "draft", _("Draft proposal")
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")
    DECLINED = "declined", _("Declined")


# The pair's lifecycle: the only moves matching.lifecycle makes (nothing else writes Pair.state).
PAIR_TRANSITIONS: dict[str, set[str]] = {
    PairState.DRAFT: {PairState.PROPOSED},
    PairState.PROPOSED: {PairState.CONFIRMED, PairState.DECLINED, PairState.ENDED_EARLY},
    PairState.CONFIRMED: {PairState.ACTIVE, PairState.ENDED_EARLY},
    PairState.ACTIVE: {PairState.COMPLETED, PairState.ENDED_EARLY},
    PairState.COMPLETED: set(),
    PairState.ENDED_EARLY: set(),
    PairState.DECLINED: set(),
}


class EndReason(models.TextChoices):
    """Why a pair ended before the round's end (or was declined): a short list, plus a note."""

    DID_NOT_CLICK = "did_not_click", _("Did not click")
    NO_TIME = "no_time", _("No time")
    LEFT_COMPANY = "left_company", _("Left the company")
    WITHDREW = "withdrew", _("Withdrew from the program")
    DECLINED = "declined", _("Declined the match")
    OTHER = "other", _("Other")


class Pair(models.Model):
    State = PairState

    LIVE_STATES = ("proposed", "confirmed", "active", "completed", "ended_early")
    # States in which the two people are taken: an ended pair frees them for a re-match.
    TAKEN_STATES = ("proposed", "confirmed", "active", "completed")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pairs", verbose_name=_("round"))
    run = models.ForeignKey(
        MatchRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pairs",
        verbose_name=_("run"),
    )
    mentor_application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="pairs_as_mentor", verbose_name=_("mentor")
    )
    mentee_application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="pairs_as_mentee", verbose_name=_("mentee")
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    score = models.FloatField(_("score"), default=0)
    breakdown = models.JSONField(_("score breakdown"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    mentor_confirmed_at = models.DateTimeField(_("mentor confirmed at"), null=True, blank=True)
    mentee_confirmed_at = models.DateTimeField(_("mentee confirmed at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    declined_by = models.CharField(_("declined by"), max_length=16, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    mentor_agreed_at = models.DateTimeField(_("mentor accepted the agreement at"), null=True, blank=True)
    mentee_agreed_at = models.DateTimeField(_("mentee accepted the agreement at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # A database default: draft pairs are inserted in bulk with raw SQL (services.insert_draft_pairs).
    end_reason = models.CharField(
        _("reason for ending"), max_length=16, choices=EndReason.choices, blank=True, db_default=""
    )
    confirm_by_override = models.DateTimeField(
        _("confirm by (this pair)"),
        null=True,
        blank=True,
        help_text=_("A later confirm-by date for this pair only; empty: the round's date."),
    )
    flagged_at = models.DateTimeField(_("unconfirmed pair flagged at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["pk"]
        indexes = [models.Index(fields=["round", "state"])]

    def __str__(self):
        return f"{self.mentor_application.full_name} & {self.mentee_application.full_name}"

    @property
    def confirm_by(self):
        """The last instant this pair may answer: its own date if a coordinator gave one, else the round's."""
        return self.confirm_by_override or self.round.confirm_by

    def can_move_to(self, state: str) -> bool:
        return state in PAIR_TRANSITIONS[self.state]

    def role_of(self, user) -> str | None:
        if self.mentor_application.applicant_id == user.pk:
            return "mentor"
        if self.mentee_application.applicant_id == user.pk:
            return "mentee"
        return None


class PairTransition(models.Model):
    """Audit log: every change of a pair's state (who, when, from, to, why)."""

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("pair")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    from_state = models.CharField(_("from"), max_length=16, choices=PairState.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=PairState.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=EndReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("pair state change")
        verbose_name_plural = _("pair state changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


class PairConstraint(models.Model):
    """A coordinator's lock (must pair), forbid (never pair) or a recorded wish, kept across runs.

    A wish is what a mentee asked for (say, a mentor named in a talk with the coordinator): it
    adds the score component "wishes" to that pair, and the algorithm still decides.
    """

    class Kind(models.TextChoices):
        LOCK = "lock", _("Lock")
        FORBID = "forbid", _("Forbid")
        WISH = "wish", _("Wish")

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="pair_constraints", verbose_name=_("round")
    )
    mentor_application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentor")
    )
    mentee_application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentee")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pair lock or forbid")
        verbose_name_plural = _("pair locks and forbids")
        constraints = [
            models.UniqueConstraint(
                fields=["mentor_application", "mentee_application"], name="one_constraint_per_pair"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.mentor_application_id}–{self.mentee_application_id}"
