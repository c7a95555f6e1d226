"""Reads for the pairs app: dashboards, tables, aggregates. Every one runs a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import DECISIONS, Application, State
from matching.models import Pair
from mentorship.prepared import NO_ID, Prepared
from programs import timeline
from programs.models import Program, Role, Round, SurveyQuestion, SurveyQuestionKind, staff_of_q
from programs.survey_questions import TEXT_KINDS

from . import anonymity, health, surveys
from .models import Meeting, SurveyResponse

SURVEY_OPENS = [(survey.kind, timeline.SURVEY_STEPS[survey.kind].field) for survey in timeline.SURVEYS]


def round_for_staff(user, slug: str) -> Round:
    """The round if `user` leads or coordinates its program (any for a superuser), else 404."""
    return get_object_or_404(Round.objects.for_staff(user).select_related("program"), slug=slug)


def rounds_for_staff(user) -> list[Round]:
    """Every round of the programs `user` leads or coordinates, by program, newest first."""
    return list(Round.objects.for_staff(user).select_related("program").order_by("program__name", "-kickoff"))


def program_for_staff(user, slug: str) -> Program:
    """The program if `user` leads or coordinates it, else 404."""
    return get_object_or_404(Program.objects.for_staff(user), slug=slug)


def is_staff_of(user, program: Program) -> bool:
    """Whether `user` leads or coordinates `program`."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or Program.objects.filter(staff_of_q(user), pk=program.pk).exists()


def as_of(round_: Round, today: date | None = None) -> date:
    """The day health is judged at: today, or the round's end once it is over (programs.timeline)."""
    return timeline.judged_on(round_, today)


def current_survey(round_: Round, at=None) -> str | None:
    """The latest survey that has opened in the round, or None before the kickoff."""
    return timeline.current_survey(round_, at or timezone.now())


HEALTH_LABELS = {
    health.GREEN: _("On track"),
    health.AMBER: _("Falling behind"),
    health.RED: _("Stalled"),
    health.GREY: _("Not started"),
    health.NONE: _("Not running"),
}
# The dashboard lists every published pair: the live ones and the declined.
LISTED_STATES = (*Pair.LIVE_STATES, Pair.State.DECLINED)
# Pairs that got going (both said yes): what the overview counts and completes.
STARTED_STATES = (Pair.State.CONFIRMED, Pair.State.ACTIVE, Pair.State.COMPLETED, Pair.State.ENDED_EARLY)


# --- the funnel -------------------------------------------------------------------------------


@dataclass
class Funnel:
    by_role: dict = field(default_factory=dict)  # role -> {state: n}
    applications: int = 0
    accepted: int = 0
    pairs: dict = field(default_factory=dict)  # pair state -> n
    reviewed: int = 0
    decided: int = 0
    released: int = 0
    submitted: int = 0

    def steps(self) -> list[tuple[str, int]]:
        """The funnel's steps (applications, then pairs), each a subset of the one before."""
        live = sum(self.pairs.get(s, 0) for s in Pair.LIVE_STATES)
        confirmed = sum(self.pairs.get(s, 0) for s in ("confirmed", "active", "completed", "ended_early"))
        active = sum(self.pairs.get(s, 0) for s in ("active", "completed"))
        return [
            ("applications", self.applications),
            ("accepted", self.accepted),
            ("matched", live),
            ("confirmed", confirmed),
            ("active", active),
            ("completed", self.pairs.get("completed", 0)),
        ]


def funnel(round_: Round) -> Funnel:
    """Applications by role and state, pairs by state and screening progress, in three queries."""
    result = Funnel()
    rows = Application.objects.filter(round=round_).values("role", "state").annotate(n=Count("pk"))
    for row in rows:
        result.by_role.setdefault(row["role"], {})[row["state"]] = row["n"]
        if row["state"] not in (State.DRAFT, State.WITHDRAWN):
            result.applications += row["n"]
        if row["state"] == State.ACCEPTED:
            result.accepted += row["n"]
    pair_rows = Pair.objects.filter(round=round_).values("state").annotate(n=Count("pk"))
    result.pairs = {row["state"]: row["n"] for row in pair_rows}
    screening = (
        Application.objects.filter(round=round_)
        .submitted()
        .aggregate(
            submitted=Count("pk", distinct=True),
            reviewed=Count("pk", filter=Q(reviews__isnull=False), distinct=True),
            decided=Count("pk", filter=Q(state__in=DECISIONS), distinct=True),
            released=Count("pk", filter=Q(decision_released_at__isnull=False), distinct=True),
        )
    )
    result.submitted = screening["submitted"]
    result.reviewed, result.decided, result.released = (
        screening["reviewed"],
        screening["decided"],
        screening["released"],
    )
    return result


