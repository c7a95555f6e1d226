"""A database error while saving or submitting: a clear message, the form keeps every typed value.

The database is an outside boundary: `connection.execute_wrapper` makes the write of the
application fail with a real `OperationalError`, as a dropped connection or a lock timeout would.
"""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from applications.demo import founding_questions
from applications.models import State
from mentorship.db_errors import DATABASE_ERROR_MESSAGE
from notifications.models import Notification
from privacy.models import ConsentRecord
from tests.factories import ApplicationFactory

from .helpers import mentee_answers

pytestmark = pytest.mark.django_db

TYPED = mentee_answers(
    full_name="Ingrid Påhittad",
    phone="070-123 45 67",
    title="Förvaltningschef",
    organisation_name="Exempelkommunen",
    industry="Offentlig sektor",
    q_years_as_leader="12",
    motivation="Jag vill lära mig hur unga ledare tänker.",
    want_to_learn="Sociala medier och nya arbetssätt.",
    can_offer="Tjugo år av ledarskap i kommunen.",
    municipality="Vetlanda",
    languages=["en"],
    meeting_format="remote",
    availability=["tue_pm", "wed_am"],
)


@contextmanager
def application_writes_fail():
    """Every INSERT/UPDATE of an application raises OperationalError, like a lost database."""

    def refuse(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("UPDATE", "INSERT")) and '"applications_application"' in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def draft(applicant, round_):
    founding_questions(round_.program)
    return ApplicationFactory(
        round=round_,
        applicant=applicant,
        draft=True,
        full_name="",
        title="",
        motivation="",
        consent_at=None,
        consent_version="",
        is_eligible=None,
    )


def _assert_everything_typed_is_shown(html: str) -> None:
    for name in ("full_name", "phone", "title", "organisation_name", "industry", "municipality"):
        assert f'name="{name}" value="{TYPED[name]}"' in html, name
    assert 'name="q_years_as_leader" value="12"' in html
    for name in ("motivation", "want_to_learn", "can_offer"):
        assert f">{TYPED[name]}</textarea>" in html.replace("\n", ""), name
    for name in ("languages", "availability"):
        for value in TYPED[name]:
            assert f'name="{name}" value="{value}"' in html and _checked(html, name, value), (name, value)
    assert _checked(html, "meeting_format", "remote")
    assert not _checked(html, "meeting_format", "either")
    assert _checked(html, "consent", None)
    assert '<option value="other" selected>' in html


def _checked(html: str, name: str, value: str | None) -> bool:
    """Whether the input with this name (and value) carries `checked`."""
    for tag in html.split("<input")[1:]:
        tag = tag.split(">", 1)[0]
        if f'name="{name}"' in tag and (value is None or f'value="{value}"' in tag):
            return " checked" in tag
    raise AssertionError(f"no input {name}={value}")


def test_database_error_on_submit_shows_a_message_and_keeps_every_typed_value(
    client, applicant, draft, django_capture_on_commit_callbacks
):
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True), application_writes_fail():
        response = client.post(reverse("applications:submit", kwargs={"pk": draft.pk}), TYPED)

    assert response.status_code == 503
    html = response.content.decode()
    assert str(DATABASE_ERROR_MESSAGE) in html
    _assert_everything_typed_is_shown(html)
    draft.refresh_from_db()
    assert (draft.state, draft.submitted_at, draft.full_name) == (State.DRAFT, None, "")
    assert not Notification.objects.exists()  # no confirmation for a submit that did not happen
    assert not ConsentRecord.objects.exists()


def test_database_error_on_save_draft_shows_a_message_and_keeps_every_typed_value(client, applicant, draft):
    client.force_login(applicant)

    with application_writes_fail():
        response = client.post(reverse("applications:edit", kwargs={"pk": draft.pk}), TYPED)

    assert response.status_code == 503
    html = response.content.decode()
    assert str(DATABASE_ERROR_MESSAGE) in html
    _assert_everything_typed_is_shown(html)
    draft.refresh_from_db()
    assert draft.full_name == ""


def test_database_error_on_editing_a_submitted_application_keeps_the_edit_on_screen(
    client, applicant, round_
):
    application = ApplicationFactory(round=round_, applicant=applicant, full_name="Gammalt Namn")
    client.force_login(applicant)

    with application_writes_fail():
        response = client.post(reverse("applications:submit", kwargs={"pk": application.pk}), TYPED)

    assert response.status_code == 503
    assert 'name="full_name" value="Ingrid Påhittad"' in response.content.decode()
    application.refresh_from_db()
    assert application.full_name == "Gammalt Namn"


def test_pressing_submit_again_after_the_database_recovers_submits(client, applicant, draft):
    client.force_login(applicant)
    with application_writes_fail():
        client.post(reverse("applications:submit", kwargs={"pk": draft.pk}), TYPED)

    response = client.post(reverse("applications:submit", kwargs={"pk": draft.pk}), TYPED)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.full_name) == (State.SUBMITTED, "Ingrid Påhittad")


def test_database_error_while_keeping_a_failed_submit_as_draft_still_shows_the_errors(
    client, applicant, draft
):
    client.force_login(applicant)

    with application_writes_fail():
        response = client.post(
            reverse("applications:submit", kwargs={"pk": draft.pk}), {**TYPED, "motivation": ""}
        )

    assert response.status_code == 200
    html = response.content.decode()
    assert str(DATABASE_ERROR_MESSAGE) in html
    assert 'id="form-error"' in html
    assert 'name="full_name" value="Ingrid Påhittad"' in html
