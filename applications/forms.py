"""The application form: every field optional for a draft, the role's fields required on submit."""

from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from programs.models import Role
from programs.selectors import round_partners

from . import questions as program_questions
from .models import Application, Availability, Language, MeetingFormat

OTHER = "other"

COMMON_REQUIRED = (
    "full_name",
    "title",
    "organisation_choice",
    "motivation",
    "want_to_learn",
    "can_offer",
    "languages",
    "meeting_format",
    "availability",
    "municipality",
    "consent",
)


@dataclass(frozen=True)
class Section:
    """A fieldset of the form as the page shows it (applications/includes/_form_fields.html)."""

    legend: str
    fields: list[BoundField]
    notice: str = ""  # HTML shown above the fields
    honeypot: bool = False  # hidden from people, not a fieldset


class ChoicesOnce(forms.models.ModelChoiceIterator):
    """The options from the field's queryset, read once per form (Django reads them anew on each
    use, on PostgreSQL through a server-side cursor: three round trips for a few topics)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class TopicsField(forms.ModelMultipleChoiceField):
    iterator = ChoicesOnce


class ApplicationForm(forms.ModelForm):
    organisation_choice = forms.ChoiceField(label=_("Organisation"), required=False)
    organisation_name = forms.CharField(
        label=_("Name of your organisation (if not in the list)"), max_length=200, required=False
    )
    topics = TopicsField(
        label=_("Topics you want to work on"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can meet in"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meeting_format = forms.ChoiceField(
        label=_("How would you like to meet?"),
        choices=MeetingFormat.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    availability = forms.MultipleChoiceField(
        label=_("When can you usually meet?"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(label=_("I have read the privacy notice and agree to it."), required=False)
    # Honeypot: hidden from people by CSS; bots fill every field.
    leave_empty = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Application
        fields = [
            "full_name",
            "phone",
            "title",
            "industry",
            "motivation",
            "want_to_learn",
            "can_offer",
            "municipality",
            "mentee_capacity",
        ]
        labels = {
            "full_name": _("Your full name"),
            "phone": _("Phone (optional)"),
            "title": _("Your title"),
            "industry": _("Industry (optional)"),
            "motivation": _("Why do you want to take part?"),
            "want_to_learn": _("What do you want to learn?"),
            "can_offer": _("What can you offer the other party?"),
            "municipality": _("Municipality where you work"),
            "mentee_capacity": _("How many can you take on?"),
        }
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 4}),
            "want_to_learn": forms.Textarea(attrs={"rows": 3}),
            "can_offer": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, submitting: bool = False, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance
        round_ = application.round
        self.submitting = submitting
        self.fields["topics"].queryset = round_.topics.all()
        topics = self.fields["topics"].queryset  # the field's own copy: read once, below or when shown
        self.fields["organisation_choice"].choices = [
            ("", _("Choose…")),
            *[(str(org.pk), org.name) for org in round_partners(round_id=round_.pk)],
            (OTHER, _("Other – not in the list")),
        ]
        self.initial.setdefault("organisation_choice", self._initial_organisation())
        if not self.is_bound:  # a posted form shows what was posted
            self._initial_choices(topics)
        version = round_.program.privacy_notice_version
        self.initial.setdefault(
            "consent", bool(application.consent_at) and application.consent_version == version
        )
        self._drop_other_role_fields(application.role, round_)
        self.questions = program_questions.questions_for(round_.program, application.role)
        self._add_question_fields(submitting)
        if submitting:
            for name in COMMON_REQUIRED:
                self.fields[name].required = True
            self.fields["topics"].required = bool(topics)
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    def _initial_choices(self, topics) -> None:
        """The saved choices ticked when the form is opened again (they are not in Meta.fields)."""
        application = self.instance
        self.initial.setdefault("languages", application.languages)
        self.initial.setdefault("meeting_format", application.meeting_format)
        self.initial.setdefault("availability", application.availability)
        if application.pk and topics:  # a round without topics needs no look-up
            self.initial.setdefault("topics", [topic.pk for topic in application.topics.all()])

    def _initial_organisation(self) -> str:
        if self.instance.organisation_id:
            return str(self.instance.organisation_id)
        return OTHER if self.instance.organisation_name else ""

    def _drop_other_role_fields(self, role: str, round_) -> None:
        if role == Role.MENTOR and round_.max_mentees_per_mentor > 1:
            self.fields["mentee_capacity"].widget = forms.Select(
                choices=[(n, n) for n in range(1, round_.max_mentees_per_mentor + 1)]
            )
        else:
            del self.fields["mentee_capacity"]

    def _add_question_fields(self, submitting: bool) -> None:
        """One field per program question, filled from the stored answers."""
        stored = self.instance.answers or {}
        for question in self.questions:
            name = program_questions.field_name(question)
            self.fields[name] = program_questions.form_field(question)
            self.fields[name].required = submitting and question.required
            if question.key in stored:
                self.initial.setdefault(name, program_questions.to_initial(question, stored[question.key]))

    def clean_mentee_capacity(self):
        value = self.cleaned_data.get("mentee_capacity") or 1
        if value > self.instance.round.max_mentees_per_mentor:
            raise forms.ValidationError(
                _("This round allows at most %(n)s.") % {"n": self.instance.round.max_mentees_per_mentor}
            )
        return value

    def clean_leave_empty(self):
        if self.cleaned_data.get("leave_empty"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("organisation_choice")
        if self.submitting and choice == OTHER and not cleaned.get("organisation_name"):
            self.add_error("organisation_name", _("Type the name of your organisation."))
        return cleaned

    def answers(self) -> dict:
        """The cleaned answers as model values for the services (only the fields without errors)."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("consent", "leave_empty")}
        if "organisation_choice" in data:  # absent when that field had an error
            choice = data.pop("organisation_choice")
            data["organisation"] = None
            if choice and choice != OTHER:
                data["organisation"] = self.instance.round.partners.get(pk=choice)
                data["organisation_name"] = ""
        if "meeting_format" in data:
            data["meeting_format"] = data["meeting_format"] or ""
        data["answers"] = {}
        for question in self.questions:
            name = program_questions.field_name(question)
            if name in data:
                data["answers"][question.key] = program_questions.to_stored(question, data.pop(name))
        return data

    @property
    def sections(self) -> list[Section]:
        """The fieldsets in page order, with their bound fields."""
        notice = render_to_string(
            "applications/includes/_privacy_notice.html", {"program": self.instance.round.program}
        )
        own = [program_questions.field_name(question) for question in self.questions]
        layout = [
            (_("About you"), ["full_name", "phone"]),
            (_("Organisation and role"), ["title", "organisation_choice", "organisation_name", "industry"]),
            *([(_("More about you"), own)] if own else []),
            (_("Motivation and goals"), ["motivation", "want_to_learn", "can_offer"]),
            *([(_("Topics"), ["topics"])] if self.fields["topics"].queryset else []),  # a round may have none
            (
                _("Practicalities"),
                ["languages", "meeting_format", "availability", "municipality", "mentee_capacity"],
            ),
        ]
        return [
            *(
                Section(legend, [self[name] for name in names if name in self.fields])
                for legend, names in layout
            ),
            Section(_("Consent"), [self["consent"]], notice=notice),
            Section("", [self["leave_empty"]], honeypot=True),
        ]
