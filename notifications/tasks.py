import logging
from smtplib import SMTPException

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    name="notifications.send_notification",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_notification(*, notification_id: int) -> None:
    """Deliver one outbox row (idempotent: does nothing if it is sent or being sent)."""
    services.deliver(notification_id)


@shared_task(name="notifications.sweep_pending", acks_late=True, ignore_result=True)
def sweep_pending() -> int:
    """Queue again the rows left pending (a broker outage at queue time); returns how many."""
    count = services.requeue_pending()
    if count:
        logger.info("re-queued %d pending notifications", count)
    return count
