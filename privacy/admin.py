from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from mentorship import scoping
from mentorship.admin_pages import AdminPagesMixin
from mentorship.scoping import ProgramScopedAdminMixin

from . import hooks
from .erasure_pages import ErasurePages
from .models import ConsentRecord, ErasureRecord


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """The consent ledger: read-only proof of who accepted which notice version, when."""

    program_path = "program"
    list_display = ["accepted_at", "email_column", "program", "notice_version", "context", "anonymised_at"]
    list_filter = [("program", RelatedOnlyFieldListFilter), "notice_version", "context"]
    search_fields = ["email"]
    date_hierarchy = "accepted_at"
    list_select_related = ["program"]
    fields = readonly_fields = [
        {"email": "email_column", "user": "user_column"}.get(field.name, field.name)
        for field in ConsentRecord._meta.fields
    ]

    def get_queryset(self, request):
        hidden = Case(When(hooks.hidden_consent_q(), then=Value(True)), default=Value(False))
        return super().get_queryset(request).annotate(identity_hidden=hidden)

    def get_search_results(self, request, queryset, search_term):
        # An address must not find the line of an applicant blind screening hides.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset = queryset.filter(identity_hidden=False)
        return queryset, may_have_duplicates

    @admin.display(description=_("user"))
    def user_column(self, obj):
        return "—" if obj.identity_hidden or obj.user is None else str(obj.user)

    @admin.display(description=_("e-mail address"), ordering="email")
    def email_column(self, obj):
        return "—" if obj.identity_hidden else obj.email

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ErasureRecord)
class ErasureRecordAdmin(AdminPagesMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
    """The audit of erasures on request; the page to erase a person is mounted here."""

    pages = ErasurePages
    program_path = "program"
    list_display = ["at", "program", "requested_by", "whole_person", "note"]
    list_filter = [("program", RelatedOnlyFieldListFilter)]
    list_select_related = ["program", "requested_by"]
    readonly_fields = [field.name for field in ErasureRecord._meta.fields]

    def changelist_view(self, request, extra_context=None):
        can_erase = bool(scoping.program_ids(request.user, kind="coordinator")) or request.user.is_superuser
        return super().changelist_view(request, {**(extra_context or {}), "can_erase": can_erase})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
