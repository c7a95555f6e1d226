import json

import pytest
from django.urls import reverse

from applications.models import State, StateChange
from notifications.models import Notification
from privacy.models import ConsentRecord
from privacy.services.consent import record_consent
from tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    PairFactory,
    SurveyResponseFactory,
    UserFactory,
)
from tests.factories.privacy import ConsentRecordFactory

pytestmark = pytest.mark.django_db


def _export(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_export_contains_all_of_my_data(client, applicant, other_applicant):
    application = ApplicationFactory(applicant=applicant, phone="070-111 22 33", motivation="Min motivering")
    StateChange.objects.create(application=application, from_state="draft", to_state="submitted")
    pair = PairFactory(mentee_application__applicant=applicant, mentor_application__applicant=other_applicant)
    MeetingFactory(pair=pair, logged_by=other_applicant, private_note="Vår gemensamma anteckning")
    SurveyResponseFactory(pair=pair, role="mentee", learned="Mitt svar")
    ConsentRecordFactory(user=applicant, program=application.round.program, notice_version="3")
    Notification.objects.create(key="k1", to=applicant.email, template="x", subject="Välkommen")

    data = _export(client, applicant)

    assert data["user"]["email"] == applicant.email
    mine = next(a for a in data["applications"] if a["id"] == application.pk)
    assert mine["phone"] == "070-111 22 33"
    assert mine["motivation"] == "Min motivering"
    assert [(h["from"], h["to"]) for h in mine["history"]] == [("draft", "submitted")]
    assert data["pairs"][0]["my_role"] == "mentee"
    assert data["pairs"][0]["meetings"][0]["private_note"] == "Vår gemensamma anteckning"
    [survey] = data["pairs"][0]["survey_answers"]
    assert {a["key"]: a["answer"] for a in survey["answers"]} == {
        "satisfaction": 4,
        "changed_perspective": 4,
        "recommend": 9,
        "learned": "Mitt svar",
    }
    assert survey["answers"][-1]["question"] == "Vad jag har lärt mig"
    assert {c["notice_version"] for c in data["consents"]} >= {"3", application.consent_version}
    assert [e["subject"] for e in data["emails_sent_to_me"]] == ["Välkommen"]


def test_export_contains_nothing_of_anyone_else(client, applicant, other_applicant):
    other_application = ApplicationFactory(
        applicant=other_applicant, mentor=True, accepted=True, phone="073-999 88 77", motivation="HEMLIG"
    )
    pair = PairFactory(
        round=other_application.round,
        mentor_application=other_application,
        mentee_application__applicant=applicant,
    )
    SurveyResponseFactory(pair=pair, role="mentor", learned="Mentorns svar")
    ConsentRecordFactory(user=other_applicant)
    Notification.objects.create(key="k2", to=other_applicant.email, template="x", subject="Till någon annan")

    text = json.dumps(_export(client, applicant), ensure_ascii=False)

    assert other_applicant.full_name in text  # the other person of a pair: name only
    for secret in (other_applicant.email, "073-999 88 77", "HEMLIG", "Mentorns svar", "Till någon annan"):
        assert secret not in text


def test_export_hides_a_decision_not_yet_released(client, applicant):
    application = ApplicationFactory(applicant=applicant, state=State.REJECTED, notified_state="")
    StateChange.objects.create(application=application, from_state="submitted", to_state="rejected")

    data = _export(client, applicant)

    assert data["applications"][0]["state"] == "submitted"
    assert data["applications"][0]["history"] == []


def test_consent_from_an_application_is_derived_once_in_the_ledger(client, applicant):
    application = ApplicationFactory(applicant=applicant, consent_version="2")
    record_consent(
        program=application.round.program,
        notice_version="2",
        user=applicant,
        context=ConsentRecord.Context.APPLICATION,
        object_id=application.pk,
    )

    data = _export(client, applicant)

    assert [(c["context"], c["object_id"]) for c in data["consents"]] == [("application", application.pk)]


def test_record_consent_is_idempotent_per_occasion(applicant, round_):
    first = record_consent(program=round_.program, notice_version="1", user=applicant, object_id=5)
    again = record_consent(program=round_.program, notice_version="1", user=applicant, object_id=5)
    newer = record_consent(program=round_.program, notice_version="2", user=applicant, object_id=5)

    assert first == again
    assert newer != first
    assert first.email == applicant.email


def test_my_data_page_needs_sign_in(client):
    response = client.get(reverse("privacy:my_data"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_my_data_page_shows_only_my_applications(client, applicant, other_applicant):
    ApplicationFactory(applicant=other_applicant, full_name="Annan Person")
    ApplicationFactory(applicant=applicant)
    client.force_login(applicant)

    response = client.get(reverse("privacy:my_data"))

    assert response.status_code == 200
    assert "Annan Person" not in response.content.decode()
    assert other_applicant.email not in response.content.decode()


def test_export_of_a_person_without_data_is_valid(client):
    data = _export(client, UserFactory())

    assert data["applications"] == [] and data["pairs"] == []
