from django import forms
from django.utils.translation import gettext_lazy as _

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


class SwapForm(forms.Form):
    first = forms.IntegerField(label=_("First pair"))
    second = forms.IntegerField(label=_("Second pair"))
