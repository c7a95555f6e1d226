"""The outbox: queue an e-mail once per key, deliver it at most once."""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import emails
from .models import Notification

logger = logging.getLogger(__name__)


def queue_email(
    *,
    key: str,
    to: str,
    template: str,
    context: dict[str, Any] | None = None,
    language: str = settings.LANGUAGE_CODE,
    program_id: int | None = None,
) -> Notification:
    """Create the outbox row for `key` unless it exists; send it after commit.

    A second call with the same key returns the existing row and queues nothing.
    `context` must be JSON: ids and plain values, rendered when the e-mail is sent.
    """
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                key=key[:255],
                defaults={
                    "to": to,
                    "template": template,
                    "context": context or {},
                    "language": language or settings.LANGUAGE_CODE,
                    "program_id": program_id,
                },
            )
    except IntegrityError:  # a concurrent writer won the race for the same key
        return Notification.objects.get(key=key[:255])
    if created:
        schedule_delivery(notification)
    return notification


def schedule_delivery(notification: Notification) -> None:
    """Queue the send task once the current transaction commits."""
    from . import tasks

    notification_id = notification.pk

    def enqueue():
        try:
            tasks.send_notification.delay(notification_id=notification_id)
        except Exception:  # broker down: the row stays pending and the sweep sends it later
            logger.warning("could not queue notification %s; it stays pending", notification_id)

    transaction.on_commit(enqueue)


def render(notification: Notification) -> tuple[str, str, str]:
    """Subject, text and HTML of an outbox row, in the recipient's language.

    A registered kind (`emails.KINDS`) is rendered in the base layout with its program's texts;
    any other template name from its Django templates `emails/<name>.{subject.txt,txt,html}`.
    """
    kind = emails.kind_of(notification.template)
    if kind is not None:
        program = notification.program if notification.program_id else None
        rendered = emails.render(kind, notification.context, language=notification.language, program=program)
        return rendered.subject, rendered.text, rendered.html
    context = {**notification.context, "site_url": settings.SITE_URL}
    base = f"emails/{notification.template}"
    with translation.override(notification.language):
        subject = render_to_string(f"{base}.subject.txt", context).strip()
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    return " ".join(subject.split()), text, html


def claim(notification_id: int) -> bool:
    """Mark a pending or failed row as sending; False when another delivery owns it or it is sent."""
    return bool(
        Notification.objects.filter(
            pk=notification_id, status__in=[Notification.Status.PENDING, Notification.Status.FAILED]
        ).update(
            status=Notification.Status.SENDING,
            sending_since=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def deliver(notification_id: int) -> bool:
    """Send one outbox row if nobody has; marks it sent, or failed and re-raises.

    A row is marked *sending* before the SMTP call, so a worker that dies after sending
    and before marking leaves it in *sending*: it is never sent again automatically
    (at most once: a redelivered task finds it claimed and does nothing). After STUCK_AFTER
    the admin shows such rows as "stuck" (with a filter); a person who checks that the
    recipient did not get it may retry them by hand.
    """
    if not claim(notification_id):
        return False
    notification = Notification.objects.select_related("program").get(pk=notification_id)
    try:
        subject, text, html = render(notification)
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [notification.to])
        message.attach_alternative(html, "text/html")
        message.send()
    except Exception as exc:
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT, subject=subject[:300], sent_at=timezone.now(), last_error=""
    )
    return True


def retry(notifications) -> int:
    """Put failed (or stuck) rows back to pending and queue them again."""
    count = 0
    for notification in notifications:
        if notification.status == Notification.Status.SENT:
            continue
        Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.PENDING)
        schedule_delivery(notification)
        count += 1
    return count


# Rows this long in *sending* were claimed by a worker that died (the task time limit is
# 5 minutes): they are "stuck" and wait for a person (see `deliver`).
STUCK_AFTER = timedelta(minutes=15)
# Rows younger than this may still have their first task on the way from `queue_email`.
PENDING_GRACE = timedelta(minutes=2)


def stuck(queryset=None):
    """Rows left in *sending* longer than STUCK_AFTER: maybe sent, never marked."""
    queryset = Notification.objects.all() if queryset is None else queryset
    return queryset.filter(status=Notification.Status.SENDING, sending_since__lt=timezone.now() - STUCK_AFTER)


def requeue_pending(*, older_than: timedelta = PENDING_GRACE, limit: int = 1000) -> int:
    """Queue the send task again for rows still *pending* (e.g. after a broker outage); returns how many.

    Safe to repeat: `deliver` claims a row before sending, so a second task for it sends nothing.
    Stops at the first failure to reach the broker (the rows stay pending for the next sweep).
    """
    from . import tasks

    cutoff = timezone.now() - older_than
    pending = Notification.objects.filter(status=Notification.Status.PENDING, updated_at__lt=cutoff)
    count = 0
    for notification_id in pending.order_by("pk").values_list("pk", flat=True)[:limit]:
        try:
            tasks.send_notification.delay(notification_id=notification_id)
        except Exception:
            logger.warning("broker still unreachable; pending rows wait for the next sweep")
            break
        count += 1
    return count
