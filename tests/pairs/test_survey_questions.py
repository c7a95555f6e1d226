"""A program's own survey questions: asked of both roles in their words, read in the results."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from pairs import selectors, services, surveys
from pairs.forms import SurveyForm
from programs.default_survey import DEFAULT_SURVEY
from programs.models import Program, SurveyQuestion
from tests.factories import PairFactory, ProgramFactory, RoundFactory, SurveyResponseFactory


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def pairs(make_pair):
    return [make_pair(f"Mentor {n}", f"Adept {n}") for n in range(6)]


@pytest.fixture
def own_question(round_):
    return SurveyQuestion.objects.create(
        program=round_.program,
        key="workplace_visit",
        kind="scale",
        label_sv="Hur givande var besöket hos din adept? (1–5)",
        label_en="How rewarding was the visit to your mentee? (1–5)",
        mentee_label_sv="Hur givande var besöket hos din mentor? (1–5)",
        mentee_label_en="How rewarding was the visit to your mentor? (1–5)",
        report_label_sv="Besöket (1–5)",
        report_label_en="The visit (1–5)",
        required=True,
        order=35,
    )


def survey_page(client, pair, role, kind="midpoint", data=None):
    url = path_of(services.survey_link(pair, role, kind))
    return client.post(url, data) if data is not None else client.get(url)


def test_a_programs_own_question_is_asked_of_both_roles_in_their_wording(client, pairs, own_question, clock):
    clock.freeze(pairs[0].round.midpoint + timedelta(days=3))

    mentor_page = survey_page(client, pairs[0], "mentor").content.decode()
    mentee_page = survey_page(client, pairs[0], "mentee").content.decode()

    assert "Hur givande var besöket hos din adept? (1–5)" in mentor_page
    assert "besöket hos din mentor" not in mentor_page
    assert "Hur givande var besöket hos din mentor? (1–5)" in mentee_page
    assert "besöket hos din adept" not in mentee_page


def test_the_mentee_is_asked_in_the_mentors_words_when_not_worded_for_them(round_, own_question):
    own_question.mentee_label_sv = ""
    own_question.save()

    form = SurveyForm(questions=[own_question], role="mentee")

    assert form.fields["q_workplace_visit"].label == "Hur givande var besöket hos din adept? (1–5)"


def test_an_answer_to_the_own_question_is_saved_and_a_required_one_cannot_be_skipped(
    client, pairs, own_question, clock
):
    clock.freeze(pairs[0].round.midpoint + timedelta(days=3))
    answers = {"q_satisfaction": "4", "q_changed_perspective": "3", "q_recommend": "8"}

    skipped = survey_page(client, pairs[0], "mentee", data=answers)
    saved = survey_page(client, pairs[0], "mentee", data={**answers, "q_workplace_visit": "5"})

    assert skipped.context["form"].errors["q_workplace_visit"]
    assert saved.status_code == 200 and "form" not in saved.context
    [response] = pairs[0].survey_responses.all()
    assert response.answers.get(question=own_question).number == 5


def test_own_question_results_show_on_the_leads_report_only_above_the_threshold(
    client, lead, round_, pairs, own_question
):
    for pair in pairs[:5]:
        SurveyResponseFactory(pair=pair, role="mentee", kind="end", answers={"workplace_visit": 4})
    for pair in pairs[:4]:
        SurveyResponseFactory(pair=pair, role="mentor", kind="end", answers={"workplace_visit": 1})
    client.force_login(lead)

    response = client.get(reverse("pairs:round_report", kwargs={"slug": round_.slug}))

    html = response.content.decode()
    assert "Besöket (1–5)" in html
    shown = {
        item["group"].role: item["group"].value("workplace_visit")
        for item in response.context["surveys"]
        if item["group"].kind == "end"
    }
    assert shown == {"mentee": 4.0, "mentor": None}  # four mentors are too few to show


def test_a_question_answered_by_too_few_is_hidden_in_a_group_large_enough(round_, pairs):
    SurveyQuestion.objects.create(
        program=round_.program, key="extra", kind="nps", label_sv="Extra?", label_en="Extra?", order=60
    )
    for index, pair in enumerate(pairs[:5]):
        SurveyResponseFactory(pair=pair, kind="end", answers={"extra": 10} if index < 4 else {})

    [group] = [g for g in selectors.survey_aggregates(round_) if (g.kind, g.role) == ("end", "mentee")]

    assert (group.hidden, group.value("recommend"), group.value("extra")) == (False, 100, None)


def test_a_programs_questions_never_appear_on_another_programs_survey(client, pairs, own_question, clock):
    other_round = RoundFactory(program=ProgramFactory(), anchor=pairs[0].round.applications_open)
    elsewhere = PairFactory(round=other_round)
    clock.freeze(other_round.midpoint + timedelta(days=3))

    html = survey_page(client, elsewhere, "mentor").content.decode()

    assert "Hur nöjd är du med mentorskapet hittills? (1–5)" in html  # its own default set
    assert "besöket" not in html
    assert surveys.questions_for(other_round.program, survey="midpoint") == list(
        other_round.program.survey_questions.all()
    )
    response = services.submit_survey(
        elsewhere,
        role="mentor",
        kind="midpoint",
        answers={"satisfaction": 5, "changed_perspective": 5, "recommend": 10, "workplace_visit": 5},
    )
    assert {a.question.program_id for a in response.answers.all()} == {other_round.program_id}
    assert not response.answers.filter(question=own_question).exists()


def test_a_question_limited_to_some_surveys_is_asked_only_in_them(round_, own_question):
    own_question.surveys = ["end"]
    own_question.save()

    asked = {
        kind: own_question in surveys.questions_for(round_.program, survey=kind)
        for kind in ("midpoint", "end")
    }

    assert asked == {"midpoint": False, "end": True}


def test_a_question_no_longer_asked_keeps_its_results(client, lead, round_, pairs, own_question):
    for pair in pairs[:5]:
        SurveyResponseFactory(pair=pair, kind="end", answers={"workplace_visit": 3})
    own_question.is_active = False
    own_question.save()
    client.force_login(lead)

    report = client.get(reverse("pairs:round_report", kwargs={"slug": round_.slug}))

    assert own_question not in surveys.questions_for(round_.program, survey="end")
    assert "Besöket (1–5)" in report.content.decode()


def test_the_default_set_reproduces_the_survey_as_it_was(db):
    program = ProgramFactory()

    with translation.override("en"):
        form = SurveyForm(questions=surveys.questions_for(program, survey="midpoint"), role="mentee")
        fields = {
            name: (
                str(field.label),
                field.required,
                [value for value, _label in getattr(field, "choices", [])],
            )
            for name, field in form.fields.items()
        }
        help_text = str(form.fields["q_quote"].help_text)

    assert fields == {
        "q_satisfaction": ("How satisfied are you with the mentorship so far? (1–5)", True, [1, 2, 3, 4, 5]),
        "q_changed_perspective": (
            "Has it changed your perspective? (1 = not at all, 5 = very much)",
            True,
            [1, 2, 3, 4, 5],
        ),
        "q_recommend": (
            "How likely are you to recommend the program to a colleague? (0–10)",
            True,
            list(range(11)),
        ),
        "q_learned": ("What I learned", False, []),
        "q_quote": ("A quote we may use", False, []),
        "q_quote__consent": ("The quote may be shown in reports", False, []),
    }
    assert help_text == "Optional: a sentence about your experience, shown without your name."
    assert [q.key for q in surveys.questions_for(program, survey="follow_up")] == [
        "satisfaction",
        "changed_perspective",
        "recommend",
        "learned",
        "quote",
    ]


def test_a_program_created_in_the_admin_gets_the_default_set(admin_client):
    response = admin_client.get(reverse("admin:programs_program_add"))
    data = {
        key: value
        for key, value in _form_data(response).items()
        if not key.startswith("survey_questions-0")  # no question of its own
    }
    data.update(name="Nytt program", slug="nytt-program", min_group_size=5, retention_months=12)

    created = admin_client.post(reverse("admin:programs_program_add"), data)

    assert created.status_code == 302, created.context["adminform"].form.errors if created.context else ""
    program = Program.objects.get(slug="nytt-program")
    assert [q.key for q in program.survey_questions.all()] == [item["key"] for item in DEFAULT_SURVEY]


def _form_data(response) -> dict:
    """The add form's initial values and every inline's management form, as a browser would post."""
    data = {}
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        initial = form.initial.get(name, field.initial)
        if initial not in (None, "") and not isinstance(initial, list | tuple):
            data[name] = initial
    return data
