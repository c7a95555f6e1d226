"""Helpers for tests with the real Redis broker (CELERY_BROKER_URL set) and real workers."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker

from mentorship.celery import app
from notifications.models import Notification
from notifications.services import queue_email

BROKER = os.environ.get("CELERY_BROKER_URL", "")
UNREACHABLE = "redis://127.0.0.1:1/0"

BROKER_MARKS = [
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
