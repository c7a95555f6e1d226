"""The application form writes the consent ledger: notice version and time, once per occasion."""

import pytest
from django.urls import reverse

from privacy.models import ConsentRecord
from tests.applications.helpers import mentee_answers
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(applicant, round_):
    round_.program.privacy_notice_version = "3"
    round_.program.save()
    return ApplicationFactory(
        round=round_, applicant=applicant, draft=True, consent_at=None, consent_version="", is_eligible=None
    )


def _post(client, application, action: str, **overrides):
    name = "applications:submit" if action == "submit" else "applications:edit"
    data = {**mentee_answers(**overrides), "action": action}
    return client.post(reverse(name, kwargs={"pk": application.pk}), data)


def test_submit_records_the_notice_version_and_time_in_the_ledger(client, applicant, draft):
    client.force_login(applicant)

    response = _post(client, draft, "submit")

    assert response.status_code == 302
    draft.refresh_from_db()
    record = ConsentRecord.objects.get()
    assert (record.user, record.email, record.program) == (applicant, applicant.email, draft.round.program)
    assert (record.notice_version, record.context, record.object_id) == ("3", "application", draft.pk)
    assert record.accepted_at == draft.consent_at


def test_saving_a_draft_with_consent_ticked_records_it(client, applicant, draft):
    client.force_login(applicant)

    _post(client, draft, "save")

    assert ConsentRecord.objects.filter(object_id=draft.pk, notice_version="3").count() == 1


def test_saving_a_draft_without_consent_records_nothing(client, applicant, draft):
    client.force_login(applicant)

    _post(client, draft, "save", consent=None)

    assert not ConsentRecord.objects.exists()


def test_saving_and_submitting_again_keeps_one_ledger_line(client, applicant, draft):
    client.force_login(applicant)

    _post(client, draft, "save")
    _post(client, draft, "submit")
    _post(client, draft, "submit")  # an edit of the submitted application

    assert ConsentRecord.objects.count() == 1


def test_a_new_notice_version_adds_a_line(client, applicant, draft):
    client.force_login(applicant)
    _post(client, draft, "submit")
    program = draft.round.program
    program.privacy_notice_version = "4"
    program.save()

    _post(client, draft, "submit")

    assert sorted(ConsentRecord.objects.values_list("notice_version", flat=True)) == ["3", "4"]


def test_a_failed_submit_does_not_record_consent_it_did_not_store(client, applicant, draft):
    client.force_login(applicant)

    response = _post(client, draft, "submit", consent=None)

    assert response.status_code == 200
    assert not ConsentRecord.objects.exists()
