"""Bootstrap 5 markup for a form field, written in Python: the application form's fields.

The application form is the page applicants open most (every draft, every edit). Through
crispy-forms, and even through one template per field and Django's widget templates, writing
its ~15 fields and ~25 options cost more CPU than all the rest of the request. This writes the
same markup crispy-forms' bootstrap5 pack wrote (ids, classes, ARIA, error and help blocks), so
the page, its tests and its styles stay as they were; `applications/includes/_form_fields.html`
lays out the fieldsets.
"""

from django import forms, template
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Bootstrap's class after the widget's own name (`textinput form-control`), as crispy wrote it.
_BOOTSTRAP_CLASS = {forms.Select: "form-select", forms.CheckboxInput: "form-check-input"}


@register.simple_tag
def bootstrap_field(field) -> SafeString:
    """The field in its wrapper: label (with `*` when required), widget, errors, help text."""
    if isinstance(field.field.widget, forms.CheckboxInput):
        return _checkbox(field)
    if field.use_fieldset:  # radio buttons and checkbox lists
        return _choices(field)
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        field.auto_id,
        _label(field, "label", "form-label"),
        _widget(field),
        _errors(field, "span"),
        _help(field),
    )


def _checkbox(field) -> SafeString:
    return format_html(
        '<div class="mb-3"><div id="div_{}" class="form-check">{}{}{}{}</div></div>',
        field.auto_id,
        _widget(field),
        _label(field, "label", "form-check-label"),
        _errors(field, "span"),
        _help(field),
    )


def _choices(field) -> SafeString:
    describedby = field.aria_describedby
    invalid = " is-invalid" if field.errors else ""
    options = list(field.subwidgets)
    rows = [
        format_html(
            '<div class="form-check"><input type="{}" class="form-check-input{}" name="{}" value="{}"{}>'
            '<label for="{}" class="form-check-label">{}</label>{}</div>',
            option.data["type"],
            invalid,
            field.html_name,
            str(option.data["value"]),
            flatatt(option.data["attrs"]),
            option.id_for_label,
            option.choice_label,
            _errors(field, "p") if n == len(options) - 1 else "",
        )
        for n, option in enumerate(options)
    ]
    return format_html(
        '<div id="div_{}" class="mb-3"><fieldset{}>{}<div>{}</div>{}</fieldset></div>',
        field.auto_id,
        format_html(' aria-describedby="{}"', describedby) if describedby else "",
        _label(field, "legend", "form-label", extra=" fs-6"),
        mark_safe("".join(rows)),
        _help(field),
    )


def _label(field, tag: str, css: str, extra: str = "") -> SafeString:
    required = field.field.required
    for_ = format_html(' for="{}"', field.id_for_label) if tag == "label" else ""
    return format_html(
        '<{}{} class="{}{}{}">{}{}</{}>',
        tag,
        for_,
        css,
        " requiredField" if required else "",
        extra,
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
        tag,
    )


def _widget(field) -> SafeString:
    """The widget as Django writes it, without a template render per widget (inputs, textareas)."""
    widget = field.field.widget
    bootstrap = next((c for t, c in _BOOTSTRAP_CLASS.items() if isinstance(widget, t)), "form-control")
    classes = [widget.attrs.get("class", ""), type(widget).__name__.lower(), bootstrap]
    if field.errors:
        classes.append("is-invalid")
    attrs = {"class": " ".join(c for c in classes if c)}
    if not isinstance(widget, Input | forms.Textarea):
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if isinstance(widget, forms.Textarea):
        value = context["value"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', context["name"], flatatt(context["attrs"]), value or ""
        )
    value = "" if context["value"] is None else format_html(' value="{}"', str(context["value"]))
    return format_html(
        '<input type="{}" name="{}"{}{}>', context["type"], context["name"], value, flatatt(context["attrs"])
    )


def _errors(field, tag: str) -> SafeString:
    if not field.errors:
        return mark_safe("")
    items = format_html_join(
        "",
        '<{} id="error_{}_{}"><strong>{}</strong></{}>',
        ((tag, n, field.auto_id, error, tag) for n, error in enumerate(field.errors, start=1)),
    )
    return format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field.auto_id, items)


def _help(field) -> SafeString:
    if not field.help_text:
        return mark_safe("")
    # Help text is the program's own (an admin field), shown as HTML as crispy-forms did.
    return format_html(
        '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, mark_safe(field.help_text)
    )
