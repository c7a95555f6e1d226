"""Reviewers: a program role that reads and scores the applications assigned to it, nothing else."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from applications.models import Application, Review, ReviewAssignment, State
from applications.services import reviewers as reviewer_services
from applications.services import screening
from tests.factories import ApplicationFactory, ProgramMembershipFactory, RoundFactory, StaffFactory

CHANGELIST = reverse("admin:applications_application_changelist")


def change_url(application):
    return reverse("admin:applications_application_change", args=[application.pk])


def assign_url(round_):
    return reverse("admin:applications_application_assign_reviewers", args=[round_.pk])


def make_reviewer(program, email="another-reviewer@example.org"):
    user = StaffFactory(email=email)
    ProgramMembershipFactory(program=program, user=user, kind="reviewer")
    return user


@pytest.fixture
def assigned(round_, reviewer):
    application = ApplicationFactory(
        round=round_, full_name="Tilldelad Person", motivation="Min tilldelade text."
    )
    ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    return application


@pytest.fixture
def unassigned(round_):
    return ApplicationFactory(round=round_, full_name="Otilldelad Person", motivation="Hemlig text.")


def review_post(button="_review", **scores):
    data = {f"review-score_{key}": value for key, value in scores.items()}
    data.update({"review-comment": "Bra", button: "1"})
    return data


# --- the plan: balanced, deterministic, never twice, never one's own ----------------------------


def test_each_application_gets_two_reviewers_least_loaded_first():
    new, short = reviewer_services.plan([(1, 100), (2, 101), (3, 102)], [10, 11, 12], per_application=2)

    assert new == [(1, 10), (1, 11), (2, 12), (2, 10), (3, 11), (3, 12)]
    assert short == []


def test_the_plan_counts_what_is_already_assigned_and_never_repeats_a_reviewer():
    new, short = reviewer_services.plan(
        [(1, 100), (2, 101)], [10, 11], per_application=2, existing=[(1, 10), (3, 10), (3, 11)]
    )

    # Application 1 has 10 already and only needs 11; 2 gets both.
    assert new == [(1, 11), (2, 10), (2, 11)]
    assert short == []


def test_an_applicant_never_reviews_their_own_application_and_shortfalls_are_reported():
    new, short = reviewer_services.plan([(1, 10), (2, 99)], [10, 11], per_application=2)

    assert new == [(1, 11), (2, 10), (2, 11)]
    assert short == [1]


def test_the_same_input_gives_the_same_plan_in_any_order():
    first = reviewer_services.plan([(3, 1), (1, 2), (2, 3)], [12, 10, 11], per_application=1)
    second = reviewer_services.plan([(1, 2), (2, 3), (3, 1)], [10, 11, 12], per_application=1)

    assert first == second == ([(1, 10), (2, 11), (3, 12)], [])


# --- the service ----------------------------------------------------------------------------


def test_assigning_records_who_and_is_idempotent(round_, coordinator):
    first, second = (
        make_reviewer(round_.program, "r1@example.org"),
        make_reviewer(round_.program, "r2@example.org"),
    )
    applications = [ApplicationFactory(round=round_) for _ in range(3)]
    ApplicationFactory(round=round_, draft=True)  # not sent in: nobody reviews it

    result = reviewer_services.assign_reviewers(round_, per_application=1, actor=coordinator)
    again = reviewer_services.assign_reviewers(round_, per_application=1, actor=coordinator)

    rows = list(
        ReviewAssignment.objects.order_by("application_id").values_list("application_id", "reviewer_id")
    )
    assert rows == [
        (applications[0].pk, first.pk),
        (applications[1].pk, second.pk),
        (applications[2].pk, first.pk),
    ]
    assert {a.assigned_by_id for a in result.created} == {coordinator.pk}
    assert again.created == []


def test_a_lead_or_a_reviewer_cannot_assign(round_, lead, reviewer):
    ApplicationFactory(round=round_)
    for actor in (lead, reviewer):
        with pytest.raises(PermissionDenied):
            reviewer_services.assign_reviewers(round_, per_application=1, actor=actor)
    assert not ReviewAssignment.objects.exists()


# --- what the reviewer sees --------------------------------------------------------------------


def test_a_reviewer_lists_only_the_applications_assigned_to_them(client, reviewer, assigned, unassigned):
    other_program = ApplicationFactory(full_name="Annat Program")
    client.force_login(reviewer)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [assigned.pk]
    body = response.content.decode()
    assert assigned.full_name in body
    assert unassigned.full_name not in body and other_program.full_name not in body
    # No decision, release or assignment actions, and no export.
    assert response.context["action_form"] is None or not response.context["cl"].model_admin.get_actions(
        response.wsgi_request
    )
    assert reverse("admin:applications_application_export") not in body


def test_a_reviewer_gets_404_for_an_unassigned_application_of_the_same_round(client, reviewer, unassigned):
    client.force_login(reviewer)

    assert client.get(change_url(unassigned)).status_code == 404
    assert (
        client.post(change_url(unassigned), review_post(motivation=5, fit=5, availability=5)).status_code
        == 404
    )
    assert not Review.objects.exists()
    assert client.get(CHANGELIST, {"q": unassigned.full_name}).context["cl"].result_count == 0
    assert client.get(CHANGELIST, {"q": f"#{unassigned.pk}"}).context["cl"].result_count == 0


def test_a_reviewer_reads_and_scores_an_assigned_application(client, reviewer, assigned):
    client.force_login(reviewer)

    page = client.get(change_url(assigned))
    saved = client.post(change_url(assigned), review_post(motivation=4, fit=3, availability=5))

    assert page.status_code == 200
    assert assigned.motivation in page.content.decode()
    assert page.context["can_review"] is True and page.context["can_screen"] is False
    assert page.context["history"] is None  # the audit history is the program staff's
    assert saved.status_code == 302
    assert Review.objects.get(application=assigned, reviewer=reviewer).scores == {
        "motivation": 4,
        "fit": 3,
        "availability": 5,
    }


def test_a_reviewer_cannot_decide(client, reviewer, assigned):
    client.force_login(reviewer)

    on_the_page = client.post(change_url(assigned), {"_decide_accepted": "1"})
    with_a_review = client.post(
        change_url(assigned), {**review_post(motivation=4, fit=3, availability=5), "_decide_accepted": "1"}
    )
    by_action = client.post(
        CHANGELIST, {"action": "accept_selected", "_selected_action": [assigned.pk], "index": 0}
    )
    release = client.get(reverse("admin:applications_application_release", args=[assigned.round_id]))

    assert on_the_page.status_code == 403
    assert with_a_review.status_code == 302  # the review is saved, the decision is not made
    assert by_action.status_code in (200, 302)
    assert release.status_code == 403
    assigned.refresh_from_db()
    assert assigned.state == State.SUBMITTED
    assert not assigned.history.filter(to_state=State.ACCEPTED).exists()
    with pytest.raises(PermissionDenied):
        screening.decide(assigned, decision=State.ACCEPTED, actor=reviewer)


def test_a_reviewer_opens_no_other_admin_page(client, reviewer, assigned):
    client.force_login(reviewer)

    index = client.get(reverse("admin:index"))

    models = {model["object_name"] for app in index.context["app_list"] for model in app["models"]}
    assert models == {"Application"}
    body = index.content.decode()
    assert assigned.full_name in body and "Inte bedömd än" in body  # "Not scored yet"
    for name in (
        "admin:applications_review_changelist",
        "admin:applications_reviewassignment_changelist",
        "admin:applications_statechange_changelist",
        "admin:programs_round_changelist",
        "admin:matching_matchrun_changelist",
        "admin:notifications_notification_changelist",
        "admin:communication_message_changelist",
        "admin:matching_rounds",
        "admin:applications_application_export",
        "admin:applications_application_release_rounds",
    ):
        assert client.get(reverse(name)).status_code == 403, name
    assert (
        client.get(reverse("admin:applications_application_history", args=[assigned.pk])).status_code == 403
    )


def test_the_index_shows_my_score_once_i_have_scored(client, reviewer, assigned):
    screening.save_review(assigned, reviewer=reviewer, scores={"motivation": 4, "fit": 4, "availability": 5})
    client.force_login(reviewer)

    body = client.get(reverse("admin:index")).content.decode()

    assert "4,33" in body and "Inte bedömd än" not in body


def test_when_the_round_says_so_a_reviewer_sees_all_its_sent_in_applications(
    client, round_, reviewer, assigned, unassigned
):
    draft = ApplicationFactory(round=round_, draft=True)
    elsewhere = ApplicationFactory(round=RoundFactory(program=round_.program))
    round_.reviewers_see_all = True
    round_.save(update_fields=["reviewers_see_all"])
    client.force_login(reviewer)

    listed = {row.pk for row in client.get(CHANGELIST).context["cl"].result_list}

    assert listed == {assigned.pk, unassigned.pk}
    assert client.get(change_url(draft)).status_code == 404
    assert client.get(change_url(elsewhere)).status_code == 404
    assert (
        client.post(change_url(unassigned), review_post(motivation=3, fit=3, availability=3)).status_code
        == 302
    )


def test_a_reviewer_of_one_program_sees_nothing_of_another(client, reviewer, assigned):
    foreign = ApplicationFactory(full_name="Främling")
    ReviewAssignment.objects.create(application=foreign, reviewer=reviewer)  # not their program's
    client.force_login(reviewer)

    assert [row.pk for row in client.get(CHANGELIST).context["cl"].result_list] == [assigned.pk]
    assert client.get(change_url(foreign)).status_code == 404


@pytest.mark.parametrize("rows", [1, 4])
def test_the_reviewers_list_query_count_does_not_grow(
    client, round_, reviewer, rows, django_assert_num_queries
):
    for _ in range(rows):
        ReviewAssignment.objects.create(application=ApplicationFactory(round=round_), reviewer=reviewer)
    client.force_login(reviewer)
    client.get(CHANGELIST)
    with django_assert_num_queries(11):  # as for a coordinator (test_admin_screening.py)
        assert client.get(CHANGELIST).status_code == 200


# --- the coordinator's bulk page -----------------------------------------------------------------


def test_the_coordinator_assigns_each_selected_application_to_two_reviewers(client, round_, coordinator):
    reviewers = [make_reviewer(round_.program, f"r{n}@example.org") for n in range(3)]
    chosen = [ApplicationFactory(round=round_) for _ in range(3)]
    left_out = ApplicationFactory(round=round_)
    client.force_login(coordinator)

    action = client.post(
        CHANGELIST,
        {"action": "assign_reviewers_selected", "_selected_action": [a.pk for a in chosen], "index": 0},
    )
    page = client.get(action["Location"])
    done = client.post(
        action["Location"],
        {"per_application": 2, "reviewers": [r.pk for r in reviewers]},
    )

    assert action.status_code == 302 and page.status_code == 200
    assert done.status_code == 302
    counts = {a.pk: a.review_assignments.count() for a in Application.objects.filter(round=round_)}
    assert counts == {**{a.pk: 2 for a in chosen}, left_out.pk: 0}
    loads = sorted(ReviewAssignment.objects.filter(reviewer=r).count() for r in reviewers)
    assert loads == [2, 2, 2]


def test_without_a_selection_every_sent_in_application_of_the_round_is_assigned(client, round_, coordinator):
    reviewer = make_reviewer(round_.program)
    applications = [ApplicationFactory(round=round_) for _ in range(2)]
    client.force_login(coordinator)

    client.post(assign_url(round_), {"per_application": 1, "reviewers": [reviewer.pk]})

    assert set(ReviewAssignment.objects.values_list("application_id", flat=True)) == {
        a.pk for a in applications
    }


def test_a_lead_may_not_assign_reviewers(client, round_, lead, reviewer):
    ApplicationFactory(round=round_)
    client.force_login(lead)

    assert client.get(assign_url(round_)).status_code == 403
    assert (
        client.post(assign_url(round_), {"per_application": 1, "reviewers": [reviewer.pk]}).status_code == 403
    )
    assert not ReviewAssignment.objects.exists()


def test_the_coordinator_sees_who_is_assigned_and_who_has_scored(client, coordinator, reviewer, assigned):
    other = make_reviewer(assigned.round.program)
    ReviewAssignment.objects.create(application=assigned, reviewer=other)
    screening.save_review(assigned, reviewer=reviewer, scores={"motivation": 4, "fit": 4, "availability": 4})
    client.force_login(coordinator)

    page = client.get(change_url(assigned))

    assert page.context["assigned_reviewers"] == [(reviewer, True), (other, False)]


@pytest.mark.parametrize("rows", [1, 3])
def test_the_assignment_list_query_count_does_not_grow(
    client, coordinator, round_, rows, django_assert_num_queries
):
    reviewers = StaffFactory.create_batch(rows)
    made = [
        ReviewAssignment.objects.create(application=ApplicationFactory(round=round_), reviewer=reviewer)
        for reviewer in reviewers
    ]
    client.force_login(coordinator)
    url = reverse("admin:applications_reviewassignment_changelist")
    client.get(url)  # warm the session

    with django_assert_num_queries(9):
        response = client.get(url)

    assert response.context["cl"].result_count == rows
    assert all(assignment.application.full_name in response.content.decode() for assignment in made)
