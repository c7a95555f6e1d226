"""The deadline is judged at the instant the request arrived, and a late submit keeps its text."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import State
from tests.applications import slow_request
from tests.applications.helpers import mentee_answers
from tests.factories import ApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(settings, clock):
    """Requests wait 2 s between arriving and reaching the view (a busy worker, a lock)."""
    settings.MIDDLEWARE = [
        settings.MIDDLEWARE[0],
        "tests.applications.slow_request.WaitMiddleware",
        *settings.MIDDLEWARE[1:],
    ]
    slow_request.WAIT.update(clock=clock, by=timedelta(seconds=2))
    yield clock
    slow_request.WAIT.update(clock=None, by=timedelta(0))


@pytest.fixture
def deadline():
    return timezone.now().replace(microsecond=0) + timedelta(days=1)


@pytest.fixture
def draft(applicant, deadline):
    round_ = RoundFactory(anchor=deadline - timedelta(days=15))
    return ApplicationFactory(round=round_, applicant=applicant, draft=True, motivation="Mitt utkast")


def test_a_submit_that_arrived_before_the_deadline_is_accepted_and_stamped_then(
    client, applicant, draft, deadline, waiting
):
    client.force_login(applicant)
    arrived = waiting.freeze(deadline - timedelta(milliseconds=400))

    response = client.post(reverse("applications:submit", args=[draft.pk]), mentee_answers())

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.state == State.SUBMITTED
    assert draft.submitted_at == arrived


def test_a_draft_saved_just_before_the_deadline_is_kept(client, applicant, draft, deadline, waiting):
    client.force_login(applicant)
    waiting.freeze(deadline - timedelta(milliseconds=400))

    response = client.post(reverse("applications:edit", args=[draft.pk]), mentee_answers(motivation="Sparat"))

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.motivation == "Sparat"


def test_a_late_submit_is_refused_and_keeps_the_text_just_typed_as_the_draft(
    client, applicant, draft, deadline, clock
):
    client.force_login(applicant)
    clock.freeze(deadline + timedelta(seconds=1))

    response = client.post(
        reverse("applications:submit", args=[draft.pk]), mentee_answers(motivation="Skrivet i sista stund")
    )

    draft.refresh_from_db()
    assert response.status_code == 403
    assert (draft.state, draft.motivation) == (State.DRAFT, "Skrivet i sista stund")
    assert "Skrivet i sista stund" in response.content.decode()


def test_a_late_resubmit_of_a_submitted_application_changes_nothing(client, applicant, deadline, clock):
    round_ = RoundFactory(anchor=deadline - timedelta(days=15))
    application = ApplicationFactory(round=round_, applicant=applicant, motivation="Inskickad")
    client.force_login(applicant)
    clock.freeze(deadline + timedelta(seconds=1))

    client.post(reverse("applications:submit", args=[application.pk]), mentee_answers(motivation="Sent"))

    application.refresh_from_db()
    assert (application.state, application.motivation) == (State.SUBMITTED, "Inskickad")
