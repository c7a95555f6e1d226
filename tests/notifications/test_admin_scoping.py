"""The outbox for coordinators: the e-mails of their own programs, never a signed link.

A coordinator sees and retries the e-mails sent for the programs they coordinate; another
program's e-mails, and e-mails sent for no program (sign-in links), are out of reach; a lead
does not read other people's e-mail at all.
"""

import pytest
from django.urls import reverse

from accounts.services import send_sign_in_link
from notifications.models import Notification
from tests.admin_scoping import assert_outsider_sees_nothing, assert_reviewer_refused, url
from tests.factories import ApplicationFactory, StaffFactory, UserFactory

LABEL = "notifications.notification"
SECRET = "https://testserver/pairs/7/confirm/eyJzZWNyZXQiOnRydWV9:token-that-signs-in/"


def row(program, *, to="greta@example.org", status="failed", **fields) -> Notification:
    return Notification.objects.create(
        key=f"test:{to}:{status}:{Notification.objects.count()}",
        to=to,
        template="decision_accepted",
        subject="Välkommen till programmet",
        context={"link": SECRET, "name": "Greta"},
        program=program,
        status=status,
        attempts=3 if status == "failed" else 1,
        last_error="550 5.1.1 <greta@example.org>: mailbox unavailable" if status == "failed" else "",
        **fields,
    )


@pytest.fixture
def notification(round_):
    return row(round_.program)


def test_a_coordinator_sees_the_e_mails_of_their_program_with_state_attempts_and_error(
    client, coordinator, notification
):
    client.force_login(coordinator)

    listing = client.get(url(LABEL, "changelist"))
    page = client.get(url(LABEL, "change", notification.pk))

    assert listing.status_code == 200 and list(listing.context["cl"].result_list) == [notification]
    text = listing.content.decode()
    assert "greta@example.org" in text and "Misslyckades" in text and "550 5.1.1" in text
    assert "Beslut: antagen" in text or "antagen" in text.lower()  # the kind by its name
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert url(LABEL, "changelist") in client.get("/admin/").content.decode()


def test_no_outbox_page_shows_a_signed_link(client, coordinator, notification):
    client.force_login(coordinator)
    pages = [
        client.get(url(LABEL, "changelist")),
        client.get(url(LABEL, "change", notification.pk)),
        client.get(url(LABEL, "changelist") + "?q=greta"),
    ]
    for response in pages:
        assert response.status_code == 200
        assert "token-that-signs-in" not in response.content.decode()
        assert notification.key not in response.content.decode()


def test_another_programs_coordinator_sees_none_of_it(client, other_coordinator, notification):
    client.force_login(other_coordinator)

    assert_outsider_sees_nothing(client, LABEL, notification)


def test_a_reviewer_cannot_open_the_outbox(client, reviewer, notification):
    client.force_login(reviewer)

    assert_reviewer_refused(client, LABEL, notification)


def test_a_lead_cannot_open_the_outbox(client, lead, notification):
    client.force_login(lead)

    assert client.get(url(LABEL, "changelist")).status_code == 403
    assert client.get(url(LABEL, "change", notification.pk)).status_code == 404
    assert url(LABEL, "changelist") not in client.get("/admin/").content.decode()


def test_sign_in_links_are_for_no_program_and_no_coordinator_sees_them(
    client, coordinator, django_capture_on_commit_callbacks
):
    UserFactory(email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        send_sign_in_link("anna@example.org")
    sign_in = Notification.objects.get(template="sign_in_link")
    client.force_login(coordinator)

    assert client.get(url(LABEL, "changelist")).context["cl"].result_count == 0
    assert client.get(url(LABEL, "change", sign_in.pk)).status_code == 404


def test_a_coordinator_retries_their_programs_failed_e_mail_and_only_theirs(
    client, coordinator, notification, other_coordinator, django_capture_on_commit_callbacks
):
    elsewhere = row(other_coordinator.program_memberships.get().program, to="olle@example.org")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            url(LABEL, "changelist"),
            {"action": "retry_failed", "_selected_action": [notification.pk, elsewhere.pk]},
            follow=True,
        )

    notification.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (notification.status, notification.attempts) == ("pending", 0)
    assert elsewhere.status == "failed"
    assert "1 e-post" in response.content.decode() or "1 mejl" in response.content.decode()


def test_the_application_page_lists_the_persons_e_mails_and_links_to_them(client, coordinator, round_):
    application = ApplicationFactory(round=round_, email="greta@example.org")
    mine = row(round_.program, status="sent")
    row(round_.program, to="someone.else@example.org")
    client.force_login(coordinator)

    page = client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert [r for r, _label in page.context["emails"]] == [mine]
    listing = client.get(page.context["emails_link"])

    assert list(listing.context["cl"].result_list) == [mine]
    assert "greta@example.org" not in page.context["emails_link"]


def test_the_person_filter_gives_nothing_for_an_application_of_another_program(
    client, other_coordinator, round_
):
    application = ApplicationFactory(round=round_, email="greta@example.org")
    row(round_.program)
    client.force_login(other_coordinator)

    listing = client.get(url(LABEL, "changelist") + f"?application={application.pk}")

    assert listing.context["cl"].result_count == 0


def test_superuser_sees_every_row_but_never_the_context(client, notification):
    client.force_login(StaffFactory(superuser=True))

    page = client.get(url(LABEL, "change", notification.pk))

    assert page.status_code == 200 and "token-that-signs-in" not in page.content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_outbox_changelist_query_count_does_not_grow(
    client, coordinator, round_, rows, django_assert_num_queries
):
    for number in range(rows):
        row(round_.program, to=f"p{number}@example.org")
    client.force_login(coordinator)
    client.get(url(LABEL, "changelist"))
    with django_assert_num_queries(9):
        response = client.get(url(LABEL, "changelist"))
    assert response.context["cl"].result_count == rows
    assert all(f"p{number}@example.org" in response.content.decode() for number in range(rows))
