import pytest
from django.test import Client
from django.urls import reverse

from applications.models import State, StateChange
from tests.factories import ApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db

MINE = reverse("applications:mine")


def test_my_applications_needs_sign_in(client):
    response = client.get(MINE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_lists_only_my_applications_with_state_in_words(client, applicant, other_applicant, round_):
    ApplicationFactory(round=round_, applicant=applicant, draft=True)
    ApplicationFactory(round=round_, applicant=other_applicant, full_name="Någon Annan")
    client.force_login(applicant)

    page = client.get(MINE).content.decode()

    assert "Utkast – inte inskickad än" in page
    assert "Någon Annan" not in page
    assert page.count('class="card mb-3"') == 1


def test_shows_dates_and_allowed_actions(client, applicant, round_):
    application = ApplicationFactory(round=round_, applicant=applicant)
    client.force_login(applicant)

    page = client.get(MINE).content.decode()

    assert "Beslut väntas senast" in page
    assert "Paren presenteras senast" in page
    assert reverse("applications:edit", kwargs={"pk": application.pk}) in page
    assert reverse("applications:withdraw", kwargs={"pk": application.pk}) in page


@pytest.mark.parametrize("decision", [State.ACCEPTED, State.REJECTED, State.WAITLISTED])
def test_unreleased_decision_shows_as_under_review(client, applicant, decision):
    round_ = RoundFactory()
    ApplicationFactory(round=round_, applicant=applicant, state=decision, notified_state="")
    client.force_login(applicant)

    page = client.get(MINE).content.decode()

    assert "Inskickad – under granskning" in page
    for word in ["Antagen", "Inte utvald", "väntelistan"]:
        assert word not in page
    assert "/withdraw/" not in page


def test_released_decision_is_shown(client, applicant, round_):
    ApplicationFactory(round=round_, applicant=applicant, accepted=True, notified_state=State.ACCEPTED)
    client.force_login(applicant)

    page = client.get(MINE).content.decode()

    assert "Antagen" in page


def test_detail_hides_an_unreleased_decision(client, applicant, round_):
    application = ApplicationFactory(round=round_, applicant=applicant, rejected=True, notified_state="")
    client.force_login(applicant)

    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()

    assert "Inskickad – under granskning" in page
    assert "Inte utvald" not in page


@pytest.mark.parametrize("rows", [1, 3])
def test_query_count_does_not_grow_with_applications(client, applicant, django_assert_num_queries, rows):
    rounds = [ApplicationFactory(applicant=applicant, round=RoundFactory()).round for _ in range(rows)]
    client.force_login(applicant)

    with django_assert_num_queries(4):  # session, user, applications with round and program, my pairs
        response = client.get(MINE)

    assert all(round_.name in response.content.decode() for round_ in rounds)


# Withdraw


def test_withdraw_asks_for_confirmation_first(client, applicant, round_):
    application = ApplicationFactory(round=round_, applicant=applicant)
    client.force_login(applicant)

    response = client.get(reverse("applications:withdraw", kwargs={"pk": application.pk}))

    application.refresh_from_db()
    assert response.status_code == 200
    assert application.state == State.SUBMITTED


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.WAITLISTED, State.ACCEPTED])
def test_withdraw_from_every_open_state(client, applicant, round_, state):
    application = ApplicationFactory(round=round_, applicant=applicant, state=state, notified_state=state)
    client.force_login(applicant)

    response = client.post(reverse("applications:withdraw", kwargs={"pk": application.pk}))

    application.refresh_from_db()
    assert response.status_code == 302
    assert application.state == State.WITHDRAWN
    assert application.withdrawn_at is not None
    assert StateChange.objects.get().to_state == State.WITHDRAWN


@pytest.mark.parametrize("state", [State.REJECTED, State.WITHDRAWN])
def test_withdraw_is_refused_after_a_final_state(client, applicant, round_, state):
    application = ApplicationFactory(round=round_, applicant=applicant, state=state, notified_state=state)
    client.force_login(applicant)

    client.post(reverse("applications:withdraw", kwargs={"pk": application.pk}))

    application.refresh_from_db()
    assert application.state == state
    assert not StateChange.objects.exists()


def test_withdraw_is_refused_while_a_decision_is_pending(client, applicant, round_):
    application = ApplicationFactory(round=round_, applicant=applicant, accepted=True, notified_state="")
    client.force_login(applicant)

    response = client.post(reverse("applications:withdraw", kwargs={"pk": application.pk}), follow=True)

    application.refresh_from_db()
    assert application.state == State.ACCEPTED
    assert "granskas" in response.content.decode()


# Another user


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("detail", "get"),
        ("edit", "get"),
        ("edit", "post"),
        ("submit", "post"),
        ("withdraw", "get"),
        ("withdraw", "post"),
    ],
)
def test_another_user_gets_404(client, applicant, other_applicant, round_, name, method):
    application = ApplicationFactory(round=round_, applicant=applicant, draft=True)
    client.force_login(other_applicant)

    response = getattr(client, method)(reverse(f"applications:{name}", kwargs={"pk": application.pk}))

    application.refresh_from_db()
    assert response.status_code == 404
    assert application.state == State.DRAFT


def test_withdraw_without_csrf_token_is_refused(applicant, round_):
    application = ApplicationFactory(round=round_, applicant=applicant)
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)

    response = client.post(reverse("applications:withdraw", kwargs={"pk": application.pk}))

    application.refresh_from_db()
    assert response.status_code == 403
    assert application.state == State.SUBMITTED
