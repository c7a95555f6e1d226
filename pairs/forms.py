from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models import Pair

from . import surveys
from .models import Meeting
from .selectors import HEALTH_LABELS, LISTED_STATES
from .services import MeetingData

PULSE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class MeetingForm(forms.ModelForm):
    """A meeting in the log: date (today by default), kind, length, pulse, private note."""

    pulse = forms.TypedChoiceField(
        label=_("How did it go? (1 = poorly, 5 = very well)"),
        choices=PULSE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )

    class Meta:
        model = Meeting
        fields = ["date", "kind", "duration_minutes", "pulse", "private_note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "kind": forms.RadioSelect,
            "private_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "private_note": _("Only the two of you see this note; program staff never do."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A meeting cannot be logged for a day in the future."))
        return day

    def to_data(self) -> MeetingData:
        data = self.cleaned_data
        return MeetingData(
            date=data["date"],
            kind=data["kind"],
            duration_minutes=data.get("duration_minutes"),
            pulse=data.get("pulse"),
            private_note=data.get("private_note", ""),
        )


class SurveyForm(forms.Form):
    """One survey of the program, asked of `role` in their wording (`pairs.surveys` builds the fields)."""

    def __init__(self, *args, questions, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields.update(surveys.form_fields(question, role))

    def clean(self):
        data = super().clean()
        for question in self.questions:
            consent = surveys.consent_name(question)
            if data.get(consent) and not (data.get(surveys.field_name(question)) or "").strip():
                self.add_error(
                    surveys.field_name(question), _("Write the quote you allow us to use, or untick the box.")
                )
        return data

    def answers(self) -> tuple[dict, set[str]]:
        """({question key: answer}, {keys of the quotes the author lets us show})."""
        return surveys.answers_from(self.questions, self.cleaned_data)


class AgreementForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the pair agreement and accept it."),
        required=True,
    )


class DashboardFilterForm(forms.Form):
    health = forms.ChoiceField(
        label=_("Health"),
        required=False,
        choices=[("", _("All")), *HEALTH_LABELS.items()],
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("health", _("Health, worst first")),
            ("-health", _("Health, best first")),
            ("last_activity", _("Last activity, oldest first")),
            ("-last_activity", _("Last activity, newest first")),
            ("mentor", _("Mentor's name")),
            ("-mentor", _("Mentor's name, descending")),
            ("mentee", _("Mentee's name")),
            ("-mentee", _("Mentee's name, descending")),
        ],
    )

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        if program is not None:
            sort = self.fields["sort"]
            sort.choices = [*sort.choices[:4]]
            for role, label in (("mentor", program.mentor_label), ("mentee", program.mentee_label)):
                sort.choices += [
                    (role, _("%(role)s's name, A–Ö") % {"role": label}),
                    (f"-{role}", _("%(role)s's name, Ö–A") % {"role": label}),
                ]
        for name in ("health", "state", "sort"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["state"].choices = [("", _("All"))] + [
            (value, label) for value, label in Pair.State.choices if value in LISTED_STATES
        ]

    def values(self) -> dict:
        """The valid filters; an invalid one is ignored rather than dropping the others."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {key: cleaned.get(key) or "" for key in ("health", "state", "sort")}
