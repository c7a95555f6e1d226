"""Reads for matching: candidates of a round, constraints, earlier pairs, runs and their changes."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, QuerySet, TextField
from django.db.models.functions import Cast

from applications.models import CHOICE_KINDS, Application, Question, State
from programs.models import Role, Round

from .algorithm import Candidate, MatchInput, QuestionRule, Rules, Weights
from .models import MatchRun, Pair, PairConstraint

CANDIDATE_FIELDS = (
    "id",
    "role",
    "applicant_id",
    "organisation_id",
    "organisation_name",
    "organisation__industry",
    "organisation__region",
    "organisation__municipality",
    "industry",
    "languages",
    "region",
    "municipality",
    "availability",
    "meeting_format",
    "mentee_capacity",
)


@dataclass
class RoundCandidates:
    """The matching input of a round plus what the service needs to save and explain it."""

    data: MatchInput
    kept_pairs: int  # live pairs (published earlier) that this run keeps as they are


def runs_for_round(round_: Round) -> QuerySet[MatchRun]:
    """Every run of a round, newest first, with its number of pairs."""
    return round_.match_runs.select_related("created_by").annotate(pair_count=Count("pairs"))


def live_pairs(round_: Round) -> QuerySet[Pair]:
    """Pairs the participants know about (proposed and later, not declined)."""
    return Pair.objects.filter(round=round_, state__in=Pair.LIVE_STATES)


def taken_pairs(round_: Round) -> QuerySet[Pair]:
    """Pairs whose two people are not free for matching (not declined, not ended early)."""
    return Pair.objects.filter(round=round_, state__in=Pair.TAKEN_STATES)


def _organisation_key(organisation_id: int | None, name: str | None) -> int | str | None:
    """Same organisation means the same organisation row, or the same typed-in name."""
    if organisation_id:
        return organisation_id
    name = (name or "").strip().lower()
    return f"name:{name}" if name else None


def _raw_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a `values_list` query as the database driver returns them.

    Skips Django's per-value converters (a JSON decode per cell): the caller decodes the few
    distinct JSON texts once each (`_json_set`).
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _json_set(cache: dict, value) -> frozenset:
    """A JSON list column (text on SQLite, text or a list on PostgreSQL) as a frozenset, cached."""
    if value is None:
        return frozenset()
    if not isinstance(value, str):
        return frozenset(value)
    found = cache.get(value)
    if found is None:
        found = cache[value] = frozenset(json.loads(value) or ())
    return found


def matching_questions(program_id: int) -> list[Question]:
    """The program's own choice questions that feed matching, in order."""
    return list(
        Question.objects.filter(program_id=program_id, kind__in=CHOICE_KINDS)
        .exclude(matching="")
        .order_by("order", "pk")
    )


def question_rules(questions: list[Question]) -> tuple[QuestionRule, ...]:
    return tuple(QuestionRule(q.key, q.matching, float(q.weight)) for q in questions)


def _answers(accepted: QuerySet, keys: set[str]) -> dict[int, frozenset[tuple[str, str]]]:
    """Each application's chosen options of the matching questions, as (key, option) pairs."""
    if not keys:
        return {}
    found = {}
    for pk, answers in accepted.values_list("pk", "answers"):
        chosen = set()
        for key in keys & set(answers or {}):
            value = answers[key]
            for option in value if isinstance(value, list) else [value]:
                if option not in (None, ""):
                    chosen.add((key, str(option)))
        found[pk] = frozenset(chosen)
    return found


def candidates_for_round(
    round_: Round,
    *,
    weights: Weights | None = None,
    rules: Rules | None = None,
    only: list[int] | None = None,
) -> RoundCandidates:
    """Accepted applications not already in a live pair, with constraints, wishes and earlier pairs.

    With `only` (application ids, a re-match of one person), their side is limited to them and the
    other side is everyone free.

    Plain tuples straight from the cursor and one query for the topics through table: no model
    instances, no per-row converters (bench/matching.py measures this at N = 2,000 and 5,000).
    """
    accepted = Application.objects.filter(round=round_, state=State.ACCEPTED)
    # JSON lists as text, so PostgreSQL's driver does not decode every cell (see `_json_set`).
    as_text = {name: Cast(name, TextField()) for name in ("languages", "availability")}
    fields = [f"{name}_text" if name in as_text else name for name in CANDIDATE_FIELDS]
    accepted = accepted.annotate(**{f"{name}_text": cast for name, cast in as_text.items()})
    rows = _raw_rows(accepted.order_by("pk").values_list(*fields))
    topics = defaultdict(set)
    through = Application.topics.through.objects.filter(
        application__round=round_, application__state=State.ACCEPTED
    )
    for application_id, topic_id in _raw_rows(through.values_list("application_id", "topic_id")):
        topics[application_id].add(topic_id)
    questions = question_rules(matching_questions(round_.program_id))
    answers = _answers(
        Application.objects.filter(round=round_, state=State.ACCEPTED), {q.key for q in questions}
    )
    live = list(taken_pairs(round_).values_list("mentor_application_id", "mentee_application_id"))
    focus = {role for pk, role, *_rest in rows if only and pk in only}
    used = Counter(mentor for mentor, _ in live)
    paired_mentees = {mentee for _, mentee in live}
    most = round_.max_mentees_per_mentor
    mentors, mentees, people = [], [], []
    cache: dict = {}
    locks, forbids, wishes = constraints_for_round(round_)
    wished = defaultdict(set)
    for mentor_id, mentee_id in wishes:
        wished[mentee_id].add(mentor_id)
    for (pk, role, applicant, org_id, org_name, org_industry, org_region, org_municipality, industry,
         languages, region, municipality, availability, meeting_format, capacity) in rows:  # fmt: skip
        people.append((pk, role, applicant))
        if role in focus and pk not in only:
            continue
        if role == Role.MENTOR:
            capacity = min(capacity or 1, most) - used[pk]
            if capacity <= 0:
                continue
        elif pk in paired_mentees:
            continue
        candidate = Candidate(
            id=pk,
            organisation_id=_organisation_key(org_id, org_name),
            languages=_json_set(cache, languages),
            region=region or org_region or "",
            municipality=municipality or org_municipality or "",
            topics=frozenset(topics.get(pk, ())),
            availability=_json_set(cache, availability),
            meeting_format=meeting_format or "",
            industry=industry or org_industry or "",
            wishes=frozenset(wished[pk]) if pk in wished else frozenset(),
            capacity=capacity if role == Role.MENTOR else 1,
            answers=answers.get(pk, frozenset()),
        )
        (mentors if role == Role.MENTOR else mentees).append(candidate)
    data = MatchInput(
        mentors=tuple(mentors),
        mentees=tuple(mentees),
        weights=weights or Weights(),
        rules=rules or Rules(),
        locks=frozenset(lock for lock in locks if not only or set(lock) & set(only)),
        forbids=frozenset(forbids),
        earlier_pairs=frozenset(earlier_pairs(round_, people)),
        declined=frozenset(
            Pair.objects.filter(round=round_, state=Pair.State.DECLINED).values_list(
                "mentor_application_id", "mentee_application_id"
            )
        ),
        max_pairs=max(round_.capacity - len(live), 0),  # the round's capacity counts the kept pairs
        questions=questions,
    )
    return RoundCandidates(data=data, kept_pairs=len(live))


