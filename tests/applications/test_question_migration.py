"""The data migration: the founding program's questions become configured ones, no answer lost."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("applications", "0003_verbose_names")]
AFTER = [("applications", "0004_program_questions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_list_and_years_answers_move_into_the_founding_programs_questions():
    apps = migrate(BEFORE)
    Program = apps.get_model("programs", "Program")
    Round = apps.get_model("programs", "Round")
    Application = apps.get_model("applications", "Application")
    at = timezone.now()
    dates = {
        field: at + timedelta(days=n)
        for n, field in enumerate(
            [
                "applications_open",
                "mentor_deadline",
                "mentee_deadline",
                "screening_ends",
                "pairs_announced",
                "confirm_by",
                "kickoff",
                "midpoint",
                "ends",
                "follow_up",
            ]
        )
    }
    founding = Program.objects.create(name="Omvänt", slug="omvant", is_reverse=True)
    ordinary = Program.objects.create(name="Vanligt", slug="vanligt", is_reverse=False)
    first = Round.objects.create(program=founding, name="2025", slug="r1", **dates)
    second = Round.objects.create(program=ordinary, name="2025", slug="r2", **dates)
    mentor = Application.objects.create(round=first, role="mentor", list_year=2024)
    mentee = Application.objects.create(round=first, role="mentee", years_as_leader=12)
    elsewhere = Application.objects.create(round=second, role="mentee", years_as_leader=3)
    blank = Application.objects.create(round=second, role="mentor")
    try:
        apps = migrate(AFTER)
        Application = apps.get_model("applications", "Application")
        Question = apps.get_model("applications", "Question")
        answers = dict(Application.objects.values_list("pk", "answers"))
        asked = set(Question.objects.values_list("program__slug", "key", "asked_to", "required"))
    finally:
        call_command("migrate", verbosity=0)

    assert answers == {
        mentor.pk: {"list_year": 2024},
        mentee.pk: {"years_as_leader": 12},
        elsewhere.pk: {"years_as_leader": 3},
        blank.pk: {},
    }
    # The ordinary program had an answer to keep, so it got the questions too (nothing lost).
    assert asked == {
        ("omvant", "list_year", "mentor", False),
        ("omvant", "years_as_leader", "mentee", True),
        ("vanligt", "list_year", "mentor", False),
        ("vanligt", "years_as_leader", "mentee", True),
    }
