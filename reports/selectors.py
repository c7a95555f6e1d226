"""The sponsor report: a round's or a program's results, per partner organisation or for all,
with no names and every figure under the anonymity rule (pairs/anonymity.py)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from applications.models import Application, State
from communication.selectors import event_attendance
from matching.models import Pair
from pairs import anonymity, surveys
from pairs.charts import BarChart, bar_chart
from pairs.models import Meeting, SurveyResponse
from pairs.selectors import SURVEY_OPENS, Cell, is_staff_of
from pairs.surveys import Quote
from programs.models import Organisation, Program, Role, Round, SurveyQuestion, SurveyQuestionKind

from .models import ReportAccess


@dataclass
class SurveyLine:
    kind: str
    answered: int
    shown: bool
    cells: list[Cell] = field(default_factory=list)  # a figure per number question of the program

    def value(self, key: str):
        """The shown figure of the question `key` (None when hidden or not asked)."""
        return next((cell.value for cell in self.cells if cell.question.key == key), None)


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
    survey_columns: list[SurveyQuestion] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    chart: BarChart | None = None
    chart_question: SurveyQuestion | None = None
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


def _surveys(
    round_: Round, organisation, minimum: int, questions: list[SurveyQuestion]
) -> tuple[list[SurveyLine], set[tuple[str, str]]]:
    """A line per survey over both roles, a figure per question, each under the anonymity rule:
    a figure is shown when no role's group behind it, nor the difference, is too small."""
    answers = _answers(round_, organisation)
    counts = {
        (row["kind"], row["role"]): row["n"]
        for row in answers.values("kind", "role").annotate(n=Count("pk")).order_by()
    }
    rows = surveys.number_rows(answers)
    lines, shown_groups = [], set()
    for kind, _field in SURVEY_OPENS:
        parts = {role: counts[kind, role] for role in (Role.MENTOR, Role.MENTEE) if (kind, role) in counts}
        disclosure = anonymity.disclose(parts, minimum)
        shown_groups |= {(kind, role) for role in parts if disclosure.shown(role)}
        line = SurveyLine(kind=kind, answered=sum(parts.values()), shown=disclosure.total)
        for question in questions:
            by_role = {
                role: rows[kind, role, question.pk] for role in parts if (kind, role, question.pk) in rows
            }
            cell = Cell(question=question, answered=sum(row["n"] for row in by_role.values()))
            answered_by_role = {role: row["n"] for role, row in by_role.items()}
            if line.shown and by_role and anonymity.disclose(answered_by_role, minimum).total:
                cell.value = surveys.figure(question, list(by_role.values()))
            line.cells.append(cell)
        lines.append(line)
    return lines, shown_groups


def _round_figures(round_: Round, organisation, questions: list[SurveyQuestion]) -> RoundFigures:
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
    figures.survey_columns = questions
    figures.surveys, shown = _surveys(round_, organisation, round_.program.min_group_size, questions)
    quotes = surveys.consented_quotes(_answers(round_, organisation))
    figures.quotes = [quote for quote in quotes if (quote.kind, quote.role) in shown]
    figures.chart, figures.chart_question = _chart(figures.surveys, questions)
    return figures


def _chart(lines: list[SurveyLine], questions: list[SurveyQuestion]):
    """The first scale question over the round's surveys, where shown (in tenths, so bars keep detail)."""
    scale = next((q for q in questions if q.kind == SurveyQuestionKind.SCALE), None)
    kinds = dict(SurveyResponse.Kind.choices)
    bars = [(kinds[line.kind], line.value(scale.key), "bar-survey") for line in lines if scale]
    bars = [bar for bar in bars if bar[1] is not None]
    return (bar_chart(bars), scale) if bars else (None, None)


def sponsor_report(program: Program, *, round_: Round | None = None, organisation=None) -> SponsorReport:
    """The report for one round (or every round of the program), for one organisation or all."""
    rounds = [round_] if round_ else list(program.rounds.order_by("kickoff", "pk"))
    questions = surveys.figure_questions(program)
    return SponsorReport(
        program=program,
        organisation=organisation,
        rounds=[_round_figures(r, organisation, questions) for r in rounds],
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
