"""Demo data for matching: the completed round's pairs completed, the running round's pairs active.

The open round's accepted applications are left unmatched so a coordinator can run matching.
Needs the applications made by `applications.demo`; without them it does nothing. Idempotent.
Historical seed data: the pairs are written as they ended up, with their audit trail, without
the e-mails a live round sends on the way.
"""

from datetime import timedelta

from django.db import transaction

from applications.demo import DEMO_APPLICANT
from programs.models import Round

from . import services
from .models import EndReason, MatchRun, Pair, PairTransition

COMPLETED_ROUND = "hosten-2025"
RUNNING_ROUND = "varen-2026"


def _history(pair: Pair, steps) -> list[PairTransition]:
    moves, state = [], Pair.State.DRAFT
    for to, at, reason, note in steps:
        moves.append(
            PairTransition(pair=pair, at=at, from_state=state, to_state=to, reason=reason, note=note)
        )
        state = to
    return moves


def _published_run(round_: Round) -> MatchRun | None:
    if Pair.objects.filter(round=round_).exclude(state=Pair.State.DRAFT).exists():
        return None
    run = services.run_matching(round_)
    if run.status != MatchRun.Status.DRAFT or not run.pairs.exists():
        return None
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.PUBLISHED, published_at=round_.pairs_announced
    )
    return run


def _confirmed(round_: Round, pair: Pair, index: int):
    """The steps every demo pair took: proposed at the announcement, confirmed within days."""
    confirmed = round_.pairs_announced + timedelta(days=1 + index % 4, hours=index)
    pair.published_at = round_.pairs_announced
    pair.mentor_confirmed_at = confirmed - timedelta(hours=5)
    pair.mentee_confirmed_at = confirmed
    return [
        (Pair.State.PROPOSED, round_.pairs_announced, "", ""),
        (Pair.State.CONFIRMED, confirmed, "", ""),
        (Pair.State.ACTIVE, round_.kickoff, "", ""),
    ]


@transaction.atomic
def _completed(round_: Round, stdout) -> None:
    run = _published_run(round_)
    if run is None:
        stdout.write(f"matching: {round_.slug} already has pairs (or nobody to pair)")
        return
    transitions = []
    for index, pair in enumerate(run.pairs.order_by("pk")):
        steps = [*_confirmed(round_, pair, index), (Pair.State.COMPLETED, round_.ends, "", "")]
        pair.state, pair.started_at, pair.ended_at = Pair.State.COMPLETED, round_.kickoff, round_.ends
        pair.save()
        transitions += _history(pair, steps)
    PairTransition.objects.bulk_create(transitions)
    stdout.write(f"matching: {run.pairs.count()} completed pairs in {round_}")


@transaction.atomic
def _running(round_: Round, stdout) -> None:
    """Every pair active since the kickoff, except one that ended early (no time) after two months.
    The demo applicant's pair is never the one that ended."""
    run = _published_run(round_)
    if run is None:
        stdout.write(f"matching: {round_.slug} already has pairs (or nobody to pair)")
        return
    pairs = list(run.pairs.select_related("mentee_application").order_by("pk"))
    ending = next(p for p in reversed(pairs) if p.mentee_application.email != DEMO_APPLICANT)
    transitions = []
    for index, pair in enumerate(pairs):
        steps = _confirmed(round_, pair, index)
        pair.state, pair.started_at = Pair.State.ACTIVE, round_.kickoff
        if pair == ending:
            ended = round_.kickoff + timedelta(days=60)
            note = "Adepten har bytt roll och hinner inte träffas just nu."
            steps.append((Pair.State.ENDED_EARLY, ended, EndReason.NO_TIME, note))
            pair.state, pair.ended_at, pair.end_reason = Pair.State.ENDED_EARLY, ended, EndReason.NO_TIME
        pair.save()
        transitions += _history(pair, steps)
    PairTransition.objects.bulk_create(transitions)
    stdout.write(f"matching: {len(pairs) - 1} active pairs and 1 ended early in {round_}")


def seed(stdout) -> None:
    for slug, make in ((COMPLETED_ROUND, _completed), (RUNNING_ROUND, _running)):
        round_ = Round.objects.filter(slug=slug).first()
        if round_ is None:
            stdout.write(f"matching: no demo round {slug}; skipped")
            continue
        make(round_, stdout)
