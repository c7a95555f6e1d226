"""Two dispatcher runs at the same time, for real (PostgreSQL: SQLite serialises writers anyway)."""

import threading

import pytest
from django.db import connection

from notifications.models import Notification
from reminders.services import dispatch_due
from tests.factories import ApplicationFactory
from tests.factories.reminders import ReminderRuleFactory

from .conftest import se, timeline_round


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
def test_two_overlapping_runs_queue_each_reminder_once(transactional_db, mailoutbox):
    round_ = timeline_round()
    for _ in range(30):
        ApplicationFactory(round=round_, draft=True)
    ReminderRuleFactory(round=round_)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            dispatch_due(se(2026, 3, 28, 12))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Notification.objects.count() == 30
    assert len(mailoutbox) == 30
    assert len({m.to[0] for m in mailoutbox}) == 30
