"""The deadline, to the second in Swedish time, also across a daylight-saving change."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import State
from applications.services.submission import ApplicationClosed, is_editable, save_draft, submit_application
from mentorship.timezones import STOCKHOLM
from tests.factories import ApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)


def round_with_mentee_deadline(deadline):
    return RoundFactory(anchor=deadline - timedelta(days=15))


def answers():
    return {"motivation": "Klar", "languages": ["sv"]}


@pytest.mark.parametrize(
    "deadline",
    [
        datetime(2026, 3, 15, 23, 59, 59, tzinfo=STOCKHOLM),  # winter time
        datetime(2026, 6, 1, 12, 0, tzinfo=STOCKHOLM),  # summer time
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 CEST, the first of the two 02:30s
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 02:30 CET, the second one
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 03:00 CEST, the clock jumps over 02:00-03:00
    ],
)
def test_open_one_second_before_and_closed_at_and_after(deadline):
    application = ApplicationFactory(round=round_with_mentee_deadline(deadline), draft=True)

    assert is_editable(application, deadline - SECOND)
    assert not is_editable(application, deadline)
    assert not is_editable(application, deadline + SECOND)


def test_both_stockholm_half_past_two_on_dst_night_are_an_hour_apart():
    first = datetime(2026, 10, 25, 2, 30, tzinfo=STOCKHOLM, fold=0)
    second = datetime(2026, 10, 25, 2, 30, tzinfo=STOCKHOLM, fold=1)
    application = ApplicationFactory(round=round_with_mentee_deadline(first), draft=True)

    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert first.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    # A deadline at the first 02:30 has closed by the second 02:30.
    assert not is_editable(application, second)
    assert is_editable(application, first - SECOND)


def test_submit_one_second_before_the_deadline_succeeds():
    deadline = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    application = ApplicationFactory(round=round_with_mentee_deadline(deadline), draft=True)

    submit_application(application, answers=answers(), at=deadline - SECOND)

    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.submitted_at == deadline - SECOND


def test_submit_one_second_after_the_deadline_keeps_the_draft():
    deadline = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    application = ApplicationFactory(
        round=round_with_mentee_deadline(deadline), draft=True, motivation="Utkast"
    )

    with pytest.raises(ApplicationClosed):
        submit_application(application, answers={"motivation": "Sent"}, at=deadline + SECOND)

    application.refresh_from_db()
    assert (application.state, application.motivation) == (State.DRAFT, "Utkast")


def test_save_draft_at_the_deadline_is_refused():
    deadline = datetime(2026, 3, 15, 23, 59, 59, tzinfo=STOCKHOLM)
    application = ApplicationFactory(
        round=round_with_mentee_deadline(deadline), draft=True, motivation="Utkast"
    )

    with pytest.raises(ApplicationClosed):
        save_draft(application, answers={"motivation": "Sent"}, at=deadline)

    application.refresh_from_db()
    assert application.motivation == "Utkast"


def test_mentor_and_mentee_deadlines_are_separate():
    round_ = RoundFactory()
    round_.mentor_deadline = round_.mentee_deadline - timedelta(days=3)
    round_.save()
    mentor = ApplicationFactory(round=round_, mentor=True, draft=True)
    mentee = ApplicationFactory(round=round_, draft=True)
    between = round_.mentor_deadline + SECOND

    assert not is_editable(mentor, between)
    assert is_editable(mentee, between)


# Through the pages


@pytest.fixture
def late_draft(applicant):
    closed = round_with_mentee_deadline(timezone.now() - timedelta(hours=1))
    return ApplicationFactory(round=closed, applicant=applicant, draft=True, motivation="Mitt utkast")


def test_late_submit_is_refused_with_a_message_and_keeps_the_typed_text_as_draft(
    client, applicant, late_draft
):
    client.force_login(applicant)

    response = client.post(
        reverse("applications:submit", kwargs={"pk": late_draft.pk}), {"motivation": "Försent"}
    )

    late_draft.refresh_from_db()
    assert response.status_code == 403
    assert "Sista ansökningsdag har passerat" in response.content.decode()
    assert (late_draft.state, late_draft.motivation) == (State.DRAFT, "Försent")


def test_late_save_draft_is_refused_and_keeps_the_draft(client, applicant, late_draft):
    client.force_login(applicant)

    response = client.post(reverse("applications:edit", kwargs={"pk": late_draft.pk}), {"motivation": "X"})

    late_draft.refresh_from_db()
    assert response.status_code == 403
    assert late_draft.motivation == "Mitt utkast"


def test_form_is_read_only_after_the_deadline(client, applicant, late_draft):
    client.force_login(applicant)

    page = client.get(reverse("applications:edit", kwargs={"pk": late_draft.pk})).content.decode()

    assert "Mitt utkast" in page
    assert 'formaction="' not in page
    assert "disabled" in page


def test_late_edit_of_submitted_application_is_refused(client, applicant):
    closed = round_with_mentee_deadline(timezone.now() - timedelta(minutes=5))
    application = ApplicationFactory(round=closed, applicant=applicant, motivation="Inskickad")
    client.force_login(applicant)

    response = client.post(reverse("applications:edit", kwargs={"pk": application.pk}), {"motivation": "X"})

    application.refresh_from_db()
    assert response.status_code == 403
    assert (application.state, application.motivation) == (State.SUBMITTED, "Inskickad")
