from celery import shared_task

from .services import retention


@shared_task(name="privacy.anonymise_expired", acks_late=True)
def anonymise_expired() -> int:
    """Daily: anonymise rounds past their retention deadline; returns how many rounds changed."""
    return len(retention.anonymise_expired())
