"""The program's surveys: what a survey asks whom, its form fields, and how its answers read.

One owner for "what the survey asks and how an answer reads" (as `applications.questions` is for
the application form): the survey form, the service that saves the answers, the dashboards, the
round and sponsor reports, the written answers, the exports and the demo call these functions.
Which figure staff may see is `pairs.anonymity`'s rule; the questions are `programs.SurveyQuestion`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from programs.models import SurveyQuestion, SurveyQuestionKind
from programs.survey_questions import NUMBER_KINDS, TEXT_KINDS

from .models import SurveyAnswer, SurveyResponse

FIELD_PREFIX = "q_"
CONSENT_SUFFIX = "__consent"
SCALES = {SurveyQuestionKind.SCALE: range(1, 6), SurveyQuestionKind.NPS: range(0, 11)}
PROMOTER, DETRACTOR = 9, 6  # NPS: 9–10 would recommend, 0–6 would not


# --- what is asked ----------------------------------------------------------------------------


def questions_for(program, *, survey: str) -> list[SurveyQuestion]:
    """The questions survey `survey` asks both roles, in order. One query."""
    return [q for q in program.survey_questions.filter(is_active=True) if q.is_asked_in(survey)]


def figure_questions(program) -> list[SurveyQuestion]:
    """The program's number questions (scale, NPS), asked now or once: the results' columns. One query."""
    return list(program.survey_questions.filter(kind__in=NUMBER_KINDS))


def headline_nps(program) -> SurveyQuestion | None:
    """The program's first NPS question: the one figure the program overview compares. One query."""
    return (
        program.survey_questions.filter(kind=SurveyQuestionKind.NPS)
        .order_by("-is_active", "order", "pk")
        .first()
    )


def field_name(question: SurveyQuestion) -> str:
    return f"{FIELD_PREFIX}{question.key}"


def consent_name(question: SurveyQuestion) -> str:
    return f"{field_name(question)}{CONSENT_SUFFIX}"


