"""Server time and query count of three pages at two data sizes.

    .venv/bin/python bench/pages.py [--runs 7]

Pages: the round dashboard (100 and 1,000 pairs, 12 meetings each), the admin application
list and "My applications" (1,000 and 10,000 applications). Data is bulk-created in a bench
database, never the dev one: by default the SQLite file /tmp/mentorship-bench-pages.sqlite3
(deleted and re-migrated each run); set BENCH_DATABASE_URL to use e.g. PostgreSQL (its tables
are flushed). Time is the median of several requests through Django's test Client, after one
warm-up request. Targets: the same query count at both sizes; the dashboard for 1,000 pairs
under 300 ms; the paginated admin list's time ratio under 1.5.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_PATH = Path("/tmp/mentorship-bench-pages.sqlite3")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib import admin  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from applications.models import Application, State  # noqa: E402
from matching.models import Pair  # noqa: E402
from pairs.models import Meeting, SurveyAnswer, SurveyResponse  # noqa: E402
from programs.models import Organisation, Program, ProgramMembership, Round  # noqa: E402
from programs.survey_questions import add_default_survey  # noqa: E402

SIZES = [(100, 1_000), (1_000, 10_000)]  # (pairs, applications)
MEETINGS_PER_PAIR = 12
PASSWORD = "!unusable"  # an unusable hash: creating 10,000 users must not run the hasher


def prepare_database() -> None:
    if os.environ["DATABASE_URL"].startswith("sqlite"):
        SQLITE_PATH.unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)


def make_round(program: Program, slug: str, days_ago: int) -> Round:
    anchor = timezone.now() - timedelta(days=days_ago)
    return Round.objects.create(
        program=program,
        name=slug,
        slug=slug,
        is_published=True,
        applications_open=anchor,
        mentor_deadline=anchor + timedelta(days=15),
        mentee_deadline=anchor + timedelta(days=15),
        screening_ends=anchor + timedelta(days=25),
        pairs_announced=anchor + timedelta(days=30),
        confirm_by=anchor + timedelta(days=37),
        kickoff=anchor + timedelta(days=45),
        midpoint=anchor + timedelta(days=135),
        ends=anchor + timedelta(days=225),
        follow_up=anchor + timedelta(days=315),
    )


def fill(n_pairs: int, n_applications: int) -> dict:
    """Bulk-create one program's round with n_pairs pairs among n_applications applications."""
    call_command("flush", verbosity=0, interactive=False)
    program = Program.objects.create(name="Bench", slug="bench")
    round_ = make_round(program, "bench-round", days_ago=150)
    organisations = Organisation.objects.bulk_create(Organisation(name=f"Org {n} AB") for n in range(50))
    users = User.objects.bulk_create(
        User(email=f"u{n}@example.org", full_name=f"Person {n}", password=PASSWORD)
        for n in range(n_applications)
    )
    states = [State.SUBMITTED, State.REJECTED, State.WAITLISTED, State.DRAFT, State.WITHDRAWN]
    applications = Application.objects.bulk_create(
        Application(
            round=round_,
            role="mentor" if n % 2 == 0 else "mentee",
            applicant=user,
            full_name=user.full_name,
            email=user.email,
            organisation=organisations[n % 50],
            state=State.ACCEPTED if n < 2 * n_pairs else states[n % len(states)],
            languages=["sv"],
        )
        for n, user in enumerate(users)
    )
    pairs = Pair.objects.bulk_create(
        Pair(
            round=round_,
            mentor_application=applications[2 * n],
            mentee_application=applications[2 * n + 1],
            state=Pair.State.ACTIVE,
            started_at=round_.kickoff,
        )
        for n in range(n_pairs)
    )
    kinds = [Meeting.Kind.MEETING] * 9 + [Meeting.Kind.VISIT_MENTOR, Meeting.Kind.VISIT_MENTEE, "joint_event"]
    kickoff = timezone.localdate(round_.kickoff)
    Meeting.objects.bulk_create(
        (
            Meeting(pair=pair, date=kickoff + timedelta(days=8 * m + n % 20), kind=kinds[m], pulse=4)
            for n, pair in enumerate(pairs)
            for m in range(MEETINGS_PER_PAIR)
        ),
        batch_size=2000,
    )
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(pair=pair, role=role, kind="baseline")
        for pair in pairs
        for role in ("mentor", "mentee")
    )
    add_default_survey(program)
    numbers = {q.key: q for q in program.survey_questions.filter(kind__in=["scale", "nps"])}
    values = {"satisfaction": 4, "changed_perspective": 3, "recommend": 9}
    SurveyAnswer.objects.bulk_create(
        (
            SurveyAnswer(response=response, question=numbers[key], number=value)
            for response in responses
            for key, value in values.items()
        ),
        batch_size=2000,
    )
    lead = User.objects.create_user("lead@bench.example.org", password=None, is_staff=True)
    ProgramMembership.objects.create(program=program, user=lead, kind="lead")
    superuser = User.objects.create_superuser("admin@bench.example.org", password=None)
    applicant = users[0]
    for index in range(2):  # "My applications" lists three of the applicant's rounds
        other = make_round(program, f"bench-earlier-{index}", days_ago=400 + 365 * index)
        Application.objects.create(round=other, role="mentor", applicant=applicant, state=State.REJECTED)
    return {"round": round_, "lead": lead, "superuser": superuser, "applicant": applicant}


def measure(user, url: str, runs: int) -> tuple[float, int, int]:
    """(median ms, queries, status) of GET url as user."""
    client = Client()
    client.force_login(user)
    client.get(url)  # warm-up: template loading, translations, first connection
    timings = []
    queries = 0
    status = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        queries, status = len(captured.captured_queries), response.status_code
    return statistics.median(timings), queries, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_test_environment()
    prepare_database()
    admin_registered = admin.site.is_registered(Application)
    results: dict[str, list] = {}
    for n_pairs, n_applications in SIZES:
        data = fill(n_pairs, n_applications)
        pages = [
            (f"round dashboard ({n_pairs} pairs, {n_pairs * MEETINGS_PER_PAIR} meetings)", "dashboard",
             data["lead"], reverse("pairs:round_dashboard", kwargs={"slug": data["round"].slug})),
            (f"My applications ({n_applications} applications)", "mine", data["applicant"],
             reverse("applications:mine")),
        ]  # fmt: skip
        if admin_registered:
            pages.append(
                (f"admin application list ({n_applications} applications)", "admin", data["superuser"],
                 reverse("admin:applications_application_changelist"))
            )  # fmt: skip
        for label, key, user, url in pages:
            ms, queries, status = measure(user, url, args.runs)
            results.setdefault(key, []).append((label, ms, queries, status))
    print(
        f"database: {connection.vendor}; median of {args.runs} runs after a warm-up; cpus: {os.cpu_count()}"
    )
    for key, rows in results.items():
        for label, ms, queries, status in rows:
            print(f"  {label:<60} {ms:8.1f} ms {queries:4d} queries  HTTP {status}")
        (_, small_ms, small_q, _), (_, big_ms, big_q, _) = rows
        same = "same" if small_q == big_q else "DIFFERENT"
        print(f"  -> {key}: time ratio {big_ms / small_ms:.2f}, query counts {same} ({small_q} vs {big_q})")
    if not admin_registered:
        print("  admin application list: skipped, Application is not registered in the admin on this branch")


if __name__ == "__main__":
    main()
