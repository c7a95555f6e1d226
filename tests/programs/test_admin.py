from datetime import datetime, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import EligibilityEntry, Round
from programs.services import import_eligibility_list, parse_addresses
from tests.factories import ProgramFactory, RoundFactory, StaffFactory

STEPS = [
    "applications_open",
    "mentor_deadline",
    "mentee_deadline",
    "screening_ends",
    "pairs_announced",
    "confirm_by",
    "kickoff",
    "midpoint",
    "ends",
    "follow_up",
]


NEXT_YEAR = timezone.localdate().year + 1


def round_form_data(program, **dates):
    """The admin's add-round form, filled in with a valid timeline in Swedish time, next February."""
    start = datetime(NEXT_YEAR, 2, 1, 9, 0)
    data = {
        "program": program.pk,
        "name": f"Våren {NEXT_YEAR}",
        "slug": f"varen-{NEXT_YEAR}",
        "is_published": "on",
        "capacity": 10,
        "max_mentees_per_mentor": 1,
        "meeting_cadence_days": 30,
        "visits_expected": 1,
        "mentor_eligibility": "open",
        "mentee_eligibility": "open",
    }
    for number, field in enumerate(STEPS):
        when = dates.get(field, start + timedelta(days=10 * number))
        data[f"{field}_0"], data[f"{field}_1"] = when.strftime("%Y-%m-%d"), when.strftime("%H:%M")
    return data


@pytest.mark.django_db
def test_admin_creates_a_round_with_a_timeline_in_order(admin_client):
    program = ProgramFactory()

    response = admin_client.post(reverse("admin:programs_round_add"), round_form_data(program))

    assert response.status_code == 302
    round_ = Round.objects.get(slug=f"varen-{NEXT_YEAR}")
    assert timezone.localtime(round_.applications_open).hour == 9  # entered in Swedish time


@pytest.mark.django_db
def test_admin_form_names_the_dates_out_of_order(admin_client):
    program = ProgramFactory()
    data = round_form_data(program, kickoff=datetime(NEXT_YEAR, 1, 1, 9, 0))  # before it opens

    response = admin_client.post(reverse("admin:programs_round_add"), data)

    assert response.status_code == 200
    assert "”uppstart” måste komma efter ”paren bekräftar senast”." in response.content.decode()
    assert not Round.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_a_local_time_that_does_not_exist(admin_client):
    # 02:30 on the last Sunday of March is skipped when Swedish clocks spring forward.
    last_sunday = max(d for d in range(25, 32) if datetime(NEXT_YEAR, 3, d).weekday() == 6)
    data = round_form_data(ProgramFactory(), applications_open=datetime(NEXT_YEAR, 3, last_sunday, 2, 30))

    response = admin_client.post(reverse("admin:programs_round_add"), data)

    assert response.status_code == 200
    assert not Round.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "admin:programs_round_changelist",
        "admin:programs_program_changelist",
        "admin:programs_organisation_changelist",
        "admin:programs_roundinterest_changelist",
        "admin:programs_eligibilityentry_changelist",
        "admin:programs_round_add",
        "admin:programs_program_add",
    ],
)
def test_admin_pages_open(admin_client, url):
    RoundFactory()

    assert admin_client.get(reverse(url)).status_code == 200


@pytest.mark.django_db
def test_admin_round_change_page_shows_phase_and_eligibility_link(admin_client, round_):
    page = admin_client.get(reverse("admin:programs_round_change", args=[round_.pk])).content.decode()

    assert "Öppen för ansökningar" in page
    assert reverse("admin:programs_round_eligibility", args=[round_.pk]) in page


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_round_changelist_queries_do_not_grow(admin_client, django_assert_num_queries, rows):
    rounds = RoundFactory.create_batch(rows)
    admin_client.get(reverse("admin:programs_round_changelist"))  # warm the session

    with django_assert_num_queries(8):
        page = admin_client.get(reverse("admin:programs_round_changelist")).content.decode()
    assert all(round_.name in page for round_ in rounds)


def test_parse_addresses_splits_lines_commas_and_semicolons():
    valid, invalid = parse_addresses(
        "a@example.org, B@Example.org;c@example.org\n\n nope \n<d@example.org>\na@example.org"
    )

    assert valid == ["a@example.org", "b@example.org", "c@example.org", "d@example.org"]
    assert invalid == ["nope"]


@pytest.mark.django_db
def test_import_counts_added_present_and_invalid(round_):
    import_eligibility_list(round_, role="mentor", text="a@example.org")

    result = import_eligibility_list(round_, role="mentor", text="a@example.org\nb@example.org\nbroken")

    assert (result.added, result.already_present, result.invalid) == (1, 1, ["broken"])
    assert EligibilityEntry.objects.filter(round=round_, role="mentor").count() == 2


@pytest.mark.django_db
def test_the_same_address_may_be_on_both_roles_lists(round_):
    import_eligibility_list(round_, role="mentor", text="a@example.org")
    result = import_eligibility_list(round_, role="mentee", text="a@example.org")

    assert result.added == 1


@pytest.mark.django_db
def test_coordinator_pastes_addresses_and_sees_the_counts(admin_client, round_):
    url = reverse("admin:programs_round_eligibility", args=[round_.pk])
    EligibilityEntry.objects.create(round=round_, role="mentor", email="old@example.org")

    response = admin_client.post(
        url,
        {"role": "mentor", "addresses": "old@example.org\nnew@example.org; other@example.org\n???"},
        follow=True,
    )

    page = response.content.decode()
    assert "2 tillagda, 1 fanns redan på listan, 1 ogiltiga." in page
    assert "Ogiltig rad: ???" in page
    assert EligibilityEntry.objects.filter(round=round_, role="mentor").count() == 3


@pytest.mark.django_db
def test_coordinator_uploads_a_csv_file(admin_client, round_):
    url = reverse("admin:programs_round_eligibility", args=[round_.pk])
    upload = BytesIO(b"e-post\nasa.berg@example.org\nbo@example.org\n")
    upload.name = "lista.csv"

    response = admin_client.post(url, {"role": "mentee", "file": upload, "note": "Lista 2026"}, follow=True)

    assert "2 tillagda, 0 fanns redan på listan, 1 ogiltiga." in response.content.decode()
    assert set(EligibilityEntry.objects.values_list("email", "role", "note")) == {
        ("asa.berg@example.org", "mentee", "Lista 2026"),
        ("bo@example.org", "mentee", "Lista 2026"),
    }


@pytest.mark.django_db
def test_eligibility_form_needs_addresses_or_a_file(admin_client, round_):
    url = reverse("admin:programs_round_eligibility", args=[round_.pk])

    response = admin_client.post(url, {"role": "mentor", "addresses": "  "})

    assert "Klistra in adresser eller välj en fil." in response.content.decode()


@pytest.mark.django_db
def test_staff_without_change_permission_cannot_import(client, round_):
    client.force_login(StaffFactory())

    response = client.get(reverse("admin:programs_round_eligibility", args=[round_.pk]))

    assert response.status_code in (403, 404)


@pytest.mark.django_db
def test_round_interest_admin_is_read_only(admin_client, round_):
    round_.interests.create(email="a@example.org", language="sv", created_at=timezone.now())

    assert admin_client.get(reverse("admin:programs_roundinterest_add")).status_code == 403
