"""Admin for matching: runs, pairs and constraints, scoped to the user's programs.

The run pages themselves (run, review, lock/forbid/swap, publish) live in `admin_views.py`
and are mounted under the MatchRun admin's URLs.
"""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mentorship.admin_pages import AdminPagesMixin
from mentorship.scoping import ProgramScopedAdminMixin, is_staff_member

from . import admin_views
from .control_pages import ControlPages
from .models import MatchRun, Pair, PairConstraint, PairTransition


class ScopedAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """Rows of the user's own programs only, read-only: runs are steered on the run pages."""

    program_path = "round__program"

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(MatchRun)
class MatchRunAdmin(AdminPagesMixin, ScopedAdmin):
    pages = admin_views.RunViews
    list_display = ("__str__", "status", "created_at", "created_by", "total_score", "run_page")
    list_filter = ("status", ("round", RelatedOnlyFieldListFilter))
    list_select_related = ("round__program", "created_by")
    change_list_template = "admin/matching/matchrun/change_list.html"

    @admin.display(description=_("review"))
    def run_page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:matching_run", args=[obj.pk]), _("Open"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The run page instead; 404 for a run outside the user's programs (or not a number)."""
        run = self.get_object(request, object_id)  # 404 when out of scope
        return redirect("admin:matching_run", run_id=run.pk)


class PairTransitionInline(admin.TabularInline):
    """The pair's audited state changes (matching.lifecycle), read-only."""

    model = PairTransition
    fields = ("at", "from_state", "to_state", "reason", "note", "actor")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return is_staff_member(request.user)  # shown only on a pair page the user is scoped to

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Pair)
class PairAdmin(AdminPagesMixin, ScopedAdmin):
    pages = ControlPages  # end a pair, more time, re-match, promote (control_pages.py)
    inlines = [PairTransitionInline]
    list_display = ("__str__", "round", "state", "score", "published_at")
    list_filter = ("state", ("round", RelatedOnlyFieldListFilter))
    list_select_related = ("round__program", "mentor_application", "mentee_application")
    search_fields = ("mentor_application__full_name", "mentee_application__full_name")
    readonly_fields = [f.name for f in Pair._meta.fields]


@admin.register(PairConstraint)
class PairConstraintAdmin(ScopedAdmin):
    list_display = ("__str__", "round", "kind", "created_by", "created_at")
    list_filter = ("kind", ("round", RelatedOnlyFieldListFilter))
    list_select_related = ("round__program", "created_by")
    readonly_fields = [f.name for f in PairConstraint._meta.fields]
