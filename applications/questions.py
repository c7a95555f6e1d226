"""A program's own application questions: which are asked, their form fields and their answers shown.

One owner for "what the program asks and how an answer reads": the form, the applicant's
page, the screening view, the CSV export and the data export all call these functions.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorship.prepared import NO_ID, NO_TEXT, Prepared

from .models import Application, Question, QuestionKind

FIELD_PREFIX = "q_"
SCALE = [(n, str(n)) for n in range(1, 6)]
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


# Every open, save and submit of an application form reads them.
_asked = Prepared(
    lambda program_id, role: Question.objects.filter(program=program_id).asked_to(role),
    program_id=NO_ID,
    role=NO_TEXT,
)


def questions_for(program, role: str) -> list[Question]:
    """The program's questions asked to `role`, in order, with their options (two queries)."""
    questions = _asked(program_id=program.pk, role=str(role))
    prefetch_related_objects(questions, "options")
    return questions


def program_questions(program_ids) -> list[Question]:
    """Every question of these programs, in order, with options (for exports over many rows)."""
    return list(Question.objects.filter(program_id__in=program_ids).prefetch_related("options"))


def field_name(question: Question) -> str:
    return f"{FIELD_PREFIX}{question.key}"


def form_field(question: Question) -> forms.Field:
    """The form field asking `question` (never required: the form decides that on submit)."""
    common = {"label": question.label, "help_text": question.help, "required": False}
    options = [(option.value, option.label) for option in question.options.all()]
    kind = question.kind
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=200, **common)
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind == QuestionKind.NUMBER:
        return forms.IntegerField(min_value=question.min_value, max_value=question.max_value, **common)
    if kind == QuestionKind.SCALE:
        return forms.TypedChoiceField(choices=SCALE, coerce=int, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)


def to_initial(question: Question, value: Any) -> Any:
    if question.kind == QuestionKind.YES_NO and isinstance(value, bool):
        return "yes" if value else "no"
    return value


def to_stored(question: Question, value: Any) -> Any:
    """A cleaned form value as stored in `Application.answers` (None when unanswered)."""
    if value in ("", None, []):
        return None
    if question.kind == QuestionKind.YES_NO:
        return value == "yes"
    return value


def display(question: Question, value: Any) -> str:
    """An answer as a reader sees it, in the active language ("–" when unanswered)."""
    if value in (None, "", []):
        return "–"
    if question.kind == QuestionKind.YES_NO:
        return _("Yes") if value else _("No")
    if question.kind in (QuestionKind.CHOICE, QuestionKind.MULTI_CHOICE):
        labels = {option.value: option.label for option in question.options.all()}
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(v, v)) for v in values)
    return str(value)


def answer_rows(application: Application, questions: list[Question] | None = None) -> list[tuple[str, str]]:
    """(question, answer) for every question of the program asked to the application's role."""
    if questions is None:
        questions = questions_for(application.round.program, application.role)
    answers = application.answers or {}
    return [
        (question.label, display(question, answers.get(question.key)))
        for question in questions
        if question.program_id == application.round.program_id and question.is_asked_to(application.role)
    ]


def exported_answers(application: Application) -> list[dict[str, Any]]:
    """The answers for the applicant's data export: question, key and the stored value."""
    questions = {q.key: q for q in questions_for(application.round.program, application.role)}
    rows = []
    for key, value in (application.answers or {}).items():
        question = questions.get(key)
        rows.append({"key": key, "question": question.label if question else key, "answer": value})
    return rows
