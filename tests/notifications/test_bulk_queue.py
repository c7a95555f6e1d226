# ruff: noqa: F811 (the smtp_sink fixture is imported and used as an argument)
"""Queueing in bulk: one INSERT per thousand rows, send tasks in batches, each key once ever."""

from datetime import timedelta

import pytest

from notifications import services
from notifications.models import Notification
from notifications.services import Email, queue_email, queue_emails
from reminders.services import dispatch_due
from tests.factories import ApplicationFactory
from tests.factories.reminders import ReminderRuleFactory
from tests.reminders.conftest import se, timeline_round

from .broker import CONTEXT
from .smtp_sink import smtp_sink  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def email(n: int) -> Email:
    return Email(f"bulk:{n}", f"p{n}@example.org", "reminder_draft", CONTEXT)


def test_bulk_queue_skips_keys_already_in_the_outbox_and_twice_in_the_list(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(key="bulk:1", to="p1@example.org", template="reminder_draft", context=CONTEXT)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = queue_emails([email(1), email(2), email(2), email(3)])

    assert waiting == 2
    assert sorted(Notification.objects.values_list("key", flat=True)) == ["bulk:1", "bulk:2", "bulk:3"]
    assert sorted(m.to[0] for m in mailoutbox) == ["p1@example.org", "p2@example.org", "p3@example.org"]


def test_bulk_queue_hands_the_workers_batches_each_over_one_connection(
    smtp_sink, django_capture_on_commit_callbacks, settings
):
    count = services.SEND_BATCH + 20
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue_emails(email(n) for n in range(count))

    assert len(callbacks) == 1  # one hand-over to the broker after commit, not one per row
    assert len(smtp_sink.recipients()) == len(set(smtp_sink.recipients())) == count
    assert len({m.peer for m in smtp_sink.messages}) == 2  # two batches, a connection each


@pytest.mark.parametrize("drafts", [1, 3])
def test_dispatching_reminders_runs_the_same_queries_for_more_drafts(
    drafts, django_assert_num_queries, django_capture_on_commit_callbacks
):
    round_ = timeline_round()
    ReminderRuleFactory(round=round_)
    ApplicationFactory.create_batch(drafts, round=round_, draft=True)

    with django_capture_on_commit_callbacks(execute=False), django_assert_num_queries(9):
        queued = dispatch_due(se(2026, 3, 28, 13))

    assert len(queued) == Notification.objects.count() == drafts


def test_reminders_of_several_rules_are_written_together_and_handed_over_once(
    django_capture_on_commit_callbacks, mailoutbox
):
    round_ = timeline_round()
    ReminderRuleFactory(round=round_, offset=timedelta(days=-2))
    ReminderRuleFactory(round=round_, offset=timedelta(days=-3))
    ApplicationFactory.create_batch(2, round=round_, draft=True)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = dispatch_due(se(2026, 3, 28, 13))

    assert len(queued) == len(mailoutbox) == 4
    assert len(callbacks) == 1  # one hand-over of all the batches to the broker
