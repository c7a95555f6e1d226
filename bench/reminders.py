"""Benchmark: 10,000 due reminders through the real Redis broker, a real Celery worker and SMTP.

    python bench/reminders.py [--count 10000] [--concurrency 8] [--kill-worker]

Uses DATABASE_URL (default: a PostgreSQL database of its own, dropped and created afresh;
an sqlite:/// URL works too) and CELERY_BROKER_URL (default redis://127.0.0.1:6379/7, purged).
Seeds one open round whose drafts' 2-days-before reminder is due now, and prints:

- the time of a bare bulk insert of the very rows the dispatcher will write (the same
  `bulk_create`, 1,000 rows per INSERT, in one transaction; then the table is emptied again);
- the time of the dispatcher (the periodic task's code: plan, write the outbox rows in bulk,
  hand the send tasks to Redis) and its ratio to the bare insert;
- the time until every row is out of the queue (sent, or *maybe sent* after a kill), counted
  from the start of the dispatch, with `celery -A mentorship worker` as a subprocess sending
  over SMTP to a local aiosmtpd server in this process;
- duplicates and lost e-mails at the server: each e-mail's Message-ID is derived from its
  outbox key, so an ID received twice is a duplicate, and a key whose ID never arrived is lost
  unless its row says *maybe sent* (then a coordinator sees it in the outbox and decides);
- the CPU each part spent per e-mail: the worker's processes, the PostgreSQL backends, and
  this process (the SMTP sink and the polling), read from /proc.

`--kill-worker` kills the whole worker (SIGKILL, its process group) once about a third of the
e-mails have arrived, and starts a new one: its unacknowledged tasks come back from Redis
after the bench's 10-second visibility timeout (reminders_settings.py).
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/mentorship_i7_bench"
# Measured on the code before the outbox was written and sent in bulk (issue 17).
PREVIOUS = {"dispatch": 81.5, "sent": 114.0}
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class Sink:
    """An aiosmtpd handler that takes every message and counts Message-IDs (thread safe)."""

    def __init__(self):
        self.ids: Counter = Counter()
        self.connections = 0
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        found = MESSAGE_ID.search(envelope.original_content or envelope.content)
        with self.lock:
            self.ids[found.group(1).decode() if found else "?"] += 1
        return "250 OK"

    def received(self) -> int:
        with self.lock:
            return sum(self.ids.values())


def start_sink(sink: Sink | None = None) -> tuple[Sink, object]:
    """Serve `sink` (a new Sink by default) on a free port of 127.0.0.1, in BENCH_SMTP_PORT."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = sink or Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    os.environ["BENCH_SMTP_PORT"] = str(port)
    return sink, controller


def configure_environment() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/7")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    # Persistent database connections in the worker, as in production (Celery closes them
    # after each task otherwise).
    os.environ.setdefault("DJANGO_CONN_MAX_AGE", "60")
    os.environ["DJANGO_SETTINGS_MODULE"] = "reminders_settings"
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(BENCH), os.environ.get("PYTHONPATH", "")])
    sys.path[:0] = [str(ROOT), str(BENCH)]


