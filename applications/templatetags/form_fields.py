"""Bootstrap 5 markup for form fields, without a template per field and widget.

The application form is the page applicants open most (every draft, every edit); rendering it
through crispy-forms' nested templates cost more CPU than the rest of the request together.
`applications/includes/_form_fields.html` writes the same markup (ids, classes, ARIA, errors)
in one template, with these two filters for the parts Django already knows how to write.
"""

from django import forms, template
from django.forms.utils import flatatt as _flatatt

register = template.Library()

# Bootstrap's class for a widget, after the widget's own name (as crispy-forms wrote it).
_BOOTSTRAP_CLASS = {forms.Select: "form-select", forms.CheckboxInput: "form-check-input"}


@register.filter
def bootstrap_widget(field):
    """The field's widget with its classes: `textinput form-control`, `is-invalid` on errors."""
    widget = field.field.widget
    classes = [widget.attrs.get("class", ""), type(widget).__name__.lower()]
    classes.append(next((c for t, c in _BOOTSTRAP_CLASS.items() if isinstance(widget, t)), "form-control"))
    if field.errors:
        classes.append("is-invalid")
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})


@register.filter
def flatatt(attrs):
    """HTML attributes from a dict: `True` as a bare name, `False` and `None` left out."""
    return _flatatt(attrs)
