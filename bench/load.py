"""Load test: simulated applicants against gunicorn on PostgreSQL, over loopback.

    python bench/load.py                       # 50 applicants, 60 s, the applicant journey
    python bench/load.py --flow smoke          # sign in by password + browse
    python bench/load.py --users 20 --duration 30 --processes 2 --threads 1
    python bench/load.py --redis-url redis://127.0.0.1:6379/8   # e-mail queued in Redis, never sent
    python bench/load.py --web 2 --workers 2   # 2 gunicorn instances behind a proxy, 2 Celery workers

It creates (drops first) its own database `mentorship_load` (or --database-url), migrates it,
collects static files, seeds a program, an open round and enough applicant accounts, starts
gunicorn (gthread: --processes × --threads) on a free port of 127.0.0.1 with the production
settings (DEBUG off), and runs the applicants in threads (stdlib only). Each simulated
applicant is a seat that people take one after the other, each with a fresh browser and its
own loopback address: open the e-mailed sign-in link, confirm it, start a mentee application,
save two drafts, submit, see the status and My applications, edit once. It prints
p50/p95/p99 per step and overall, the errors, the server's CPU time per request (gunicorn plus
the PostgreSQL backends, from /proc: on a shared machine latency measures the neighbours too)
and the load average, and then checks that every submission a client saw succeed is in the
database with its one confirmation e-mail in the outbox. Exit status 1 on errors or lost
submissions.

More than one machine: `--web N` starts N gunicorn instances, each on its own port, behind
bench/proxy.py (standard library, round robin, appends the client's address to
X-Forwarded-For; the instances run with DJANGO_BEHIND_PROXY=true as in production) on the one
port the applicants use. `--workers N` starts N `celery -A mentorship worker` processes on one
Redis (--redis-url, by default database 9: checked empty, emptied afterwards; the cache with
the rate-limit counters is there too), sending over SMTP to an aiosmtpd server in this
process that counts each e-mail's Message-ID (derived from its outbox key). After the load it
waits until the outbox has nothing pending or sending, then checks that each confirmation
e-mail arrived exactly once and that no e-mail arrived twice, and prints per instance the
requests the proxy gave it, its requests/s and CPU per request, and per worker the e-mails it
sent (by the process holding the SMTP connection) and its CPU time. Exit status 1 also on lost
or duplicate e-mails.
"""

import argparse
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.reminders import Sink, cpu_seconds, start_sink, start_worker, unsettled  # noqa: E402 (after the path)

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/mentorship_load"
# The figures before issue 17's cheaper requests, for the report to print beside today's: this
# bench's default run (50 applicants, 60 s, apply flow, e-mail sent in the request) on the
# 2-core machine. 22 ms is the figure issue 17 was filed with; re-run on commit b9686fb
# (crispy-forms application form) on 3 Dec 2026 it gave 23.4 ms (gunicorn 20.0 + PostgreSQL
# 3.4), p95 432 ms, 0 errors, 0 lost, load average 0.5 before and 4.9 after.
PREVIOUS = {"cpu_ms": 22.0, "p95_ms": 432.2, "errors": 0, "lost": 0}
TARGETS = {"cpu_ms": 10.0, "p95_ms": 250.0}
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN_RE = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')


# ---------------------------------------------------------------------------- HTTP client
class Client:
    """One browser: its cookies, a CSRF token, a fresh loopback connection per request.

    `source` is the loopback address it connects from (127.0.0.0/8 all reaches the server), so
    each simulated applicant has its own client address, as people on their own networks do;
    the per-address rate limits (submit, sign-in links) then count each applicant separately.
    """

    def __init__(self, port: int, stats: "Stats", source: str = "127.0.0.1"):
        self.port, self.stats, self.cookies, self.source = port, stats, {}, source

    def request(self, step: str, method: str, path: str, data: dict | list | None = None):
        body = urllib.parse.urlencode(data, doseq=True) if data is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        try:
            conn = HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.source, 0))
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            conn.close()
        except OSError as exc:
            self.stats.record(step, time.perf_counter() - started, error=f"{type(exc).__name__}")
            return None, ""
        self.stats.record(
            step,
            time.perf_counter() - started,
            error=f"HTTP {response.status}" if response.status >= 400 else None,
        )
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, text

    def csrf(self, html: str) -> str:
        match = CSRF_RE.search(html)
        return match.group(1) if match else self.cookies.get("csrftoken", "")


