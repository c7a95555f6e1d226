"""Draft reminders at their boundary instants, in Swedish time, across daylight-saving changes."""

from datetime import timedelta

import pytest

from applications.models import State
from notifications.models import Notification
from reminders.services import dispatch_due
from tests.factories import ApplicationFactory, UserFactory
from tests.factories.reminders import ReminderRuleFactory

from .conftest import se, timeline_round

SECOND = timedelta(seconds=1)


@pytest.fixture
def draft(spring_round):
    return ApplicationFactory(round=spring_round, draft=True)


def test_two_days_before_counts_calendar_days_across_spring_dst(spring_round, draft):
    # Deadline 30 March 12:00 CEST; DST began 29 March: due 28 March 12:00 CET (47 real hours).
    rule = ReminderRuleFactory(round=spring_round, offset=timedelta(days=-2))

    assert dispatch_due(se(2026, 3, 28, 12) - SECOND) == []
    reminders = dispatch_due(se(2026, 3, 28, 12))

    assert [r.key for r in reminders] == [
        f"reminder:{rule.pk}:user{draft.applicant.pk}:application{draft.pk}"
    ]
    row = Notification.objects.get()
    assert (row.to, row.template, row.language) == (draft.applicant.email, "reminder_draft", "sv")


def test_24_hours_before_a_deadline_on_the_dst_day_is_the_same_wall_clock_time(db):
    round_ = timeline_round(mentor_deadline=se(2026, 3, 29, 12), mentee_deadline=se(2026, 3, 29, 12))
    ApplicationFactory(round=round_, draft=True)
    ReminderRuleFactory(round=round_, offset=timedelta(days=-1))

    assert dispatch_due(se(2026, 3, 28, 12) - SECOND) == []
    assert len(dispatch_due(se(2026, 3, 28, 12))) == 1


def test_seven_days_before_across_autumn_dst(db):
    # Deadline 28 October 09:00 CET; DST ended 25 October: due 21 October 09:00 CEST.
    round_ = timeline_round(
        applications_open=se(2026, 9, 1, 9),
        mentor_deadline=se(2026, 10, 28, 9),
        mentee_deadline=se(2026, 10, 28, 9),
        screening_ends=se(2026, 11, 10, 9),
        pairs_announced=se(2026, 11, 20, 9),
        confirm_by=se(2026, 11, 30, 9),
        kickoff=se(2026, 12, 5, 9),
        midpoint=se(2027, 3, 5, 9),
        ends=se(2027, 6, 5, 9),
        follow_up=se(2027, 9, 5, 9),
    )
    ApplicationFactory(round=round_, draft=True)
    ReminderRuleFactory(round=round_, offset=timedelta(days=-7))

    assert dispatch_due(se(2026, 10, 21, 9) - SECOND) == []
    assert len(dispatch_due(se(2026, 10, 21, 9))) == 1


def test_each_role_counts_from_its_own_deadline(db):
    round_ = timeline_round(mentor_deadline=se(2026, 3, 20, 12))
    mentor_draft = ApplicationFactory(round=round_, draft=True, mentor=True)
    ApplicationFactory(round=round_, draft=True)
    ReminderRuleFactory(round=round_, offset=timedelta(days=-2))

    reminders = dispatch_due(se(2026, 3, 18, 12))

    assert [r.occasion for r in reminders] == [f"application{mentor_draft.pk}"]


def test_two_runs_at_the_same_instant_send_once(
    spring_round, draft, django_capture_on_commit_callbacks, mailoutbox
):
    ReminderRuleFactory(round=spring_round)
    at = se(2026, 3, 28, 13)

    with django_capture_on_commit_callbacks(execute=True):
        first = dispatch_due(at)
    with django_capture_on_commit_callbacks(execute=True):
        second = dispatch_due(at)

    assert (len(first), second) == (1, [])
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Åtgärd krävs")
    assert Notification.objects.get().status == Notification.Status.SENT


def test_overlapping_runs_queue_one_row_per_key(
    spring_round, draft, django_capture_on_commit_callbacks, mailoutbox
):
    # Run A plans, run B queues everything, then A queues what it planned: nothing new.
    from notifications.services import queue_email
    from reminders import selectors

    rule = ReminderRuleFactory(round=spring_round)
    at = se(2026, 3, 28, 13)
    planned_by_a = list(selectors.plan(rule, selectors.Window(at)))

    with django_capture_on_commit_callbacks(execute=True):
        dispatch_due(at)
        for reminder in planned_by_a:
            queue_email(
                key=reminder.key, to=reminder.to, template=reminder.template, context=reminder.context
            )

    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_draft_submitted_after_the_first_reminder_gets_no_second(spring_round, draft):
    ReminderRuleFactory(round=spring_round, offset=timedelta(days=-7))
    ReminderRuleFactory(round=spring_round, offset=timedelta(days=-2))
    assert len(dispatch_due(se(2026, 3, 23, 12))) == 1

    draft.state = State.SUBMITTED
    draft.save()

    assert dispatch_due(se(2026, 3, 28, 12)) == []


def test_withdrawn_and_submitted_applications_are_not_reminded(spring_round):
    ApplicationFactory(round=spring_round)
    ApplicationFactory(round=spring_round, withdrawn=True)
    ReminderRuleFactory(round=spring_round)

    assert dispatch_due(se(2026, 3, 28, 12)) == []


def test_stale_reminders_are_not_sent(spring_round, draft):
    ReminderRuleFactory(round=spring_round, offset=timedelta(days=-7))

    assert dispatch_due(se(2026, 3, 25, 12) - SECOND) != []
    Notification.objects.all().delete()
    assert dispatch_due(se(2026, 3, 25, 12)) == []


def test_no_draft_reminder_once_the_deadline_has_passed(spring_round, draft):
    ReminderRuleFactory(round=spring_round, offset=timedelta(days=-1))

    assert dispatch_due(se(2026, 3, 30, 12)) == []


def test_english_speakers_get_english_with_swedish_time(
    spring_round, django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory(preferred_language="en")
    ApplicationFactory(round=spring_round, applicant=user, draft=True)
    ReminderRuleFactory(round=spring_round)

    with django_capture_on_commit_callbacks(execute=True):
        dispatch_due(se(2026, 3, 28, 12))

    message = mailoutbox[0]
    assert message.subject.startswith("Action required")
    assert message.subject.endswith("Monday 30 March 2026 at 12:00 (Swedish time)")  # 10:00 UTC
    assert "/applications/mine/" in message.body


def test_rule_subject_override_is_used(spring_round, draft, django_capture_on_commit_callbacks, mailoutbox):
    ReminderRuleFactory(round=spring_round, subject_sv="Åtgärd krävs: sista chansen")

    with django_capture_on_commit_callbacks(execute=True):
        dispatch_due(se(2026, 3, 28, 12))

    assert mailoutbox[0].subject == "Åtgärd krävs: sista chansen"


def test_inactive_rules_send_nothing(spring_round, draft):
    ReminderRuleFactory(round=spring_round, active=False)

    assert dispatch_due(se(2026, 3, 28, 12)) == []
