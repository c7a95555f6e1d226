"""Matching admin lists: read-only, scoped to the user's programs (runs are steered on the run pages)."""

import pytest
from django.urls import reverse

from matching.models import MatchRun, PairConstraint
from tests.admin_scoping import assert_outsider_sees_nothing, assert_reviewer_refused, url
from tests.factories import PairFactory


def make_rows(label: str, round_, n: int) -> list:
    if label == "matching.matchrun":
        return [MatchRun.objects.create(round=round_, status=MatchRun.Status.DRAFT) for _ in range(n)]
    pairs = [PairFactory(round=round_) for _ in range(n)]
    if label == "matching.pair":
        return pairs
    return [
        PairConstraint.objects.create(
            round=round_,
            mentor_application=pair.mentor_application,
            mentee_application=pair.mentee_application,
            kind="lock",
        )
        for pair in pairs
    ]


LABELS = ["matching.matchrun", "matching.pair", "matching.pairconstraint"]


@pytest.mark.parametrize("label", LABELS)
def test_a_reviewer_of_the_program_sees_no_matching(client, round_, reviewer, label):
    row = make_rows(label, round_, 1)[0]
    client.force_login(reviewer)

    assert_reviewer_refused(client, label, row)
    assert client.get(reverse("admin:matching_rounds")).status_code == 403
    assert client.get(reverse("admin:matching_round", args=[round_.pk])).status_code == 403


@pytest.mark.parametrize("label", LABELS)
def test_coordinator_of_another_program_sees_nothing(client, round_, other_coordinator, label):
    obj = make_rows(label, round_, 1)[0]
    client.force_login(other_coordinator)
    if label == "matching.matchrun":  # its change page is the run page, which 404s as well
        response = client.get(url(label, "changelist"))
        assert response.context["cl"].result_count == 0
        assert client.get(url(label, "change", obj.pk), follow=True).status_code == 404
        assert client.post(url(label, "delete", obj.pk), {"post": "yes"}).status_code == 404
        assert MatchRun.objects.filter(pk=obj.pk).exists()
    else:
        assert_outsider_sees_nothing(client, label, obj)


@pytest.mark.parametrize("label", ["matching.pair", "matching.pairconstraint"])
@pytest.mark.parametrize("who", ["lead", "coordinator"])
def test_program_staff_read_pairs_and_constraints_but_never_edit_them_here(
    client, request, round_, label, who
):
    obj = make_rows(label, round_, 1)[0]
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(label, "changelist")).context["cl"].result_count == 1
    page = client.get(url(label, "change", obj.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert client.post(url(label, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


QUERIES = {"matching.matchrun": 8, "matching.pair": 8, "matching.pairconstraint": 8}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("label", LABELS)
def test_changelist_query_count_does_not_grow(
    client, round_, coordinator, label, rows, django_assert_num_queries
):
    make_rows(label, round_, rows)
    client.force_login(coordinator)
    client.get(url(label, "changelist"))  # warm the session
    with django_assert_num_queries(QUERIES[label]):
        response = client.get(url(label, "changelist"))
    assert response.context["cl"].result_count == rows


def test_removing_a_constraint_by_guessed_id(client, round_, other_coordinator, lead, coordinator):
    constraint = make_rows("matching.pairconstraint", round_, 1)[0]
    remove = reverse("admin:matching_unconstrain", args=[constraint.pk])
    client.force_login(other_coordinator)
    assert client.post(remove).status_code == 404
    client.force_login(lead)
    assert client.post(remove).status_code == 403
    assert PairConstraint.objects.filter(pk=constraint.pk).exists()
    client.force_login(coordinator)
    client.post(remove)
    assert not PairConstraint.objects.filter(pk=constraint.pk).exists()
