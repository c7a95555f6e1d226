"""Time the screening list and the CSV export with many applications; print figures.

    .venv/bin/python bench/screening_list.py [applications=1000] [reviews per application=3]

Runs against a throw-away test database (SQLite by default, or DATABASE_URL).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


def main(count: int, reviews: int) -> None:
    from applications.models import Application, Review
    from tests.factories import ApplicationFactory, ProgramMembershipFactory, RoundFactory, StaffFactory

    round_ = RoundFactory()
    reviewers = [StaffFactory() for _ in range(reviews)]
    for reviewer in reviewers:
        ProgramMembershipFactory(program=round_.program, user=reviewer)
    template = ApplicationFactory(round=round_)
    Application.objects.bulk_create(
        [
            Application(
                round=round_,
                role="mentee",
                state="submitted",
                full_name=f"Person {n}",
                email=f"p{n}@example.org",
                organisation=template.organisation,
            )
            for n in range(count - 1)
        ]
    )
    ids = list(Application.objects.values_list("pk", flat=True))
    Review.objects.bulk_create(
        [
            Review(application_id=pk, reviewer=r, scores={}, total=(pk + i) % 5 + 1)
            for pk in ids
            for i, r in enumerate(reviewers)
        ]
    )
    client = Client()
    client.force_login(reviewers[0])
    for label, url, params in [
        ("list, page 1 of 50 rows", reverse("admin:applications_application_changelist"), {}),
        (
            "list, needs my review",
            reverse("admin:applications_application_changelist"),
            {"needs_my_review": "1"},
        ),
        (
            "export, all rows",
            reverse("admin:applications_application_export"),
            {"columns": ["id", "applicant", "topics", "reviews", "average", "spread"]},
        ),
    ]:
        client.get(url, params)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, params)
            elapsed = time.perf_counter() - start
        assert response.status_code == 200
        print(
            f"{label:28s} {count} applications × {reviews} reviews: {elapsed * 1000:7.1f} ms, "
            f"{len(queries)} queries"
        )


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    reviews = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        main(count, reviews)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
