# ruff: noqa: F811 (pytest fixtures imported from .broker are used as arguments)
"""Delivery through the real Redis broker and a real (embedded) Celery worker.

Run when CELERY_BROKER_URL is set (CI sets it); skipped otherwise. The worker thread reads
committed rows, hence `transactional_db`.
"""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from notifications import services, tasks
from notifications.models import Notification

from .backends import FailOnce, WorkerDied
from .broker import (  # noqa: F401 (fixtures)
    BROKER,
    BROKER_MARKS,
    UNREACHABLE,
    queue,
    real_broker,
    status,
    use_broker,
    wait_for,
    worker,
)

pytestmark = BROKER_MARKS


def test_queued_email_is_delivered_once_by_a_real_worker(worker):
    notification = queue("test:deliver")

    wait_for(lambda: status(notification) == Notification.Status.SENT)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["someone@example.org"]


def test_worker_dying_after_sending_then_redelivery_sends_nothing_more(real_broker, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.SendThenDie"
    use_broker(UNREACHABLE)  # keep the row's first task off the queue: this test delivers it by hand
    notification = queue("test:died")
    use_broker(BROKER)
    with pytest.raises(WorkerDied):
        services.deliver(notification.pk)  # sent, then the process "dies" before marking
    assert (status(notification), len(mail.outbox)) == (Notification.Status.SENDING, 1)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with start_worker(real_broker, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        tasks.send_notification.delay(notification_id=notification.pk)  # the broker redelivers
        marker = queue("test:after-redelivery")  # one solo worker: runs after the redelivered task
        wait_for(lambda: status(marker) == Notification.Status.SENT)

    assert status(notification) == Notification.Status.SENDING  # stuck: left for a person
    assert [m.to for m in mail.outbox] == [["someone@example.org"], ["someone@example.org"]]
    assert len(mail.outbox) == 2  # the original once, and the marker


def test_smtp_failure_is_retried_with_backoff_and_sent_once(worker, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailOnce"
    FailOnce.calls = 0

    notification = queue("test:flaky")
    wait_for(lambda: status(notification) == Notification.Status.SENT)

    row = Notification.objects.get(pk=notification.pk)
    assert (row.attempts, FailOnce.calls, len(mail.outbox)) == (2, 2, 1)


def test_broker_outage_leaves_rows_pending_and_the_sweep_sends_them_once(real_broker):
    use_broker(UNREACHABLE)
    notification = queue("test:outage")
    assert status(notification) == Notification.Status.PENDING

    use_broker(BROKER)
    with start_worker(real_broker, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        assert services.requeue_pending(older_than=timedelta(0)) == 1
        wait_for(lambda: status(notification) == Notification.Status.SENT)
        assert services.requeue_pending(older_than=timedelta(0)) == 0

    assert len(mail.outbox) == 1


def test_sweep_while_the_broker_is_still_down_keeps_rows_pending(real_broker):
    use_broker(UNREACHABLE)
    notification = queue("test:still-down")

    assert services.requeue_pending(older_than=timedelta(0)) == 0
    assert status(notification) == Notification.Status.PENDING
