# ruff: noqa: F811 (the smtp_sink fixture is imported and used as an argument)
"""Exactly once against a real SMTP server that drops lines, refuses and takes messages."""

import random
import socket
import threading
import time
from email.header import decode_header, make_header

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import services, tasks
from notifications.models import EmailTemplate, Notification
from notifications.services import queue_email
from tests.factories.programs import ProgramFactory

from .broker import CONTEXT
from .smtp_sink import smtp_sink  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def queue(address: str, key: str | None = None) -> Notification:
    key = key or f"test:{address}"
    return queue_email(key=key, to=address, template="reminder_draft", context=CONTEXT)


def row(notification: Notification) -> Notification:
    return Notification.objects.get(pk=notification.pk)


def send_now(django_capture_on_commit_callbacks, *addresses: str) -> list[Notification]:
    with django_capture_on_commit_callbacks(execute=True):
        return [queue(address) for address in addresses]


def test_line_dropped_after_data_leaves_maybe_sent_and_nothing_resends_it(
    smtp_sink, django_capture_on_commit_callbacks
):
    smtp_sink.faults["a@example.org"] = ["drop-after-data"]

    (notification,) = send_now(django_capture_on_commit_callbacks, "a@example.org")
    tasks.send_notifications.apply(kwargs={"notification_ids": [notification.pk]})  # a redelivery
    services.requeue_pending(older_than=services.PENDING_GRACE * 0)  # the sweep
    services.retry(Notification.objects.filter(status=Notification.Status.SENDING))  # no person yet

    assert smtp_sink.recipients() == ["a@example.org"]
    assert row(notification).status == Notification.Status.UNCERTAIN
    assert row(notification).attempts == 1


def test_line_dropped_before_data_is_retried_and_sent_once(smtp_sink, django_capture_on_commit_callbacks):
    smtp_sink.faults["a@example.org"] = ["drop-before-data"]

    (notification,) = send_now(django_capture_on_commit_callbacks, "a@example.org")

    assert smtp_sink.recipients() == ["a@example.org"]
    assert (row(notification).status, row(notification).attempts) == (Notification.Status.SENT, 2)


def test_temporary_refusal_after_data_is_retried_with_the_same_message_id(
    smtp_sink, django_capture_on_commit_callbacks
):
    smtp_sink.faults["a@example.org"] = ["451"]

    (notification,) = send_now(django_capture_on_commit_callbacks, "a@example.org")

    expected = services.message_id(notification.key)
    assert [m.message_id for m in smtp_sink.attempts] == [expected, expected]
    assert smtp_sink.recipients() == ["a@example.org"]
    assert row(notification).status == Notification.Status.SENT


def test_message_id_comes_from_the_outbox_key():
    keys = ["reminder:1:user2:a3", "reminder:1:user2:a3", "x"]
    first, again, other = (services.message_id(key) for key in keys)

    assert first == again != other
    assert first.startswith("<") and first.endswith("@example.org>")


def test_permanent_refusal_fails_for_good_and_is_not_retried(smtp_sink, django_capture_on_commit_callbacks):
    smtp_sink.faults["gone@example.org"] = ["550"]

    (notification,) = send_now(django_capture_on_commit_callbacks, "gone@example.org")
    services.requeue_pending(older_than=services.PENDING_GRACE * 0)

    assert smtp_sink.messages == []
    failed = row(notification)
    assert (failed.status, failed.attempts) == (Notification.Status.FAILED, 1)
    assert "550" in failed.last_error


def test_a_batch_goes_over_one_connection(smtp_sink, django_capture_on_commit_callbacks):
    addresses = [f"p{n}@example.org" for n in range(5)]
    with django_capture_on_commit_callbacks(execute=False):
        ids = [queue(address).pk for address in addresses]

    outcome = services.deliver_batch(ids)

    assert outcome.sent == ids
    assert sorted(smtp_sink.recipients()) == addresses
    assert len({m.peer for m in smtp_sink.messages}) == 1
    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.Status.SENT}


