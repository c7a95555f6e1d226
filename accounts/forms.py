from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.addresses import AddressField


class SignInLinkForm(forms.Form):
    email = AddressField(
        label=_("Your e-mail address"),
        max_length=254,
        # Not type=email: browsers refuse letters like å or ö before the @ there.
        widget=forms.TextInput(
            attrs={"inputmode": "email", "autocomplete": "email", "spellcheck": "false", "autofocus": True}
        ),
        help_text=_("We e-mail you a link that signs you in. It works once, for 15 minutes."),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
