"""Forms of the screening workbench in the admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Review, RubricCriterion
from applications.services.reviewers import MOST_PER_APPLICATION
from applications.services.screening import SCORE_RANGE


class ReviewForm(forms.Form):
    """One 1–5 score per rubric criterion and a comment; prefixed so it sits inside the admin form."""

    def __init__(self, *args, criteria: list[RubricCriterion], review: Review | None = None, **kwargs):
        initial = {}
        if review is not None:
            initial = {f"score_{key}": value for key, value in review.scores.items()}
            initial["comment"] = review.comment
        super().__init__(*args, prefix="review", initial=initial, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.key}"] = forms.TypedChoiceField(
                label=criterion.label,
                choices=[(value, str(value)) for value in SCORE_RANGE],
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.fields["comment"] = forms.CharField(
            label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
        )

    def score_fields(self):
        return [self[f"score_{criterion.key}"] for criterion in self.criteria]

    def scores(self) -> dict[str, int]:
        return {criterion.key: self.cleaned_data[f"score_{criterion.key}"] for criterion in self.criteria}


EXPORT_COLUMNS = [
    ("id", _("Id")),
    ("applicant", _("Applicant")),
    ("email", _("E-mail address")),
    ("phone", _("Phone")),
    ("role", _("Role")),
    ("round", _("Round")),
    ("organisation", _("Organisation")),
    ("title", _("Title")),
    ("industry", _("Industry")),
    ("municipality", _("Municipality")),
    ("state", _("State")),
    ("decision_pending", _("Decision pending")),
    ("eligible", _("Eligible")),
    ("submitted_at", _("Submitted at")),
    ("topics", _("Topics")),
    ("languages", _("Languages")),
    ("program_questions", _("The program's own questions (one column each)")),
    ("reviews", _("Reviews")),
    ("my_score", _("My score")),
    ("average", _("Average score")),
    ("spread", _("Spread (standard deviation)")),
]
DEFAULT_EXPORT_COLUMNS = [
    "id",
    "applicant",
    "role",
    "organisation",
    "state",
    "submitted_at",
    "reviews",
    "average",
]


class ExportForm(forms.Form):
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        choices=EXPORT_COLUMNS,
        widget=forms.CheckboxSelectMultiple,
        initial=DEFAULT_EXPORT_COLUMNS,
    )


class AssignReviewersForm(forms.Form):
    """How many reviewers each application gets, and from which of the program's reviewers."""

    per_application = forms.IntegerField(
        label=_("Reviewers per application"), min_value=1, max_value=MOST_PER_APPLICATION, initial=2
    )
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each application goes to the least-loaded reviewers first, never twice to the same one."
        ),
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers
        self.fields["reviewers"].initial = list(reviewers)
