"""Writes: default rules for a round, and queuing the reminders that are due."""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mentorship.timezones import STOCKHOLM
from notifications.models import Notification
from notifications.services import Email, queue_emails, render
from programs import timeline
from programs.models import Round

from . import selectors
from .models import Anchor, Audience, Kind, ReminderRule
from .selectors import Reminder, Window

DAY = timedelta(days=1)

# (kind, audience, anchor, offset): the reminders every new round starts with.
DEFAULT_RULES: list[tuple[str, str, str, timedelta]] = [
    (Kind.DRAFT, Audience.APPLICANTS, Anchor.ROLE_DEADLINE, -7 * DAY),
    (Kind.DRAFT, Audience.APPLICANTS, Anchor.ROLE_DEADLINE, -2 * DAY),
    (Kind.DRAFT, Audience.APPLICANTS, Anchor.ROLE_DEADLINE, -DAY),
    (Kind.OPENING, Audience.INTERESTED, Anchor.APPLICATIONS_OPEN, timedelta(0)),
    (Kind.SCREENING_DIGEST, Audience.COORDINATORS, Anchor.APPLICATION_DEADLINE, timedelta(0)),
    (Kind.UNCONFIRMED, Audience.PAIR_MEMBERS, Anchor.PAIR_PUBLISHED, 3 * DAY),
    (Kind.UNCONFIRMED, Audience.PAIR_MEMBERS, Anchor.PAIR_PUBLISHED, 7 * DAY),
    (Kind.UNCONFIRMED, Audience.COORDINATORS, Anchor.PAIR_PUBLISHED, 9 * DAY),
    # Counted from midnight of the meeting day: 09:00 Swedish time on the day it falls due.
    (Kind.NO_MEETING, Audience.PAIR_MEMBERS, Anchor.MEETING_DUE, timedelta(hours=9)),
    (Kind.NO_MEETING, Audience.COORDINATORS, Anchor.MEETING_OVERDUE, timedelta(hours=9)),
    # Every survey of the timeline (baseline, midpoint, end, follow-up): at its date, then a week on.
    *(
        (kind, Audience.PAIR_MEMBERS, step.field, offset)
        for step in timeline.STEPS
        if step.survey
        for kind, offset in ((Kind.SURVEY, timedelta(0)), (Kind.SURVEY_REMINDER, 7 * DAY))
    ),
    # The day before each event, to everyone invited who has not said no.
    (Kind.EVENT, Audience.INVITED, Anchor.EVENT_START, -DAY),
]

logger = logging.getLogger(__name__)


def default_rules(round_: Round) -> list[ReminderRule]:
    """The default rules for `round_`, unsaved."""
    return [
        ReminderRule(round=round_, kind=kind, audience=audience, anchor=anchor, offset=offset)
        for kind, audience, anchor, offset in DEFAULT_RULES
    ]


@transaction.atomic
def ensure_default_rules(round_: Round) -> int:
    """Create the default rules for a round that has none; returns how many were made.

    A round whose rules were all deleted gets the defaults again: deactivate rules to silence them.
    """
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.reminder_rules.exists():
        return 0
    return len(ReminderRule.objects.bulk_create(default_rules(round_)))


def dispatch_due(
    at: datetime | None = None, *, dry_run: bool = False, skipped: list | None = None
) -> list[Reminder]:
    """Queue an outbox e-mail for every reminder due at `at` that has not been queued; return them.

    Safe to run concurrently and repeatedly: the outbox key `reminder:<rule>:<recipient>:<occasion>`
    is unique in the database, so each goes out once ever. With `dry_run` nothing is written,
    and rounds without rules are planned with their (unsaved) defaults.

    A rule that cannot be planned (an offset beyond a year on an old row) is skipped with an
    error in the log and appended to `skipped`; every other rule still goes out.
    """
    at = at or timezone.now()
    rules = list(selectors.rules_in_play(at))
    for round_ in selectors.rounds_without_rules(at):
        if dry_run:
            rules.extend(default_rules(round_))
        elif ensure_default_rules(round_):
            rules.extend(round_.reminder_rules.filter(active=True).select_related("round__program"))
    queued: list[Reminder] = []
    for rule in rules:
        try:
            fresh = selectors.plan_checked(rule, Window(at))
        except selectors.BrokenRule:
            logger.error("reminder rule %s of round %s skipped: it cannot be planned", rule.pk, rule.round_id)
            if skipped is not None:
                skipped.append(rule)
            continue
        known = selectors.reminder_keys(rule)
        queued.extend(r for r in fresh if r.key not in known)
    if not dry_run:  # every rule's e-mails in one bulk write, handed to the workers in batches
        queue_emails(email_of(reminder) for reminder in queued)
    return queued


def email_of(reminder: Reminder) -> Email:
    """The outbox e-mail a reminder sends."""
    return Email(
        reminder.key,
        reminder.to,
        reminder.template,
        reminder.context,
        reminder.language,
        program_id=reminder.rule.round.program_id,
    )


def subject_of(reminder: Reminder) -> str:
    """The subject line the reminder's e-mail would have (rendered, nothing written)."""
    row = Notification(
        key=reminder.key,
        to=reminder.to,
        template=reminder.template,
        context=reminder.context,
        language=reminder.language,
        program_id=reminder.rule.round.program_id,
    )
    return render(row)[0]


def tick_step(at: datetime, *, dry_run: bool = False) -> list[str]:
    """The reminders due at `at` (each once ever), as lines for `manage.py tick`."""
    lines = []
    for reminder in dispatch_due(at, dry_run=dry_run):
        when = f"{timezone.localtime(reminder.due_at, STOCKHOLM):%Y-%m-%d %H:%M}"
        rule = f"{reminder.rule.pk or '-'}: {reminder.rule}"
        lines.append(f"{when}\t{rule}\t{reminder.to}\t{subject_of(reminder)}")
    return lines
