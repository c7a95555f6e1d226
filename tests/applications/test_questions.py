"""A program's own application questions: asked per role, kept in drafts, shown where answers are read."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from applications.models import Application, Question, State
from programs.models import Program, Role, Round
from tests.factories import ApplicationFactory, QuestionFactory, UserFactory, choice_question

from .helpers import mentee_answers

pytestmark = pytest.mark.django_db


def edit_url(application):
    return reverse("applications:edit", kwargs={"pk": application.pk})


def form_page(client, round_, role) -> str:
    user = UserFactory()
    application = ApplicationFactory(round=round_, applicant=user, role=role, draft=True)
    client.force_login(user)
    return client.get(edit_url(application)).content.decode()


def test_the_ordinary_demo_program_asks_neither_role_the_founding_programs_questions(client):
    call_command("seed_demo", force=True, stdout=StringIO())
    founding = Round.objects.get(slug="hosten-2026")
    ordinary = Round.objects.get(slug="nya-chefer-2026")
    assert not ordinary.program.is_reverse

    for role in Role.values:
        page = form_page(client, ordinary, role)
        assert 'name="q_list_year"' not in page
        assert "Vilket års lista" not in page
        assert 'name="q_years_as_leader"' not in page
    assert 'name="q_list_year"' in form_page(client, founding, Role.MENTOR)
    assert 'name="q_years_as_leader"' in form_page(client, founding, Role.MENTEE)


def test_every_kind_of_question_is_asked_and_stored(client, applicant, round_):
    program = round_.program
    QuestionFactory(program=program, key="kort", kind="short_text")
    QuestionFactory(program=program, key="lang", kind="long_text")
    QuestionFactory(program=program, key="antal", kind="number", min_value=0, max_value=10)
    QuestionFactory(program=program, key="skala", kind="scale")
    QuestionFactory(program=program, key="janej", kind="yes_no")
    choice_question(program, "bransch", ["industri", "handel"])
    multi = choice_question(program, "sprak", ["a", "b", "c"])
    Question.objects.filter(pk=multi.pk).update(kind="multi_choice")
    QuestionFactory(program=program, key="bara-mentorer", asked_to=Role.MENTOR)
    draft = ApplicationFactory(round=round_, applicant=applicant, draft=True)
    client.force_login(applicant)
    data = {
        "q_kort": "Kort svar",
        "q_lang": "Ett längre svar",
        "q_antal": "3",
        "q_skala": "4",
        "q_janej": "no",
        "q_bransch": "handel",
        "q_sprak": ["a", "c"],
        "q_bara-mentorer": "syns inte",
    }

    client.post(reverse("applications:submit", kwargs={"pk": draft.pk}), mentee_answers(**data))

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert draft.answers == {
        "kort": "Kort svar",
        "lang": "Ett längre svar",
        "antal": 3,
        "skala": 4,
        "janej": False,
        "bransch": "handel",
        "sprak": ["a", "c"],
    }


def test_a_required_question_is_required_on_submit_not_for_a_draft(client, applicant, round_):
    choice_question(round_.program, "bransch", ["industri", "handel"], required=True)
    draft = ApplicationFactory(round=round_, applicant=applicant, draft=True)
    client.force_login(applicant)

    saved = client.post(edit_url(draft), mentee_answers(motivation="Utkast"))
    draft.refresh_from_db()
    motivation = draft.motivation
    refused = client.post(reverse("applications:submit", kwargs={"pk": draft.pk}), mentee_answers())

    draft.refresh_from_db()
    assert (saved.status_code, motivation) == (302, "Utkast")
    assert list(refused.context["form"].errors) == ["q_bransch"]
    assert draft.state == State.DRAFT


def test_a_number_out_of_range_is_refused_in_the_users_language(client, applicant, round_):
    QuestionFactory(program=round_.program, key="antal", kind="number", max_value=70)
    draft = ApplicationFactory(round=round_, applicant=applicant, draft=True)
    client.force_login(applicant)

    response = client.post(
        reverse("applications:submit", kwargs={"pk": draft.pk}), mentee_answers(q_antal="90")
    )

    assert "mindre än eller lika med 70" in response.content.decode()


def test_a_draft_keeps_its_answers_when_a_question_is_added_or_removed(client, applicant, round_):
    old = QuestionFactory(program=round_.program, key="gammal")
    draft = ApplicationFactory(round=round_, applicant=applicant, draft=True, answers={"gammal": "Mitt svar"})
    client.force_login(applicant)
    QuestionFactory(program=round_.program, key="ny")

    page = client.get(edit_url(draft)).content.decode()
    client.post(edit_url(draft), mentee_answers(q_gammal="Mitt svar", q_ny="Nytt svar"))
    old.delete()
    client.post(edit_url(draft), mentee_answers(q_ny="Ändrat"))

    draft.refresh_from_db()
    assert 'value="Mitt svar"' in page
    assert draft.answers == {"gammal": "Mitt svar", "ny": "Ändrat"}


def test_the_applicant_sees_their_answers_in_their_language(client, applicant, round_):
    choice_question(round_.program, "bransch", ["handel"], label_sv="Bransch", label_en="Industry sector")
    application = ApplicationFactory(round=round_, applicant=applicant, answers={"bransch": "handel"})
    client.force_login(applicant)

    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()

    assert '<dt class="col-sm-4">Bransch</dt>' in page


def test_screening_view_csv_and_data_export_show_the_programs_questions(
    client, coordinator, applicant, round_
):
    QuestionFactory(program=round_.program, key="favorit", label_sv="Favoritbok", kind="short_text")
    application = ApplicationFactory(round=round_, applicant=applicant, answers={"favorit": "Röda rummet"})
    client.force_login(coordinator)

    page = client.get(reverse("admin:applications_application_change", args=[application.pk])).content
    export = client.get(
        reverse("admin:applications_application_export"), {"columns": ["id", "program_questions"]}
    )
    client.force_login(applicant)
    data = client.get(reverse("privacy:export"))

    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert "Favoritbok" in page.decode() and "Röda rummet" in page.decode()
    assert rows == [["Id", "Favoritbok"], [str(application.pk), "Röda rummet"]]
    exported = json.loads(data.content)["applications"][0]["program_questions"]
    assert exported == [{"key": "favorit", "question": "Favoritbok", "answer": "Röda rummet"}]


def test_another_programs_coordinator_cannot_see_or_change_its_questions(client, other_coordinator, round_):
    question = QuestionFactory(program=round_.program)
    client.force_login(other_coordinator)

    listing = client.get(reverse("admin:applications_question_changelist")).content.decode()
    change = client.get(reverse("admin:applications_question_change", args=[question.pk]))

    assert question.label_sv not in listing
    assert change.status_code == 404


def test_coordinator_adds_a_choice_question_with_options_in_the_admin(client, coordinator, round_):
    client.force_login(coordinator)
    data = {
        "program": round_.program.pk,
        "key": "bransch",
        "kind": "choice",
        "asked_to": "both",
        "required": "on",
        "order": "1",
        "label_sv": "Bransch",
        "label_en": "Industry",
        "matching": "should_differ",
        "weight": "1.0",
        "options-TOTAL_FORMS": "2",
        "options-INITIAL_FORMS": "0",
        "options-0-value": "industri",
        "options-0-label_sv": "Industri",
        "options-0-label_en": "Manufacturing",
        "options-0-order": "0",
        "options-1-value": "handel",
        "options-1-label_sv": "Handel",
        "options-1-label_en": "Retail",
        "options-1-order": "1",
    }

    response = client.post(reverse("admin:applications_question_add"), data)

    question = Question.objects.get(key="bransch")
    assert response.status_code == 302
    assert list(question.options.values_list("value", flat=True)) == ["industri", "handel"]


def test_a_matching_question_must_be_asked_to_both_roles(client, coordinator, round_):
    client.force_login(coordinator)
    data = {
        "program": round_.program.pk,
        "key": "bransch",
        "kind": "choice",
        "asked_to": "mentee",
        "order": "1",
        "label_sv": "Bransch",
        "label_en": "Industry",
        "matching": "must_match",
        "weight": "1.0",
        "options-TOTAL_FORMS": "0",
        "options-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:applications_question_add"), data)

    assert response.status_code == 200
    assert "ställ frågan till båda rollerna" in response.content.decode()
    assert not Question.objects.exists()


def test_founding_questions_exist_for_the_demo_program_only(db):
    call_command("seed_demo", force=True, stdout=StringIO())

    asked = {
        program.slug: set(program.questions.values_list("key", flat=True))
        for program in Program.objects.all()
    }

    assert asked["omvant-mentorskap"] == {"list_year", "years_as_leader"}
    assert asked["mentorskap-for-nya-chefer"] == set()
    assert Application.objects.filter(answers__has_key="years_as_leader").exists()
