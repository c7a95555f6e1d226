from django import forms
from django.utils.translation import gettext_lazy as _


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text=_("We e-mail you a link that signs you in. It works once, for 15 minutes."),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
