"""The sweep for pending rows, stuck rows in the admin, and the reliability settings (no broker)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from mentorship.celery import app
from notifications import services, tasks
from notifications.models import Notification


def row(key: str, status=Notification.Status.PENDING, **fields) -> Notification:
    return Notification.objects.create(
        key=key, to=f"{key}@example.org", template="reminder_opening", status=status, **fields
    )


def age(notification: Notification, minutes: int) -> None:
    past = timezone.now() - timedelta(minutes=minutes)
    Notification.objects.filter(pk=notification.pk).update(updated_at=past, sending_since=past)


def test_sweep_sends_old_pending_rows_once_and_leaves_the_rest(db, mailoutbox):
    old = row("old")
    age(old, 10)
    fresh = row("fresh")
    sent = row("sent", Notification.Status.SENT)
    age(sent, 10)

    first = tasks.sweep_pending.apply().get()
    second = tasks.sweep_pending.apply().get()

    assert (first, second) == (1, 0)
    assert [m.to for m in mailoutbox] == [["old@example.org"]]
    assert Notification.objects.get(pk=fresh.pk).status == Notification.Status.PENDING


def test_a_row_being_sent_is_not_sent_again_by_a_second_task(db, mailoutbox):
    notification = row("claimed", Notification.Status.SENDING, sending_since=timezone.now())

    assert services.deliver(notification.pk) is False
    assert mailoutbox == []


def test_stuck_rows_are_shown_and_filtered_in_the_admin(admin_client, db):
    stuck = row("stuck", Notification.Status.SENDING)
    age(stuck, 30)
    row("busy", Notification.Status.SENDING, sending_since=timezone.now())

    response = admin_client.get(reverse("admin:notifications_notification_changelist"), {"delivery": "stuck"})

    assert [n.key for n in response.context["cl"].result_list] == ["stuck"]
    assert "Fastnat (kanske skickat)" in response.content.decode()


def test_retry_action_resends_stuck_rows_but_not_rows_being_sent(
    admin_client, db, mailoutbox, django_capture_on_commit_callbacks
):
    stuck = row("stuck", Notification.Status.SENDING)
    age(stuck, 30)
    busy = row("busy", Notification.Status.SENDING, sending_since=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "retry_failed", "_selected_action": [stuck.pk, busy.pk]},
        )

    assert Notification.objects.get(pk=busy.pk).status == Notification.Status.SENDING
    assert Notification.objects.get(pk=stuck.pk).status == Notification.Status.SENT
    assert [m.to for m in mailoutbox] == [["stuck@example.org"]]


@pytest.mark.parametrize("rows", [1, 3])
def test_outbox_list_query_count_does_not_grow(admin_client, django_assert_num_queries, rows):
    for n in range(rows):
        row(f"r{n}")

    with django_assert_num_queries(8):
        admin_client.get(reverse("admin:notifications_notification_changelist"))


def test_celery_settings_hold_under_failure():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]

    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_time_limit < visibility
    assert tasks.send_notification.acks_late and tasks.send_notification.max_retries == 8
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["reminders.dispatch_due_reminders"] == 15 * 60
    assert schedule["notifications.sweep_pending"] == 5 * 60
