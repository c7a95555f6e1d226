"""The reusable ProgramScopedAdminMixin on models of other apps (as programs/matching will use it)."""

import pytest
from django.contrib import admin
from django.http import Http404
from django.test import RequestFactory

from mentorship.scoping import ProgramScopedAdminMixin
from programs.models import Program, Round
from tests.factories import ProgramMembershipFactory, RoundFactory, StaffFactory


class ProgramAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    program_path = ""


class RoundAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    program_path = "program"


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def site():
    return admin.AdminSite(name="scoping-test")


def test_program_admin_with_empty_path_shows_my_programs_only(site, round_, coordinator):
    RoundFactory()
    model_admin = ProgramAdmin(Program, site)
    assert list(model_admin.get_queryset(request_for(coordinator))) == [round_.program]


def test_guessed_id_outside_scope_is_404(site, round_, other_coordinator):
    model_admin = RoundAdmin(Round, site)
    with pytest.raises(Http404):
        model_admin.get_object(request_for(other_coordinator), str(round_.pk))


def test_lead_reads_but_cannot_change_or_delete(site, round_, lead):
    model_admin = RoundAdmin(Round, site)
    request = request_for(lead)
    assert model_admin.has_view_permission(request, round_)
    assert not model_admin.has_change_permission(request, round_)
    assert not model_admin.has_delete_permission(request, round_)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)


def test_coordinator_of_one_program_and_lead_of_another(site, round_, coordinator):
    other_round = RoundFactory()
    ProgramMembershipFactory(program=other_round.program, user=coordinator, kind="lead")
    model_admin = RoundAdmin(Round, site)
    request = request_for(type(coordinator).objects.get(pk=coordinator.pk))
    assert set(model_admin.get_queryset(request)) == {round_, other_round}
    assert model_admin.has_change_permission(request, round_)
    assert not model_admin.has_change_permission(request, other_round)
    assert list(model_admin.get_changeable_queryset(request)) == [round_]


def test_foreign_key_choices_limited_to_programs_i_coordinate(site, round_, coordinator):
    RoundFactory()
    field = RoundAdmin(Round, site).formfield_for_foreignkey(
        Round._meta.get_field("program"), request_for(coordinator)
    )
    assert list(field.queryset) == [round_.program]


def test_staff_without_membership_has_no_module(site, db):
    assert not RoundAdmin(Round, site).has_module_permission(request_for(StaffFactory()))


def test_superuser_sees_and_changes_all(site, round_):
    other = RoundFactory()
    request = request_for(StaffFactory(superuser=True))
    model_admin = RoundAdmin(Round, site)
    assert set(model_admin.get_queryset(request)) == {round_, other}
    assert model_admin.has_change_permission(request, other)


def test_inline_permissions_follow_the_parent_program(site, round_, coordinator, lead, other_coordinator):
    from applications.models import RubricCriterion
    from mentorship.scoping import ProgramScopedInlineMixin

    class RubricInline(ProgramScopedInlineMixin, admin.TabularInline):
        model = RubricCriterion
        program_path = "round__program"
        parent_program_path = "program"

    inline = RubricInline(Round, site)
    assert inline.has_change_permission(request_for(coordinator), round_)
    assert not inline.has_change_permission(request_for(lead), round_)
    assert inline.has_view_permission(request_for(lead), round_)
    assert not inline.has_view_permission(request_for(other_coordinator), round_)
    field = inline.formfield_for_foreignkey(
        RubricCriterion._meta.get_field("round"), request_for(coordinator)
    )
    assert list(field.queryset) == [round_]
