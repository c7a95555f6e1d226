"""Writes for matching: runs, locks and forbids, swaps, publishing, confirming and declining."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
import time
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Application
from mentorship import signed_links
from notifications.services import Email, queue_email, queue_emails
from programs.models import Round

from . import algorithm, lifecycle, selectors
from .models import MatchRun, Pair, PairConstraint

logger = logging.getLogger(__name__)

ROLES = ("mentor", "mentee")


def run_parameters(weights: dict | None = None, same_region: bool = False) -> dict:
    """The JSON parameters of a run: weights (defaults filled in) and the optional hard rules."""
    defaults = dataclasses.asdict(algorithm.Weights())
    merged = {name: float((weights or {}).get(name, value)) for name, value in defaults.items()}
    return {"weights": merged, "rules": {"same_region": bool(same_region), "no_repeat": True}}


@transaction.atomic
def start_run(
    round_: Round, *, user=None, weights: dict | None = None, same_region: bool = False
) -> MatchRun:
    """Create a queued run and start the matching task after commit."""
    from . import tasks

    run = MatchRun.objects.create(
        round=round_, created_by=user, parameters=run_parameters(weights, same_region)
    )
    transaction.on_commit(lambda: tasks.run_match_run.delay(run_id=run.pk))
    return run


def run_matching(
    round_: Round, *, user=None, weights: dict | None = None, same_region: bool = False
) -> MatchRun:
    """Create a run and compute it now (for the command and demo data); returns the finished run."""
    run = MatchRun.objects.create(
        round=round_,
        created_by=user,
        parameters=run_parameters(weights, same_region),
        status=MatchRun.Status.RUNNING,
        progress=5,
    )
    return execute_run(run.pk)


PROGRESS_EVERY = 0.5  # seconds: a small round finishes before anybody could see a progress bar move


def _progress(run_id: int, percent: int, since: float | None = None, **fields) -> None:
    """Store a run's progress; with `since`, only once the run has taken PROGRESS_EVERY seconds."""
    if since is not None and time.perf_counter() - since < PROGRESS_EVERY:
        return
    MatchRun.objects.filter(pk=run_id).update(progress=percent, **fields)


