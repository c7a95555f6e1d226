from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
