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


def test_sweep_settles_the_rows_of_a_dead_delivery(db, mailoutbox):
    never_handed = row("never-handed", Notification.Status.SENDING)
    handed = row("handed", Notification.Status.SENDING, handed_over_at=timezone.now())
    age(never_handed, 30)
    age(handed, 30)
    busy = row("busy", Notification.Status.SENDING, sending_since=timezone.now())

    tasks.sweep_pending.apply()

    assert [m.to for m in mailoutbox] == [["never-handed@example.org"]]
    statuses = dict(Notification.objects.values_list("key", "status"))
    assert statuses == {"never-handed": "sent", "handed": "uncertain", "busy": "sending"}
    assert busy.pk


def test_maybe_sent_rows_are_shown_and_filtered_in_the_admin(admin_client, db):
    row("uncertain", Notification.Status.UNCERTAIN)
    row("busy", Notification.Status.SENDING, sending_since=timezone.now())

    url = reverse("admin:notifications_notification_changelist")
    response = admin_client.get(url, {"status__exact": "uncertain"})

    assert [n.key for n in response.context["cl"].result_list] == ["uncertain"]
    assert "Kanske skickat" in response.content.decode()


def test_retry_action_resends_failed_and_maybe_sent_rows_but_not_rows_being_sent(
    admin_client, db, mailoutbox, django_capture_on_commit_callbacks
):
    uncertain = row("uncertain", Notification.Status.UNCERTAIN, attempts=1)
    failed = row("failed", Notification.Status.FAILED, attempts=9)
    busy = row("busy", Notification.Status.SENDING, sending_since=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "retry_failed", "_selected_action": [uncertain.pk, failed.pk, busy.pk]},
        )

    statuses = dict(Notification.objects.values_list("key", "status"))
    assert statuses == {"uncertain": "sent", "failed": "sent", "busy": "sending"}
    assert sorted(m.to[0] for m in mailoutbox) == ["failed@example.org", "uncertain@example.org"]


@pytest.mark.parametrize("rows", [1, 3])
def test_outbox_list_query_count_does_not_grow(admin_client, django_assert_num_queries, rows):
    for n in range(rows):
        row(f"r{n}")

    with django_assert_num_queries(9):
        response = admin_client.get(reverse("admin:notifications_notification_changelist"))
    assert response.context["cl"].result_count == rows


def test_celery_settings_hold_under_failure():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]

    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_time_limit < visibility
    assert tasks.send_notifications.acks_late and tasks.send_notifications.max_retries == 8
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["mentorship.tick"] == 15 * 60  # reminders, pair moves, retention
    assert schedule["notifications.sweep_pending"] == 5 * 60
