"""A coordinator edits the program's survey questions inline on the program, in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from programs.models import SurveyQuestion
from tests.factories import PairFactory, SurveyResponseFactory
from tests.programs.test_branding import program_form

NEW = "survey_questions-0"


def with_questions(program, rows: list[dict]) -> dict:
    """The change form posting the program's existing survey questions unchanged plus `rows`."""
    data = program_form(program)
    existing = list(program.survey_questions.all())
    data.update({"survey_questions-TOTAL_FORMS": str(len(existing) + len(rows))})
    data["survey_questions-INITIAL_FORMS"] = str(len(existing))
    fields = ["key", "kind", "order", "label_sv", "label_en", "mentee_label_sv", "mentee_label_en"]
    fields += ["help_sv", "help_en", "report_label_sv", "report_label_en"]
    for index, question in enumerate(existing):
        prefix = f"survey_questions-{index}"
        data.update({f"{prefix}-{name}": getattr(question, name) for name in fields})
        data.update(
            {f"{prefix}-id": question.pk, f"{prefix}-program": program.pk, f"{prefix}-is_active": "on"}
        )
        if question.required:
            data[f"{prefix}-required"] = "on"
    for index, row in enumerate(rows, start=len(existing)):
        data.update({f"survey_questions-{index}-{name}": value for name, value in row.items()})
    return data


OWN = {
    "key": "bransch",
    "kind": "scale",
    "order": "60",
    "label_sv": "Hur mycket lärde du dig om din adepts bransch? (1–5)",
    "label_en": "How much did you learn about your mentee's industry? (1–5)",
    "mentee_label_sv": "Hur mycket lärde du dig om din mentors bransch? (1–5)",
    "mentee_label_en": "How much did you learn about your mentor's industry? (1–5)",
    "surveys": ["end", "follow_up"],
    "is_active": "on",
}


def change(client, program, rows):
    return client.post(
        reverse("admin:programs_program_change", args=[program.pk]), with_questions(program, rows)
    )


def test_a_coordinator_adds_a_mirrored_question_for_some_surveys(client, coordinator, round_):
    client.force_login(coordinator)

    response = change(client, round_.program, [OWN])

    assert response.status_code == 302, response.context and response.context["inline_admin_formsets"]
    question = SurveyQuestion.objects.get(program=round_.program, key="bransch")
    assert (question.surveys, question.is_asked_in("midpoint"), question.is_asked_in("end")) == (
        ["end", "follow_up"],
        False,
        True,
    )
    with translation.override("en"):
        assert question.label_for("mentee") == "How much did you learn about your mentor's industry? (1–5)"
    assert round_.program.survey_questions.count() == 6  # the default five kept


def test_a_key_used_twice_is_refused_not_a_crash(client, coordinator, round_):
    client.force_login(coordinator)

    response = change(client, round_.program, [{**OWN, "key": "satisfaction"}])

    assert response.status_code == 200
    assert round_.program.survey_questions.count() == 5


def test_mentee_wording_in_one_language_only_is_refused(round_):
    question = SurveyQuestion(program=round_.program, key="x", kind="text", label_sv="Fråga", label_en="Q")
    question.mentee_label_sv = "Fråga till adepten"

    with pytest.raises(ValidationError) as error:
        question.full_clean()

    assert "mentee_label_en" in error.value.message_dict


def test_an_answered_question_keeps_its_kind_and_cannot_be_deleted(client, coordinator, round_):
    SurveyResponseFactory(pair=PairFactory(round=round_))
    question = round_.program.survey_questions.get(key="satisfaction")
    question.kind = "text"

    with pytest.raises(ValidationError) as error:
        question.full_clean()

    assert "kind" in error.value.message_dict
    client.force_login(coordinator)
    index = [q.pk for q in round_.program.survey_questions.all()].index(question.pk)
    data = with_questions(round_.program, [])
    data[f"survey_questions-{index}-DELETE"] = "on"
    response = client.post(reverse("admin:programs_program_change", args=[round_.program.pk]), data)
    assert response.status_code == 200  # refused with a message: the answers would go with it
    assert SurveyQuestion.objects.filter(pk=question.pk).exists()


def test_a_lead_reads_the_survey_questions_but_cannot_add_one(client, lead, round_):
    client.force_login(lead)

    change(client, round_.program, [OWN])

    assert not SurveyQuestion.objects.filter(key="bransch").exists()
