"""Programs admin: coordinators of another program see nothing, leads read, coordinators change."""

import pytest
from django.urls import reverse

from programs.models import ContactPerson, EligibilityEntry, Organisation, Program, RoundInterest
from tests.admin_scoping import (
    assert_may_change,
    assert_outsider_sees_nothing,
    assert_reads_only,
    assert_reviewer_refused,
    url,
)
from tests.factories import (
    OrganisationFactory,
    ProgramFactory,
    ProgramMembershipFactory,
    RoundFactory,
    StaffFactory,
    TopicFactory,
)


def make_rows(label: str, round_, n: int) -> list:
    """`n` rows of the admin `label` in the program of `round_` (the first is `round_` itself)."""
    program = round_.program
    if label == "programs.round":
        return [round_] + [RoundFactory(program=program) for _ in range(n - 1)]
    if label == "programs.topic":
        return [TopicFactory(program=program) for _ in range(n)]
    if label == "programs.contactperson":
        return [ContactPerson.objects.create(program=program, name=f"Kontakt {i}") for i in range(n)]
    if label == "programs.programmembership":
        return [ProgramMembershipFactory(program=program, kind="lead") for _ in range(n)]
    if label == "programs.eligibilityentry":
        return [
            EligibilityEntry.objects.create(round=round_, role="mentee", email=f"e{i}@example.org")
            for i in range(n)
        ]
    if label == "programs.roundinterest":
        return [RoundInterest.objects.create(round=round_, email=f"i{i}@example.org") for i in range(n)]
    raise AssertionError(label)


SCOPED = [
    "programs.round",
    "programs.topic",
    "programs.contactperson",
    "programs.programmembership",
    "programs.eligibilityentry",
    "programs.roundinterest",
]
# Read-only for everyone: people add themselves to the interest list on the public page.
READ_ONLY = {"programs.roundinterest"}


@pytest.mark.parametrize("label", [*SCOPED, "programs.program"])
def test_a_reviewer_of_the_program_sees_none_of_it(client, round_, reviewer, label):
    """Reviewers read and score applications; the program's setup is not theirs."""
    row = round_.program if label == "programs.program" else make_rows(label, round_, 1)[0]
    client.force_login(reviewer)

    assert_reviewer_refused(client, label, row)


@pytest.mark.parametrize("label", SCOPED)
def test_coordinator_of_another_program_sees_nothing(client, round_, other_coordinator, label):
    obj = make_rows(label, round_, 1)[0]
    client.force_login(other_coordinator)
    # The outsider's own membership is listed, nothing of the other program.
    assert_outsider_sees_nothing(client, label, obj, empty=label != "programs.programmembership")


@pytest.mark.parametrize("label", SCOPED)
def test_lead_reads_but_cannot_change(client, round_, lead, label):
    obj = make_rows(label, round_, 1)[0]
    client.force_login(lead)
    assert_reads_only(client, label, obj)


@pytest.mark.parametrize("label", sorted(set(SCOPED) - READ_ONLY))
def test_coordinator_changes_own_rows(client, round_, coordinator, label):
    obj = make_rows(label, round_, 1)[0]
    client.force_login(coordinator)
    assert_may_change(client, label, obj)


def test_coordinator_deletes_an_interest_but_a_lead_cannot(client, round_, coordinator, lead):
    interest = make_rows("programs.roundinterest", round_, 1)[0]
    client.force_login(lead)
    assert (
        client.post(url("programs.roundinterest", "delete", interest.pk), {"post": "yes"}).status_code == 403
    )
    client.force_login(coordinator)
    client.post(url("programs.roundinterest", "delete", interest.pk), {"post": "yes"})
    assert not RoundInterest.objects.filter(pk=interest.pk).exists()


