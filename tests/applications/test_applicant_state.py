"""One owner for what an applicant may see of their application, and for "decision pending"."""

import pytest
from django.urls import reverse

from applications.models import Application, State
from reminders.selectors import screening_backlog
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_page_and_export_agree_on_a_released_waitlist_with_an_acceptance_pending(client, applicant, round_):
    """Told "waitlisted", then accepted but not told yet: both say "waitlisted"."""
    application = ApplicationFactory(
        round=round_, applicant=applicant, state=State.ACCEPTED, notified_state=State.WAITLISTED
    )
    client.force_login(applicant)

    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    [exported] = client.get(reverse("privacy:export")).json()["applications"]

    assert "På väntelistan" in page
    assert "Antagen" not in page
    assert "Inskickad – under granskning" not in page
    assert exported["state"] == State.WAITLISTED


@pytest.mark.parametrize(
    ("state", "notified", "pending"),
    [
        (State.SUBMITTED, "", False),
        (State.ACCEPTED, "", True),
        (State.ACCEPTED, State.WAITLISTED, True),
        (State.ACCEPTED, State.ACCEPTED, False),
        (State.WITHDRAWN, State.ACCEPTED, False),
    ],
)
def test_pending_decision_is_the_same_in_python_and_in_the_database(round_, state, notified, pending):
    application = ApplicationFactory(round=round_, state=state, notified_state=notified)

    assert application.decision_pending is pending
    assert list(Application.objects.decision_pending()) == ([application] if pending else [])
    assert screening_backlog(round_)["unreleased"] == int(pending)
