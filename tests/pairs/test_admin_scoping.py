"""Meetings in the admin: scoped to the pair's program; leads read, coordinators change."""

import pytest

from tests.admin_scoping import assert_may_change, assert_outsider_sees_nothing, assert_reads_only, url
from tests.factories import MeetingFactory, PairFactory

LABEL = "pairs.meeting"


@pytest.fixture
def meeting(round_):
    return MeetingFactory(pair=PairFactory(round=round_))


def test_coordinator_of_another_program_sees_no_meeting(client, meeting, other_coordinator):
    client.force_login(other_coordinator)
    assert_outsider_sees_nothing(client, LABEL, meeting)


def test_lead_reads_meetings_only(client, meeting, lead):
    client.force_login(lead)
    assert_reads_only(client, LABEL, meeting)


def test_coordinator_may_correct_a_meeting(client, meeting, coordinator):
    client.force_login(coordinator)
    assert_may_change(client, LABEL, meeting)


@pytest.mark.parametrize("rows", [1, 3])
def test_meeting_changelist_query_count_does_not_grow(
    client, round_, coordinator, rows, django_assert_num_queries
):
    pair = PairFactory(round=round_)
    for _ in range(rows):
        MeetingFactory(pair=pair)
    client.force_login(coordinator)
    client.get(url(LABEL, "changelist"))
    with django_assert_num_queries(10):
        response = client.get(url(LABEL, "changelist"))
    assert response.context["cl"].result_count == rows
