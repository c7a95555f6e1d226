from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Organisation


class ReportFilterForm(forms.Form):
    round = forms.ChoiceField(label=_("Round"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("All organisations"),
    )  # fmt: skip

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", _("Every round"))] + [
            (r.slug, r.name) for r in program.rounds.order_by("-kickoff")
        ]
        self.fields["organisation"].queryset = Organisation.objects.filter(
            applications__round__program=program
        ).distinct()


class ShareReportForm(forms.Form):
    """A lead or coordinator lets a partner's contact person read their organisation's report."""

    email = forms.EmailField(label=_("The contact person's e-mail address"))
    full_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            applications__round__program=program
        ).distinct()
