"""Profile the applicant journey of bench/load.py in one process, under the same settings.

    python bench/profile_apply.py                 # 40 journeys: CPU ms and queries per step
    python bench/profile_apply.py --html out.html # and a pyinstrument profile of them all

It recreates its own database (`mentorship_profile`, or --database-url), seeds it as
bench/load.py does, and runs the journey (sign-in link, confirm, start page, start, form, two
drafts, submit, status, my applications, edit) through Django's test Client with CSRF checks
on, DEBUG off and the production-like settings of bench/load.py (no network, no gunicorn):
what the server itself spends per request, step by step.
"""

import argparse
import os
import secrets
import subprocess
import sys
import time
import urllib.parse
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402  (bench/load.py: seed, answers, the page patterns)


def journey(client, person: dict, ctx: dict, record, profiler=None, only=(), dump=None) -> None:
    """bench/load.py's apply_session without think time, through the test Client."""
    count = [0]

    def step(name, method, path, data=None):
        profiling = profiler is not None and name in only
        if profiling:
            profiler.start()
        started, cpu = time.perf_counter(), time.process_time()
        with record.queries() as queries:
            response = (
                getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)
            )
        record.add(name, time.perf_counter() - started, time.process_time() - cpu, len(queries))
        record.last_sql[name] = [q["sql"] for q in queries.captured_queries]
        if profiling:
            profiler.stop()
        if response.status_code >= 400:
            raise SystemExit(f"{name}: HTTP {response.status_code}")
        if dump is not None:
            count[0] += 1
            (dump / f"{count[0]:02d} {name}.html").write_bytes(response.content)
        return response, response.content.decode()

    def csrf(html):
        match = load.CSRF_RE.search(html)
        return match.group(1) if match else client.cookies["csrftoken"].value

    def location(response):
        return urllib.parse.urlsplit(response.headers.get("Location", "")).path

    _, html = step("sign-in link", "get", person["link"])
    confirm = {**dict(load.HIDDEN_RE.findall(html)), "csrfmiddlewaretoken": csrf(html)}
    start_path = location(step("sign-in confirm", "post", ctx["link_path"], confirm)[0])
    _, html = step("start page", "get", start_path)
    form_path = location(step("start", "post", start_path, {"csrfmiddlewaretoken": csrf(html)})[0])
    submit_path = ""
    for fields in (load.FIRST_DRAFT, tuple(a for a in load.ANSWERS if a != "consent")):
        _, html = step("form", "get", form_path)
        submit_path = load.SUBMIT_ACTION_RE.search(html).group(1)
        data = {k: load.ANSWERS[k] for k in fields} | {"csrfmiddlewaretoken": csrf(html), "action": "save"}
        assert location(step("save draft", "post", form_path, data)[0]) == form_path
    _, html = step("form", "get", form_path)
    data = {**load.ANSWERS, "csrfmiddlewaretoken": csrf(html), "action": "submit"}
    detail_path = location(step("submit", "post", submit_path, data)[0])
    assert detail_path, "submit re-showed the form"
    step("status", "get", detail_path)
    step("my applications", "get", ctx["mine_path"])
    _, html = step("form", "get", form_path)
    data = {**load.ANSWERS, "motivation": "Ändrad motivering.", "csrfmiddlewaretoken": csrf(html)}
    assert location(step("edit submitted", "post", submit_path, data)[0])


def failed_submit(client, person: dict, ctx: dict, path: Path) -> None:
    """Sign in, start, submit half the answers: the form comes back with its errors."""
    client.force_login(load_user(person["email"]))
    response = client.get(ctx["start_path"])
    html = response.content.decode()
    response = client.post(ctx["start_path"], {"csrfmiddlewaretoken": load.CSRF_RE.search(html).group(1)})
    form_path = response.headers["Location"]
    html = client.get(form_path).content.decode()
    submit_path = load.SUBMIT_ACTION_RE.search(html).group(1)
    data = {k: load.ANSWERS[k] for k in load.FIRST_DRAFT}
    data |= {"organisation_choice": "other", "organisation_name": "", "leave_empty": ""}
    data |= {"csrfmiddlewaretoken": load.CSRF_RE.search(html).group(1), "action": "submit"}
    response = client.post(submit_path, data)
    assert response.status_code == 200, response.status_code
    path.write_bytes(response.content)


def load_user(email):
    from accounts.models import User

    return User.objects.get(email=email)


