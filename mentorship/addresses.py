"""E-mail addresses as people have them: letters of any language before the @ too."""

import re

from django import forms
from django.core.validators import EmailValidator


class InternationalEmailValidator(EmailValidator):
    """Django's check, but letters of any language in the local part (RFC 6531: åsa.öberg@…)."""

    user_regex = re.compile(
        r"(^[-!#$%&'*+/=?^_`{}|~0-9\w]+(\.[-!#$%&'*+/=?^_`{}|~0-9\w]+)*\Z"  # dot-atom, \w is Unicode
        r'|^"([\001-\010\013\014\016-\037!#-\[\]-\177]|\\[\001-\011\013\014\016-\177])*"\Z)',
        re.IGNORECASE,
    )


validate_address = InternationalEmailValidator()


class AddressField(forms.EmailField):
    """A form's e-mail field that takes åsa.öberg@example.se like any other address."""

    default_validators = [validate_address]