# --- the pairs table --------------------------------------------------------------------------


@dataclass
class PairRow:
    pk: int
    state: str
    mentor_name: str
    mentor_organisation: str
    mentee_name: str
    mentee_organisation: str
    started: date | None
    meetings: int
    visits_mentor: int
    visits_mentee: int
    last_meeting: date | None
    last_activity: date | None
    health: str
    surveys_answered: int

    def get_state_display(self) -> str:
        return Pair.State(self.state).label

    @property
    def health_label(self) -> str:
        return HEALTH_LABELS[self.health]


# Sort keys for the pairs table; a leading "-" reverses. Health sorts worst first.
SORTS = {
    "health": lambda row: (health.ORDER[row.health], row.last_activity or date.min, row.pk),
    "last_activity": lambda row: (row.last_activity or date.min, row.pk),
    "mentor": lambda row: (row.mentor_name.casefold(), row.pk),
    "mentee": lambda row: (row.mentee_name.casefold(), row.pk),
}


def sort_rows(rows: list, sort: str) -> str:
    """Sort `rows` in place by a SORTS key ("-key" reverses); returns the sort actually used."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        sort, key = "health", "health"
    rows.sort(key=SORTS[key], reverse=sort.startswith("-"))
    return sort


def _survey_count(kind: str | None):
    if kind is None:
        return Value(0, output_field=IntegerField())
    answers = (
        SurveyResponse.objects.filter(pair=OuterRef("pk"), kind=kind)
        .order_by()
        .values("pair")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(answers, output_field=IntegerField()), 0)


def pair_rows(
    round_: Round,
    *,
    health_filter: str = "",
    state: str = "",
    sort: str = "health",
    today: date | None = None,
) -> list[PairRow]:
    """The round's published pairs (declined too) with counts, last activity and health, in one
    query; health only for pairs running or completed (not proposed, declined or ended early)."""
    day = as_of(round_, today)
    kickoff = timezone.localdate(round_.kickoff)
    queryset = (
        Pair.objects.filter(round=round_, state__in=LISTED_STATES)
        .annotate(
            n_meetings=Count("meetings"),
            n_visits_mentor=Count("meetings", filter=Q(meetings__kind=Meeting.Kind.VISIT_MENTOR)),
            n_visits_mentee=Count("meetings", filter=Q(meetings__kind=Meeting.Kind.VISIT_MENTEE)),
            last_meeting=Max("meetings__date"),
            surveys_answered=_survey_count(current_survey(round_)),
        )
        .values_list(
            "pk",
            "state",
            "mentor_application__full_name",
            "mentor_application__organisation__name",
            "mentor_application__organisation_name",
            "mentee_application__full_name",
            "mentee_application__organisation__name",
            "mentee_application__organisation_name",
            "started_at",
            "n_meetings",
            "n_visits_mentor",
            "n_visits_mentee",
            "last_meeting",
            "surveys_answered",
        )
        .order_by()
    )
    if state:
        queryset = queryset.filter(state=state)
    rows = []
    for (pk, pair_state, mentor, mentor_org, mentor_org_name, mentee, mentee_org, mentee_org_name,
         started_at, meetings, visits_mentor, visits_mentee, last_meeting, answered) in queryset:  # fmt: skip
        rows.append(
            PairRow(
                pk=pk,
                state=pair_state,
                mentor_name=mentor,
                mentor_organisation=mentor_org or mentor_org_name,
                mentee_name=mentee,
                mentee_organisation=mentee_org or mentee_org_name,
                started=timezone.localdate(started_at) if started_at else None,
                meetings=meetings,
                visits_mentor=visits_mentor,
                visits_mentee=visits_mentee,
                last_meeting=last_meeting,
                last_activity=max(last_meeting, kickoff) if last_meeting else None,
                health=health.pair_health(
                    last_meeting=last_meeting,
                    kickoff=kickoff,
                    cadence_days=round_.meeting_cadence_days,
                    today=day,
                )
                if pair_state in health.JUDGED_STATES
                else health.NONE,
                surveys_answered=answered,
            )
        )
    if health_filter:
        rows = [row for row in rows if row.health == health_filter]
    sort_rows(rows, sort)
    return rows


def health_counts(rows: list[PairRow]) -> dict[str, int]:
    """How many running pairs have each health colour (pairs not running are not counted)."""
    counts = dict.fromkeys((health.GREEN, health.AMBER, health.RED, health.GREY), 0)
    for row in rows:
        if row.health in counts:
            counts[row.health] += 1
    return counts


# --- surveys ----------------------------------------------------------------------------------


nps = surveys.nps  # the one formula, re-exported for the reports


@dataclass
class Cell:
    """One question's figure in one group: shown only when enough people answered it."""

    question: SurveyQuestion
    answered: int = 0
    value: float | int | None = None


