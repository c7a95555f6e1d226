"""Every CSV download goes through one writer that no spreadsheet runs as a formula."""

import csv
import io

import pytest
from django.urls import reverse

from mentorship.csv_export import csv_response
from tests.factories import ApplicationFactory, OrganisationFactory, PairFactory

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+46 70 000", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def cells(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_text_starting_with_a_formula_character_is_marked_as_text():
    response = csv_response("x.csv", ["a"], [[value] for value in HOSTILE])

    assert [row[0] for row in cells(response)[1:]] == ["'" + value for value in HOSTILE]


def test_ordinary_values_and_numbers_are_written_as_they_are():
    response = csv_response("x.csv", ["a", "b", "c", "d", "e"], [["Åsa Öberg", -3, 2.5, None, "a=b"]])

    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert cells(response)[1] == ["Åsa Öberg", "-3", "2.5", "", "a=b"]


@pytest.mark.django_db
def test_admin_export_neutralises_hostile_answers(client, coordinator, round_):
    organisation = OrganisationFactory(name="@Bolaget")
    ApplicationFactory(round=round_, full_name="=1+1", organisation=organisation, title="-VD")
    client.force_login(coordinator)

    response = client.get(
        reverse("admin:applications_application_export"),
        {"columns": ["applicant", "organisation", "title"]},
    )

    assert cells(response)[1] == ["'=1+1", "'@Bolaget", "'-VD"]


@pytest.mark.django_db
def test_dashboard_pairs_csv_neutralises_hostile_names(client, coordinator, round_):
    mentor = ApplicationFactory(round=round_, mentor=True, accepted=True, full_name="+Mentor")
    mentee = ApplicationFactory(round=round_, accepted=True, full_name="=Adept")
    PairFactory(round=round_, mentor_application=mentor, mentee_application=mentee)
    client.force_login(coordinator)

    response = client.get(reverse("pairs:round_dashboard_csv", kwargs={"slug": round_.slug}))

    row = cells(response)[1]
    assert (row[0], row[2]) == ("'+Mentor", "'=Adept")
