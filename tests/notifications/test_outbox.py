from smtplib import SMTPException

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from notifications.models import Notification
from notifications.services import queue_email

CONTEXT = {
    "round_name": "Hösten 2026",
    "program_name": "Omvänt mentorskap",
    "mentor_label": "Mentor",
    "mentee_label": "Adept",
    "round_url": "/round/hosten-2026/",
    "mentor_deadline": "2026-12-19T22:59:00+00:00",
    "mentee_deadline": "2026-12-19T22:59:00+00:00",
}


class FailOnceBackend(LocmemBackend):
    """An SMTP server that is down for the first attempt, then delivers (to locmem)."""

    failures_left = 0

    def send_messages(self, messages):
        if FailOnceBackend.failures_left > 0:
            FailOnceBackend.failures_left -= 1
            raise SMTPException("421 service not available")
        return super().send_messages(messages)


def queue(key="round_opened:1:a@example.org", language="sv"):
    return queue_email(
        key=key, to="a@example.org", template="round_opened", context=CONTEXT, language=language
    )


@pytest.mark.django_db
def test_same_key_twice_gives_one_row_and_one_email(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
        second = queue()

    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1
    assert Notification.objects.get().status == Notification.Status.SENT


@pytest.mark.django_db
def test_same_key_in_a_later_transaction_sends_nothing_more(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue()
    with django_capture_on_commit_callbacks(execute=True):
        queue()

    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_failed_send_is_retried_then_sent_exactly_once(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.FailOnceBackend"
    FailOnceBackend.failures_left = 1

    with django_capture_on_commit_callbacks(execute=True):
        queue()

    notification = Notification.objects.get()
    assert FailOnceBackend.failures_left == 0
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 2
    assert notification.last_error == ""
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_nothing_is_sent_while_the_transaction_is_open(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue()

    assert len(callbacks) == 1
    assert mailoutbox == []
    assert Notification.objects.get().status == Notification.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "subject", "body"),
    [
        ("sv", "Nu är ansökan öppen: Omvänt mentorskap – Hösten 2026", "Sista ansökningsdag"),
        ("en", "Applications are now open: Omvänt mentorskap – Hösten 2026", "Apply by"),
    ],
)
def test_email_is_rendered_in_the_recipients_language(
    language, subject, body, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue(language=language)

    message = mailoutbox[0]
    html = message.alternatives[0][0]
    assert message.subject == subject
    assert body in message.body
    assert body in html
    assert f'lang="{language}"' in html
    # The deadline is shown in Swedish time: 22:59 UTC in December is 23:59 in Stockholm.
    assert "23:59" in message.body
