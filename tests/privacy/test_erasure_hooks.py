"""Erasure that finishes: accounts, outbox, ledger, sign-in attempts and audit lines go too."""

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from applications.models import Application, StateChange
from notifications.models import Notification
from privacy.models import ConsentRecord, ErasureRecord
from privacy.services.retention import anonymise_expired, retention_deadline
from tests.factories import (
    ApplicationFactory,
    PairFactory,
    ProgramMembershipFactory,
    ReviewFactory,
    RoundFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories.privacy import ConsentRecordFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ended_round():
    round_ = RoundFactory(completed=True, program__retention_months=12)
    round_.ends = datetime(2025, 1, 31, 23, 0, tzinfo=UTC)
    round_.follow_up = round_.ends + timedelta(days=90)
    round_.save()
    return round_


def traces_of(email: str, name: str) -> list[str]:
    """Every place left in the database that still holds the address or the name."""
    found = []
    if User.objects.filter(email__iexact=email).exists():
        found.append("user")
    for row in Notification.objects.all():
        if email in row.to or email in str(row.context) or name in str(row.context):
            found.append(f"outbox {row.key}")
    if ConsentRecord.objects.filter(email__iexact=email).exists():
        found.append("consent")
    if AccessAttempt.objects.filter(username__iexact=email).exists():
        found.append("sign-in attempts")
    if Application.objects.filter(email__iexact=email).exists() or Application.objects.filter(full_name=name):
        found.append("application")
    if LogEntry.objects.filter(object_repr__contains=name).exists():
        found.append("admin log")
    return found


def participant(round_, email, name, **kwargs):
    user = UserFactory(email=email, full_name=name)
    application = ApplicationFactory(round=round_, applicant=user, **kwargs)
    Notification.objects.create(
        key=f"k-{email}",
        to=email,
        template="applications_confirmation",
        context={"name": name},
        status="sent",
    )
    ConsentRecordFactory(program=round_.program, user=user, email=email)
    AccessAttempt.objects.create(
        username=email, ip_address="10.0.0.1", user_agent="x", failures_since_start=2
    )
    StateChange.objects.create(application=application, to_state="submitted", note=f"Ringde {name}")
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application.pk),
        object_repr=f"{name} ({round_.name})",
        action_flag=CHANGE,
        change_message="[]",
        user=StaffFactory(),
    )
    return user, application


def test_after_retention_no_trace_of_a_participant_with_nothing_later(ended_round):
    user, application = participant(ended_round, "asa.oberg@example.se", "Åsa Öberg", accepted=True)
    PairFactory(round=ended_round, mentee_application=application)
    applications_before = Application.objects.filter(round=ended_round).count()

    anonymise_expired(at=retention_deadline(ended_round) + timedelta(days=1))

    assert traces_of("asa.oberg@example.se", "Åsa Öberg") == []
    assert Application.objects.filter(round=ended_round).count() == applications_before
    assert ConsentRecord.objects.filter(program=ended_round.program).count() == 1  # the line stays


def test_a_participant_with_a_live_application_in_a_later_round_keeps_the_account(ended_round):
    user, _ = participant(ended_round, "kvar@example.se", "Kvar Kvarsson")
    later = ApplicationFactory(round=RoundFactory(program=ended_round.program, running=True), applicant=user)

    anonymise_expired(at=retention_deadline(ended_round) + timedelta(days=1))

    assert User.objects.filter(pk=user.pk).exists()
    later.refresh_from_db()
    assert (later.email, later.anonymised_at) == ("kvar@example.se", None)
    assert Notification.objects.get(key="k-kvar@example.se").to == "kvar@example.se"


def test_retention_command_dry_run_lists_and_changes_nothing(ended_round):
    participant(ended_round, "lista@example.se", "Lista Listsson")
    at = (retention_deadline(ended_round) + timedelta(days=1)).isoformat()
    from io import StringIO

    out = StringIO()
    call_command("retention", "--at", at, "--dry-run", stdout=out)

    assert ended_round.slug in out.getvalue()
    assert User.objects.filter(email="lista@example.se").exists()


