"""Every account of every program is for superusers only: coordinators never browse users."""

import pytest
from django.urls import reverse

from tests.admin_scoping import url
from tests.factories import StaffFactory, UserFactory


@pytest.mark.parametrize("who", ["coordinator", "lead"])
def test_program_staff_cannot_list_or_open_users(client, request, applicant, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("accounts.user", "changelist")).status_code == 403
    assert client.get(url("accounts.user", "change", applicant.pk)).status_code == 403
    password = reverse("admin:auth_user_password_change", args=[applicant.pk])
    assert client.get(password).status_code == 403
    assert url("accounts.user", "changelist") not in client.get("/admin/").content.decode()


def test_superuser_opens_users(client, applicant):
    client.force_login(StaffFactory(superuser=True))
    assert client.get(url("accounts.user", "change", applicant.pk)).status_code == 200


@pytest.mark.parametrize("rows", [1, 3])
def test_user_changelist_query_count_does_not_grow(client, db, rows, django_assert_num_queries):
    admin = StaffFactory(superuser=True)
    for _ in range(rows):
        UserFactory()
    client.force_login(admin)
    client.get(url("accounts.user", "changelist"))
    with django_assert_num_queries(5):
        response = client.get(url("accounts.user", "changelist"))
    assert response.context["cl"].result_count == rows + 1
