"""Benchmark matching end to end against a bare linear_sum_assignment on the same matrix.

    python bench/matching.py                      # SQLite (a temporary file), N = 200, 2000, 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentorship_i5 python bench/matching.py
    python bench/matching.py --sizes 200 2000

For each N it creates N accepted mentors and N accepted mentees (bulk_create) in a throwaway
test database, then times: loading (selectors), scoring (numpy matrices), solving (the
assignment), saving (one multi-row INSERT of the pairs), the whole `services.run_matching` end to
end, and a bare `scipy.optimize.linear_sum_assignment` on the very cost matrix the run solves,
`--repeat` times each (interleaved, so a busy machine slows both alike), and prints the medians.
DEBUG is off (as in production) unless DJANGO_DEBUG is set.
Peak memory is the process's maximum resident set size (getrusage).
"""

import argparse
import os
import random
import resource
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("DJANGO_DEBUG", "false")  # as in production: no SQL kept in memory
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))  # production refuses none

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

import numpy as np  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402

LANGS = ["sv", "en", "fi", "ar", "de"]
SLOTS = ["mon_am", "mon_pm", "tue_am", "tue_pm", "wed_am", "wed_pm", "thu_am", "thu_pm", "fri_am", "fri_pm"]
REGIONS = {
    "Jönköpings län": ["Jönköping", "Värnamo", "Gislaved", "Vetlanda"],
    "Hallands län": ["Halmstad", "Varberg"],
}


# The program's own questions the bench configures: (key, use in matching, options, how often each).
QUESTIONS = [
    ("mentoring_language", "must_match", ["sv", "en"], [9, 1]),
    ("sector", "should_differ", ["trade", "industry", "public", "services"], [1, 1, 1, 1]),
]


