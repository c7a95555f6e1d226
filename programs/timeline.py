"""The one declaration of a round's schedule; every other copy is derived from STEPS.

Each step names its date (a Round field, or `application_deadline`, the later of the two role
deadlines), its label, the phase that starts at it, the steps that must come before it, the
survey it opens and whether reminders may count from it. From it:

- `Phase` and `phase_at(round, at)` (Round.phase_at, the badges everywhere);
- `order_errors(round)` (Round.clean: dates out of order);
- `SURVEYS`, `survey_windows(round)`, `current_survey(round, at)` (pairs: SurveyResponse.Kind,
  the pair page and the dashboards; reminders: the survey e-mails);
- `ANCHORS` (reminders.models.Anchor: the timeline dates a reminder rule may count from);
- `public_steps(round)` (the public timeline) and `judged_on(round, today)` (the dashboards' "today").

Adding a step or a survey is a line here (plus a migration for the new choices and the field).
This module imports no model: programs.models imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """Where a round is, derived from its timeline."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for applications")
    SCREENING = "screening", _("Screening")
    MATCHING = "matching", _("Matching")
    ANNOUNCED = "announced", _("Pairs announced")
    RUNNING = "running", _("Running")
    FOLLOW_UP = "follow_up", _("Follow-up")
    COMPLETED = "completed", _("Completed")


@dataclass(frozen=True)
class Survey:
    kind: str  # SurveyResponse.kind
    label: Promise
    invitation: Promise  # the first paragraph of the e-mail that opens it (%(round)s)


@dataclass(frozen=True)
class Step:
    field: str
    label: Promise  # may hold %(role)s: the program's word for `role`
    phase: str | None = None  # the phase that starts at this instant
    after: tuple[str, ...] = ()  # steps that must come before this one
    survey: Survey | None = None  # the survey that opens at this instant
    anchor: Promise | None = None  # offered to reminder rules as "counted from", with this label
    role: str = ""  # a role's own step: its label names the role
    public: bool = True  # shown on the round's timeline (False: derived from other steps)


STEPS: tuple[Step, ...] = (
    Step("applications_open", _("Applications open"), Phase.OPEN, anchor=_("Applications open")),
    Step("mentor_deadline", _("Deadline for %(role)s"), after=("applications_open",), role="mentor"),
    Step("mentee_deadline", _("Deadline for %(role)s"), after=("applications_open",), role="mentee"),
    Step(
        "application_deadline",
        _("The last application deadline"),
        Phase.SCREENING,
        anchor=_("The last application deadline"),
        public=False,
    ),
    Step("screening_ends", _("Screening ends"), Phase.MATCHING, after=("mentor_deadline", "mentee_deadline")),
    Step("pairs_announced", _("Pairs announced"), Phase.ANNOUNCED, after=("screening_ends",)),
    Step("confirm_by", _("Pairs confirm by"), after=("pairs_announced",)),
    Step(
        "kickoff",
        _("Kickoff"),
        Phase.RUNNING,
        after=("confirm_by",),
        survey=Survey(
            "baseline",
            _("Baseline"),
            _(
                "%(round)s is starting. Before your first meetings, please tell us where you stand: "
                "the survey takes about five minutes."
            ),
        ),
        anchor=_("Kickoff"),
    ),
    Step(
        "midpoint",
        _("Midpoint"),
        after=("kickoff",),
        survey=Survey(
            "midpoint",
            _("Midpoint"),
            _(
                "You are halfway through %(round)s. Please tell us how it is going: the survey takes "
                "about five minutes."
            ),
        ),
        anchor=_("Midpoint"),
    ),
    Step(
        "ends",
        _("Round ends"),
        Phase.FOLLOW_UP,
        after=("midpoint",),
        survey=Survey(
            "end",
            _("End"),
            _(
                "%(round)s has come to an end. Please tell us what it gave you: the survey takes about "
                "five minutes."
            ),
        ),
        anchor=_("Round ends"),
    ),
    Step(
        "follow_up",
        _("Follow-up"),
        Phase.COMPLETED,
        after=("ends",),
        survey=Survey(
            "follow_up",
            _("Follow-up"),
            _(
                "Some time has passed since %(round)s ended. Please tell us what has stayed with you: "
                "the survey takes about five minutes."
            ),
        ),
        anchor=_("Follow-up"),
    ),
)

