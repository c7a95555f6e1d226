from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Application, State

from .algorithm import COMPONENTS, Weights
from .reasons import COMPONENT_LABELS


class RunForm(forms.Form):
    """Weights of the soft score and the optional hard rule for one run."""

    same_region = forms.BooleanField(
        label=_("Only pair people in the same region"), required=False, initial=False
    )

    def __init__(self, *args, initial_weights: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        defaults = Weights()
        for name in COMPONENTS:
            self.fields[f"weight_{name}"] = forms.FloatField(
                label=COMPONENT_LABELS[name],
                min_value=0,
                max_value=10,
                initial=(initial_weights or {}).get(name, getattr(defaults, name)),
            )

    def weights(self) -> dict:
        return {name: self.cleaned_data[f"weight_{name}"] for name in COMPONENTS}


class ConstraintForm(forms.Form):
    pair = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=[("lock", _("Lock")), ("forbid", _("Forbid"))])


class WishForm(forms.Form):
    """A mentee's wished mentor, among the round's accepted applications."""

    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=None)
    mentor = forms.ModelChoiceField(label=_("wished mentor"), queryset=None)

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        accepted = (
            Application.objects.filter(round=round_, state=State.ACCEPTED)
            .select_related("organisation")
            .order_by("full_name", "pk")
        )
        program = round_.program
        self.fields["mentee"].queryset = accepted.filter(role="mentee")
        self.fields["mentee"].label = program.role_label("mentee")
        self.fields["mentor"].queryset = accepted.filter(role="mentor")
        self.fields["mentor"].label = _("Wished %(role)s") % {"role": program.role_label("mentor").lower()}
        for field in self.fields.values():
            field.label_from_instance = lambda a: f"{a.full_name} ({a.organisation_display})"


class SwapForm(forms.Form):
    first = forms.IntegerField(label=_("First pair"))
    second = forms.IntegerField(label=_("Second pair"))


class EndPairForm(forms.Form):
    """Why a coordinator ends a pair: a reason from the short list, and a note for the coordinators."""

    reason = forms.ChoiceField(label=_("Reason"), choices=[])
    note = forms.CharField(
        label=_("Note (only coordinators see it)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        from .models import EndReason

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [
            (v, label) for v, label in EndReason.choices if v != EndReason.DECLINED
        ]


class MoreTimeForm(forms.Form):
    """A later confirm-by date for one proposed pair (Swedish time)."""

    until = forms.DateTimeField(
        label=_("New confirm-by date"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
