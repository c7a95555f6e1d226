"""The Swedish admin shows no label Django made up from an English attribute name."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils import translation

OUR_APPS = {
    "accounts",
    "applications",
    "communication",
    "matching",
    "notifications",
    "pairs",
    "privacy",
    "programs",
    "reminders",
}
# Attribute names that are already the Swedish word.
SAME_IN_SWEDISH = {"id", "program", "organisation", "region", "status"}


def _admin_columns():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        names = [*model_admin.list_display, *model_admin.readonly_fields, *(model_admin.list_filter or [])]
        for name in names:
            if isinstance(name, str) and name != "__str__" and name not in SAME_IN_SWEDISH:
                yield model, model_admin, name


@pytest.mark.parametrize(("model", "model_admin", "name"), list(_admin_columns()), ids=lambda v: str(v))
def test_admin_columns_and_fields_have_swedish_labels(model, model_admin, name):
    made_up = name.replace("_", " ").capitalize()
    with translation.override("sv"):
        label = str(label_for_field(name, model, model_admin))

    assert label.capitalize() != made_up, f"{model.__name__}.{name} shows the made-up label {label!r}"