class Record:
    def __init__(self):
        self.wall, self.cpu, self.queries_per = defaultdict(list), defaultdict(list), defaultdict(list)
        self.last_sql: dict[str, list[str]] = {}

    def queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        return CaptureQueriesContext(connection)

    def add(self, name, wall, cpu, queries):
        self.wall[name].append(wall)
        self.cpu[name].append(cpu)
        self.queries_per[name].append(queries)

    def print(self):
        print(f"\n{'step':<18}{'requests':>9}{'wall ms':>9}{'CPU ms':>9}{'queries':>9}")
        total = 0
        for name in self.wall:
            n = len(self.wall[name])
            total += n
            wall, cpu = sum(self.wall[name]) * 1000 / n, sum(self.cpu[name]) * 1000 / n
            queries = sum(self.queries_per[name]) / n
            print(f"{name:<18}{n:>9}{wall:>9.1f}{cpu:>9.1f}{queries:>9.1f}")
        cpu = sum(sum(v) for v in self.cpu.values()) * 1000 / total
        queries = sum(sum(v) for v in self.queries_per.values()) / total
        print(f"{'ALL':<18}{total:>9}{'':>9}{cpu:>9.1f}{queries:>9.1f}")


def print_cumulative(session, top: int) -> None:
    """Inclusive time per function (each counted once per stack, recursion included once)."""
    from pyinstrument.session import Session  # noqa: F401

    root = session.root_frame()
    totals: dict[str, float] = defaultdict(float)

    def walk(frame, seen):
        key = f"{frame.function}  {frame.file_path_short}:{frame.line_no}"
        if key not in seen:
            totals[key] += frame.time
            seen = seen | {key}
        for child in frame.children:
            walk(child, seen)

    walk(root, frozenset())
    whole = root.time or 1
    for key, seconds in sorted(totals.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{seconds / whole * 100:6.1f}%  {key}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--journeys", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--html", help="write a pyinstrument HTML profile here")
    parser.add_argument("--text", action="store_true", help="print pyinstrument's text profile")
    parser.add_argument("--flat", action="store_true", help="print pyinstrument's flat profile (self time)")
    parser.add_argument("--dump", type=Path, help="save the pages of one journey (and a failed submit) here")
    parser.add_argument(
        "--cumulative", type=int, default=0, help="print the N functions of most inclusive time"
    )
    parser.add_argument("--sql", action="append", default=[], help="print a step's queries")
    parser.add_argument("--step", action="append", default=[], help="profile only this step (repeatable)")
    parser.add_argument(
        "--static-collected",
        action="store_true",
        help="skip collectstatic (bench/instructions.py does it once)",
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/mentorship_profile")
    args = parser.parse_args()
    env = {
        "DJANGO_SETTINGS_MODULE": "mentorship.settings",
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
        "DJANGO_CONN_MAX_AGE": "600",
        "EMAIL_URL": "dummymail://",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_AXES_FAILURE_LIMIT": "1000",
    }
    for key in [k for k in os.environ if k.startswith(("DJANGO_", "CELERY_", "REDIS_"))]:
        del os.environ[key]
    os.environ.update(env)
    load.create_database(args.database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    if not args.static_collected:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, check=True
        )

    import django

    django.setup()
    from django.test import Client

    users = args.warmup + args.journeys
    ctx, seats = load.seed(users + 2, 1)
    people = [seat["people"][0] for seat in seats]
    people_extra = people[users:]

    # One handler for the run, as in a gunicorn worker (a new Client loads the middleware anew,
    # and WhiteNoise scans the static files then); a fresh browser per applicant.
    browser = Client(enforce_csrf_checks=True)

    def client(n):
        browser.cookies = SimpleCookie()
        browser.defaults["REMOTE_ADDR"] = f"127.0.{1 + n // 250}.{2 + n % 250}"
        return browser

    for n, person in enumerate(people[: args.warmup]):
        journey(client(n), person, ctx, Record())
    record = Record()
    profiler = None
    if args.html or args.text or args.flat or args.cumulative:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        if not args.step:
            profiler.start()
    for n, person in enumerate(people[args.warmup : users], start=args.warmup):
        journey(client(n), person, ctx, record, profiler, args.step)
    if profiler is not None:
        if not args.step:
            profiler.stop()
        if args.html:
            Path(args.html).write_text(profiler.output_html())
        if args.text:
            print(profiler.output_text(unicode=True, color=False, show_all=os.environ.get("SHOW_ALL") == "1"))
        if args.cumulative:
            print_cumulative(profiler.last_session, args.cumulative)
        if args.flat:
            from pyinstrument.renderers import ConsoleRenderer

            print(profiler.output(ConsoleRenderer(flat=True, show_all=True, unicode=True, color=False)))
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        journey(client(users), people_extra[0], ctx, Record(), dump=args.dump)
        failed_submit(client(users + 1), people_extra[1], ctx, args.dump / "99 failed submit.html")
    for name in args.sql:
        print(f"\n-- {name}: the last one's queries")
        for sql in record.last_sql[name]:
            print("  ", sql[:300])
    record.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