def form_fields(question: SurveyQuestion, role: str) -> dict[str, forms.Field]:
    """The form field(s) asking `question` of `role` in their wording (a quote adds its consent box)."""
    common = {"label": question.label_for(role), "help_text": question.help, "required": question.required}
    name = field_name(question)
    if question.kind in SCALES:
        choices = [(n, str(n)) for n in SCALES[question.kind]]
        return {
            name: forms.TypedChoiceField(
                choices=choices, coerce=int, empty_value=None, widget=forms.RadioSelect, **common
            )
        }
    rows = 2 if question.kind == SurveyQuestionKind.QUOTE else 3
    fields = {name: forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": rows}), **common)}
    if question.kind == SurveyQuestionKind.QUOTE:
        fields[consent_name(question)] = forms.BooleanField(
            label=_("The quote may be shown in reports"), required=False
        )
    return fields


def answers_from(questions: list[SurveyQuestion], cleaned_data: dict) -> tuple[dict[str, Any], set[str]]:
    """The survey form's cleaned data as ({question key: answer}, {keys of quotes one may show})."""
    answers, consented = {}, set()
    for question in questions:
        value = cleaned_data.get(field_name(question))
        if value in (None, ""):
            continue
        answers[question.key] = value
        if question.kind == SurveyQuestionKind.QUOTE and cleaned_data.get(consent_name(question)):
            consented.add(question.key)
    return answers, consented


def answer_rows(
    response: SurveyResponse, questions: list[SurveyQuestion], answers: dict[str, Any], consented
) -> list[SurveyAnswer]:
    """Unsaved answer rows for `response`: numbers for scales and NPS, texts otherwise; blanks skipped."""
    rows = []
    for question in questions:
        value = answers.get(question.key)
        if question.kind in NUMBER_KINDS and value not in (None, ""):
            if int(value) not in SCALES[question.kind]:
                raise ValueError(f"{question.key}: {value}")
            rows.append(SurveyAnswer(response=response, question=question, number=int(value)))
        elif question.kind in TEXT_KINDS and str(value or "").strip():
            text = str(value).strip()
            consent = question.kind == SurveyQuestionKind.QUOTE and question.key in consented
            rows.append(SurveyAnswer(response=response, question=question, text=text, consent=consent))
    return rows


# --- how the answers read -----------------------------------------------------------------------


def nps(promoters: int, detractors: int, total: int) -> int | None:
    """Net promoter score: % promoters (9–10) minus % detractors (0–6), rounded."""
    if not total:
        return None
    return round(100 * (promoters - detractors) / total)


def number_rows(responses: QuerySet) -> dict[tuple[str, str, int], dict]:
    """Per (survey, role, question) of these responses: answers, average, promoters, detractors. One query."""
    rows = (
        SurveyAnswer.objects.filter(response__in=responses, number__isnull=False)
        .values("response__kind", "response__role", "question")
        .annotate(
            n=Count("pk"),
            average=Avg("number"),
            promoters=Count("pk", filter=Q(number__gte=PROMOTER)),
            detractors=Count("pk", filter=Q(number__lte=DETRACTOR)),
        )
        .order_by()
    )
    return {(row["response__kind"], row["response__role"], row["question"]): row for row in rows}


def rows_by_round(question: SurveyQuestion, responses: QuerySet) -> dict[int, dict[str, dict]]:
    """{round id: {role: row}} of `question`'s answers in these responses (as `number_rows`). One query."""
    rows = (
        SurveyAnswer.objects.filter(response__in=responses, question=question, number__isnull=False)
        .values("response__pair__round", "response__role")
        .annotate(
            n=Count("pk"),
            average=Avg("number"),
            promoters=Count("pk", filter=Q(number__gte=PROMOTER)),
            detractors=Count("pk", filter=Q(number__lte=DETRACTOR)),
        )
        .order_by()
    )
    by_round: dict[int, dict[str, dict]] = {}
    for row in rows:
        by_round.setdefault(row["response__pair__round"], {})[row["response__role"]] = row
    return by_round


def figure(question: SurveyQuestion, rows: list[dict]) -> float | int | None:
    """A question's figure over some groups' rows: a scale's average, an NPS question's NPS."""
    answered = sum(row["n"] for row in rows)
    if not answered:
        return None
    if question.kind == SurveyQuestionKind.NPS:
        return nps(sum(r["promoters"] for r in rows), sum(r["detractors"] for r in rows), answered)
    return round(sum(r["average"] * r["n"] for r in rows) / answered, 1)


@dataclass
class Quote:
    kind: str
    role: str
    text: str

    @property
    def kind_label(self) -> str:
        return SurveyResponse.Kind(self.kind).label


def consented_quotes(responses: QuerySet) -> list[Quote]:
    """Quotes of these responses whose authors allowed them in reports, in survey order. One query."""
    rows = (
        SurveyAnswer.objects.filter(
            response__in=responses, question__kind=SurveyQuestionKind.QUOTE, consent=True
        )
        .exclude(text="")
        .values_list("response__kind", "response__role", "text")
        .order_by("response__kind", "response__pk")
    )
    return [Quote(kind=kind, role=role, text=text) for kind, role, text in rows]


def written_rows(responses: QuerySet):
    """(survey, role, question id, text, consent) of the text answers of these responses. One query."""
    return (
        SurveyAnswer.objects.filter(response__in=responses, question__kind__in=TEXT_KINDS)
        .exclude(text="")
        .values_list("response__kind", "response__role", "question", "text", "consent")
        .order_by("response__kind", "response__role", "response__pk", "question__order")
    )


def may_be_read(kind: str, consent: bool) -> bool:
    """A text answer staff may read in a group large enough: any text, a quote only with consent."""
    return kind != SurveyQuestionKind.QUOTE or consent


def exported(response: SurveyResponse) -> list[dict[str, Any]]:
    """One response's answers for its author's data export (answers and questions prefetched)."""
    rows = []
    for answer in response.answers.all():
        question = answer.question
        row = {
            "key": question.key,
            "question": question.label_for(response.role),
            "answer": answer.number if question.kind in NUMBER_KINDS else answer.text,
        }
        if question.kind == SurveyQuestionKind.QUOTE:
            row["may_be_shown"] = answer.consent
        rows.append(row)
    return rows
