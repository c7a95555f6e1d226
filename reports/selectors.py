"""The sponsor report: a round's or a program's results, per partner organisation or for all,
with no names and every figure under the anonymity rule (pairs/anonymity.py)."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from applications.models import Application, State
from communication.selectors import event_attendance
from matching.models import Pair
from pairs import anonymity
from pairs.charts import BarChart, bar_chart
from pairs.models import Meeting, SurveyResponse
from pairs.selectors import SURVEY_OPENS, is_staff_of, nps
from programs.models import Organisation, Program, Role, Round

from .models import ReportAccess


@dataclass
class SurveyLine:
    kind: str
    answered: int
    shown: bool
    satisfaction: float | None = None
    changed_perspective: float | None = None
    nps: int | None = None


@dataclass
class RoundFigures:
    round: Round
    applications: int = 0
    accepted: int = 0
    pairs: int = 0
    completed: int = 0
    ended_early: int = 0
    meetings: int = 0
    visits: int = 0
    surveys: list[SurveyLine] = field(default_factory=list)
    quotes: list[SurveyResponse] = field(default_factory=list)
    chart: BarChart | None = None
    events: list = field(default_factory=list)


@dataclass
class SponsorReport:
    program: Program
    organisation: Organisation | None
    rounds: list[RoundFigures]


def _mine(organisation: Organisation | None, prefix: str = "") -> Q:
    """Rows of people from `organisation` (all when None), reached from an Application by `prefix`."""
    if organisation is None:
        return Q()
    return Q(**{f"{prefix}organisation": organisation})


def _pairs(round_: Round, organisation) -> Q:
    if organisation is None:
        return Q(round=round_)
    return Q(round=round_) & (
        Q(mentor_application__organisation=organisation) | Q(mentee_application__organisation=organisation)
    )


def _answers(round_: Round, organisation):
    answers = SurveyResponse.objects.filter(pair__round=round_)
    if organisation is not None:  # the answers of the organisation's own people
        answers = answers.filter(
            Q(role=Role.MENTOR, pair__mentor_application__organisation=organisation)
            | Q(role=Role.MENTEE, pair__mentee_application__organisation=organisation)
        )
    return answers


def _surveys(round_: Round, organisation, minimum: int) -> tuple[list[SurveyLine], set[tuple[str, str]]]:
    rows = {
        (row["kind"], row["role"]): row
        for row in _answers(round_, organisation)
        .values("kind", "role")
        .annotate(
            n=Count("pk"),
            satisfaction=Avg("satisfaction"),
            perspective=Avg("changed_perspective"),
            promoters=Count("pk", filter=Q(recommend__gte=9)),
            detractors=Count("pk", filter=Q(recommend__lte=6)),
        )
        .order_by()
    }
    lines, shown_groups = [], set()
    for kind, _field in SURVEY_OPENS:
        parts = {role: rows[(kind, role)] for role in (Role.MENTOR, Role.MENTEE) if (kind, role) in rows}
        disclosure = anonymity.disclose({role: row["n"] for role, row in parts.items()}, minimum)
        shown_groups |= {(kind, role) for role in parts if disclosure.shown(role)}
        answered = sum(row["n"] for row in parts.values())
        line = SurveyLine(kind=kind, answered=answered, shown=disclosure.total)
        if disclosure.total:
            line.satisfaction = round(sum(r["satisfaction"] * r["n"] for r in parts.values()) / answered, 1)
            line.changed_perspective = round(
                sum(r["perspective"] * r["n"] for r in parts.values()) / answered, 1
            )
            line.nps = nps(
                sum(r["promoters"] for r in parts.values()),
                sum(r["detractors"] for r in parts.values()),
                answered,
            )
        lines.append(line)
    return lines, shown_groups


def _round_figures(round_: Round, organisation) -> RoundFigures:
    figures = RoundFigures(round=round_)
    applications = Application.objects.filter(_mine(organisation), round=round_).submitted()
    counts = applications.aggregate(n=Count("pk"), accepted=Count("pk", filter=Q(state=State.ACCEPTED)))
    figures.applications, figures.accepted = counts["n"], counts["accepted"]
    pairs = Pair.objects.filter(_pairs(round_, organisation), state__in=Pair.LIVE_STATES)
    pair_counts = pairs.aggregate(
        n=Count("pk"),
        completed=Count("pk", filter=Q(state=Pair.State.COMPLETED)),
        ended=Count("pk", filter=Q(state=Pair.State.ENDED_EARLY)),
    )
    figures.pairs, figures.completed, figures.ended_early = (
        pair_counts["n"],
        pair_counts["completed"],
        pair_counts["ended"],
    )
    meetings = Meeting.objects.filter(pair__in=pairs).aggregate(
        n=Count("pk"),
        visits=Count("pk", filter=Q(kind__in=[Meeting.Kind.VISIT_MENTOR, Meeting.Kind.VISIT_MENTEE])),
    )
    figures.meetings, figures.visits = meetings["n"], meetings["visits"]
    figures.events = event_attendance(round_, organisation=organisation)
    figures.surveys, shown = _surveys(round_, organisation, round_.program.min_group_size)
    quotes = (
        _answers(round_, organisation).filter(quote_consent=True).exclude(quote="").order_by("kind", "pk")
    )
    figures.quotes = [
        quote for quote in quotes.only("kind", "role", "quote") if (quote.kind, quote.role) in shown
    ]
    kinds = dict(SurveyResponse.Kind.choices)
    shown_lines = [line for line in figures.surveys if line.shown]
    if shown_lines:  # satisfaction over the round's surveys, in tenths so the bars keep their detail
        figures.chart = bar_chart(
            [(kinds[line.kind], line.satisfaction, "bar-survey") for line in shown_lines]
        )
    return figures


def sponsor_report(program: Program, *, round_: Round | None = None, organisation=None) -> SponsorReport:
    """The report for one round (or every round of the program), for one organisation or all."""
    rounds = [round_] if round_ else list(program.rounds.order_by("kickoff", "pk"))
    return SponsorReport(
        program=program, organisation=organisation, rounds=[_round_figures(r, organisation) for r in rounds]
    )


def report_scope(user, program_slug: str, organisation_id: int | None) -> tuple[Program, Organisation | None]:
    """What `user` may read: staff of the program any organisation's report (or all), a partner's
    contact person only their own organisation's. 404 otherwise."""
    program = get_object_or_404(Program, slug=program_slug)
    if is_staff_of(user, program):
        organisation = get_object_or_404(Organisation, pk=organisation_id) if organisation_id else None
        return program, organisation
    granted = ReportAccess.objects.filter(program=program, user=user).select_related("organisation")
    if organisation_id:
        granted = granted.filter(organisation_id=organisation_id)
    access = granted.order_by("pk").first()
    if access is None:
        raise Http404
    return program, access.organisation
