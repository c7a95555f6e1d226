from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from programs.models import Round


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
        return self.filter(round__program__memberships__user=user)

    def for_participant(self, user):
        return self.filter(
            models.Q(mentor_application__applicant=user) | models.Q(mentee_application__applicant=user)
        )

    def live(self):
        """Pairs that exist for the participants (not draft proposals, not declined)."""
        return self.filter(state__in=Pair.LIVE_STATES)


class Pair(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft proposal")
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")
        DECLINED = "declined", _("Declined")

    LIVE_STATES = ("proposed", "confirmed", "active", "completed", "ended_early")

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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["pk"]
        indexes = [models.Index(fields=["round", "state"])]

    def __str__(self):
        return f"{self.mentor_application.full_name} & {self.mentee_application.full_name}"

    def role_of(self, user) -> str | None:
        if self.mentor_application.applicant_id == user.pk:
            return "mentor"
        if self.mentee_application.applicant_id == user.pk:
            return "mentee"
        return None


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