# ---------------------------------------------------------------------------- measurements
@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    submitted: list[tuple[str, str, str]] = field(default_factory=list)  # (email, round slug, role)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, step: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latencies[step].append(seconds)
            if error:
                self.errors[f"{step}: {error}"] += 1

    def saw_submitted(self, email: str, round_slug: str, role: str) -> None:
        with self.lock:
            self.submitted.append((email, round_slug, role))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def report(stats: Stats, duration: float) -> None:
    everything = [v for values in stats.latencies.values() for v in values]
    print(f"\n{'step':<22}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for step, values in [*sorted(stats.latencies.items()), ("ALL", everything)]:
        if values:
            ms = [percentile(values, p) * 1000 for p in (50, 95, 99)] + [max(values) * 1000]
            print(f"{step:<22}{len(values):>9}" + "".join(f"{m:>9.1f}" for m in ms))
    print(f"\nthroughput: {len(everything) / duration:.1f} requests/s over {duration:.0f} s")
    print(f"errors: {sum(stats.errors.values())}")
    for error, count in sorted(stats.errors.items()):
        print(f"  {count:>5} × {error}")
    if everything:
        print(f"mean {statistics.mean(everything) * 1000:.1f} ms")


# ---------------------------------------------------------------------------- the flows
# ---- The applicant journey (issue 3). Each simulated applicant is a person at a time: a fresh
# browser opens an e-mailed sign-in link, confirms it, starts a mentee application, saves two
# drafts (the first half empty), submits, looks at the status, edits once (re-submit), and the
# next person takes the seat until the time is up.
ANSWERS = {
    "full_name": "Test Testsson",
    "phone": "070-000 00 00",
    "title": "VD",
    "organisation_choice": "other",
    "organisation_name": "Lasttest AB",
    "industry": "IT",
    "motivation": "Jag vill lära mig av nästa generations ledare.",
    "want_to_learn": "Digitalisering.",
    "can_offer": "Erfarenhet av förändringsledning.",
    "languages": ["sv", "en"],
    "meeting_format": "either",
    "availability": ["mon_am", "wed_pm"],
    "municipality": "Jönköping",
    "consent": "on",
    "leave_empty": "",
}
FIRST_DRAFT = ("full_name", "phone", "title", "organisation_choice", "organisation_name", "leave_empty")
SUBMIT_ACTION_RE = re.compile(r'formaction="([^"]*/submit/)"')


def _location(response) -> str:
    if response is None or response.status not in (301, 302, 303):
        return ""
    return urllib.parse.urlsplit(response.getheader("Location") or "").path


def apply_session(client: Client, person: dict, ctx: dict, stop_at: float, think) -> None:
    """One applicant: sign-in link → confirm → start → two drafts → submit → status → one edit."""

    def running() -> bool:
        return time.monotonic() < stop_at

    _, html = client.request("sign-in link", "GET", person["link"])
    think()
    if not running():
        return
    confirm = {**dict(HIDDEN_RE.findall(html)), "csrfmiddlewaretoken": client.csrf(html)}
    start_path = _location(client.request("sign-in confirm", "POST", ctx["link_path"], confirm)[0])
    if not start_path:
        client.stats.record("sign-in confirm", 0.0, error="no redirect")
        return
    _, html = client.request("start page", "GET", start_path)  # a button: GET creates nothing
    start = {"csrfmiddlewaretoken": client.csrf(html)}
    form_path = _location(client.request("start", "POST", start_path, start)[0])
    if not form_path:
        client.stats.record("start", 0.0, error="no redirect")
        return
    submit_path = ""
    for step, fields in (
        ("save draft", FIRST_DRAFT),
        ("save draft", tuple(a for a in ANSWERS if a != "consent")),
    ):
        think()
        if not running():
            return
        _, html = client.request("form", "GET", form_path)
        submit_path = SUBMIT_ACTION_RE.search(html).group(1) if SUBMIT_ACTION_RE.search(html) else submit_path
        think()
        data = {k: ANSWERS[k] for k in fields} | {"csrfmiddlewaretoken": client.csrf(html), "action": "save"}
        if _location(client.request(step, "POST", form_path, data)[0]) != form_path:
            client.stats.record(step, 0.0, error="draft not saved")
    think()
    if not running() or not submit_path:
        return
    _, html = client.request("form", "GET", form_path)
    think()
    data = {**ANSWERS, "csrfmiddlewaretoken": client.csrf(html), "action": "submit"}
    detail_path = _location(client.request("submit", "POST", submit_path, data)[0])
    if not detail_path:
        client.stats.record("submit", 0.0, error="form re-shown (validation?)")
        return
    client.stats.saw_submitted(person["email"], ctx["round_slug"], "mentee")
    client.request("status", "GET", detail_path)
    think()
    client.request("my applications", "GET", ctx["mine_path"])
    think()
    if not running():
        return
    _, html = client.request("form", "GET", form_path)
    think()
    data = {**ANSWERS, "motivation": "Ändrad motivering.", "csrfmiddlewaretoken": client.csrf(html)}
    if not _location(client.request("edit submitted", "POST", submit_path, data)[0]):
        client.stats.record("edit submitted", 0.0, error="edit not saved")


def apply_flow(client: Client, seat: dict, ctx: dict, stop_at: float, think) -> None:
    """A seat: applicants one after the other, each with a fresh browser, until the time is up."""
    for person in seat["people"]:
        if time.monotonic() >= stop_at:
            return
        apply_session(Client(client.port, client.stats, client.source), person, ctx, stop_at, think)
    client.stats.record("seat", 0.0, error="ran out of seeded applicants")


# ===== END OF THE FLOW-SPECIFIC PART =====


def smoke_flow(client: Client, seat: dict, ctx: dict, stop_at: float, think) -> None:
    """Browse as a signed-in applicant; sign in once more by a sign-in link along the way.

    Applicants browse with a session made by the seed (like after a sign-in link). Each one also
    opens and confirms a sign-in link at a random moment (a real write: last_login); the
    database check looks for those.
    """
    client.cookies["sessionid"] = seat["session"]
    person = seat["people"][0]
    rng = random.Random(person["email"] + "smoke")
    sign_in_at = time.monotonic() + rng.uniform(0, 0.6 * (stop_at - time.monotonic()))
    while time.monotonic() < stop_at:
        think()
        if sign_in_at is not None and time.monotonic() >= sign_in_at:
            sign_in_at = None
            _, html = client.request("sign-in link", "GET", person["link"])
            confirm = {**dict(HIDDEN_RE.findall(html)), "csrfmiddlewaretoken": client.csrf(html)}
            response, _ = client.request("sign-in confirm", "POST", ctx["link_path"], confirm)
            if response is not None and response.status == 302:
                client.stats.saw_submitted(person["email"], ctx["round_slug"], "sign-in")
        client.request("home", "GET", "/")
        think()
        client.request("round page", "GET", ctx["round_path"])
        think()
        client.request("my applications", "GET", ctx["mine_path"])


FLOWS = {"apply": apply_flow, "smoke": smoke_flow}


# ---------------------------------------------------------------------------- setup and checks
def create_database(url: str) -> None:
    import psycopg2

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def _session_for(user) -> str:
    """A signed-in session, as a sign-in would leave it; returns the cookie value."""
    from importlib import import_module

    from django.conf import settings

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore

    session = SessionStore()
    session.update(
        {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
        }
    )
    session.create()
    return session.session_key


def seed(users: int, per_seat: int) -> tuple[dict, list[dict]]:
    """A program, an open round, and `per_seat` applicant accounts with a sign-in link per seat."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from accounts.services import sign_in_path
    from programs.models import Program, Round

    now = timezone.now()
    program = Program.objects.create(name="Lasttest", slug="lasttest")
    dates = {
        "applications_open": now - timedelta(days=1),
        "mentor_deadline": now + timedelta(days=10),
        "mentee_deadline": now + timedelta(days=10),
        "screening_ends": now + timedelta(days=20),
        "pairs_announced": now + timedelta(days=25),
        "confirm_by": now + timedelta(days=30),
        "kickoff": now + timedelta(days=35),
        "midpoint": now + timedelta(days=120),
        "ends": now + timedelta(days=200),
        "follow_up": now + timedelta(days=300),
    }
    round_ = Round.objects.create(
        program=program, name="Lasttest", slug="lasttest-1", is_published=True, **dates
    )
    start_path = reverse("applications:start", kwargs={"slug": round_.slug, "role": "mentee"})
    hashed = make_password(None)  # applicants have no password: they sign in by link
    accounts = User.objects.bulk_create(
        [
            User(
                email=f"load{n}@example.org", password=hashed, full_name=f"Last {n}", preferred_language="sv"
            )
            for n in range(users * per_seat)
        ]
    )
    seats = []
    for seat in range(users):
        people = [
            {"email": user.email, "link": sign_in_path(user, next_url=start_path)}
            for user in accounts[seat * per_seat : (seat + 1) * per_seat]
        ]
        first = accounts[seat * per_seat]
        seats.append(
            {
                "people": people,
                "email": first.email,
                "session": _session_for(first),
                "source": f"127.0.{1 + seat // 250}.{2 + seat % 250}",
            }
        )
    ctx = {
        "round_slug": round_.slug,
        "round_path": round_.get_absolute_url(),
        "link_path": reverse("accounts:link"),
        "mine_path": reverse("applications:mine"),
        "start_path": start_path,
    }
    return ctx, seats


def lost_submissions(stats: Stats, flow: str, started) -> list[tuple]:
    """Every submission a client saw succeed that the database does not hold."""
    from accounts.models import User
    from applications.models import Application, State
    from notifications.models import Notification

    lost = []
    for email, round_slug, role in stats.submitted:
        if flow == "smoke":
            found = User.objects.filter(email=email, last_login__gte=started).exists()
        else:
            application = (
                Application.objects.filter(applicant__email=email, round__slug=round_slug, role=role)
                .exclude(submitted_at=None)
                .exclude(state=State.DRAFT)
                .first()
            )
            # ... and its one confirmation e-mail is in the outbox.
            found = application is not None and (
                Notification.objects.filter(key=f"application-submitted:{application.pk}").count() == 1
            )
        if not found:
            lost.append((email, round_slug, role))
    return lost


# ---------------------------------------------------------------------------- CPU accounting
# Latency on a shared machine says as much about the neighbours as about us; the CPU time the
# server spent per request (gunicorn's processes plus our PostgreSQL backends, from /proc) does
# not, and tells the capacity of an idle machine: cores / (CPU per request) requests a second.
def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants (a gunicorn master and its workers, a Celery worker's pool)."""
    pids = [pid]
    for child in _children(pid):
        pids.extend(_tree(child))
    return pids


def cpu_snapshot(processes: dict[str, int], database_url: str) -> dict[str, dict[int, float]]:
    """CPU seconds so far of each named process tree (a gunicorn instance: its master and workers),
    and of the database's backends ("postgres")."""
    import psycopg2

    parts = urllib.parse.urlsplit(database_url)
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    with conn.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [parts.path.lstrip("/")])
        backends = [row[0] for row in cursor.fetchall()]
    conn.close()
    return {
        **{name: {pid: cpu_seconds(pid) for pid in _tree(root)} for name, root in processes.items()},
        "postgres": {pid: cpu_seconds(pid) for pid in backends},
    }


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    return {
        part: sum(max(0.0, cpu - before[part].get(pid, 0.0)) for pid, cpu in after[part].items())
        for part in after
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, threads: int, env: dict) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "mentorship.wsgi:application",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


