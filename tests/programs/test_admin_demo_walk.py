"""Every admin page the demo staff are offered opens, on the demo data, and shows only their program."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from programs.models import Program


@pytest.fixture
def demo(db):
    call_command("seed_demo", force=True, stdout=StringIO())


@pytest.mark.parametrize(
    "email",
    ["coordinator@example.org", "lead@example.org", "reviewer@example.org", "other.coordinator@example.org"],
)
def test_demo_staff_open_every_list_and_first_row_they_are_offered(client, demo, email):
    user = get_user_model().objects.get(email=email)
    mine = set(Program.objects.filter(memberships__user=user).values_list("pk", flat=True))
    client.force_login(user)
    app_list = client.get(reverse("admin:index")).context["app_list"]
    for model in (model for app in app_list for model in app["models"]):
        response = client.get(model["admin_url"])
        assert response.status_code == 200, model["admin_url"]
        rows = list(response.context["cl"].result_list[:1])
        if not rows:
            continue
        model_admin = response.context["cl"].model_admin
        row = rows[0]
        if hasattr(model_admin, "object_program_id"):
            assert model_admin.object_program_id(row) in mine, model["admin_url"]
        change = client.get(f"{model['admin_url']}{row.pk}/change/", follow=True)
        assert change.status_code == 200, model["admin_url"]


def test_the_demo_reviewer_sees_their_assigned_applications_only(client, demo):
    from applications.models import Application, ReviewAssignment

    reviewer = get_user_model().objects.get(email="reviewer@example.org")
    assigned = set(
        ReviewAssignment.objects.filter(reviewer=reviewer).values_list("application_id", flat=True)
    )
    client.force_login(reviewer)

    listed = client.get(reverse("admin:applications_application_changelist")).context["cl"].result_list
    index = client.get(reverse("admin:index")).content.decode()

    assert assigned and {row.pk for row in listed} == assigned
    assert Application.objects.exclude(pk__in=assigned).filter(round__slug="hosten-2026").exists()
    assert "Ansökningar att granska" in index and "Inte bedömd än" in index
