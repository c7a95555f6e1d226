"""Blind screening: the audit history and the consent ledger do not give the applicant away."""

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import State
from applications.services.common import record_audit
from applications.services.submission import _ledger
from tests.factories import ApplicationFactory, UserFactory

SECRETS = ("Hedda", "hedda@example.org")


@pytest.fixture
def hidden(round_):
    round_.blind_screening = True
    round_.save()
    person = UserFactory(email="hedda@example.org", full_name="Hedda Hemlig")
    application = ApplicationFactory(round=round_, applicant=person)
    # What a real submit leaves behind: an audit line by the applicant and a ledger line.
    record_audit(application, actor=person, from_state=State.DRAFT, to=State.SUBMITTED)
    _ledger(application)
    return application


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _page(client, name, *args, **params):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return response.content.decode()


def test_history_on_the_application_page_names_no_applicant(coordinator_client, hidden):
    content = _page(coordinator_client, "admin:applications_application_change", hidden.pk)
    assert f"#{hidden.pk}" in content
    for secret in SECRETS:
        assert secret not in content


def test_state_change_list_and_page_name_no_applicant(coordinator_client, hidden):
    change = hidden.history.get()
    for content in (
        _page(coordinator_client, "admin:applications_statechange_changelist"),
        _page(coordinator_client, "admin:applications_statechange_change", change.pk),
    ):
        assert f"#{hidden.pk}" in content
        for secret in SECRETS:
            assert secret not in content


def test_consent_ledger_hides_the_address_while_blind(coordinator_client, hidden):
    record = hidden.round.program.consents.get()
    for content in (
        _page(coordinator_client, "admin:privacy_consentrecord_changelist"),
        _page(coordinator_client, "admin:privacy_consentrecord_change", record.pk),
    ):
        for secret in SECRETS:
            assert secret not in content


def test_consent_ledger_search_by_address_finds_no_blind_line(coordinator_client, hidden):
    response = coordinator_client.get(
        reverse("admin:privacy_consentrecord_changelist"), {"q": "hedda@example.org"}
    )
    assert list(response.context["cl"].result_list) == []


def test_released_decision_shows_who_again(coordinator_client, hidden):
    hidden.state = hidden.notified_state = State.ACCEPTED
    hidden.decision_released_at = timezone.now()
    hidden.save()
    assert "Hedda Hemlig" in _page(coordinator_client, "admin:applications_application_change", hidden.pk)
    assert "hedda@example.org" in _page(coordinator_client, "admin:privacy_consentrecord_changelist")


def test_staff_actor_stays_named(coordinator_client, coordinator, hidden):
    record_audit(hidden, actor=coordinator, from_state=State.SUBMITTED, to=State.ACCEPTED)
    content = _page(coordinator_client, "admin:applications_statechange_changelist")
    assert str(coordinator) in content
