"""The program's own choice questions feed matching: hard rules kept, scores shown per question."""

import random

import pytest
from django.urls import reverse

from matching import services
from tests.factories import ApplicationFactory, ProgramMembershipFactory, StaffFactory, choice_question

pytestmark = pytest.mark.django_db


def accepted(round_, role, **answers):
    mentor = role == "mentor"
    return ApplicationFactory(
        round=round_, mentor=mentor, accepted=True, notified_state="accepted", answers=answers
    )


def test_a_must_match_question_is_never_broken_and_a_should_differ_one_is_scored(round_):
    program = round_.program
    choice_question(program, "sprak", ["sv", "en"], matching="must_match")
    choice_question(program, "bransch", ["handel", "industri", "offentlig"], matching="should_differ")
    rnd = random.Random(7)
    people = []
    for role in ["mentor"] * 6 + ["mentee"] * 6:
        answers = {
            "sprak": rnd.choice(["sv", "en"]),
            "bransch": rnd.choice(["handel", "industri", "offentlig"]),
        }
        people.append(accepted(round_, role, **answers))

    run = services.run_matching(round_)

    assert run.pairs.exists()
    for pair in run.pairs.select_related("mentor_application", "mentee_application"):
        mentor, mentee = pair.mentor_application.answers, pair.mentee_application.answers
        assert mentor["sprak"] == mentee["sprak"]
        assert pair.breakdown["q:bransch"] == float(mentor["bransch"] != mentee["bransch"])
        assert "q:sprak" not in pair.breakdown  # a hard rule is not a score


def test_nobody_is_kept_apart_by_a_question_added_after_they_applied(round_):
    choice_question(round_.program, "sprak", ["sv", "en"], matching="must_match")
    accepted(round_, "mentor", sprak="en")
    accepted(round_, "mentee")  # applied before the question existed

    run = services.run_matching(round_)

    assert run.pairs.count() == 1


def test_the_unmatched_are_told_a_question_kept_them_apart(round_):
    choice_question(round_.program, "sprak", ["sv", "en"], matching="must_match")
    accepted(round_, "mentor", sprak="en")
    mentee = accepted(round_, "mentee", sprak="sv")

    run = services.run_matching(round_)

    assert not run.pairs.exists()
    assert {(u["id"], u["code"]) for u in run.unmatched} >= {(mentee.pk, "question_rules")}


def test_the_run_page_shows_the_question_as_a_column_of_the_breakdown(client, round_):
    coordinator = StaffFactory()
    ProgramMembershipFactory(program=round_.program, user=coordinator, kind="coordinator")
    choice_question(
        round_.program, "bransch", ["handel", "industri"], matching="should_differ", label_sv="Bransch"
    )
    accepted(round_, "mentor", bransch="handel")
    accepted(round_, "mentee", bransch="industri")
    run = services.run_matching(round_)
    client.force_login(coordinator)

    page = client.get(reverse("admin:matching_run", args=[run.pk])).content.decode()

    assert '<th scope="col">Bransch</th>' in page
    assert '<th scope="col">Programmets frågor</th>' in page
    assert "100%" in page
