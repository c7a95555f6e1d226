from django.contrib import admin
from django.shortcuts import redirect

from mentorship.admin_pages import AdminPagesMixin
from mentorship.scoping import ProgramScopedAdminMixin

from .email_texts import EmailTextPages
from .models import EmailText


@admin.register(EmailText)
class EmailTextAdmin(AdminPagesMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
    """A program's own e-mail texts. The list shows every kind of e-mail of my programs; each is
    edited, previewed and reset on its own page (EmailTextPages)."""

    program_path = "program"
    pages = EmailTextPages
    change_list_template = "admin/communication/email_texts.html"
    list_select_related = ["program", "updated_by"]

    def changelist_view(self, request, extra_context=None):
        context = {**EmailTextPages(self).overview_context(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        text = self.get_object(request, object_id)  # 404 outside my programs
        return redirect("admin:communication_email_text", text.program_id, text.kind, text.language)

    def has_add_permission(self, request, *args):
        return False
