"""The data migration: the fixed survey items become each program's default set, no answer lost."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("pairs", "0003_field_labels"), ("programs", "0005_program_logo")]
AFTER = [("pairs", "0004_survey_answers"), ("programs", "0006_survey_questions")]
DATES = [
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


def migrate(targets):
    """Migrate pairs and programs to `targets`, every other app to its latest (its state included)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] not in ("pairs", "programs")]
    executor.migrate(targets)
    return executor.loader.project_state([*others, *targets]).apps


def _pair(apps, program, slug):
    Round = apps.get_model("programs", "Round")
    Application = apps.get_model("applications", "Application")
    Pair = apps.get_model("matching", "Pair")
    at = timezone.now()
    round_ = Round.objects.create(
        program=program,
        name=slug,
        slug=slug,
        **{field: at + timedelta(days=n) for n, field in enumerate(DATES)},
    )
    mentor = Application.objects.create(round=round_, role="mentor")
    mentee = Application.objects.create(round=round_, role="mentee")
    return Pair.objects.create(round=round_, mentor_application=mentor, mentee_application=mentee, score=0)


@pytest.mark.django_db(transaction=True)
def test_every_program_gets_the_default_set_and_every_answer_moves_into_it():
    apps = migrate(BEFORE)
    Program = apps.get_model("programs", "Program")
    SurveyResponse = apps.get_model("pairs", "SurveyResponse")
    founding = Program.objects.create(name="Omvänt", slug="omvant", is_reverse=True)
    ordinary = Program.objects.create(name="Vanligt", slug="vanligt")
    Program.objects.create(name="Tyst", slug="tyst")  # no answers: still the default set
    first, second = _pair(apps, founding, "r1"), _pair(apps, ordinary, "r2")
    full = SurveyResponse.objects.create(
        pair=first,
        role="mentee",
        kind="end",
        satisfaction=5,
        changed_perspective=4,
        recommend=10,
        learned="Att lyssna",
        quote="Det ändrade mig",
        quote_consent=True,
    )
    bare = SurveyResponse.objects.create(
        pair=second, role="mentor", kind="midpoint", satisfaction=2, changed_perspective=1, recommend=0
    )
    private = SurveyResponse.objects.create(
        pair=second, role="mentee", kind="midpoint", satisfaction=3, changed_perspective=3,
        recommend=7, quote="Bara för mig",
    )  # fmt: skip
    try:
        apps = migrate(AFTER)
        SurveyQuestion = apps.get_model("programs", "SurveyQuestion")
        SurveyAnswer = apps.get_model("pairs", "SurveyAnswer")
        asked = {
            slug: keys
            for slug in ("omvant", "vanligt", "tyst")
            if (keys := list(SurveyQuestion.objects.filter(program__slug=slug).values_list("key", flat=True)))
        }
        moved = {
            response: sorted(
                SurveyAnswer.objects.filter(response_id=response).values_list(
                    "question__program__slug", "question__key", "number", "text", "consent"
                )
            )
            for response in (full.pk, bare.pk, private.pk)
        }
    finally:
        call_command("migrate", verbosity=0)

    keys = ["satisfaction", "changed_perspective", "recommend", "learned", "quote"]
    assert asked == {"omvant": keys, "vanligt": keys, "tyst": keys}
    assert moved[full.pk] == [
        ("omvant", "changed_perspective", 4, "", False),
        ("omvant", "learned", None, "Att lyssna", False),
        ("omvant", "quote", None, "Det ändrade mig", True),
        ("omvant", "recommend", 10, "", False),
        ("omvant", "satisfaction", 5, "", False),
    ]
    assert moved[bare.pk] == [  # nothing written, nothing made up
        ("vanligt", "changed_perspective", 1, "", False),
        ("vanligt", "recommend", 0, "", False),
        ("vanligt", "satisfaction", 2, "", False),
    ]
    assert ("vanligt", "quote", None, "Bara för mig", False) in moved[private.pk]