@dataclass
class SurveyGroup:
    kind: str
    role: str
    answered: int
    hidden: bool
    cells: list[Cell] = field(default_factory=list)

    def value(self, key: str):
        """The shown figure of the question `key` (None when hidden or not asked)."""
        return next((cell.value for cell in self.cells if cell.question.key == key), None)


def _group_counts(responses) -> dict[tuple[str, str], int]:
    rows = responses.values("kind", "role").annotate(n=Count("pk")).order_by()
    return {(row["kind"], row["role"]): row["n"] for row in rows}


def survey_aggregates(round_: Round, questions: list[SurveyQuestion] | None = None) -> list[SurveyGroup]:
    """Per (survey, role): answers and a figure per number question, under the anonymity rule.

    A group is shown when enough people answered the survey, and a question's figure in it when
    enough answered the question. Three queries (two with `questions` given).
    """
    minimum = round_.program.min_group_size
    if questions is None:
        questions = surveys.figure_questions(round_.program)
    responses = SurveyResponse.objects.filter(pair__round=round_)
    counts, rows = _group_counts(responses), surveys.number_rows(responses)
    groups = []
    for kind, _field in SURVEY_OPENS:
        for role in (Role.MENTOR, Role.MENTEE):
            answered = counts.get((kind, role), 0)
            group = SurveyGroup(
                kind=kind, role=role, answered=answered, hidden=not anonymity.group_shown(answered, minimum)
            )
            for question in questions:
                row = rows.get((kind, role, question.pk))
                cell = Cell(question=question, answered=row["n"] if row else 0)
                if row and not group.hidden and anonymity.group_shown(cell.answered, minimum):
                    cell.value = surveys.figure(question, [row])
                group.cells.append(cell)
            groups.append(group)
    return groups


def shown_groups(round_: Round) -> set[tuple[str, str]]:
    """The (survey, role) groups whose answers may be shown: large enough. One query."""
    minimum = round_.program.min_group_size
    counts = _group_counts(SurveyResponse.objects.filter(pair__round=round_))
    return {key for key, n in counts.items() if anonymity.group_shown(n, minimum)}


def consented_quotes(round_: Round) -> list[surveys.Quote]:
    """Quotes whose authors allowed them in reports, from groups large enough to show, no names."""
    shown = shown_groups(round_)
    quotes = surveys.consented_quotes(SurveyResponse.objects.filter(pair__round=round_))
    return [quote for quote in quotes if (quote.kind, quote.role) in shown]


# --- program overview -------------------------------------------------------------------------


@dataclass
class RoundSummary:
    round: Round
    applications: int = 0
    pairs: int = 0  # pairs that got going (confirmed, active, completed, ended early)
    completed: int = 0
    ended_early: int = 0
    meetings: int = 0
    nps: int | None = None
    nps_answers: int = 0

    @property
    def completion(self) -> int | None:
        return round(100 * self.completed / self.pairs) if self.pairs else None

    @property
    def meetings_per_pair(self) -> float | None:
        return round(self.meetings / self.pairs, 1) if self.pairs else None


