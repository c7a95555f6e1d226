# ruff: noqa: F811 (pytest fixtures imported from .broker are used as arguments)
"""A real worker process killed (SIGKILL) after sending and before marking: no second e-mail.

Needs the real broker and PostgreSQL (the worker subprocesses read the test database).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from notifications import tasks
from notifications.models import Notification

from .broker import BROKER, BROKER_MARKS, UNREACHABLE, queue, real_broker, status, use_broker, wait_for  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    *BROKER_MARKS,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="worker subprocesses need PostgreSQL"),
]


def start_worker_process(tmp_path: Path, name: str, *, hang: bool) -> tuple[subprocess.Popen, Path]:
    db = connection.settings_dict
    database = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    log = tmp_path / f"{name}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.crash_settings",
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": BROKER,
        "CRASH_MAIL_LOG": str(tmp_path / "mail.log"),
        "CRASH_HANG": "1" if hang else "0",
    }
    command = [sys.executable, "-m", "celery", "-A", "mentorship", "worker", "-P", "solo", "-l", "info"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"]
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    return process, log


def sent_lines(tmp_path: Path) -> list[str]:
    path = tmp_path / "mail.log"
    return path.read_text().splitlines() if path.exists() else []


def test_killed_worker_redelivery_does_not_send_twice(real_broker, tmp_path):
    use_broker(UNREACHABLE)  # create the row only; the task is published below
    notification = queue("test:killed")
    use_broker(BROKER)

    first, _ = start_worker_process(tmp_path, "first", hang=True)
    try:
        tasks.send_notification.delay(notification_id=notification.pk)
        wait_for(lambda: len(sent_lines(tmp_path)) == 1, timeout=60)
        assert status(notification) == Notification.Status.SENDING
    finally:
        os.kill(first.pid, signal.SIGKILL)  # dies after sending, before marking; no ack
        first.wait(timeout=30)
    time.sleep(3)  # past the 2-second visibility timeout: the message is due for redelivery

    second, log = start_worker_process(tmp_path, "second", hang=False)
    try:
        wait_for(lambda: "succeeded" in log.read_text(), timeout=90)  # the redelivered task ran
    finally:
        second.terminate()
        second.wait(timeout=30)

    assert sent_lines(tmp_path) == ["someone@example.org"]
    # The redelivered task knows it had handed the message over: maybe sent, for a person.
    assert status(notification) == Notification.Status.UNCERTAIN