# ---------------------------------------------------------------------------- more than one machine
# `--web N`: N gunicorn instances behind bench/proxy.py, as N machines behind a load balancer.
# `--workers N`: N Celery workers on one Redis, sending over SMTP to a sink in this process.
def start_proxy(port: int, backends: list[int]) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "bench" / "proxy.py"), "--port", str(port)]
    for backend in backends:
        command += ["--backend", f"127.0.0.1:{backend}"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    if process.stdout.readline().strip() != "ready":
        process.kill()
        raise SystemExit("the proxy did not start")
    return process


def stop_proxy(process: subprocess.Popen) -> list[dict]:
    """Stop the proxy; returns per backend its requests, errors and seconds waited on it."""
    import json

    process.terminate()
    out, _ = process.communicate(timeout=30)
    lines = out.strip().splitlines()
    return json.loads(lines[-1])["backends"] if lines else []


class WorkerSink(Sink):
    """The bench's SMTP server: counts Message-IDs (Sink), and e-mails per Celery worker.

    An e-mail's worker is the one whose processes hold the client end of its SMTP connection
    (found in /proc when the connection says EHLO).
    """

    def __init__(self):
        super().__init__()
        self.workers: dict[str, int] = {}  # name → the pid of its main process, once they run
        self.by_worker: Counter = Counter()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802 (aiosmtpd's name)
        session.bench_worker = socket_owner(session.peer[1], int(os.environ["BENCH_SMTP_PORT"]), self.workers)
        return await super().handle_EHLO(server, session, envelope, hostname, responses)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        reply = await super().handle_DATA(server, session, envelope)
        with self.lock:
            self.by_worker[getattr(session, "bench_worker", "?")] += 1
        return reply


def socket_owner(port: int, peer_port: int, roots: dict[str, int]) -> str:
    """The name of the process tree in `roots` holding the TCP socket from `port` to `peer_port`."""
    inode = None
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if (
                int(fields[1].rsplit(":", 1)[1], 16) == port
                and int(fields[2].rsplit(":", 1)[1], 16) == peer_port
            ):
                inode = fields[9]
                break
        if inode:
            break
    target = f"socket:[{inode}]"
    for name, root in roots.items() if inode else ():
        for pid in _tree(root):
            try:
                fds = os.listdir(f"/proc/{pid}/fd")
            except OSError:
                continue
            for fd in fds:
                try:
                    if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                        return name
                except OSError:
                    pass
    return "?"


def start_workers(count: int, concurrency: int) -> dict[str, subprocess.Popen]:
    """`count` Celery workers (bench/reminders.py's start_worker), once all answer a ping."""
    from mentorship.celery import app

    workers = {f"load{n}": start_worker(concurrency, f"load{n}@%h", quiet=True) for n in range(1, count + 1)}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        answered = {node.split("@")[0] for reply in app.control.ping(timeout=1.0) for node in reply}
        if answered >= set(workers):
            return workers
        if any(worker.poll() is not None for worker in workers.values()):
            break
    for worker in workers.values():
        worker.terminate()
    raise SystemExit("the Celery workers did not start")


def stop_workers(workers: dict[str, subprocess.Popen]) -> None:
    for worker in workers.values():
        worker.terminate()  # warm shutdown: the task in hand is finished first
    for worker in workers.values():
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def settle(timeout: float) -> float | None:
    """Seconds until the outbox has nothing pending or sending; None after `timeout`."""
    started = time.monotonic()
    while unsettled():
        if time.monotonic() - started > timeout:
            return None
        time.sleep(0.2)
    return time.monotonic() - started


def check_emails(stats: Stats, sink: WorkerSink) -> list[str]:
    """Print the e-mails' figures; returns what is wrong (lost, duplicated, not sent)."""
    from applications.models import Application
    from notifications.models import Notification
    from notifications.services import message_id

    rows = list(Notification.objects.values_list("key", "status", "created_at", "sent_at"))
    expected = {message_id(key): key for key, *_ in rows}
    statuses = Counter(status for _, status, *_ in rows)
    duplicates = sum(n - 1 for n in sink.ids.values() if n > 1)
    lost = [key for mid, key in expected.items() if mid not in sink.ids]
    unknown = [mid for mid in sink.ids if mid not in expected]
    # Each submission a client saw succeed: its confirmation arrived exactly once.
    emails = {email for email, _, role in stats.submitted if role == "mentee"}
    applications = Application.objects.filter(applicant__email__in=emails, role="mentee")
    submitted = list(applications.values_list("pk", flat=True))
    arrivals = Counter(sink.ids.get(message_id(f"application-submitted:{pk}"), 0) for pk in submitted)
    delays = [(sent - created).total_seconds() for _, _, created, sent in rows if sent]
    print(
        f"outbox: {len(rows)} e-mails {dict(sorted(statuses.items()))}; the sink received {sink.received()} "
        f"({len(sink.ids)} distinct Message-IDs) over {sink.connections} SMTP connections"
    )
    if delays:
        print(
            f"queued → sent: p50 {percentile(delays, 50) * 1000:.0f} ms, "
            f"p95 {percentile(delays, 95) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms"
        )
    print(
        f"confirmations of the {len(emails)} submissions: {arrivals.get(1, 0)} arrived once, "
        f"{arrivals.get(0, 0)} never, {sum(n for k, n in arrivals.items() if k > 1)} more than once; "
        f"duplicates at the sink overall: {duplicates}; lost: {len(lost)}; "
        f"unknown Message-IDs: {len(unknown)}"
    )
    problems = [f"lost e-mail: {key}" for key in lost[:20]]
    problems += [f"{duplicates} duplicate e-mails"] if duplicates else []
    problems += [f"{len(unknown)} e-mails not in the outbox"] if unknown else []
    problems += [f"{n} e-mails {status}" for status, n in statuses.items() if status != "sent"]
    problems += [f"{len(emails) - len(submitted)} submitted applicants without an application"] * (
        len(submitted) != len(emails)
    )
    problems += [f"{n} confirmations arrived {k} times" for k, n in arrivals.items() if k != 1]
    return problems


def report_instances(instances: dict, proxied: list[dict], used: dict, elapsed: float) -> None:
    """Per gunicorn instance: the requests the proxy gave it, requests/s, CPU per request."""
    print(f"\n{'instance':<22}{'requests':>9}{'req/s':>9}{'wait ms':>9}{'CPU ms/req':>11}")
    for (name, port), figures in zip(instances.items(), proxied, strict=False):
        served = figures["requests"] or 1
        print(
            f"{name + ' :' + str(port):<22}{figures['requests']:>9}{figures['requests'] / elapsed:>9.1f}"
            f"{figures['seconds'] * 1000 / served:>9.1f}{used.get(name, 0.0) * 1000 / served:>11.1f}"
            + (f"  ({figures['errors']} failed at the proxy)" if figures["errors"] else "")
        )
    total = sum(figures["requests"] for figures in proxied) or 1
    print(
        f"proxy: {total} requests, {used.get('proxy', 0.0) * 1000 / total:.1f} ms CPU per request "
        "(not in the server CPU above); wait = the mean time the proxy waited on the instance"
    )


def report_workers(sink: WorkerSink, used: dict, seconds: float) -> None:
    """Per Celery worker: the e-mails it sent (at the sink) and its CPU time."""
    print(f"\n{'worker':<22}{'e-mails':>9}{'CPU s':>9}{'CPU ms/mail':>12}")
    for name in sink.workers:
        sent = sink.by_worker.get(name, 0)
        cpu = used.get(name, 0.0)
        print(f"{name:<22}{sent:>9}{cpu:>9.2f}{cpu * 1000 / (sent or 1):>12.1f}")
    if sink.by_worker.get("?"):
        print(f"{'(worker not found)':<22}{sink.by_worker['?']:>9}")
    received = sink.received()
    print(
        f"sent: {received} e-mails in {seconds:.0f} s, {received / seconds:.1f}/s "
        "(as fast as the applicants submitted)"
    )


def stop_servers(servers: dict, proxy, workers: dict, controller) -> None:
    """Stop what the bench started: the proxy, the Celery workers, gunicorn, the SMTP sink."""
    if proxy is not None:
        proxy.kill()
        proxy.wait(timeout=30)
    stop_workers(workers)
    for server in servers.values():
        os.killpg(server.pid, signal.SIGTERM)
    for server in servers.values():
        server.wait(timeout=30)
    if controller is not None:
        controller.stop()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument(
        "--web", type=int, default=1, help="gunicorn instances (more than 1: behind bench/proxy.py)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        help="gunicorn worker processes per instance (default: 4 in all on 2 cores, at least 2 per instance)",
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per process (more than 1: gthread)")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="Celery workers on Redis, sending to a local SMTP sink (default 0: e-mail sent in the request)",
    )
    parser.add_argument("--concurrency", type=int, default=2, help="processes per Celery worker")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between requests (s)")
    parser.add_argument("--flow", choices=sorted(FLOWS), default="apply")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("LOAD_REDIS_URL", ""),
        help="as in production: cache and Celery broker in Redis (an empty database, emptied afterwards); "
        "without it, e-mails are sent in the request (eager Celery)",
    )
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DB))
    args = parser.parse_args()
    if args.processes is None:
        args.processes = max(2, min(4, max(2, 2 * (os.cpu_count() or 1))) // args.web)
    if args.workers:
        args.redis_url = args.redis_url or "redis://127.0.0.1:6379/9"

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "REDIS_"))},
        "DJANGO_SETTINGS_MODULE": "mentorship.settings",
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CONN_MAX_AGE": "600",  # persistent connections outlive the run (CPU accounting)
        "EMAIL_URL": "dummymail://",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_AXES_FAILURE_LIMIT": "1000",  # 50 applicants share one address on loopback
    }
    if args.redis_url:
        import redis

        broker = redis.Redis.from_url(args.redis_url)
        if broker.dbsize():
            raise SystemExit(f"{args.redis_url} is not empty: choose a free Redis database")
        env["REDIS_URL"] = args.redis_url
    sink = controller = None
    if args.workers:  # the e-mails go to our SMTP sink, which counts them by Message-ID
        sink, controller = start_sink(WorkerSink())
        env["EMAIL_URL"] = f"smtp://127.0.0.1:{os.environ['BENCH_SMTP_PORT']}"
    if args.web > 1:  # as in production: the instances take the proxy's last X-Forwarded-For hop
        env["DJANGO_BEHIND_PROXY"] = "true"
    os.environ.update(env)
    print(f"database {args.database_url}: recreating and migrating …", flush=True)
    create_database(args.database_url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    # A journey is ~10 requests with ~1 s think time each; seed twice what a fast run uses.
    per_seat = max(2, int(args.duration / (5 * max(args.think, 0.05))) + 2)
    ctx, seats = seed(args.users, per_seat)
    connection.close()
    instances = {f"web{n}": free_port() for n in range(1, args.web + 1)}
    servers, proxy, workers, proxied, mail_problems = {}, None, {}, [], []
    try:
        for name, instance_port in instances.items():
            servers[name] = start_gunicorn(instance_port, args.processes, args.threads, env)
        port = next(iter(instances.values()))
        if args.web > 1:
            port = free_port()
            proxy = start_proxy(port, list(instances.values()))
        workers = start_workers(args.workers, args.concurrency) if args.workers else {}
    except BaseException:
        stop_servers(servers, proxy, workers, controller)
        raise
    if sink:
        sink.workers = {name: worker.pid for name, worker in workers.items()}
    mail = "queued in Redis" if args.redis_url else "sent in the request"
    if workers:
        mail += f", sent by {args.workers} Celery workers × {args.concurrency} processes to a local SMTP sink"
    where = f"127.0.0.1:{port}" if not proxy else f"127.0.0.1:{','.join(map(str, instances.values()))}"
    print(
        "gunicorn: "
        + f"{args.web} instances × " * (args.web > 1)
        + f"{args.processes} workers × {args.threads} threads on {where}"
        + f" behind a proxy on 127.0.0.1:{port}" * bool(proxy)
        + f"; {args.users} applicants, flow '{args.flow}', e-mail {mail}, "
        f"{args.duration:.0f} s, think time ~{args.think} s",
        flush=True,
    )
    stats, flow = Stats(), FLOWS[args.flow]
    load_before = os.getloadavg()
    processes = {name: server.pid for name, server in servers.items()} | {
        name: worker.pid for name, worker in workers.items()
    }
    if proxy:
        processes["proxy"] = proxy.pid
    cpu_before, client_before = cpu_snapshot(processes, args.database_url), time.process_time()
    started_at, started = timezone.now(), time.monotonic()
    stop_at = started + args.duration

    def applicant(seat):
        rng = random.Random(seat["email"])
        client = Client(port, stats, seat["source"])
        flow(client, seat, ctx, stop_at, lambda: time.sleep(rng.uniform(0.5, 1.5) * args.think))

    try:
        with ThreadPoolExecutor(max_workers=args.users) as pool:
            list(pool.map(applicant, seats))
        used = cpu_used(cpu_before, cpu_snapshot(processes, args.database_url))
        server_cpu = {"gunicorn": sum(used[name] for name in servers), "postgres": used["postgres"]}
        client_cpu = time.process_time() - client_before
        elapsed = time.monotonic() - started
        if proxy:
            proxied, proxy = stop_proxy(proxy), None
        if workers:  # the e-mails of the last submissions are still on their way
            settled = settle(timeout=120)
            mail_seconds = time.monotonic() - started
            mail_used = cpu_used(cpu_before, cpu_snapshot(processes, args.database_url))
            if settled is None:
                mail_problems.append("the outbox still had e-mails waiting after 120 s")
    finally:
        stop_servers(servers, proxy, workers, controller)
        if args.redis_url:  # the queued e-mail tasks (the outbox rows stay) and rate-limit counters
            broker.flushdb()
    report(stats, elapsed)
    requests = sum(len(v) for v in stats.latencies.values()) or 1
    total = sum(server_cpu.values())
    ms = {part: seconds * 1000 / requests for part, seconds in server_cpu.items()}
    print(
        f"server CPU: {sum(ms.values()):.1f} ms per request "
        f"(before: {PREVIOUS['cpu_ms']:.0f} ms; target < {TARGETS['cpu_ms']:.0f} ms) "
        f"(gunicorn {ms['gunicorn']:.1f} + PostgreSQL {ms['postgres']:.1f}); "
        f"{total / elapsed:.2f} cores busy on average; "
        f"the load generator itself used {client_cpu / elapsed:.2f} cores"
    )
    load_after = os.getloadavg()[0]
    print(
        f"CPU cores: {os.cpu_count()}; 1-min load average before {load_before[0]:.2f}, after {load_after:.2f}"
    )
    everything = [v for values in stats.latencies.values() for v in values]
    if everything:
        print(
            f"p95: {percentile(everything, 95) * 1000:.0f} ms "
            f"(before: {PREVIOUS['p95_ms']:.0f} ms; target < {TARGETS['p95_ms']:.0f} ms); "
            f"errors: {sum(stats.errors.values())} (before: {PREVIOUS['errors']}; target 0)"
        )
    if proxied:
        report_instances(instances, proxied, used, elapsed)
    if workers:
        report_workers(sink, mail_used, mail_seconds)
        if settled is not None:
            print(f"outbox settled {settled:.1f} s after the load ended")
    lost = lost_submissions(stats, args.flow, started_at)
    print(
        f"submissions seen by clients: {len(stats.submitted)}; missing from the database: {len(lost)} "
        f"(before: {PREVIOUS['lost']}; target 0)"
    )
    for item in lost[:20]:
        print("  lost:", item)
    if workers:
        mail_problems += check_emails(stats, sink)
        for problem in mail_problems[:20]:
            print("  e-mail:", problem)
    return 1 if lost or stats.errors or mail_problems else 0


if __name__ == "__main__":
    sys.exit(main())
