"""Retention: once `round.ends + program.retention_months` has passed, a round's personal data goes.

What is kept: every application, pair, meeting and survey row with its state, dates and numbers,
so the round's statistics stay right. What goes: names, addresses, free text, reviewers'
comments, meeting notes, survey free text (a quote stays only if its author consented to
its use in reports; it is anonymous once the applications are), the round's eligibility
list and interest list, and the ledger's link to the person.
"""

import logging
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from applications.models import Application
from matching.models import Pair, PairTransition
from notifications.models import Notification
from pairs.models import Meeting, SurveyResponse
from programs.models import EligibilityEntry, Round, RoundInterest

from .erasure import anonymise_applications

logger = logging.getLogger(__name__)

# Confirmations of deleted accounts keep their address only until they are surely sent.
DELETION_CONFIRMATION_KEPT = relativedelta(days=7)


def retention_deadline(round_: Round) -> datetime:
    """The instant from which the round's personal data is anonymised."""
    return round_.ends + relativedelta(months=round_.program.retention_months)


@transaction.atomic
def anonymise_round(round_: Round, *, at: datetime) -> dict[str, int]:
    """Anonymise all personal data of one round (idempotent); returns counts of what changed."""
    counts = {
        "applications": anonymise_applications(Application.objects.filter(round=round_), at=at),
        "meeting_notes": Meeting.objects.filter(pair__round=round_)
        .exclude(private_note="")
        .update(private_note=""),
        "survey_answers": _forget_survey_text(round_),
        "decline_reasons": Pair.objects.filter(round=round_)
        .exclude(decline_reason="")
        .update(decline_reason=""),
        "pair_notes": PairTransition.objects.filter(pair__round=round_).exclude(note="").update(note=""),
    }
    counts["lists"] = (
        EligibilityEntry.objects.filter(round=round_).delete()[0]
        + RoundInterest.objects.filter(round=round_).delete()[0]
    )
    return counts


def _forget_survey_text(round_: Round) -> int:
    """Blank survey free text; a quote its author let us use in reports stays."""
    answers = SurveyResponse.objects.filter(pair__round=round_)
    learned = answers.exclude(learned="").update(learned="")
    quotes = answers.filter(quote_consent=False).exclude(quote="").update(quote="")
    return max(learned, quotes)


def anonymise_expired(at: datetime | None = None) -> dict[str, dict[str, int]]:
    """Anonymise every round whose retention deadline is at or before `at`; counts per round slug."""
    at = at or timezone.now()
    done = {}
    for round_ in Round.objects.filter(ends__lte=at).select_related("program").order_by("ends", "pk"):
        if retention_deadline(round_) <= at:
            counts = anonymise_round(round_, at=at)
            if any(counts.values()):
                done[round_.slug] = counts
                logger.info("retention: anonymised round %s: %s", round_.pk, counts)
    forget_deletion_confirmations(at=at)
    return done


def forget_deletion_confirmations(*, at: datetime) -> int:
    """Blank the address on sent account-deletion confirmations older than a week."""
    return (
        Notification.objects.filter(
            template="privacy_account_deleted",
            status=Notification.Status.SENT,
            sent_at__lte=at - DELETION_CONFIRMATION_KEPT,
        )
        .exclude(to="")
        .update(to="", context={})
    )


def tick_step(at: datetime, *, dry_run: bool = False) -> list[str]:
    """Rounds past their retention deadline at `at` anonymised (or, dry, that would be); lines for tick."""
    if dry_run:
        due = Round.objects.filter(ends__lte=at, applications__anonymised_at__isnull=True).distinct()
        due = due.select_related("program").order_by("ends", "pk")
        return [f"round {r.slug}: would be anonymised" for r in due if retention_deadline(r) <= at]
    return [f"round {slug}: anonymised {counts}" for slug, counts in anonymise_expired(at).items()]
