from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from notifications.placeholders import unknown_placeholders


def check_placeholders(text: str, allowed: list[str]) -> None:
    """A ValidationError naming the placeholders that are not among `allowed`."""
    unknown = unknown_placeholders(text, allowed)
    if unknown:
        raise forms.ValidationError(
            _("Unknown placeholder: %(unknown)s. You can use: %(allowed)s.")
            % {
                "unknown": ", ".join("{" + name + "}" for name in unknown),
                "allowed": ", ".join("{" + name + "}" for name in allowed),
            }
        )


class EmailTextForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 80}),
        help_text=gettext_lazy(
            "Paragraphs are separated by an empty line. A paragraph that is only a link placeholder "
            "becomes a button; lines starting with “- ” become a list."
        ),
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        check_placeholders(subject, self.kind.names)
        return subject

    def clean_body(self):
        body = self.cleaned_data["body"]
        check_placeholders(body, self.kind.names)
        return body


class AudienceForm(forms.Form):
    """Who: a round's applicants by role, decision, pair state and partner, or picked by hand."""

    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Role"), required=False, widget=forms.CheckboxSelectMultiple
    )
    decisions = forms.MultipleChoiceField(
        label=gettext_lazy("Application state"), required=False, widget=forms.CheckboxSelectMultiple
    )
    pair_states = forms.MultipleChoiceField(
        label=gettext_lazy("Pair"), required=False, widget=forms.CheckboxSelectMultiple
    )
    organisations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Partner organisation"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    applications = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Also these people"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy("Picked people get the message whatever the filters say."),
    )

    def __init__(self, *args, round_, **kwargs):
        from applications.models import Application

        from . import audiences

        super().__init__(*args, **kwargs)
        self.round_ = round_
        program = round_.program
        self.fields["roles"].choices = [(role, program.role_label(role)) for role in ("mentor", "mentee")]
        self.fields["decisions"].choices = audiences.DECISION_CHOICES
        self.fields["pair_states"].choices = audiences.PAIR_STATE_CHOICES
        self.fields["organisations"].queryset = round_.partners.order_by("name")
        self.fields["applications"].queryset = (
            Application.objects.filter(round=round_).filter(audiences.REACHABLE).order_by("full_name", "pk")
        )
        self.fields["applications"].label_from_instance = lambda a: (
            f"{a.full_name or a.email} ({program.role_label(a.role)})"
        )

    def audience(self):
        from .audiences import Audience

        data = self.cleaned_data
        return Audience(
            roles=list(data["roles"]),
            decisions=list(data["decisions"]),
            pair_states=list(data["pair_states"]),
            organisations=[organisation.pk for organisation in data["organisations"]],
            applications=[application.pk for application in data["applications"]],
        )


class MessageForm(AudienceForm):
    subject_sv = forms.CharField(label=gettext_lazy("Subject (Swedish)"), max_length=200)
    body_sv = forms.CharField(
        label=gettext_lazy("Text (Swedish)"), max_length=10000, widget=forms.Textarea(attrs={"rows": 10})
    )
    subject_en = forms.CharField(label=gettext_lazy("Subject (English)"), max_length=200)
    body_en = forms.CharField(
        label=gettext_lazy("Text (English)"), max_length=10000, widget=forms.Textarea(attrs={"rows": 10})
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean(self):
        from .emails import GROUP_MESSAGE

        data = super().clean()
        for name in ("subject_sv", "body_sv", "subject_en", "body_en"):
            if data.get(name):
                try:
                    check_placeholders(data[name], GROUP_MESSAGE.names)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        if not self.errors:
            from .messages import without_pair_name

            if count := without_pair_name(self.round_, self.audience(), self.texts()):
                self.add_error(
                    None,
                    ngettext(
                        "%(count)s recipient is in no pair now, and would read an empty {pair_name}: "
                        "write the text without it, or send only to pairs.",
                        "%(count)s recipients are in no pair now, and would read an empty {pair_name}: "
                        "write the text without it, or send only to pairs.",
                        count,
                    )
                    % {"count": count},
                )
        return data

    def texts(self):
        from .messages import Texts

        data = self.cleaned_data
        return Texts(data["subject_sv"], data["body_sv"], data["subject_en"], data["body_en"])
