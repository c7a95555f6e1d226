"""Benchmark: 10,000 due reminders through the real Redis broker and a real Celery worker.

    python bench/reminders.py [--count 10000] [--concurrency 4]

Uses DATABASE_URL (default: a PostgreSQL database of its own, dropped and created afresh;
an sqlite:/// URL works too) and CELERY_BROKER_URL (default redis://127.0.0.1:6379/7, purged).
Seeds one open round whose drafts' 2-days-before reminder is due now, starts
`celery -A mentorship worker` as a subprocess, runs the dispatcher (the periodic task's code),
and waits until every outbox row is sent. E-mails are counted by a backend that appends one
line per message to a file. Prints the times, the number of e-mails (must equal --count) and
duplicates (must be 0); runs the dispatcher again to show that nothing more goes out.
"""

import argparse
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/mentorship_i7_bench"
MAIL_LOG = "/tmp/bench-reminders-mail.log"


def configure_environment() -> dict[str, str]:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/7")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    # Persistent database connections in the worker, as in production (Celery closes them
    # after each task otherwise, and a new PostgreSQL connection per e-mail dominates).
    os.environ.setdefault("DJANGO_CONN_MAX_AGE", "60")
    os.environ["DJANGO_SETTINGS_MODULE"] = "reminders_settings"
    os.environ["BENCH_MAIL_LOG"] = MAIL_LOG
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(BENCH), os.environ.get("PYTHONPATH", "")])
    sys.path[:0] = [str(ROOT), str(BENCH)]
    return dict(os.environ)


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


LATER = {
    "screening_ends": 10,
    "pairs_announced": 20,
    "confirm_by": 27,
    "kickoff": 35,
    "midpoint": 125,
    "ends": 215,
    "follow_up": 305,
}


def sent_count() -> int:
    from notifications.models import Notification

    return Notification.objects.filter(status=Notification.Status.SENT).count()


def wait_until_sent(count: int, worker: subprocess.Popen, timeout: float) -> float:
    started = time.monotonic()
    while sent_count() < count:
        if worker.poll() is not None:
            raise SystemExit("the worker exited early")
        if time.monotonic() - started > timeout:
            raise SystemExit(f"timed out with {sent_count()} of {count} sent")
        time.sleep(0.2)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()

    env = configure_environment()
    fresh_database(os.environ["DATABASE_URL"])
    Path(MAIL_LOG).unlink(missing_ok=True)

    import django

    django.setup()
    from django.core.management import call_command

    from mentorship.celery import app
    from notifications.models import Notification
    from reminders.services import dispatch_due

    call_command("migrate", verbosity=0)
    app.control.purge()
    t0 = time.monotonic()
    seed(args.count)
    seeded = time.monotonic() - t0

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "mentorship", "worker", "-l", "warning"]
        + ["--concurrency", str(args.concurrency), "--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
    )
    try:
        t1 = time.monotonic()
        queued = len(dispatch_due())
        dispatched = time.monotonic() - t1
        until_sent = wait_until_sent(args.count, worker, args.timeout) + dispatched
        again = len(dispatch_due())  # a second run at (almost) the same instant
        time.sleep(3)  # let anything wrongly queued by it go out before counting
    finally:
        worker.terminate()  # warm shutdown of the worker this script started
        worker.wait(timeout=60)

    lines = Path(MAIL_LOG).read_text().splitlines() if Path(MAIL_LOG).exists() else []
    recipients = Counter(line.split("\t")[0] for line in lines)
    keys = Notification.objects.values_list("key", flat=True)
    print(f"database            {django.db.connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    print(f"broker              {os.environ['CELERY_BROKER_URL']}, worker concurrency {args.concurrency}")
    print(f"conn max age        {os.environ['DJANGO_CONN_MAX_AGE']} s")
    print(f"seeded drafts       {args.count} in {seeded:.1f} s")
    print(f"queued by dispatch  {queued} in {dispatched:.1f} s ({queued / dispatched:.0f}/s)")
    print(
        f"all sent after      {until_sent:.1f} s from the start of dispatch ({args.count / until_sent:.0f}/s)"
    )
    print(f"second dispatch     {again} queued")
    print(f"e-mails sent        {len(lines)}")
    print(f"duplicate e-mails   {sum(n - 1 for n in recipients.values() if n > 1)}")
    print(f"duplicate keys      {len(keys) - len(set(keys))}")
    ok = len(lines) == args.count and len(recipients) == args.count and again == 0
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