BY_FIELD: dict[str, Step] = {step.field: step for step in STEPS}
SURVEYS: tuple[Survey, ...] = tuple(step.survey for step in STEPS if step.survey)
SURVEY_STEPS: dict[str, Step] = {step.survey.kind: step for step in STEPS if step.survey}
# (value, label) of every step reminders may count from; reminders.models.Anchor adds its own.
ANCHORS: tuple[tuple[str, Promise], ...] = tuple((step.field, step.anchor) for step in STEPS if step.anchor)
# The step at which the round's work ends: health is judged at it, not after (the dashboards).
WORK_ENDS = next(step.field for step in STEPS if step.phase == Phase.FOLLOW_UP)
# The step at which confirmed pairs become active (matching.lifecycle).
STARTS = next(step.field for step in STEPS if step.phase == Phase.RUNNING)


def instant(round_, field: str) -> datetime | None:
    return getattr(round_, field)


def phase_at(round_, at: datetime) -> str:
    """The phase of the latest phase-starting step at or before `at`."""
    phase = Phase.UPCOMING
    for step in STEPS:
        when = instant(round_, step.field)
        if step.phase is not None and when is not None and at >= when:
            phase = step.phase
    return phase


def label_of(round_, step: Step) -> str:
    if step.role:
        return str(step.label) % {"role": round_.program.role_label(step.role)}
    return str(step.label)


def public_steps(round_) -> list[tuple[str, str, datetime]]:
    """(field, label, instant) for every shown step, in date order."""
    steps = [(s.field, label_of(round_, s), instant(round_, s.field)) for s in STEPS if s.public]
    return sorted(steps, key=lambda step: step[2])


def order_errors(round_, verbose_name) -> dict[str, list[str]]:
    """Messages naming every step that does not come after a step it depends on."""
    errors: dict[str, list[str]] = {}
    for step in STEPS:
        for earlier in step.after:
            first, second = instant(round_, earlier), instant(round_, step.field)
            if first is None or second is None or first < second:
                continue
            errors.setdefault(step.field, []).append(
                _("“%(later)s” must come after “%(earlier)s”.")
                % {"later": verbose_name(step.field), "earlier": verbose_name(earlier)}
            )
    return errors


def survey_windows(round_) -> list[tuple[str, datetime, datetime | None]]:
    """(survey kind, opens, closes) in order; a survey is current until the next one opens."""
    opens = [(step.survey.kind, instant(round_, step.field)) for step in STEPS if step.survey]
    return [
        (kind, start, opens[index + 1][1] if index + 1 < len(opens) else None)
        for index, (kind, start) in enumerate(opens)
    ]


def survey_state(round_, kind: str, at: datetime) -> str:
    """ "open", "not_yet" (before its step) or "closed" (the next survey has opened) at `at`."""
    for survey, opens, closes in survey_windows(round_):
        if survey == kind:
            if opens is None or at < opens:
                return "not_yet"
            return "closed" if closes is not None and at >= closes else "open"
    return "closed"


def current_survey(round_, at: datetime) -> str | None:
    """The latest survey that has opened at `at`, or None before the first one."""
    current = None
    for kind, opens, _closes in survey_windows(round_):
        if opens is not None and at >= opens:
            current = kind
    return current


def judged_on(round_, today: date | None = None) -> date:
    """The day the dashboards judge a round at: today, or the day its work ended once it is over."""
    today = today or timezone.localdate()
    return min(today, timezone.localdate(instant(round_, WORK_ENDS)))
