"""The round admins show and change only the rounds of the user's own programs."""

import pytest
from django.urls import reverse

from programs.models import RoundInterest
from tests.factories import RoundFactory


@pytest.fixture
def other_round(db):
    return RoundFactory(slug="someone-elses-round")


def test_coordinator_of_another_program_gets_404_on_the_eligibility_import(client, round_, other_coordinator):
    client.force_login(other_coordinator)

    response = client.get(reverse("admin:programs_round_eligibility", args=[round_.pk]))

    assert response.status_code == 404


def test_coordinator_of_another_program_cannot_open_or_change_the_round(client, round_, other_coordinator):
    client.force_login(other_coordinator)
    url = reverse("admin:programs_round_change", args=[round_.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Taken over"}).status_code == 404
    round_.refresh_from_db()
    assert round_.name != "Taken over"


def test_lead_reads_the_round_but_may_not_import_addresses(client, round_, lead):
    client.force_login(lead)

    assert client.get(reverse("admin:programs_round_change", args=[round_.pk])).status_code == 200
    url = reverse("admin:programs_round_eligibility", args=[round_.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'name="addresses"' not in page.content  # counts, no form
    assert client.post(url, {"role": "mentee", "addresses": "a@example.org", "note": ""}).status_code == 403
    assert round_.eligibility_entries.count() == 0


def test_coordinator_imports_addresses_for_a_round_of_their_program(client, round_, coordinator):
    client.force_login(coordinator)
    url = reverse("admin:programs_round_eligibility", args=[round_.pk])

    response = client.post(url, {"role": "mentee", "addresses": "a@example.org\nb@example.org", "note": ""})

    assert response.status_code == 302
    assert round_.eligibility_entries.count() == 2


def test_round_list_shows_only_my_programs_rounds(client, round_, other_round, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("admin:programs_round_changelist"))

    assert list(response.context["cl"].result_list) == [round_]


def test_interest_addresses_of_other_programs_are_not_listed(client, round_, other_round, coordinator):
    RoundInterest.objects.create(round=round_, email="mine@example.org", language="sv")
    RoundInterest.objects.create(round=other_round, email="theirs@example.org", language="sv")
    client.force_login(coordinator)

    page = client.get(reverse("admin:programs_roundinterest_changelist")).content.decode()

    assert "mine@example.org" in page
    assert "theirs@example.org" not in page


def test_coordinator_deletes_an_interest_address_on_request(client, round_, coordinator):
    interest = RoundInterest.objects.create(round=round_, email="mine@example.org", language="sv")
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:programs_roundinterest_delete", args=[interest.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not RoundInterest.objects.exists()


def test_coordinator_of_another_program_cannot_open_the_program_or_join_its_staff(
    client, round_, other_coordinator
):
    program = round_.program
    client.force_login(other_coordinator)
    url = reverse("admin:programs_program_change", args=[program.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Taken over"}).status_code == 404
    assert not program.memberships.filter(user=other_coordinator).exists()
    changelist = client.get(reverse("admin:programs_program_changelist"))
    assert program not in changelist.context["cl"].result_list


def test_lead_reads_the_program_but_cannot_change_it(client, round_, lead):
    client.force_login(lead)
    url = reverse("admin:programs_program_change", args=[round_.program.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "Renamed"}).status_code == 403


def test_coordinators_neither_add_programs_nor_delete_programs_or_rounds(client, round_, coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("admin:programs_program_add")).status_code == 403
    assert client.get(reverse("admin:programs_program_delete", args=[round_.program.pk])).status_code == 403
    assert client.get(reverse("admin:programs_round_delete", args=[round_.pk])).status_code == 403


def test_coordinator_opens_their_own_program(client, round_, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("admin:programs_program_change", args=[round_.program.pk]))

    assert response.status_code == 200
    assert response.context["has_change_permission"]