QUERIES = {
    "programs.round": 9,
    "programs.topic": 7,
    "programs.contactperson": 7,
    "programs.programmembership": 7,
    "programs.eligibilityentry": 8,
    "programs.roundinterest": 8,
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("label", SCOPED)
def test_changelist_query_count_does_not_grow(
    client, round_, coordinator, label, rows, django_assert_num_queries
):
    make_rows(label, round_, rows)
    RoundFactory()  # another program's round: never listed
    client.force_login(coordinator)
    client.get(url(label, "changelist"))  # warm the session
    with django_assert_num_queries(QUERIES[label]):
        response = client.get(url(label, "changelist"))
    assert response.context["cl"].result_count == rows + (1 if label == "programs.programmembership" else 0)


# --- programs -----------------------------------------------------------------------------


def test_program_list_shows_only_my_programs(client, round_, coordinator):
    other = ProgramFactory(name="Annat program")
    client.force_login(coordinator)
    response = client.get(url("programs.program", "changelist"))
    assert list(response.context["cl"].result_list) == [round_.program]
    assert client.get(url("programs.program", "change", other.pk)).status_code == 404


def test_program_outsider_lead_and_coordinator(client, round_, other_coordinator, lead, coordinator):
    program = round_.program
    client.force_login(other_coordinator)
    assert_outsider_sees_nothing(client, "programs.program", program, empty=False)
    client.force_login(lead)
    assert_reads_only(client, "programs.program", program)
    client.force_login(coordinator)
    assert_may_change(client, "programs.program", program)


def test_only_superusers_create_or_delete_programs(client, round_, coordinator):
    client.force_login(coordinator)
    assert client.get(url("programs.program", "add")).status_code == 403
    assert (
        client.post(url("programs.program", "delete", round_.program.pk), {"post": "yes"}).status_code == 403
    )
    assert Program.objects.filter(pk=round_.program.pk).exists()
    client.force_login(StaffFactory(superuser=True))
    assert client.get(url("programs.program", "add")).status_code == 200


def test_program_page_inlines_follow_the_program(client, round_, coordinator, lead):
    TopicFactory(program=round_.program, name_sv="Ledarskap")
    client.force_login(lead)
    page = client.get(url("programs.program", "change", round_.program.pk))
    assert "Ledarskap" in page.content.decode()
    assert all(not formset.has_change_permission for formset in page.context["inline_admin_formsets"])
    client.force_login(coordinator)
    page = client.get(url("programs.program", "change", round_.program.pk))
    assert all(formset.has_change_permission for formset in page.context["inline_admin_formsets"])


def test_membership_user_choices_are_staff_accounts_only(client, round_, coordinator, applicant):
    client.force_login(coordinator)
    page = client.get(url("programs.programmembership", "add"))
    choices = page.context["adminform"].form.fields["user"].queryset
    assert coordinator in choices
    assert applicant not in choices
    program_choices = page.context["adminform"].form.fields["program"].queryset
    RoundFactory()
    assert list(program_choices) == [round_.program]


@pytest.mark.parametrize("rows", [1, 3])
def test_program_changelist_query_count_does_not_grow(
    client, coordinator, round_, rows, django_assert_num_queries
):
    for _ in range(rows - 1):
        ProgramMembershipFactory(user=coordinator, kind="coordinator")
    client.force_login(coordinator)
    client.get(url("programs.program", "changelist"))
    with django_assert_num_queries(6):
        response = client.get(url("programs.program", "changelist"))
    assert response.context["cl"].result_count == rows


# --- eligibility import (a custom admin page) ------------------------------------------------


def test_eligibility_import_is_404_for_another_program(client, round_, other_coordinator):
    eligibility = reverse("admin:programs_round_eligibility", args=[round_.pk])
    client.force_login(other_coordinator)
    assert client.get(eligibility).status_code == 404
    assert client.post(eligibility, {"role": "mentee", "addresses": "x@example.org"}).status_code == 404
    assert not EligibilityEntry.objects.exists()


def test_lead_sees_the_eligibility_counts_but_cannot_import(client, round_, lead, coordinator):
    eligibility = reverse("admin:programs_round_eligibility", args=[round_.pk])
    client.force_login(lead)
    page = client.get(eligibility)
    assert page.status_code == 200
    assert "<form" not in page.content.decode().split('id="content-main"')[1]
    assert client.post(eligibility, {"role": "mentee", "addresses": "x@example.org"}).status_code == 403
    assert not EligibilityEntry.objects.exists()
    client.force_login(coordinator)
    client.post(eligibility, {"role": "mentee", "addresses": "x@example.org"})
    assert EligibilityEntry.objects.filter(round=round_, email="x@example.org").exists()


# --- organisations: shared by every program ---------------------------------------------------


def test_staff_view_and_add_organisations_only_superusers_change(client, round_, coordinator, lead):
    organisation = OrganisationFactory(name="Exempelbolaget AB")
    client.force_login(coordinator)
    assert "Exempelbolaget" in client.get(url("programs.organisation", "changelist")).content.decode()
    assert client.get(url("programs.organisation", "add")).status_code == 200
    page = client.get(url("programs.organisation", "change", organisation.pk))
    assert page.context["has_change_permission"] is False
    assert (
        client.post(url("programs.organisation", "delete", organisation.pk), {"post": "yes"}).status_code
        == 403
    )
    client.force_login(lead)
    assert client.get(url("programs.organisation", "changelist")).status_code == 200
    assert client.get(url("programs.organisation", "add")).status_code == 403
    client.force_login(StaffFactory(superuser=True))
    page = client.get(url("programs.organisation", "change", organisation.pk))
    assert page.context["has_change_permission"] is True
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_staff_without_a_program_get_no_organisations(client, db):
    client.force_login(StaffFactory())
    assert client.get(url("programs.organisation", "changelist")).status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_organisation_changelist_query_count_does_not_grow(
    client, coordinator, rows, django_assert_num_queries
):
    organisations = [OrganisationFactory() for _ in range(rows)]
    client.force_login(coordinator)
    client.get(url("programs.organisation", "changelist"))
    with django_assert_num_queries(7):
        page = client.get(url("programs.organisation", "changelist")).content.decode()
    assert all(organisation.name in page for organisation in organisations)


def test_a_website_typed_without_a_scheme_is_saved_as_https(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("programs.organisation", "add"),
        {"name": "Skogsbolaget AB", "kind": Organisation.Kind.PARTNER, "website": "skogsbolaget.se"},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Organisation.objects.get(name="Skogsbolaget AB").website == "https://skogsbolaget.se"
