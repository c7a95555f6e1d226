"""A coordinator of another program can see, change, act on or export nothing here."""

import pytest
from django.urls import reverse

from applications.models import Application, Review, State
from applications.services import screening
from tests.factories import ApplicationFactory, ReviewFactory

CHANGELIST = "admin:applications_application_changelist"


@pytest.fixture
def application(round_, coordinator):
    application = ApplicationFactory(round=round_, full_name="Greta Svensson", email="greta@example.org")
    ReviewFactory(application=application, reviewer=coordinator, comment="Min hemliga kommentar")
    return application


@pytest.fixture
def intruder(client, other_coordinator):
    client.force_login(other_coordinator)
    return client


def test_other_coordinator_list_is_empty(intruder, application):
    response = intruder.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert "Greta" not in response.content.decode()


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_other_coordinator_guessing_the_id_gets_404(intruder, application, view):
    response = intruder.get(reverse(f"admin:applications_application_{view}", args=[application.pk]))
    assert response.status_code == 404


def test_other_coordinator_cannot_decide_or_review_by_post(intruder, application):
    url = reverse("admin:applications_application_change", args=[application.pk])
    assert intruder.post(url, {"_decide_accepted": "1"}).status_code == 404
    data = {
        "review-score_motivation": 5,
        "review-score_fit": 5,
        "review-score_availability": 5,
        "_review": "1",
    }
    assert intruder.post(url, data).status_code == 404
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert Review.objects.count() == 1


def test_other_coordinator_bulk_action_changes_nothing(intruder, application):
    data = {"action": "accept_selected", "_selected_action": [application.pk]}
    intruder.post(reverse(CHANGELIST), data)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_other_coordinator_cannot_open_or_post_the_release_view(
    intruder, application, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
    url = reverse("admin:applications_application_release", args=[application.round_id])
    assert intruder.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert intruder.post(url, {"confirm": "1"}).status_code == 404
    assert mailoutbox == []
    rounds = intruder.get(reverse("admin:applications_application_release_rounds"))
    assert application.round.name not in rounds.content.decode()


def test_other_coordinator_export_is_empty(intruder, application):
    response = intruder.get(
        reverse("admin:applications_application_export"), {"columns": ["id", "applicant", "email"]}
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1  # the header only
    assert "greta" not in response.content.decode().lower()


def test_other_coordinator_sees_no_reviews_or_audit(intruder, application, coordinator):
    screening.decide(application, decision=State.REJECTED, actor=coordinator)
    for model in ("review", "statechange", "rubriccriterion"):
        response = intruder.get(reverse(f"admin:applications_{model}_changelist"))
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []
    review = Review.objects.get()
    assert intruder.get(reverse("admin:applications_review_change", args=[review.pk])).status_code == 404


def test_review_admin_hides_colleagues_reviews_until_i_have_reviewed(client, round_, coordinator):
    colleague_review = ReviewFactory(application=ApplicationFactory(round=round_))
    client.force_login(coordinator)
    response = client.get(reverse("admin:applications_review_changelist"))
    assert colleague_review not in list(response.context["cl"].result_list)
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    "label",
    [
        "applications.review",
        "applications.statechange",
        "applications.rubriccriterion",
        "applications.reviewassignment",
        "applications.question",
    ],
)
def test_a_reviewer_opens_none_of_the_records_around_even_an_assigned_application(
    client, round_, coordinator, reviewer, application, label
):
    from applications.models import Question, ReviewAssignment, StateChange
    from tests.admin_scoping import assert_reviewer_refused

    assignment = ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
    rows = {
        "applications.review": lambda: Review.objects.get(application=application),
        "applications.statechange": lambda: StateChange.objects.filter(application=application).first(),
        "applications.rubriccriterion": lambda: screening.ensure_default_rubric(round_)[0],
        "applications.reviewassignment": lambda: assignment,
        "applications.question": lambda: Question.objects.create(
            program=round_.program, key="bransch", label_sv="Bransch", label_en="Industry", kind="short_text"
        ),
    }
    row = rows[label]()
    client.force_login(reviewer)

    assert_reviewer_refused(client, label, row)
