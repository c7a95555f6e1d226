import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="notifications.send_notifications", bind=True, acks_late=True, max_retries=8)
def send_notifications(self, *, notification_ids: list[int]) -> None:
    """Deliver a batch of outbox rows over one connection; retry the ones the server never took.

    Idempotent: rows already sent or held by another delivery are skipped; the task id marks the
    rows this task holds, so a redelivered copy (its worker died) finishes exactly those.
    """
    outcome = services.deliver_batch(notification_ids, token=self.request.id)
    if outcome.retry:
        raise self.retry(kwargs={"notification_ids": outcome.retry}, countdown=_backoff(self))


@shared_task(name="notifications.send_notification", bind=True, acks_late=True, max_retries=8)
def send_notification(self, *, notification_id: int) -> None:
    """Deliver one outbox row (tasks queued before batches existed)."""
    if services.deliver_batch([notification_id], token=self.request.id).retry:
        raise self.retry(countdown=_backoff(self))


def _backoff(task) -> float:
    return get_exponential_backoff_interval(1, task.request.retries, 600, full_jitter=True)


@shared_task(name="notifications.sweep_pending", acks_late=True, ignore_result=True)
def sweep_pending() -> int:
    """Queue again the rows left pending (a broker outage at queue time); returns how many."""
    count = services.requeue_pending()
    if count:
        logger.info("re-queued %d pending notifications", count)
    return count
