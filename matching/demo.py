"""Demo data for matching: the completed round gets a published run with completed pairs.

The open round's accepted applications are left unmatched so a coordinator can run matching.
Needs the applications made by `applications.demo`; without them it does nothing. Idempotent.
"""

from django.db import transaction

from programs.models import Round

from . import services
from .models import MatchRun, Pair

COMPLETED_ROUND = "hosten-2025"


@transaction.atomic
def seed(stdout) -> None:
    """Match the completed demo round once and mark its pairs completed (no e-mails)."""
    round_ = Round.objects.filter(slug=COMPLETED_ROUND).first()
    if round_ is None:
        stdout.write("matching: no completed demo round; skipped")
        return
    if Pair.objects.filter(round=round_).exclude(state=Pair.State.DRAFT).exists():
        stdout.write("matching: the completed round already has pairs")
        return
    run = services.run_matching(round_)
    if run.status != MatchRun.Status.DRAFT or not run.pairs.exists():
        stdout.write("matching: no accepted applications to pair in the completed round")
        return
    # Historical seed data: the round is over, so the pairs are written as they ended up,
    # without the introductions and confirmations a live round goes through.
    run.pairs.update(
        state=Pair.State.COMPLETED,
        published_at=round_.pairs_announced,
        mentor_confirmed_at=round_.pairs_announced,
        mentee_confirmed_at=round_.pairs_announced,
        started_at=round_.kickoff,
        ended_at=round_.ends,
    )
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.PUBLISHED, published_at=round_.pairs_announced
    )
    stdout.write(f"matching: {run.pairs.count()} completed pairs in {round_}")
