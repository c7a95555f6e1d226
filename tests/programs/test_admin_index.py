"""The admin index as a coordinator or lead sees it: Swedish app names and the round tools."""

import pytest
from django.urls import reverse

from tests.factories import StaffFactory


@pytest.mark.parametrize("who", ["coordinator", "lead"])
def test_index_links_the_round_tools_in_swedish(client, request, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("admin:index")).content.decode()
    assert "Verktyg för omgångar" in page
    for name in ("pairs:staff_home", "admin:matching_rounds", "admin:applications_application_changelist"):
        assert f'href="{reverse(name)}"' in page
    assert "Program och omgångar" in page
    assert "Ansökningar och urval" in page
    # The outbox: coordinators read their programs' e-mails; leads do not read other people's e-mail.
    assert ("Utkorg för e-post" in page) == (who == "coordinator")


def test_index_of_staff_without_a_program_has_no_round_tools(client, db):
    client.force_login(StaffFactory())
    page = client.get(reverse("admin:index")).content.decode()
    assert "Verktyg för omgångar" not in page


def test_superuser_sees_every_app(client, db):
    client.force_login(StaffFactory(superuser=True))
    page = client.get(reverse("admin:index")).content.decode()
    assert "Utkorg för e-post" in page
    assert "Konton" in page