def constraints_for_round(
    round_: Round,
) -> tuple[set[tuple[int, int]], set[tuple[int, int]], set[tuple[int, int]]]:
    """(locks, forbids, wishes) of a round as (mentor application id, mentee application id)."""
    found = {kind: set() for kind in PairConstraint.Kind.values}
    for mentor, mentee, kind in PairConstraint.objects.filter(round=round_).values_list(
        "mentor_application_id", "mentee_application_id", "kind"
    ):
        found[kind].add((mentor, mentee))
    return found["lock"], found["forbid"], found["wish"]


def earlier_pairs(round_: Round, people: list[tuple[int, str, int | None]]) -> set[tuple[int, int]]:
    """Candidate pairs of this round whose two people were a pair in another round of the program.

    `people` are (application id, role, applicant id) of the round's accepted applications.
    """
    mentor_of = {user: pk for pk, role, user in people if role == Role.MENTOR and user}
    mentee_of = {user: pk for pk, role, user in people if role == Role.MENTEE and user}
    if not mentor_of or not mentee_of:
        return set()
    before = (
        Pair.objects.filter(round__program_id=round_.program_id, state__in=Pair.LIVE_STATES)
        .exclude(round=round_)
        .values_list("mentor_application__applicant_id", "mentee_application__applicant_id")
    )
    found = set()
    for a, b in before:
        for mentor_user, mentee_user in ((a, b), (b, a)):  # the same two people in either role
            if mentor_user in mentor_of and mentee_user in mentee_of:
                found.add((mentor_of[mentor_user], mentee_of[mentee_user]))
    return found


def previous_run(run: MatchRun) -> MatchRun | None:
    """The run of the same round made just before this one (failed runs skipped)."""
    return (
        MatchRun.objects.filter(round_id=run.round_id, created_at__lte=run.created_at, pk__lt=run.pk)
        .exclude(status__in=[MatchRun.Status.FAILED, MatchRun.Status.QUEUED, MatchRun.Status.RUNNING])
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass
class RunChanges:
    previous: MatchRun | None
    added: list[Pair]
    removed: list[Pair]
    score_delta: float | None


def run_changes(run: MatchRun) -> RunChanges:
    """Pairs added and removed since the previous run, and the change in total score.

    Removed are the previous run's draft pairs this run does not make; published pairs stay.
    """
    previous = previous_run(run)
    if previous is None:
        return RunChanges(None, [], [], None)
    mine = {(p.mentor_application_id, p.mentee_application_id): p for p in pairs_of_run(run)}
    theirs = {(p.mentor_application_id, p.mentee_application_id): p for p in pairs_of_run(previous)}
    delta = None
    if run.total_score is not None and previous.total_score is not None:
        delta = round(run.total_score - previous.total_score, 4)
    return RunChanges(
        previous,
        [p for key, p in mine.items() if key not in theirs],
        # A pair the previous run published is kept (its people are not matched again): not removed.
        [p for key, p in theirs.items() if key not in mine and p.state == Pair.State.DRAFT],
        delta,
    )


def pairs_of_run(run: MatchRun) -> QuerySet[Pair]:
    """A run's pairs with both applications and their organisations, best first."""
    return (
        Pair.objects.filter(run=run)
        .select_related("mentor_application__organisation", "mentee_application__organisation")
        .order_by("-score", "pk")
    )


def applications_by_id(ids) -> dict[int, Application]:
    """Applications (with organisation) keyed by id, for showing the unmatched."""
    return {a.pk: a for a in Application.objects.filter(pk__in=list(ids)).select_related("organisation")}