def test_export_contains_the_reviews_about_me(client, applicant, round_):
    application = ApplicationFactory(round=round_, applicant=applicant)
    ReviewFactory(application=application, comment="Stark motivering", scores={"fit": 4})
    client.force_login(applicant)

    data = client.get(reverse("privacy:export")).json()

    [exported] = data["applications"]
    reviews = [(r["comment"], r["scores"]) for r in exported["reviews_about_me"]]
    assert reviews == [("Stark motivering", {"fit": 4})]
    assert "reviewer" not in str(exported["reviews_about_me"])


# --- erasure on request, by a coordinator --------------------------------------------------


def erase(client, coordinator, round_, email, *, confirm=True):
    client.force_login(coordinator)
    url = reverse("admin:privacy_erasurerecord_erase")
    data = {"program": round_.program.pk, "email": email, "note": "per e-post"}
    preview = client.post(url, data)
    return client.post(url, {**data, "_erase": "1"}) if confirm else preview


def test_coordinator_erases_a_person_on_request_confirmed_audited_and_told(
    client, coordinator, round_, mailoutbox, django_capture_on_commit_callbacks
):
    participant(round_, "be@example.se", "Berit Ek")

    preview = erase(client, coordinator, round_, "be@example.se", confirm=False)
    assert preview.status_code == 200 and preview.context["preview"] == {"applications": 1, "whole": True}
    assert User.objects.filter(email="be@example.se").exists()  # nothing happens before the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        response = erase(client, coordinator, round_, "be@example.se")

    assert response.status_code == 302
    record = ErasureRecord.objects.get()
    assert (record.program, record.requested_by, record.whole_person) == (round_.program, coordinator, True)
    assert "be@example.se" not in str(record.counts) + record.note
    assert [m.to for m in mailoutbox] == [["be@example.se"]]
    confirmation = Notification.objects.get(to="be@example.se")  # the only trace: the e-mail saying so
    assert traces_of("be@example.se", "Berit Ek") == [f"outbox {confirmation.key}"]


def test_erasure_in_one_program_keeps_the_persons_other_program(client, coordinator, round_):
    user, _ = participant(round_, "tva@example.se", "Två Program")
    elsewhere = ApplicationFactory(applicant=user)  # another program, still live

    erase(client, coordinator, round_, "tva@example.se")

    elsewhere.refresh_from_db()
    assert User.objects.filter(pk=user.pk).exists() and elsewhere.email == "tva@example.se"
    assert not Application.objects.filter(round=round_, full_name="Två Program").exists()
    assert ErasureRecord.objects.get().whole_person is False


def test_another_programs_coordinator_cannot_erase_my_programs_people(client, other_coordinator, round_):
    participant(round_, "skyddad@example.se", "Skyddad Person")

    response = erase(client, other_coordinator, round_, "skyddad@example.se")

    assert response.status_code == 200 and "program" in response.context["form"].errors
    assert User.objects.filter(email="skyddad@example.se").exists()


def test_a_lead_cannot_erase(client, round_):
    lead = StaffFactory()
    ProgramMembershipFactory(program=round_.program, user=lead, kind="lead")
    client.force_login(lead)

    assert client.get(reverse("admin:privacy_erasurerecord_erase")).status_code == 403


def test_privacy_reaches_other_apps_only_through_their_hooks():
    """No module of privacy imports applications, matching or pairs: each app erases its own rows.

    (The demo seeds every app, as the demo of every app does.)
    """
    offenders = []
    for path in (ROOT / "privacy").rglob("*.py"):
        if path.name == "demo.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in {
                "applications",
                "matching",
                "pairs",
            }:
                offenders.append(f"{path.name}: {node.module}")
    assert offenders == []
