"""Load test: simulated applicants against gunicorn on PostgreSQL, over loopback.

    python bench/load.py                       # 50 applicants, 60 s, the application flow
    python bench/load.py --flow smoke          # what exists without the form: sign in + browse
    python bench/load.py --users 20 --duration 30 --workers 2

It creates (drops first) its own database `mentorship_load`, migrates it, collects static
files, seeds a program, an open round and one account per applicant, starts gunicorn on a
free port of 127.0.0.1 with the production settings (DEBUG off), runs the applicants in
threads (stdlib only: one cookie jar per applicant, a think time between requests), prints
p50/p95/p99 per step and overall, the errors, and then checks that every submission a
client saw succeed is in the database. Exit status 1 on errors or lost submissions.
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
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/mentorship_load"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN_RE = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')


# ---------------------------------------------------------------------------- HTTP client
class Client:
    """One browser: its cookies, a CSRF token, a fresh loopback connection per request."""

    def __init__(self, port: int, stats: "Stats"):
        self.port, self.stats, self.cookies = port, stats, {}

    def request(self, step: str, method: str, path: str, data: dict | list | None = None):
        body = urllib.parse.urlencode(data, doseq=True) if data is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        try:
            conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
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
# ===== FLOW-SPECIFIC PART: adjust here after the applicant flow (issue 3) is merged. =====
# An applicant: signs in with a sign-in link, starts an application, saves the draft a few
# times, submits once, then keeps editing (saving) until the time is up.
APPLICATION_FORM = {
    "full_name": "Test Testsson",
    "phone": "070-000 00 00",
    "title": "VD",
    "organisation_name": "Lasttest AB",
    "industry": "IT",
    "years_as_leader": "10",
    "motivation": "Jag vill lära mig av nästa generations ledare.",
    "want_to_learn": "Digitalisering.",
    "can_offer": "Erfarenhet av förändringsledning.",
    "languages": ["sv", "en"],
    "meeting_format": "either",
    "availability": ["mon_am", "wed_pm"],
    "municipality": "Jönköping",
    "region": "Jönköpings län",
    "consent": "on",
}


def apply_flow(client: Client, person: dict, ctx: dict, stop_at: float, think) -> None:
    """Sign in by link → start → save drafts → submit → edit until the end."""
    think()
    response, _ = client.request("sign-in link", "GET", person["link"])
    if response is None or response.status >= 400:
        return
    think()
    response, _ = client.request("start", "GET", ctx["start_path"])
    form_path = response.getheader("Location") if response is not None and response.status == 302 else None
    if not form_path:
        return
    form_path = urllib.parse.urlsplit(form_path).path
    saves, submitted = 0, False
    while time.monotonic() < stop_at:
        think()
        _, html = client.request("form", "GET", form_path)
        hidden = dict(HIDDEN_RE.findall(html))
        think()
        action = "submit" if saves >= 2 and not submitted else "save"
        data = {**hidden, **APPLICATION_FORM, "csrfmiddlewaretoken": client.csrf(html), "action": action}
        response, _ = client.request(action, "POST", form_path, data)
        if response is not None and response.status == 302:
            saves += 1
            if action == "submit":
                submitted = True
                client.stats.saw_submitted(person["email"], ctx["round_slug"], "mentee")
        elif response is not None and response.status == 200 and action == "submit":
            client.stats.record("submit", 0.0, error="form re-shown (validation?)")


# ===== END OF THE FLOW-SPECIFIC PART =====


def smoke_flow(client: Client, person: dict, ctx: dict, stop_at: float, think) -> None:
    """What exists on every branch: browse as a signed-in applicant; sign in by password once.

    Applicants browse with a session made by the seed (like after a sign-in link). Each one also
    signs in once by password at a random moment (a real write: last_login), spread over the
    run because a PBKDF2 hash costs most of a CPU second; the database check looks for those.
    """
    client.cookies["sessionid"] = person["session"]
    rng = random.Random(person["email"] + "smoke")
    sign_in_at = time.monotonic() + rng.uniform(0, 0.6 * (stop_at - time.monotonic()))
    while time.monotonic() < stop_at:
        think()
        if sign_in_at is not None and time.monotonic() >= sign_in_at:
            sign_in_at = None
            _, html = client.request("sign-in page", "GET", ctx["login_path"])
            form = {"csrfmiddlewaretoken": client.csrf(html), "username": person["email"]}
            response, _ = client.request(
                "password sign-in", "POST", ctx["login_path"], {**form, "password": person["password"]}
            )
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
    from django.contrib.sessions.backends.db import SessionStore

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


def seed(users: int) -> tuple[dict, list[dict]]:
    """A program, an open round and one applicant account each, with a sign-in link."""
    from datetime import timedelta

    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone
    from sesame.utils import get_query_string

    from accounts.models import User
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
    password = secrets.token_urlsafe(12)
    link_base = reverse("applications:mine")
    for candidate in ("accounts:link", "accounts:sign_in_link", "accounts:login_link"):  # FLOW-SPECIFIC
        try:
            link_base = reverse(candidate)
            break
        except NoReverseMatch:
            continue
    people = []
    for n in range(users):
        user = User.objects.create_user(
            email=f"load{n}@example.org", password=password, full_name=f"Last {n}"
        )
        link = link_base + get_query_string(user)
        people.append(
            {"email": user.email, "password": password, "link": link, "session": _session_for(user)}
        )
    ctx = {
        "round_slug": round_.slug,
        "round_path": round_.get_absolute_url(),
        "login_path": reverse("accounts:login"),
        "mine_path": reverse("applications:mine"),
        "start_path": reverse("applications:start", kwargs={"slug": round_.slug, "role": "mentee"}),
    }
    return ctx, people


def lost_submissions(stats: Stats, flow: str, started) -> list[tuple]:
    """Every submission a client saw succeed that the database does not hold."""
    from accounts.models import User
    from applications.models import Application, State

    lost = []
    for email, round_slug, role in stats.submitted:
        if flow == "smoke":
            found = User.objects.filter(email=email, last_login__gte=started).exists()
        else:
            found = (
                Application.objects.filter(applicant__email=email, round__slug=round_slug, role=role)
                .exclude(submitted_at=None)
                .exclude(state=State.DRAFT)
                .exists()
            )
        if not found:
            lost.append((email, round_slug, role))
    return lost


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "mentorship.wsgi:application",
            "-w",
            str(workers),
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=min(4, max(2, 2 * (os.cpu_count() or 1))))
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between requests (s)")
    parser.add_argument("--flow", choices=sorted(FLOWS), default="apply")
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DB))
    args = parser.parse_args()

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "REDIS_"))},
        "DJANGO_SETTINGS_MODULE": "mentorship.settings",
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CONN_MAX_AGE": "60",
        "EMAIL_URL": "dummymail://",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_AXES_FAILURE_LIMIT": "1000",  # 50 applicants share one address on loopback
    }
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

    ctx, people = seed(args.users)
    connection.close()
    port = free_port()
    server = start_gunicorn(port, args.workers, env)
    print(
        f"gunicorn: {args.workers} workers on 127.0.0.1:{port}; {args.users} applicants, flow '{args.flow}', "
        f"{args.duration:.0f} s, think time ~{args.think} s",
        flush=True,
    )
    stats, flow = Stats(), FLOWS[args.flow]
    started_at, started = timezone.now(), time.monotonic()
    stop_at = started + args.duration

    def applicant(person):
        rng = random.Random(person["email"])
        flow(
            Client(port, stats), person, ctx, stop_at, lambda: time.sleep(rng.uniform(0.5, 1.5) * args.think)
        )

    try:
        with ThreadPoolExecutor(max_workers=args.users) as pool:
            list(pool.map(applicant, people))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    report(stats, time.monotonic() - started)
    lost = lost_submissions(stats, args.flow, started_at)
    print(f"submissions seen by clients: {len(stats.submitted)}; missing from the database: {len(lost)}")
    for item in lost[:20]:
        print("  lost:", item)
    return 1 if lost or stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
