"""Delivery through the real Redis broker and a real (embedded) Celery worker.

Run when CELERY_BROKER_URL is set (CI sets it); skipped otherwise. The worker thread reads
committed rows, hence `transactional_db`.
"""

import os
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from mentorship.celery import app
from notifications import services, tasks
from notifications.models import Notification
from notifications.services import queue_email

from .backends import FailOnce, WorkerDied

BROKER = os.environ.get("CELERY_BROKER_URL", "")
UNREACHABLE = "redis://127.0.0.1:1/0"

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not BROKER, reason="CELERY_BROKER_URL is not set: no real broker to test with"),
]

CONTEXT = {
    "round_name": "Hösten 2026",
    "program_name": "Omvänt mentorskap",
    "deadline": "30 mars 2026 12:00",
    "role": "mentor",
    "link": "http://testserver/applications/mine/",
    "name": "Test",
}


def use_broker(url: str) -> None:
    """Point the app at `url`, dropping connections pooled for another one.

    Celery reads CELERY_BROKER_URL from the environment before its configuration.
    """
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def real_broker(transactional_db, mailoutbox):
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    use_broker(BROKER)
    app.control.purge()
    yield app
    use_broker(BROKER)
    app.control.purge()
    app.conf.task_always_eager = eager


@pytest.fixture
def worker(real_broker):
    with start_worker(real_broker, pool="solo", perform_ping_check=False, shutdown_timeout=30) as started:
        yield started


def wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not get there in time")
        time.sleep(0.05)


def status(notification) -> str:
    return Notification.objects.values_list("status", flat=True).get(pk=notification.pk)


def queue(key: str) -> Notification:
    return queue_email(key=key, to="someone@example.org", template="reminder_draft", context=CONTEXT)


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
