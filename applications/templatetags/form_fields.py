"""Bootstrap 5 markup for a form field, written in Python: the application form's fields.

The application form is the page applicants open most (every draft, every edit). Through
crispy-forms, and even through one template per field and Django's widget templates, writing
its ~15 fields and ~25 options cost more CPU than all the rest of the request. This writes the
same markup crispy-forms' bootstrap5 pack wrote (ids, classes, ARIA, error and help blocks), so
the page, its tests and its styles stay as they were; `applications/includes/_form_fields.html`
lays out the fieldsets.
"""

from html import escape

from django import forms, template
from django.forms.widgets import Input
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


# Django's conditional_escape and flatatt, without their lazy-string checks: a form page escapes
# ~500 values, and those checks cost more than the escaping. The output is the same (a test
# compares the page's fields with crispy-forms' markup).
def _e(value) -> str:
    """`value` escaped for HTML, unless it is already safe (conditional_escape)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _flatatt(attrs: dict) -> str:
    """` key="value"` pairs in key order, then the true boolean attributes (flatatt)."""
    pairs, flags = [], []
    for key, value in attrs.items():
        if isinstance(value, bool):
            if value:
                flags.append(key)
        elif value is not None:
            pairs.append((key, value))
    pairs.sort()
    flags.sort()
    return "".join(f' {_e(k)}="{_e(v)}"' for k, v in pairs) + "".join(f" {_e(k)}" for k in flags)


# Bootstrap's class after the widget's own name (`textinput form-control`), as crispy wrote it.
_BOOTSTRAP_CLASS = {forms.Select: "form-select", forms.CheckboxInput: "form-check-input"}


@register.simple_tag
def bootstrap_field(field) -> SafeString:
    """The field in its wrapper: label (with `*` when required), widget, errors, help text."""
    if isinstance(field.field.widget, forms.CheckboxInput):
        return _checkbox(field)
    if field.use_fieldset:  # radio buttons and checkbox lists
        return _choices(field)
    return mark_safe(
        f'<div id="div_{_e(field.auto_id)}" class="mb-3">'
        f"{_label(field, 'label', 'form-label')}{_widget(field)}{_errors(field, 'span')}{_help(field)}</div>"
    )


def _checkbox(field) -> SafeString:
    return mark_safe(
        f'<div class="mb-3"><div id="div_{_e(field.auto_id)}" class="form-check">'
        f"{_widget(field)}{_label(field, 'label', 'form-check-label')}{_errors(field, 'span')}{_help(field)}"
        "</div></div>"
    )


def _choices(field) -> SafeString:
    describedby = field.aria_describedby
    invalid = " is-invalid" if field.errors else ""
    options = list(field.subwidgets)
    name = _e(field.html_name)
    last = len(options) - 1
    rows = "".join(
        f'<div class="form-check"><input type="{_e(option.data["type"])}" class="form-check-input{invalid}" '
        f'name="{name}" value="{_e(str(option.data["value"]))}"{_flatatt(option.data["attrs"])}>'
        f'<label for="{_e(option.id_for_label)}" class="form-check-label">{_e(option.choice_label)}</label>'
        f"{_errors(field, 'p') if n == last else ''}</div>"
        for n, option in enumerate(options)
    )
    described = f' aria-describedby="{_e(describedby)}"' if describedby else ""
    return mark_safe(
        f'<div id="div_{_e(field.auto_id)}" class="mb-3"><fieldset{described}>'
        f"{_label(field, 'legend', 'form-label', extra=' fs-6')}<div>{rows}</div>{_help(field)}"
        "</fieldset></div>"
    )


def _label(field, tag: str, css: str, extra: str = "") -> str:
    required = field.field.required
    for_ = f' for="{_e(field.id_for_label)}"' if tag == "label" else ""
    marks = (" requiredField", '<span class="asteriskField">*</span>') if required else ("", "")
    return f'<{tag}{for_} class="{css}{marks[0]}{extra}">{_e(field.label)}{marks[1]}</{tag}>'


def _widget(field) -> str:
    """The widget as Django writes it, without a template render per widget (inputs, textareas, selects)."""
    widget = field.field.widget
    bootstrap = next((c for t, c in _BOOTSTRAP_CLASS.items() if isinstance(widget, t)), "form-control")
    classes = [widget.attrs.get("class", ""), type(widget).__name__.lower(), bootstrap]
    if field.errors:
        classes.append("is-invalid")
    attrs = {"class": " ".join(c for c in classes if c)}
    if not isinstance(widget, Input | forms.Textarea | forms.Select) or getattr(
        widget, "allow_multiple_selected", 0
    ):
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    name, attributes = _e(context["name"]), _flatatt(context["attrs"])
    if isinstance(widget, forms.Select):
        return f'<select name="{name}"{attributes}>{_optgroups(context["optgroups"])}\n</select>'
    if isinstance(widget, forms.Textarea):
        return f'<textarea name="{name}"{attributes}>\n{_e(context["value"] or "")}</textarea>'
    value = "" if context["value"] is None else f' value="{_e(str(context["value"]))}"'
    return f'<input type="{_e(context["type"])}" name="{name}"{value}{attributes}>'


def _optgroups(optgroups) -> str:
    """A select's options (and their groups) as django/forms/widgets/select.html writes them."""
    html = []
    for group_name, options, _index in optgroups:
        rows = "".join(
            f'\n  <option value="{_e(str(option["value"]))}"{_flatatt(option["attrs"])}>'
            f"{_e(option['label'])}</option>"
            for option in options
        )
        html.append(f'\n  <optgroup label="{_e(group_name)}">{rows}\n  </optgroup>' if group_name else rows)
    return "".join(html)


def _errors(field, tag: str) -> str:
    if not field.errors:
        return ""
    auto_id = _e(field.auto_id)
    items = "".join(
        f'<{tag} id="error_{n}_{auto_id}"><strong>{_e(error)}</strong></{tag}>'
        for n, error in enumerate(field.errors, start=1)
    )
    return f'<div id="{auto_id}_error" class="invalid-feedback">{items}</div>'


def _help(field) -> str:
    if not field.help_text:
        return ""
    # Help text is the program's own (an admin field), shown as HTML as crispy-forms did.
    return f'<div id="{_e(field.auto_id)}_helptext" class="form-text">{field.help_text}</div>'
