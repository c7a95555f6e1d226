"""A NUL byte in a query string (admin filters, search, ordering) never answers 500.

PostgreSQL refuses NUL in a string literal; the admin passes filter values straight to the
database, so `?state=%00` broke 9 of 13 filters there.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.urls import reverse

from tests.factories import ApplicationFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _changelists():
    return sorted(
        (reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"), model, model_admin)
        for model, model_admin in admin.site._registry.items()
    )


def _filter_params(client, url, model):
    """Every parameter a changelist reads: its filters' own, each field's name, search, order."""
    response = client.get(url)
    assert response.status_code == 200, url
    params = {SEARCH_VAR, ORDER_VAR, PAGE_VAR}
    for spec in response.context["cl"].filter_specs:
        params.update(spec.expected_parameters())
    params.update(f.name for f in model._meta.get_fields() if f.concrete)
    return sorted(params)


@pytest.fixture
def superuser(db):
    ApplicationFactory()  # some rows, so filters have choices
    return StaffFactory(is_superuser=True, email="root@example.org")


@pytest.mark.parametrize(("url", "model", "_admin"), _changelists(), ids=str)
def test_nul_in_every_filter_of_every_changelist_is_no_server_error(client, superuser, url, model, _admin):
    client.force_login(superuser)
    failures = []
    for param in _filter_params(client, url, model):
        for value in ("%00", "1%00"):
            response = client.get(f"{url}?{param}={value}")
            if response.status_code >= 500:
                failures.append((param, value, response.status_code))

    assert failures == []


def test_nul_in_a_search_is_a_bad_request_not_a_server_error(client, superuser):
    client.force_login(superuser)

    response = client.get(reverse("admin:applications_application_changelist") + "?q=Nul%00la")

    assert response.status_code == 400


def test_a_search_without_nul_still_finds_the_rows(client, superuser):
    client.force_login(superuser)
    application = ApplicationFactory(full_name="Nulla Berg")

    response = client.get(reverse("admin:applications_application_changelist") + "?q=Nulla")

    assert application in response.context["cl"].result_list