def test_one_message_failing_in_a_batch_does_not_resend_the_others(
    smtp_sink, django_capture_on_commit_callbacks
):
    addresses = ["p0@example.org", "p1@example.org", "p2@example.org", "p3@example.org"]
    smtp_sink.faults = {"p1@example.org": ["drop-after-data"], "p2@example.org": ["550"]}
    with django_capture_on_commit_callbacks(execute=False):
        ids = [queue(address).pk for address in addresses]

    outcome = services.deliver_batch(ids, token="task-1")
    again = services.deliver_batch(ids, token="task-1")  # the same task redelivered

    assert (outcome.sent, outcome.uncertain, outcome.failed) == ([ids[0], ids[3]], [ids[1]], [ids[2]])
    assert again == services.Outcome()
    assert smtp_sink.recipients() == ["p0@example.org", "p1@example.org", "p3@example.org"]


def test_a_redelivered_task_sends_what_its_dead_worker_had_not_handed_over(smtp_sink):
    sent, handed, untouched = (queue(f"p{n}@example.org") for n in range(3))
    Notification.objects.filter(pk=sent.pk).update(status=Notification.Status.SENT)
    for notification in (handed, untouched):
        services.claim([notification.pk], token="task-1", at=notification.created_at)
    Notification.objects.filter(pk=handed.pk).update(handed_over_at=handed.created_at)  # then it died

    services.deliver_batch([sent.pk, handed.pk, untouched.pk], token="task-1")

    assert smtp_sink.recipients() == ["p2@example.org"]
    assert row(handed).status == Notification.Status.UNCERTAIN
    assert row(untouched).status == Notification.Status.SENT


def test_another_delivery_does_not_take_a_row_being_sent(smtp_sink):
    notification = queue("a@example.org")
    services.claim([notification.pk], token="task-1", at=notification.created_at)

    assert services.deliver_batch([notification.pk], token="task-2") == services.Outcome()
    assert smtp_sink.messages == []


def test_random_faults_never_send_an_email_twice(smtp_sink, django_capture_on_commit_callbacks):
    chance = random.Random(12)
    addresses = [f"r{n}@example.org" for n in range(60)]
    kinds = ["drop-after-data", "drop-before-data", "451", "", "", "", ""]
    smtp_sink.faults = {a: [chance.choice(kinds) for _ in range(3)] for a in addresses}

    with django_capture_on_commit_callbacks(execute=True):
        for address in addresses:
            queue(address)
    services.requeue_pending(older_than=services.PENDING_GRACE * 0)

    received = smtp_sink.recipients()
    statuses = dict(Notification.objects.values_list("to", "status"))
    assert len(received) == len(set(received))  # nothing twice
    assert all(statuses[a] in {"sent", "uncertain"} for a in addresses)  # nothing given up
    assert {a for a in addresses if statuses[a] == "sent"} <= set(received)  # "sent" is true
    assert any(status == "uncertain" for status in statuses.values())


