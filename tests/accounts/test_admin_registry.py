"""A guard for the whole admin: every registered admin is scoped to programs or for superusers only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from mentorship.scoping import ProgramScopedAdminMixin, SuperuserOnlyAdminMixin
from programs.admin import OrganisationAdmin

SHARED = OrganisationAdmin  # organisations belong to no single program: staff view and add


def test_every_admin_is_scoped_or_for_superusers_only():
    unscoped = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, (ProgramScopedAdminMixin, SuperuserOnlyAdminMixin, SHARED))
    ]
    assert unscoped == [], f"scope these admins with mentorship.scoping: {unscoped}"


@pytest.mark.parametrize("who", ["coordinator", "lead", "other_coordinator", "reviewer"])
def test_program_staff_open_every_changelist_they_are_offered(client, request, round_, who):
    """Each app list link a coordinator, lead or reviewer is given opens (no 500, no 403 behind a link)."""
    client.force_login(request.getfixturevalue(who))
    app_list = client.get(reverse("admin:index")).context["app_list"]
    urls = [model["admin_url"] for app in app_list for model in app["models"] if model.get("admin_url")]
    assert urls
    for url in urls:
        assert client.get(url).status_code == 200, url
    labels = {model["object_name"] for app in app_list for model in app["models"]}
    assert not labels & {"User", "Group", "AccessAttempt", "AccessLog", "AccessFailureLog"}
    # The outbox, scoped to the programs they coordinate (tests/notifications/test_admin_scoping.py).
    assert ("Notification" in labels) == (who in ("coordinator", "other_coordinator"))
    # A reviewer is offered the applications to review and nothing else.
    assert (labels == {"Application"}) == (who == "reviewer")


def test_every_coordinator_page_is_mounted_one_way():
    """Extra admin pages come from an AdminPages class (mentorship/admin_pages.py), never from a
    ModelAdmin's own get_urls."""
    from django.contrib.auth.admin import UserAdmin

    from mentorship.admin_pages import AdminPagesMixin

    allowed = (admin.ModelAdmin.get_urls, AdminPagesMixin.get_urls, UserAdmin.get_urls)  # Django's own
    own = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if type(model_admin).get_urls not in allowed
    ]
    assert own == [], f"mount these pages with AdminPages: {own}"


def test_a_reviewer_opens_no_admin_list_but_the_applications(client, reviewer):
    """Every registered admin but the screening workbench refuses a reviewer (403), whatever it is."""
    from applications.models import Application

    client.force_login(reviewer)
    opened = []
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        if client.get(url).status_code != 403:
            opened.append(model._meta.label)
    assert opened == [Application._meta.label]
