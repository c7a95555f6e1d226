from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter

from mentorship.scoping import ProgramScopedAdminMixin

from .models import ConsentRecord


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