def fresh_database(url: str) -> None:
    """Drop and create the benchmark's own database (PostgreSQL) or file (SQLite)."""
    import environ

    config = environ.Env.db_url_config(url)
    if config["ENGINE"].endswith("sqlite3"):
        Path(config["NAME"]).unlink(missing_ok=True)
        return
    import psycopg2

    admin = psycopg2.connect(
        dbname="postgres", user=config["USER"], host=config["HOST"], port=config["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    admin.close()


LATER = {
    "screening_ends": 10,
    "pairs_announced": 20,
    "confirm_by": 27,
    "kickoff": 35,
    "midpoint": 125,
    "ends": 215,
    "follow_up": 305,
}


def seed(count: int):
    """One open round, `count` applicants with a draft, and the rule due now; returns the rule."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, State
    from programs.models import Program, Round
    from reminders.models import Anchor, Audience, Kind, ReminderRule

    now = timezone.now()
    deadline = now + timedelta(days=2) - timedelta(minutes=5)  # the 2-days-before rule fell due 5 min ago
    program = Program.objects.create(name="Bench-programmet", slug="bench")
    round_ = Round.objects.create(
        program=program,
        name="Benchomgången",
        slug="bench-round",
        is_published=True,
        applications_open=now - timedelta(days=20),
        mentor_deadline=deadline,
        mentee_deadline=deadline,
        **{field: deadline + timedelta(days=days) for field, days in LATER.items()},
    )
    users = User.objects.bulk_create(
        User(email=f"bench{n}@example.org", full_name=f"Bench Person {n}", preferred_language="sv")
        for n in range(count)
    )
    Application.objects.bulk_create(
        Application(round=round_, role="mentee", applicant=user, state=State.DRAFT, email=user.email)
        for user in users
    )
    return ReminderRule.objects.create(
        round=round_,
        kind=Kind.DRAFT,
        audience=Audience.APPLICANTS,
        anchor=Anchor.ROLE_DEADLINE,
        offset=-timedelta(days=2),
    )


def bare_insert(rule) -> float:
    """Seconds to bulk-insert the rows the dispatcher would write (then they are removed again)."""
    from django.db import connection, transaction

    from notifications import services
    from notifications.models import Notification
    from reminders import selectors
    from reminders.services import email_of

    emails = [email_of(reminder) for reminder in selectors.plan_checked(rule, selectors.Window(time_now()))]
    fields = ("key", "to", "template", "context", "language", "program_id")
    rows = [Notification(**{name: getattr(e, name) for name in fields}) for e in emails]
    started = time.monotonic()
    with transaction.atomic():
        Notification.objects.bulk_create(rows, batch_size=services.INSERT_BATCH)
    took = time.monotonic() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Notification._meta.db_table} CASCADE")  # all empty here
    else:
        Notification.objects.all().delete()
    return took


def time_now():
    from django.utils import timezone

    return timezone.now()


def start_worker(concurrency: int, name: str, *, quiet: bool = False) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "mentorship", *["--quiet"] * quiet, "worker"]
    command += ["-l", "warning", "-n", name]
    command += ["--concurrency", str(concurrency), "--without-gossip", "--without-mingle"]
    # A session of its own: --kill-worker kills the pool's processes with it, by group id.
    return subprocess.Popen(command, cwd=ROOT, env=dict(os.environ), start_new_session=True)


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state, ppid, pgrp, …), or None."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def cpu_seconds(pid: int, fields: list[str] | None = None) -> float:
    """CPU seconds (user + system) process `pid` has used, from /proc; 0 once it is gone."""
    fields = fields or _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else 0.0


class CpuMeter:
    """CPU seconds used since `start()` by processes seen while sampling (a killed process keeps
    what it had used at its last sample)."""

    def __init__(self):
        self.seen: dict[str, dict[int, float]] = {"worker": {}, "postgres": {}}
        self.baseline: dict[int, float] = {}

    def start(self, worker_groups: set[int]) -> None:
        self.sample(worker_groups)
        self.baseline = {pid: cpu for part in self.seen.values() for pid, cpu in part.items()}

    def sample(self, worker_groups: set[int]) -> None:
        for entry in Path("/proc").iterdir():
            fields = _stat(int(entry.name)) if entry.name.isdigit() else None
            if fields and int(fields[2]) in worker_groups:  # the process group of a worker this bench started
                self.seen["worker"][int(entry.name)] = cpu_seconds(int(entry.name), fields)
        for pid in database_backends():
            self.seen["postgres"][pid] = cpu_seconds(pid)

    def total(self, part: str) -> float:
        return sum(cpu - self.baseline.get(pid, 0.0) for pid, cpu in self.seen[part].items())


def database_backends() -> list[int]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def unsettled() -> int:
    from notifications.models import Notification

    waiting = [Notification.Status.PENDING, Notification.Status.SENDING]
    return Notification.objects.filter(status__in=waiting).count()


def run(args, sink: Sink) -> dict:
    """Dispatch, (kill and restart the worker,) wait until nothing is waiting; returns figures."""
    from reminders.services import dispatch_due

    figures = {"killed_at": None, "load_before": os.getloadavg()[0]}
    meter = figures["cpu"] = CpuMeter()
    worker = start_worker(args.concurrency, "bench1@%h")
    groups = {worker.pid}
    try:
        time.sleep(2)  # the worker connects to Redis while nothing is queued yet
        meter.start(groups)
        started = time.monotonic()
        figures["queued"] = len(dispatch_due())
        figures["dispatch"] = time.monotonic() - started
        self_before = time.process_time()  # from here this process is the SMTP sink and the polling
        deadline = started + args.timeout
        last_sample = 0.0
        while unsettled():
            if time.monotonic() - last_sample > 0.5:
                meter.sample(groups)
                last_sample = time.monotonic()
            if args.kill_worker and figures["killed_at"] is None and sink.received() >= args.count // 3:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=30)
                figures["killed_at"] = (sink.received(), time.monotonic() - started)
                worker = start_worker(args.concurrency, "bench2@%h")
                groups.add(worker.pid)
            if worker.poll() is not None:
                raise SystemExit("the worker exited early")
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out with {unsettled()} e-mails still waiting")
            time.sleep(0.1)
        figures["sent"] = time.monotonic() - started
        meter.sample(groups)
        figures["cpu_self"] = time.process_time() - self_before
        figures["load_after"] = os.getloadavg()[0]
        figures["again"] = len(dispatch_due())  # a second run at (almost) the same instant
        time.sleep(3)  # let anything wrongly queued by it go out before counting
    finally:
        worker.terminate()  # warm shutdown of the worker this script started
        worker.wait(timeout=60)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    # Sending is bound by waits (the database flushing the handover, SMTP round trips), not by CPU:
    # more worker processes than cores keep both busy.
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--kill-worker", action="store_true", help="SIGKILL the worker once mid-run")
    args = parser.parse_args()

    configure_environment()
    sink, controller = start_sink()
    fresh_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    from mentorship.celery import app
    from notifications.models import Notification
    from notifications.services import message_id

    call_command("migrate", verbosity=0)
    app.control.purge()
    t0 = time.monotonic()
    rule = seed(args.count)
    seeded = time.monotonic() - t0
    bare = bare_insert(rule)
    try:
        figures = run(args, sink)
    finally:
        controller.stop()
    report(args, figures, bare, seeded, sink, Notification, message_id)


def report(args, figures, bare, seeded, sink, Notification, message_id) -> None:  # noqa: N803 (a model)
    import django

    statuses = Counter(Notification.objects.values_list("status", flat=True))
    expected = {message_id(key): key for key in Notification.objects.values_list("key", flat=True)}
    duplicates = sum(n - 1 for n in sink.ids.values() if n > 1)
    maybe = set(Notification.objects.filter(status="uncertain").values_list("key", flat=True))
    not_received = [key for mid, key in expected.items() if mid not in sink.ids]
    lost = [key for key in not_received if key not in maybe]  # gone without anyone being told
    strangers = [mid for mid in sink.ids if mid not in expected]
    dispatch, sent = figures["dispatch"], figures["sent"]
    print(f"database            {django.db.connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    print(f"broker              {os.environ['CELERY_BROKER_URL']}, worker concurrency {args.concurrency}")
    port = os.environ["BENCH_SMTP_PORT"]
    print(f"smtp                aiosmtpd on 127.0.0.1:{port}, {sink.connections} connections")
    print(
        f"machine             {os.cpu_count()} cores; 1-min load average {figures['load_before']:.1f} before"
        f" the dispatch, {figures['load_after']:.1f} when all were out (others' work slows every figure)"
    )
    print(f"seeded drafts       {args.count} in {seeded:.1f} s")
    print(f"bare bulk insert    {args.count} rows in {bare:.2f} s")
    print(
        f"dispatch            {figures['queued']} queued in {dispatch:.2f} s"
        f" = {dispatch / bare:.1f} × the bare insert (target ≤ 3; before: {PREVIOUS['dispatch']} s)"
    )
    if figures["killed_at"]:
        received, at = figures["killed_at"]
        print(f"worker killed       SIGKILL at {at:.1f} s with {received} e-mails received, restarted")
    print(
        f"all sent after      {sent:.1f} s from the start of dispatch ({args.count / sent:.0f}/s;"
        f" target < 30 s; before: {PREVIOUS['sent']:.0f} s)"
    )
    meter, count = figures["cpu"], args.count
    worker_ms, database_ms = (meter.total(part) * 1000 / count for part in ("worker", "postgres"))
    print(
        f"CPU per e-mail      {worker_ms + database_ms:.2f} ms: worker {worker_ms:.2f} + PostgreSQL"
        f" {database_ms:.2f}; the SMTP sink and polling here {figures['cpu_self'] * 1000 / count:.2f} more"
    )
    print(f"outbox              {dict(sorted(statuses.items()))}")
    print(
        f"maybe sent          {len(maybe)} (received: {sum(1 for k in maybe if k not in not_received)};"
        " the outbox shows them to coordinators, who resend or not)"
    )
    print(f"second dispatch     {figures['again']} queued")
    print(f"received            {sink.received()} e-mails, {len(sink.ids)} distinct Message-IDs")
    print(f"duplicates          {duplicates}")
    print(f"lost                {len(lost)} (never received and not marked maybe sent)")
    print(f"unknown IDs         {len(strangers)}")
    ok = (
        not duplicates
        and not lost
        and not strangers
        and len(expected) == args.count
        and figures["again"] == 0
        and dispatch <= 3 * bare
        and sent < 30
    )
    print("OK" if ok else "NOT WITHIN TARGETS")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
