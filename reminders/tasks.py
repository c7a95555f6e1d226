import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="reminders.dispatch_due_reminders", acks_late=True, ignore_result=True)
def dispatch_due_reminders() -> int:
    """Queue the outbox e-mails of every reminder due now (each key once ever); returns how many."""
    count = len(services.dispatch_due())
    if count:
        logger.info("queued %d reminders", count)
    return count