def program_overview(program: Program) -> list[RoundSummary]:
    """Each round of the program with its headline figures (NPS: its first NPS question), in six queries."""
    rounds = list(program.rounds.order_by("applications_open"))
    summaries = {r.pk: RoundSummary(round=r) for r in rounds}
    for row in (
        Application.objects.filter(round__program=program)
        .submitted()
        .values("round")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        summaries[row["round"]].applications = row["n"]
    for row in (
        Pair.objects.filter(round__program=program, state__in=STARTED_STATES)
        .values("round")
        .annotate(
            n=Count("pk"),
            completed=Count("pk", filter=Q(state=Pair.State.COMPLETED)),
            ended_early=Count("pk", filter=Q(state=Pair.State.ENDED_EARLY)),
        )
        .order_by()
    ):
        summary = summaries[row["round"]]
        summary.pairs, summary.completed, summary.ended_early = row["n"], row["completed"], row["ended_early"]
    for row in (
        Meeting.objects.filter(pair__round__program=program, pair__state__in=STARTED_STATES)
        .values("pair__round")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        summaries[row["pair__round"]].meetings = row["n"]
    question = surveys.headline_nps(program)
    ends = SurveyResponse.objects.filter(pair__round__program=program, kind=SurveyResponse.Kind.END)
    for round_pk, by_role in (surveys.rows_by_round(question, ends) if question else {}).items():
        # The round's NPS combines both roles: shown only if no hidden role can be recovered
        # from it and the roles' figures in the round report.
        summary = summaries[round_pk]
        summary.nps_answers = sum(row["n"] for row in by_role.values())
        by_role_n = {role: row["n"] for role, row in by_role.items()}
        if anonymity.disclose(by_role_n, program.min_group_size).total:
            summary.nps = surveys.figure(question, list(by_role.values()))
    return [summaries[r.pk] for r in rounds]


# --- the pair page ----------------------------------------------------------------------------


def live_pairs():
    """Live pairs with their round, program and both applications loaded."""
    return Pair.objects.live().select_related(
        "round__program",
        "mentor_application__organisation",
        "mentor_application__applicant",
        "mentee_application__organisation",
        "mentee_application__applicant",
    )


# What a member sees as "my pair": published to them, and not declined or ended early.
MEMBER_STATES = (Pair.State.PROPOSED, Pair.State.CONFIRMED, Pair.State.ACTIVE, Pair.State.COMPLETED)


_member_pair_ids = Prepared(
    lambda user_id: (
        Pair.objects.for_participant(user_id).filter(state__in=MEMBER_STATES).values_list("pk", flat=True)
    ),
    user_id=NO_ID,
)


def published_pairs_of(user) -> list[Pair]:
    """The user's published pairs (proposed, confirmed, active, completed), newest round first."""
    if not user.is_authenticated or user.pk is None:
        return []
    # Every page's menu asks, and most people have no pair: a bare look-up of the ids first,
    # compiled once, costs them a fraction of reading the pairs with their rounds and programs.
    ids = _member_pair_ids(user_id=user.pk)
    if not ids:
        return []
    pairs = Pair.objects.filter(pk__in=ids).select_related("round__program")
    return list(pairs.order_by("-round__kickoff", "-pk"))


def pair_for_user(user, pk: int) -> tuple[Pair, str | None]:
    """The pair and the user's role in it (None for staff); 404 unless participant or staff."""
    pair = get_object_or_404(live_pairs(), pk=pk)
    role = pair.role_of(user) if user.is_authenticated else None
    if role is None and not is_staff_of(user, pair.round.program):
        raise Http404
    return pair, role


def meetings_of(pair: Pair) -> list[Meeting]:
    """The pair's meetings, newest first."""
    return list(pair.meetings.all())


# --- what participants wrote and how meetings went, under the anonymity rule -------------------


@dataclass
class Written:
    question: SurveyQuestion
    label: str  # the question as the group's role was asked it
    texts: list[str] = field(default_factory=list)


@dataclass
class WrittenAnswers:
    kind: str
    role: str
    items: list[Written] = field(default_factory=list)


def written_answers(round_: Round) -> list[WrittenAnswers]:
    """Text answers by survey, role and question, without names, from groups large enough to show.

    Every text question of the survey is listed (with what was written, maybe nothing); a quote
    only where its author consented. Three queries.
    """
    shown = shown_groups(round_)
    questions = {q.pk: q for q in round_.program.survey_questions.filter(kind__in=TEXT_KINDS)}
    groups = {}
    for kind, role in sorted(shown):
        items = [
            Written(question=q, label=q.label_for(role))
            for q in questions.values()
            if q.kind == SurveyQuestionKind.TEXT and q.is_active and q.is_asked_in(kind)
        ]
        groups[kind, role] = WrittenAnswers(kind=kind, role=role, items=items)
    for kind, role, question_id, text, consent in surveys.written_rows(
        SurveyResponse.objects.filter(pair__round=round_)
    ):
        group, question = groups.get((kind, role)), questions[question_id]
        if group is None or not surveys.may_be_read(question.kind, consent):
            continue
        item = next((i for i in group.items if i.question.pk == question_id), None)
        if item is None:
            item = Written(question=question, label=question.label_for(role))
            group.items.append(item)
        item.texts.append(text.strip())
    for group in groups.values():
        group.items.sort(key=lambda item: (item.question.order, item.question.pk))
    order = {kind: index for index, (kind, _field) in enumerate(SURVEY_OPENS)}
    return sorted(groups.values(), key=lambda g: (order.get(g.kind, 99), g.role != Role.MENTOR))


@dataclass
class PulseSummary:
    people: int
    average: float | None


def pulse_summary(round_: Round) -> PulseSummary:
    """The round's meeting pulse (1–5) as one average, shown only when enough people gave one."""
    row = Meeting.objects.filter(pair__round=round_, pulse__isnull=False).aggregate(
        people=Count("logged_by", distinct=True), average=Avg("pulse")
    )
    shown = anonymity.group_shown(row["people"], round_.program.min_group_size)
    return PulseSummary(people=row["people"], average=round(row["average"], 1) if shown else None)
