"""The consent ledger in the admin: read-only, scoped to the user's programs."""

import pytest

from tests.admin_scoping import assert_outsider_sees_nothing, url
from tests.factories.privacy import ConsentRecordFactory

LABEL = "privacy.consentrecord"


@pytest.fixture
def consent(round_):
    return ConsentRecordFactory(program=round_.program)


def test_coordinator_of_another_program_sees_no_consent(client, consent, other_coordinator):
    client.force_login(other_coordinator)
    assert_outsider_sees_nothing(client, LABEL, consent)


@pytest.mark.parametrize("who", ["lead", "coordinator"])
def test_program_staff_read_the_ledger_but_never_change_it(client, request, consent, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(url(LABEL, "change", consent.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert client.post(url(LABEL, "delete", consent.pk), {"post": "yes"}).status_code == 403
    assert client.get(url(LABEL, "add")).status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_consent_changelist_query_count_does_not_grow(
    client, round_, coordinator, rows, django_assert_num_queries
):
    for _ in range(rows):
        ConsentRecordFactory(program=round_.program)
    ConsentRecordFactory()  # another program's
    client.force_login(coordinator)
    client.get(url(LABEL, "changelist"))
    with django_assert_num_queries(10):
        response = client.get(url(LABEL, "changelist"))
    assert response.context["cl"].result_count == rows
