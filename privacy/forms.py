from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    """Deleting an account cannot be undone: the person confirms by typing their address."""

    email = forms.EmailField(
        label=_("Type your e-mail address to confirm"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    understood = forms.BooleanField(
        label=_("I understand that my account is deleted and my applications anonymised for good."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(_("This is not the e-mail address of your account."))
        return email


class ErasureRequestForm(forms.Form):
    """A coordinator erases a person of their program at the person's request."""

    program = forms.ModelChoiceField(label=_("Program"), queryset=None)
    email = forms.EmailField(
        label=_("The person's e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    note = forms.CharField(
        label=_("How the request came (no name or address)"),
        max_length=300,
        required=False,
        help_text=_("For example: “by e-mail to the coordinator, 2 December”."),
    )

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        if programs.count() == 1:
            self.fields["program"].initial = programs.first()
