"""The outbox is for superusers only: a row knows its address, not its program."""

import pytest

from notifications.models import Notification
from tests.admin_scoping import url
from tests.factories import StaffFactory


@pytest.fixture
def notification(db):
    return Notification.objects.create(key="k1", to="greta@example.org", template="decision", status="failed")


@pytest.mark.parametrize("who", ["coordinator", "lead"])
def test_program_staff_cannot_open_the_outbox(client, request, notification, who):
    client.force_login(request.getfixturevalue(who))
    label = "notifications.notification"
    assert client.get(url(label, "changelist")).status_code == 403
    assert client.get(url(label, "change", notification.pk)).status_code == 403
    assert url(label, "changelist") not in client.get("/admin/").content.decode()


def test_program_staff_cannot_retry_outbox_e_mails(client, coordinator, notification):
    client.force_login(coordinator)
    client.post(
        url("notifications.notification", "changelist"),
        {"action": "retry_failed", "_selected_action": [notification.pk]},
    )
    notification.refresh_from_db()
    assert notification.status == "failed"


def test_superuser_sees_the_outbox(client, notification):
    client.force_login(StaffFactory(superuser=True))
    assert client.get(url("notifications.notification", "change", notification.pk)).status_code == 200


@pytest.mark.parametrize("rows", [1, 3])
def test_outbox_changelist_query_count_does_not_grow(client, db, rows, django_assert_num_queries):
    for number in range(rows):
        Notification.objects.create(key=f"k{number}", to=f"p{number}@example.org", template="decision")
    client.force_login(StaffFactory(superuser=True))
    client.get(url("notifications.notification", "changelist"))
    with django_assert_num_queries(8):
        response = client.get(url("notifications.notification", "changelist"))
    assert response.context["cl"].result_count == rows
