from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter

from mentorship import scoping
from mentorship.admin_pages import AdminPagesMixin
from mentorship.scoping import ProgramScopedAdminMixin

from .erasure_pages import ErasurePages
from .models import ConsentRecord, ErasureRecord


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """The consent ledger: read-only proof of who accepted which notice version, when."""

    program_path = "program"
    list_display = ["accepted_at", "email", "program", "notice_version", "context", "anonymised_at"]
    list_filter = [("program", RelatedOnlyFieldListFilter), "notice_version", "context"]
    search_fields = ["email"]
    date_hierarchy = "accepted_at"
    list_select_related = ["program"]
    readonly_fields = [field.name for field in ConsentRecord._meta.fields]

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
