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


@shared_task(name="mentorship.tick", acks_late=True, ignore_result=True)
def tick() -> int:
    """The beat's one time-driven task: every step of `mentorship.tick` at now; returns things done."""
    from mentorship import tick as ticking

    done = sum(len(lines) for _label, lines in ticking.run())
    if done:
        logger.info("tick: %d things done", done)
    return done