def execute_run(run_id: int) -> MatchRun:
    """Load candidates, match, and save draft pairs; progress and errors land on the run row."""
    run = MatchRun.objects.select_related("round").get(pk=run_id)
    if run.status not in (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING):
        return run  # a redelivered task: the run is done already
    started = time.perf_counter()
    if run.status == MatchRun.Status.QUEUED:
        _progress(run.pk, 5, status=MatchRun.Status.RUNNING)
    try:
        weights = algorithm.Weights(**run.parameters.get("weights", {}))
        rules = algorithm.Rules(**run.parameters.get("rules", {}))
        loaded = selectors.candidates_for_round(run.round, weights=weights, rules=rules)
        _progress(run.pk, 20, since=started)
        result = algorithm.match(loaded.data)
        _progress(run.pk, 80, since=started)
        save_result(run, result, kept=loaded.kept_pairs, started=started)
    except Exception as exc:
        logger.exception("match run %s failed", run.pk)
        _progress(run.pk, 100, status=MatchRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
    run.refresh_from_db()
    return run


@transaction.atomic
def save_result(run: MatchRun, result: algorithm.MatchResult, *, kept: int, started: float) -> None:
    """Write the draft pairs and the summary of one computed run."""
    insert_draft_pairs(run, result.pairs)
    run.parameters = {**run.parameters, "kept_pairs": kept, "warnings": result.warnings}
    run.parameters["timings"] = {k: round(v, 4) for k, v in result.timings.items()}
    run.unmatched = [
        {"id": u.id, "role": u.role, "code": u.code, "params": u.params} for u in result.unmatched
    ]
    run.total_score = result.total_score
    run.status = MatchRun.Status.DRAFT
    run.progress = 100
    run.duration_ms = int((time.perf_counter() - started) * 1000)
    run.save(update_fields=["parameters", "unmatched", "total_score", "status", "progress", "duration_ms"])


PAIR_COLUMNS = (
    "round_id",
    "run_id",
    "mentor_application_id",
    "mentee_application_id",
    "state",
    "score",
    "breakdown",
    "declined_by",
    "decline_reason",
    "created_at",
)


def insert_draft_pairs(run: MatchRun, pairs: list[algorithm.MatchedPair]) -> None:
    """Insert a run's draft pairs with one multi-row INSERT per batch of rows.

    Not `bulk_create`: its per-field preparation in Python costs more than the matching
    itself at N = 5,000 (bench/matching.py); not `executemany`, one round trip per row on psycopg2
    (but on SQLite, in process, `executemany` is the fastest; on PostgreSQL with psycopg2, COPY).
    """
    now = timezone.now()
    rows = [
        (run.round_id, run.pk, p.mentor_id, p.mentee_id, Pair.State.DRAFT.value, p.score,
         json.dumps({**p.breakdown, "locked": p.locked}), "", "", now)
        for p in pairs
    ]  # fmt: skip
    if not rows:
        return
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(
        quote(Pair._meta.db_table), ", ".join(quote(c) for c in PAIR_COLUMNS)
    )
    one = "(" + ", ".join(["%s"] * len(PAIR_COLUMNS)) + ")"
    created_at = Pair._meta.get_field("created_at").get_db_prep_value(now, connection)
    rows = [(*row[:-1], created_at) for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # in-process: executemany is one C loop, no round trips
            cursor.executemany(head + one, rows)
            return
        raw = getattr(cursor.cursor, "copy_expert", None)  # psycopg2: COPY, the bulk path
        if connection.vendor == "postgresql" and raw is not None:
            buffer = io.StringIO()
            csv.writer(buffer).writerows(rows)
            buffer.seek(0)
            columns = ", ".join(quote(c) for c in PAIR_COLUMNS)
            blank = ", ".join(quote(c) for c in ("declined_by", "decline_reason"))  # "" is not NULL
            table = quote(Pair._meta.db_table)
            raw(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({blank}))", buffer)
            return
        size = max(1, min(500, (connection.features.max_query_params or 5000) // len(PAIR_COLUMNS)))
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            cursor.execute(head + ", ".join([one] * len(batch)), [v for row in batch for v in row])


def _ensure_draft(pair: Pair) -> None:
    if pair.state != Pair.State.DRAFT or pair.run is None or pair.run.status != MatchRun.Status.DRAFT:
        raise ValidationError(_("Only pairs of a run that is not yet published can be changed."))


@transaction.atomic
def set_constraint(pair: Pair, *, kind: str, user=None) -> PairConstraint:
    """Lock (must pair) or forbid (never pair) the two people of a pair in every later run."""
    _ensure_draft(pair)
    constraint, _created = PairConstraint.objects.update_or_create(
        mentor_application_id=pair.mentor_application_id,
        mentee_application_id=pair.mentee_application_id,
        defaults={"round_id": pair.round_id, "kind": kind, "created_by": user},
    )
    return constraint


def lock_pair(pair: Pair, *, user=None) -> PairConstraint:
    """Keep this pair in every later run of the round."""
    return set_constraint(pair, kind=PairConstraint.Kind.LOCK, user=user)


def forbid_pair(pair: Pair, *, user=None) -> PairConstraint:
    """Never pair these two people again in this round."""
    return set_constraint(pair, kind=PairConstraint.Kind.FORBID, user=user)


@transaction.atomic
def record_wish(round_: Round, *, mentee, mentor, user=None) -> PairConstraint:
    """Record that a mentee wishes for a mentor: a bonus to that pair in every later run.

    Refused for people outside the round's accepted applications; a lock or forbid of the same
    two people is kept as it is (it says more than a wish).
    """
    for application, role in ((mentee, "mentee"), (mentor, "mentor")):
        if application.round_id != round_.pk or application.role != role or application.state != "accepted":
            raise ValidationError(_("Choose accepted applications of this round."))
    constraint, created = PairConstraint.objects.get_or_create(
        mentor_application=mentor,
        mentee_application=mentee,
        defaults={"round": round_, "kind": PairConstraint.Kind.WISH, "created_by": user},
    )
    if not created and constraint.kind != PairConstraint.Kind.WISH:
        raise ValidationError(
            _("These two are already locked or forbidden; remove that first to record a wish.")
        )
    return constraint


@transaction.atomic
def remove_constraint(constraint: PairConstraint) -> None:
    """Drop a lock or forbid."""
    constraint.delete()


@transaction.atomic
def swap_pairs(first: Pair, second: Pair, *, user=None) -> tuple[Pair, Pair]:
    """Exchange the mentees of two draft pairs of one run and lock both new pairs."""
    if first.run_id != second.run_id or first.pk == second.pk:
        raise ValidationError(_("Choose two different pairs of the same run."))
    _ensure_draft(first)
    _ensure_draft(second)
    new = [(first, second.mentee_application_id), (second, first.mentee_application_id)]
    data = selectors.candidates_for_round(first.round).data
    scored = _score_pairs(
        dataclasses.replace(data, locks=frozenset()), [(p.mentor_application_id, mentee) for p, mentee in new]
    )
    for (pair, mentee), (score, breakdown) in zip(new, scored, strict=True):
        PairConstraint.objects.filter(
            mentor_application_id=pair.mentor_application_id, mentee_application_id=pair.mentee_application_id
        ).delete()
        pair.mentee_application_id = mentee
        pair.score, pair.breakdown = score, {**breakdown, "locked": True}
        pair.save(update_fields=["mentee_application", "score", "breakdown"])
        lock_pair(pair, user=user)
    _refresh_total(first.run)
    return first, second


def _score_pairs(data: algorithm.MatchInput, wanted: list[tuple[int, int]]) -> list[tuple[float, dict]]:
    """Score given (mentor id, mentee id) pairs; refuse any that breaks a hard rule."""
    enc_e, enc_r, feasible, scores = algorithm.prepare(data)
    out = []
    for mentor_id, mentee_id in wanted:
        e, r = enc_e.index.get(mentee_id), enc_r.index.get(mentor_id)
        if e is None or r is None or not feasible[e, r]:
            raise ValidationError(_("The swap would create a pair that breaks a hard rule."))
        [breakdown] = algorithm.breakdowns(data, enc_e, enc_r, [e], [r])
        out.append((round(float(scores[e, r]), 4), breakdown))
    return out


def _refresh_total(run: MatchRun) -> None:
    run.total_score = round(sum(run.pairs.values_list("score", flat=True)), 4)
    run.save(update_fields=["total_score"])


def _person(application) -> dict:
    return {
        "name": application.full_name,
        "title": application.title,
        "organisation": application.organisation_display,
        "email": application.email,
    }


def response_token(pair: Pair, role: str) -> str:
    """A signed token naming a pair and a side, for the confirm/decline links; it works until the
    round's kickoff (answers are taken until the round's confirm-by date, checked when answering,
    so a coordinator may move that date without breaking links already sent)."""
    expires = max(pair.round.kickoff, pair.confirm_by)  # a pair given a later date keeps working links
    return signed_links.sign("pair-response", {"p": pair.pk, "r": role}, expires_at=expires)


def response_link(pair: Pair, role: str) -> str:
    """Absolute URL of the page where `role` confirms or declines `pair`; for e-mails."""
    return signed_links.absolute_url("matching:respond", pair_id=pair.pk, token=response_token(pair, role))


def pair_page_link(pair: Pair) -> str:
    """Absolute URL of the pair page (sign-in first if needed); for every pair e-mail."""
    return signed_links.absolute_url("pairs:pair", pk=pair.pk)


def read_token(token: str, pair_id: int, *, at: datetime) -> str:
    """The role a token speaks for; ValidationError when expired, tampered with or made for another pair."""
    try:
        payload = signed_links.read(token, "pair-response", at=at)
    except signed_links.LinkError as exc:
        if exc.reason == "expired":
            message = _("This link has expired. Please contact the coordinator.")
        else:
            message = _("This link is not valid. Use the link from your e-mail.")
        raise ValidationError(message, code=exc.reason) from exc
    if payload.get("p") != pair_id or payload.get("r") not in ROLES:
        raise ValidationError(_("This link belongs to another pair."), code="other_pair")
    return payload["r"]


def _address(application) -> str:
    user = application.applicant
    return application.email or (user.email if user else "")


def _introductions(pair: Pair) -> Iterator[Email]:
    """The two introduction e-mails of a published pair (one per side with an address)."""
    sides = {"mentor": pair.mentor_application, "mentee": pair.mentee_application}
    program = pair.round.program
    for role, application in sides.items():
        other_role = "mentee" if role == "mentor" else "mentor"
        user = application.applicant
        to = _address(application)
        if not to:
            continue
        link = response_link(pair, role)
        yield Email(
            key=f"pair-intro:{pair.pk}:{role}",
            to=to,
            template="matching_pair_introduction",
            language=getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE,
            context={
                "name": application.full_name,
                "round": pair.round.name,
                "program": program.name,
                "role_sv": getattr(program, f"{role}_label_sv"),
                "role_en": getattr(program, f"{role}_label_en"),
                "other_role_sv": getattr(program, f"{other_role}_label_sv"),
                "other_role_en": getattr(program, f"{other_role}_label_en"),
                "other": _person(sides[other_role]),
                "breakdown": {k: v for k, v in pair.breakdown.items() if k != "locked"},
                "link": link,
                "pair_link": pair_page_link(pair),
                "confirm_by": pair.confirm_by.isoformat(),
            },
            program_id=program.pk,
        )


def _draft_pairs(run: MatchRun) -> list[Pair]:
    return list(
        run.pairs.filter(state=Pair.State.DRAFT).select_related(
            "mentor_application__applicant", "mentee_application__applicant", "round__program"
        )
    )


def publish_refusal(run: MatchRun, pairs: list[Pair], *, at: datetime | None = None) -> str:
    """Why the run may not be published now ("" when it may).

    Nobody may hear of a proposed pair before hearing they are accepted: the round's applications
    must be closed and every decision of the round released.
    """
    at = at or timezone.now()
    if not pairs:
        return _("This run has no pairs to publish.")
    if at < run.round.application_deadline:
        return _(
            "Applications to this round are still open. Pairs can be published after the application "
            "deadline, once the decisions are released."
        )
    pending = Application.objects.filter(round_id=run.round_id).decision_pending().count()
    if pending:
        return ngettext(
            "%(count)d decision of this round has not been released. Release the decisions first: "
            "nobody may hear of a pair before hearing they are accepted.",
            "%(count)d decisions of this round have not been released. Release the decisions first: "
            "nobody may hear of a pair before hearing they are accepted.",
            pending,
        ) % {"count": pending}
    return ""


@dataclasses.dataclass(frozen=True)
class PublishPreview:
    pairs: int
    emails: int
    refusal: str


def publish_preview(run: MatchRun) -> PublishPreview:
    """What publishing the run would do now: pairs proposed, introduction e-mails sent, or why not."""
    pairs = _draft_pairs(run)
    people = [a for pair in pairs for a in (pair.mentor_application, pair.mentee_application)]
    emails = sum(bool(_address(application)) for application in people)
    return PublishPreview(pairs=len(pairs), emails=emails, refusal=publish_refusal(run, pairs))


@transaction.atomic
def publish_run(run: MatchRun, *, user=None) -> int:
    """Make a draft run's pairs proposed and introduce each pair by e-mail; returns pairs published."""
    run = MatchRun.objects.select_for_update().select_related("round__program").get(pk=run.pk)
    if run.status == MatchRun.Status.PUBLISHED:
        return 0
    if run.status != MatchRun.Status.DRAFT:
        raise ValidationError(_("Only a finished draft run can be published."))
    pairs = _draft_pairs(run)
    refusal = publish_refusal(run, pairs)
    if refusal:
        raise ValidationError(refusal, code="refused")
    _ensure_still_free(run, pairs)
    now = timezone.now()
    lifecycle.propose(pairs, at=now, actor=user)
    run.status, run.published_at = MatchRun.Status.PUBLISHED, now
    run.save(update_fields=["status", "published_at"])
    MatchRun.objects.filter(round_id=run.round_id, status=MatchRun.Status.DRAFT).update(
        status=MatchRun.Status.DISCARDED
    )
    queue_emails(email for pair in pairs for email in _introductions(pair))
    return len(pairs)


def _ensure_still_free(run: MatchRun, pairs: list[Pair]) -> None:
    """Refuse a run computed before other pairs were published for the same people."""
    taken = set(selectors.live_pairs(run.round).values_list("mentee_application_id", flat=True)) & {
        p.mentee_application_id for p in pairs
    }
    if taken:
        raise ValidationError(
            _("Some of these people were paired since this run was made. Run matching again.")
        )


def confirm_pair(pair: Pair, *, role: str, actor=None) -> Pair:
    """Record one side's yes; when both have said yes the pair is confirmed (matching.lifecycle)."""
    return lifecycle.confirm(pair, role=role, at=timezone.now(), actor=actor)


@transaction.atomic
def decline_pair(pair: Pair, *, role: str, reason: str = "", actor=None) -> Pair:
    """One side says no: the pair is declined, both become free, they are never paired again, and the
    other side is told by e-mail."""
    pair = lifecycle.decline(pair, role=role, reason=reason, at=timezone.now(), actor=actor)
    PairConstraint.objects.update_or_create(
        mentor_application_id=pair.mentor_application_id,
        mentee_application_id=pair.mentee_application_id,
        defaults={"round_id": pair.round_id, "kind": PairConstraint.Kind.FORBID},
    )
    _queue_declined(pair, declined_by=role)
    return pair


def _queue_declined(pair: Pair, *, declined_by: str) -> None:
    """Tell the other side that the pair will not go ahead (the reason stays with the coordinator)."""
    pair = Pair.objects.select_related(
        "round__program", "mentor_application__applicant", "mentee_application__applicant"
    ).get(pk=pair.pk)
    role = "mentee" if declined_by == "mentor" else "mentor"
    application = getattr(pair, f"{role}_application")
    other = getattr(pair, f"{declined_by}_application")
    user = application.applicant
    to = application.email or (user.email if user else "")
    if not to:
        return
    program = pair.round.program
    queue_email(
        key=f"pair-declined:{pair.pk}:{role}",
        to=to,
        template="matching_pair_declined",
        language=getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE,
        context={
            "name": application.full_name,
            "other_name": other.full_name,
            "round": pair.round.name,
            "program": program.name,
            "other_role_sv": getattr(program, f"{declined_by}_label_sv"),
            "other_role_en": getattr(program, f"{declined_by}_label_en"),
        },
        program_id=program.pk,
    )