@pytest.fixture
def unreachable_server(settings):
    """A port that accepts connections and closes them at once; yields the count of connections."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []

    def serve():
        while True:
            try:
                connection, _address = listener.accept()
            except OSError:
                return
            accepted.append(connection)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    settings.EMAIL_BACKEND = "notifications.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = listener.getsockname()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield accepted
    finally:
        listener.close()


def test_a_server_that_cannot_be_reached_puts_the_whole_batch_back_after_one_try(
    unreachable_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ids = [queue(f"p{n}@example.org").pk for n in range(3)]

    outcome = services.deliver_batch(ids)

    assert (outcome.retry, outcome.sent, outcome.failed) == (ids, [], [])
    assert len(unreachable_server) == 1  # not one connection timeout per e-mail
    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.Status.PENDING}


def test_a_time_limit_after_the_handover_leaves_maybe_sent(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.backends.HandOverThenTimeLimit"
    with django_capture_on_commit_callbacks(execute=False):
        notification = queue("a@example.org")

    outcome = services.deliver_batch([notification.pk])

    assert outcome.uncertain == [notification.pk]
    assert row(notification).status == Notification.Status.UNCERTAIN
    assert len(mailoutbox) == 1


def test_a_batch_reads_its_programs_texts_once(smtp_sink, django_capture_on_commit_callbacks):
    program = ProgramFactory()
    EmailTemplate.objects.create(
        program=program, kind="reminder_draft", language="sv", subject="Egen rubrik", body="Hej {name}"
    )
    with django_capture_on_commit_callbacks(execute=False):
        ids = [
            queue_email(
                key=f"t:{n}",
                to=f"p{n}@example.org",
                template="reminder_draft",
                context=CONTEXT,
                program_id=program.pk,
            ).pk
            for n in range(3)
        ]

    with CaptureQueriesContext(connection) as queries:
        services.deliver_batch(ids)

    assert [m.subject for m in smtp_sink.messages] == ["Egen rubrik"] * 3
    assert sum("notifications_emailtemplate" in q["sql"] for q in queries.captured_queries) == 1


def test_a_swedish_subject_arrives_whole_and_the_row_keeps_it_readable(
    smtp_sink, django_capture_on_commit_callbacks
):
    (first, second) = send_now(django_capture_on_commit_callbacks, "a@example.org", "b@example.org")

    subjects = [str(make_header(decode_header(m.subject))) for m in smtp_sink.messages]
    assert subjects == [row(first).subject, row(second).subject]
    assert "ä" in row(first).subject and all(m.subject.isascii() for m in smtp_sink.messages)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the delivery lock is PostgreSQL's")
def test_a_copy_of_a_delivery_still_running_elsewhere_sends_nothing(smtp_sink):
    notification = queue("a@example.org")
    elsewhere = connection.copy()  # the worker still running the first copy of the task
    with elsewhere.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, hashtext('task-1'))", [services.LOCK_SPACE])

    try:
        copy = services.deliver_batch([notification.pk], token="task-1")
        with elsewhere.cursor() as cursor:  # it finishes
            cursor.execute("SELECT pg_advisory_unlock(%s, hashtext('task-1'))", [services.LOCK_SPACE])
    finally:
        elsewhere.close()
    after = services.deliver_batch([notification.pk], token="task-1")

    assert copy == services.Outcome()
    assert after.sent == [notification.pk]
    assert smtp_sink.recipients() == ["a@example.org"]


def _worker_dies_at_the_last_line(settings, smtp_sink, backend: str) -> Notification:
    """Send one row with `backend`, whose worker dies before the end-of-data line."""
    from .backends import WorkerDied

    settings.EMAIL_BACKEND = f"tests.notifications.backends.{backend}"
    notification = queue("a@example.org", key="test:dies")
    with pytest.raises(WorkerDied):
        services.deliver_batch([notification.pk], token="task-1")
    time.sleep(0.3)  # the server sees the line close
    settings.EMAIL_BACKEND = "notifications.smtp.EmailBackend"
    return notification


def test_a_worker_dying_before_the_message_is_complete_sends_it_once_on_redelivery(
    settings, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        notification = _worker_dies_at_the_last_line(settings, smtp_sink, "DiesAtTheLastLine")

    assert smtp_sink.attempts == []  # the body without its last line is no message
    assert row(notification).status == Notification.Status.SENDING
    services.deliver_batch([notification.pk], token="task-1")  # the task comes back from the broker

    assert smtp_sink.recipients() == ["a@example.org"]
    assert row(notification).status == Notification.Status.SENT


def test_a_worker_dying_after_recording_the_handover_leaves_maybe_sent(
    settings, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        notification = _worker_dies_at_the_last_line(settings, smtp_sink, "DiesAfterRecordingTheHandover")

    services.deliver_batch([notification.pk], token="task-1")

    assert smtp_sink.attempts == []
    assert row(notification).status == Notification.Status.UNCERTAIN  # it cannot know: a person decides


def test_the_handover_is_recorded_after_the_body_and_before_the_line_that_completes_it(smtp_sink):
    from django.core.mail import EmailMessage

    from notifications.smtp import EmailBackend

    backend = EmailBackend()
    backend.open()
    written, sock = [], backend.connection.sock

    class Recording:
        def sendall(self, data):
            written.append(bytes(data))
            return sock.sendall(data)

        def __getattr__(self, name):
            return getattr(sock, name)

    backend.connection.sock = Recording()
    backend.on_handover = lambda: written.append(b"<handover>")
    backend.send_messages([EmailMessage("Hej", "The body.", "from@example.org", ["a@example.org"])])
    # The small last write goes at once (no Nagle wait for the body's acknowledgement).
    assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    backend.close()

    handover = written.index(b"<handover>")
    assert b"The body." in b"".join(written[:handover])
    assert written[handover + 1 :] == [b".\r\n", b"quit\r\n"]  # the end-of-data line, then goodbye
    assert smtp_sink.recipients() == ["a@example.org"]