def create_round(n: int, rnd: random.Random):
    """A program, round, organisations, topics and N accepted mentors + N accepted mentees, and two
    of the program's own questions in matching (one must match, one should differ)."""
    from accounts.models import User
    from applications.models import Application, Question, QuestionOption
    from programs.models import Organisation, Program, Round, Topic

    now = timezone.now()
    program = Program.objects.create(name=f"Bench {n}", slug=f"bench-{n}-{rnd.randrange(10**9)}")
    days = [0, 15, 15, 25, 30, 37, 45, 135, 225, 315]
    fields = ["applications_open", "mentor_deadline", "mentee_deadline", "screening_ends", "pairs_announced"]
    fields += ["confirm_by", "kickoff", "midpoint", "ends", "follow_up"]
    round_ = Round.objects.create(
        program=program,
        name=f"Bench {n}",
        slug=program.slug,
        max_mentees_per_mentor=3,
        capacity=3 * n,  # room for every pair: the bench measures the matching, not the round's cap
        **{f: now - timedelta(days=20) + timedelta(days=d) for f, d in zip(fields, days, strict=True)},
    )
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"{program.slug} org {i}", industry=f"industry {i % 9}")
            for i in range(max(20, n // 20))
        ]
    )
    for key, use, values, _often in QUESTIONS:
        question = Question.objects.create(
            program=program, key=key, kind="choice", label_sv=key, label_en=key, matching=use
        )
        QuestionOption.objects.bulk_create(
            [QuestionOption(question=question, value=v, label_sv=v, label_en=v) for v in values]
        )
    topics = Topic.objects.bulk_create(
        [Topic(program=program, slug=f"t{i}", name_sv=f"Ämne {i}", name_en=f"Topic {i}") for i in range(10)]
    )
    users = User.objects.bulk_create(
        [
            User(email=f"{program.slug}-{i}@example.org", full_name=f"Person {i}", password="!")
            for i in range(2 * n)
        ],
        batch_size=1000,
    )
    applications = []
    for i, user in enumerate(users):
        region = rnd.choice(list(REGIONS))
        applications.append(
            Application(
                round=round_,
                role="mentor" if i < n else "mentee",
                applicant=user,
                state="accepted",
                full_name=user.full_name,
                email=user.email,
                organisation=rnd.choice(orgs),
                languages=["sv"] + rnd.sample(LANGS[1:], rnd.randint(0, 2)),
                availability=rnd.sample(SLOTS, rnd.randint(1, 5)),
                meeting_format=rnd.choice(["in_person", "remote", "either"]),
                region=region,
                municipality=rnd.choice(REGIONS[region]),
                mentee_capacity=rnd.choices([1, 2, 3], weights=[70, 20, 10])[0] if i < n else 1,
                answers={key: rnd.choices(values, often)[0] for key, _use, values, often in QUESTIONS},
            )
        )
    applications = Application.objects.bulk_create(applications, batch_size=1000)
    through = Application.topics.through
    links = [
        through(application_id=a.pk, topic_id=t.pk)
        for a in applications
        for t in rnd.sample(topics, rnd.randint(1, 4))
    ]
    through.objects.bulk_create(links, batch_size=2000)
    return round_


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def bench(n: int, rnd: random.Random, repeat: int) -> dict:
    from matching import algorithm, selectors, services
    from matching.models import MatchRun

    round_, created = timed(create_round, n, rnd)
    figures: dict[str, list[float]] = {}

    def note(name: str, seconds: float) -> None:
        figures.setdefault(name, []).append(seconds)

    for _ in range(repeat):  # stages, the bare solve and the whole run interleaved, medians reported
        loaded, t_load = timed(selectors.candidates_for_round, round_)
        (enc_e, enc_r, feasible, scores), t_score = timed(algorithm.prepare, loaded.data)
        rows_left = np.arange(scores.shape[0])
        cost, t_cost = timed(algorithm.cost_matrix, scores, feasible, rows_left, enc_r.capacity)
        cpu = time.process_time()
        _, t_bare = timed(linear_sum_assignment, cost)
        cpu_bare = time.process_time() - cpu
        cost = feasible = scores = None  # free them before the real run
        result, t_match = timed(algorithm.match, loaded.data)
        run = MatchRun.objects.create(round=round_)
        _, t_save = timed(services.save_result, run, result, kept=0, started=time.perf_counter())
        cpu = time.process_time()
        end_to_end, t_e2e = timed(services.run_matching, round_)
        cpu_e2e = time.process_time() - cpu
        assert end_to_end.status == "draft", end_to_end.error
        for name, value in (("load", t_load), ("score", t_score), ("cost", t_cost), ("bare", t_bare),
                            ("solve", result.timings["solving"]), ("match", t_match), ("save", t_save),
                            ("end_to_end", t_e2e), ("ratio", t_e2e / max(t_bare, 1e-9)),
                            ("cpu_ratio", cpu_e2e / max(cpu_bare, 1e-9))):  # fmt: skip
            note(name, value)
    out = {name: statistics.median(values) for name, values in figures.items()}
    out["ratios"] = figures["ratio"]
    return out | {
        "n": n,
        "places": int(enc_r.capacity.sum()),
        "pairs": len(result.pairs),
        "setup": created,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 5000])
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; medians are printed")
    args = parser.parse_args()
    rnd = random.Random(args.seed)

    settings_db = connection.settings_dict
    if settings_db["ENGINE"].endswith("sqlite3"):
        settings_db.setdefault("TEST", {})["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); cores: {os.cpu_count()}")
    header = (
        "      N  places  pairs   load  score  solve   save  | end-to-end   bare LSA  ratio  (cpu) | peak MiB"
    )
    print(header)
    try:
        for n in args.sizes:
            r = bench(n, rnd, args.repeat)
            ratios = " ".join(f"{x:.1f}" for x in r["ratios"])
            print(
                f"{r['n']:7d} {r['places']:7d} {r['pairs']:6d} {r['load']:6.2f} {r['score']:6.2f} "
                f"{r['solve']:6.2f} {r['save']:6.2f}  | {r['end_to_end']:9.2f}s {r['bare']:8.2f}s "
                f"{r['ratio']:5.1f}x {r['cpu_ratio']:5.1f}x | {r['peak_mib']:8.0f}   (ratios {ratios})",
                flush=True,
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(
        f"(seconds, medians of {args.repeat} runs; the ratio is the median of end-to-end / bare per run;"
        " setup of the data is not timed; 'solve' is linear_sum_assignment inside the run;"
        " (cpu) is the same ratio in this process's CPU time, which a busy machine disturbs less"
        " (on PostgreSQL it leaves out the server's share);"
        f" load average {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()
