"""Retention: once `round.ends + program.retention_months` has passed, a round's personal data goes.

What is kept: every application, pair, meeting and survey row with its state, dates and numbers,
so the round's statistics stay right. What goes (each app's `personal_data` hooks do it): names,
addresses, free text, reviewers' comments, audit-log notes, meeting notes, survey free text (a
quote stays only if its author consented to its use in reports; it is anonymous once the
applications are), the round's eligibility and interest lists, and the ledger's link to the
person. And for each person of the round with nothing live left elsewhere: their account, their
outbox rows with their context, their ledger addresses and their sign-in attempts.
"""

import logging
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from programs.models import Round

from .. import hooks

logger = logging.getLogger(__name__)


def retention_deadline(round_: Round) -> datetime:
    """The instant from which the round's personal data is anonymised."""
    return round_.ends + relativedelta(months=round_.program.retention_months)


@transaction.atomic
def anonymise_round(round_: Round, *, at: datetime) -> dict[str, int]:
    """Anonymise all personal data of one round (idempotent); returns counts of what changed."""
    people = hooks.people_of_round(round_)
    counts = hooks.erase_round(round_, people, at=at)
    counts["people"] = 0
    for person in people:
        if not hooks.keeps_person(person):
            whole = hooks.person(user=person.user, email=min(person.emails, default=""))
            for kind, n in hooks.erase_person(whole, at=at).items():
                counts[kind] = counts.get(kind, 0) + n
            counts["people"] += 1
    return counts


def due_rounds(at: datetime) -> list[Round]:
    """Rounds whose retention deadline is at or before `at`, oldest first."""
    rounds = Round.objects.filter(ends__lte=at).select_related("program").order_by("ends", "pk")
    return [round_ for round_ in rounds if retention_deadline(round_) <= at]


def anonymise_expired(at: datetime | None = None) -> dict[str, dict[str, int]]:
    """Anonymise every round whose retention deadline is at or before `at`; counts per round slug."""
    at = at or timezone.now()
    done = {}
    for round_ in due_rounds(at):
        counts = anonymise_round(round_, at=at)
        if any(counts.values()):
            done[round_.slug] = counts
            logger.info("retention: anonymised round %s: %s", round_.pk, counts)
    hooks.erase_expired(at=at)
    return done


def preview_expired(at: datetime) -> dict[str, dict[str, int]]:
    """What `anonymise_expired(at)` would erase, per round slug, without erasing anything."""
    rounds = due_rounds(at)
    pending = hooks.pending_in_rounds(rounds)
    return {round_.slug: pending[round_.pk] for round_ in rounds if any(pending.get(round_.pk, {}).values())}


def tick_step(at: datetime, *, dry_run: bool = False) -> list[str]:
    """Rounds past their retention deadline at `at` anonymised (dry: what would be); lines for tick."""
    done = preview_expired(at) if dry_run else anonymise_expired(at)
    return [f"round {slug}: {counts}" for slug, counts in done.items()]
