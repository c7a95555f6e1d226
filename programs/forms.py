import codecs

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Role, Round

MAX_UPLOAD_BYTES = 1024 * 1024


def decode_upload(data: bytes) -> str:
    """A list file's text: UTF-16 (with a BOM, as Excel saves "Unicode text"), UTF-8, or Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00":  # UTF-16 without a BOM: every other byte NUL
        return data.decode("utf-16-le", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class EligibilityImportForm(forms.Form):
    """A coordinator pastes addresses or uploads a .txt/.csv file for one role of a round."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    addresses = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 60}),
        help_text=_("One per line, or separated by commas or semicolons."),
    )
    file = forms.FileField(
        label=_("…or a file"),
        required=False,
        help_text=_("A .txt or .csv file with the addresses (at most 1 MB)."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("Kept with each new address, e.g. “Young leaders list 2026”."),
    )

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        program = round_.program
        self.fields["role"].choices = [(role, program.role_label(role)) for role in Role.values]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if not upload.name.lower().endswith((".txt", ".csv")):
            raise forms.ValidationError(_("Upload a .txt or .csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return decode_upload(upload.read())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("addresses", "").strip() and not cleaned.get("file", ""):
            raise forms.ValidationError(_("Paste some addresses or choose a file."))
        return cleaned

    def text(self) -> str:
        return "\n".join([self.cleaned_data.get("addresses", ""), self.cleaned_data.get("file", "")])


class InterestForm(forms.Form):
    """“Tell me when applications open” on an upcoming round."""

    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    # A field people do not see; bots fill it in.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class CopyRoundForm(forms.Form):
    """The new round's name, address and how far its dates move (default: next year, same weekdays)."""

    name = forms.CharField(label=_("Name of the new round"), max_length=200)
    slug = forms.SlugField(label=_("Slug of the new round"), max_length=50)
    shift_days = forms.IntegerField(
        label=_("Move every date by (days)"),
        min_value=1,
        max_value=3650,
        help_text=_("364 days is the next year on the same weekdays."),
    )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Round.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another round already has this slug."))
        return slug
