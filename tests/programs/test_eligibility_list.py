"""The eligibility list: any file a coordinator has, any address a person has, and its effect."""

import time
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.models import EligibilityOverride
from applications.services.eligibility import override_eligibility
from programs.models import EligibilityEntry
from programs.services import import_eligibility_list, parse_addresses
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def list_round(round_):
    round_.mentee_eligibility = "list"
    round_.save()
    return round_


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _upload(client, round_, data: bytes, name="lista.txt"):
    upload = BytesIO(data)
    upload.name = name
    url = reverse("admin:programs_round_eligibility", args=[round_.pk])
    return client.post(url, {"role": "mentee", "file": upload}, follow=True)


def test_letters_of_any_language_before_the_at_are_an_address():
    valid, invalid = parse_addresses("åsa.öberg@example.se\nÆsa@Example.se\nnot an address")

    assert valid == ["åsa.öberg@example.se", "æsa@example.se"]
    assert invalid == ["not an address"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-8"])
def test_a_utf16_or_utf8_file_is_read(coordinator_client, list_round, encoding):
    text = "e-post\nåsa.öberg@example.se\nbo@example.org\n"

    response = _upload(coordinator_client, list_round, text.encode(encoding))

    assert "2 tillagda" in response.content.decode()
    assert set(EligibilityEntry.objects.values_list("email", flat=True)) == {
        "åsa.öberg@example.se",
        "bo@example.org",
    }


def _parse_seconds(count: int) -> float:
    text = "\n".join(f"person{n}@example.org" for n in range(count))
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        valid, _invalid = parse_addresses(text)
        best = min(best, time.perf_counter() - started)
    assert len(valid) == count
    return best


def test_parsing_is_linear():
    """Four times the addresses take about four times as long, not sixteen (bench/eligibility.py
    times the 86,000 of the issue)."""
    assert _parse_seconds(32_000) / _parse_seconds(8_000) < 8


def test_importing_the_list_after_submit_makes_the_application_eligible(list_round):
    person = UserFactory(email="sen@example.org")
    application = ApplicationFactory(
        round=list_round,
        applicant=person,
        is_eligible=False,
        eligibility_note="E-postadressen finns inte på omgångens lista.",
    )
    other = ApplicationFactory(round=list_round, is_eligible=False)

    import_eligibility_list(list_round, role="mentee", text="Sen@example.org")

    application.refresh_from_db()
    other.refresh_from_db()
    assert (application.is_eligible, application.eligibility_note) == (True, "")
    assert other.is_eligible is False


def test_removing_an_address_from_the_list_re_checks(coordinator_client, list_round):
    person = UserFactory(email="bort@example.org")
    application = ApplicationFactory(round=list_round, applicant=person, is_eligible=True)
    entry = EligibilityEntry.objects.create(round=list_round, role="mentee", email="bort@example.org")

    coordinator_client.post(
        reverse("admin:programs_eligibilityentry_delete", args=[entry.pk]), {"post": "yes"}
    )

    application.refresh_from_db()
    assert application.is_eligible is False


def test_a_coordinator_overrides_the_flag_with_a_note_and_the_list_leaves_it(
    coordinator_client, coordinator, list_round
):
    application = ApplicationFactory(round=list_round, is_eligible=False)
    url = reverse("admin:applications_application_change", args=[application.pk])

    coordinator_client.post(
        url,
        {"_eligibility": "1", "eligibility_choice": "yes", "eligibility_override_note": "Nytt jobb, godkänd"},
    )
    import_eligibility_list(list_round, role="mentee", text="someone-else@example.org")

    application.refresh_from_db()
    assert application.is_eligible is True
    override = EligibilityOverride.objects.get()
    assert (override.actor, override.note, override.is_eligible) == (coordinator, "Nytt jobb, godkänd", True)
    page = coordinator_client.get(url).content.decode()
    assert "Nytt jobb, godkänd" in page
    assert "satt av en samordnare" in page


def test_an_override_needs_a_note(coordinator, list_round):
    application = ApplicationFactory(round=list_round, is_eligible=False)

    with pytest.raises(ValidationError):
        override_eligibility(application, is_eligible=True, note=" ", actor=coordinator)


def test_a_lead_cannot_override(client, lead, list_round):
    application = ApplicationFactory(round=list_round, is_eligible=False)
    client.force_login(lead)

    client.post(
        reverse("admin:applications_application_change", args=[application.pk]),
        {"_eligibility": "1", "eligibility_choice": "yes", "eligibility_override_note": "x"},
    )

    application.refresh_from_db()
    assert application.is_eligible is False
