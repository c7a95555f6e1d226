import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse

from applications.models import Application, State
from matching.models import Pair
from notifications.models import Notification
from pairs.models import Meeting
from privacy.services.erasure import delete_account
from tests.factories import ApplicationFactory, MeetingFactory, PairFactory, SurveyResponseFactory
from tests.factories.privacy import ConsentRecordFactory

pytestmark = pytest.mark.django_db


def _round_counts(round_):
    return (
        list(
            Application.objects.filter(round=round_)
            .values("role", "state")
            .annotate(n=Count("pk"))
            .order_by("role", "state")
        ),
        list(Pair.objects.filter(round=round_).values("state").annotate(n=Count("pk")).order_by("state")),
        Meeting.objects.filter(pair__round=round_).count(),
    )


def _delete(client, user, **overrides):
    client.force_login(user)
    data = {"email": user.email, "understood": "on", **overrides}
    return client.post(reverse("privacy:delete"), data)


def test_deletion_leaves_the_rounds_counts_unchanged(client, applicant, other_applicant, round_):
    pair = PairFactory(round=round_, mentee_application__applicant=applicant)
    ApplicationFactory(round=round_, applicant=applicant, mentor=True, rejected=True)
    ApplicationFactory(round=round_, applicant=other_applicant)
    MeetingFactory(pair=pair, logged_by=applicant)
    before = _round_counts(round_)

    _delete(client, applicant)

    assert _round_counts(round_) == before


def test_deletion_removes_personal_fields_and_the_user(client, applicant, other_applicant):
    application = ApplicationFactory(applicant=applicant, phone="070-1", motivation="Mitt skäl")
    pair = PairFactory(mentee_application=application, round=application.round)
    mine = MeetingFactory(pair=pair, logged_by=applicant, private_note="min anteckning")
    theirs = MeetingFactory(pair=pair, logged_by=other_applicant, private_note="deras anteckning")
    answer = SurveyResponseFactory(
        pair=pair, role="mentee", learned="mitt svar", quote="citat", quote_consent=True
    )
    consent = ConsentRecordFactory(user=applicant)

    response = _delete(client, applicant)

    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.applicant, application.full_name, application.email, application.phone) == (
        None,
        "",
        "",
        "",
    )
    assert application.motivation == "" and application.anonymised_at is not None
    assert application.state == State.SUBMITTED
    assert not get_user_model().objects.filter(email="applicant@example.org").exists()
    mine.refresh_from_db(), theirs.refresh_from_db(), answer.refresh_from_db(), consent.refresh_from_db()
    assert (mine.private_note, theirs.private_note) == ("", "deras anteckning")
    assert sorted(
        answer.answers.exclude(number__isnull=False).values_list("question__key", "text", "consent")
    ) == [
        ("learned", "", False),
        ("quote", "", False),
    ]
    assert (consent.user, consent.email) == (None, "")
    assert consent.anonymised_at is not None


def test_deletion_signs_out_and_confirms_by_email_to_the_old_address(
    client, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _delete(client, applicant)

    assert response["Location"] == reverse("programs:home")
    assert [m.to for m in mailoutbox] == [["applicant@example.org"]]
    assert "raderat" in mailoutbox[0].subject
    assert client.get(reverse("privacy:my_data")).status_code == 302  # signed out


def test_deletion_forgets_the_address_in_the_outbox(applicant):
    Notification.objects.create(key="old", to=applicant.email, template="x", status="sent", context={"n": 1})
    Notification.objects.create(key="later", to=applicant.email, template="x", status="pending")

    confirmation = delete_account(applicant)

    assert set(Notification.objects.exclude(pk=confirmation.pk).values_list("to", "status")) == {
        ("", "sent"),
        ("", "failed"),
    }
    assert Notification.objects.get(pk=confirmation.pk).to == "applicant@example.org"


def test_deletion_needs_the_typed_address(client, applicant):
    response = _delete(client, applicant, email="fel@example.org")

    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=applicant.pk).exists()


def test_staff_cannot_delete_themselves_here(client, coordinator):
    response = _delete(client, coordinator)

    assert response.status_code == 302
    assert get_user_model().objects.filter(pk=coordinator.pk).exists()


def test_deletion_leaves_other_applicants_alone(client, applicant, other_applicant):
    other = ApplicationFactory(applicant=other_applicant)

    _delete(client, applicant)

    other.refresh_from_db()
    assert other.full_name == other_applicant.full_name and other.anonymised_at is None
