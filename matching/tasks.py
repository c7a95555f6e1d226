from celery import shared_task

from . import services


@shared_task(name="matching.run_match_run", acks_late=True)
def run_match_run(*, run_id: int) -> None:
    """Compute one queued matching run; progress and result are written to the run row."""
    services.execute_run(run_id)
