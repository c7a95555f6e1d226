from django.contrib import admin, messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mentorship.admin_pages import AdminPages, AdminPagesMixin
from mentorship.scoping import ProgramScopedAdminMixin, ProgramScopedInlineMixin
from programs.models import Round

from . import exceptions, selectors
from .models import ReminderRule, ReportedException, RoundReminders


@admin.register(ReminderRule)
class ReminderRuleAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    program_path = "round__program"
    list_display = ["round", "kind", "audience", "when", "active"]
    list_filter = ["active", "kind", "audience"]
    list_select_related = ["round__program"]
    search_fields = ["round__name", "round__program__name"]
    fields = ["round", "kind", "audience", "anchor", "offset", "active"] + [
        "subject_sv",
        "subject_en",
        "message_sv",
        "message_en",
    ]

    @admin.display(description=_("when"))
    def when(self, obj):
        return obj.describe_offset()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "round":
            kwargs["queryset"] = Round.objects.for_staff(request.user).select_related("program")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReminderRuleInline(ProgramScopedInlineMixin, admin.TabularInline):
    program_path = "round__program"
    parent_program_path = "program"
    model = ReminderRule
    extra = 0
    fields = ["kind", "audience", "anchor", "offset", "active", "subject_sv", "subject_en"]


class ExceptionPages(AdminPages):
    routes = [("<int:round_pk>/exceptions/<int:pk>/handled/", "handled", "reminders_exception_handled")]

    @method_decorator(require_POST)
    def handled(self, request, round_pk, pk):
        """POST: a coordinator of the round's program marks one open exception handled."""
        round_ = self.model_admin.get_object(request, str(round_pk))
        if not self.model_admin.has_change_permission(request, round_):
            raise Http404
        row = get_object_or_404(ReportedException, pk=pk, program_id=round_.program_id)
        exceptions.mark_handled(row, user=request.user)
        messages.success(request, _("Marked as handled."))
        return redirect(reverse("admin:reminders_roundreminders_change", args=[round_.pk]))


@admin.register(RoundReminders)
class RoundRemindersAdmin(AdminPagesMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
    """Per round: its rules (editable), the schedule ahead with counts, and what was sent."""

    pages = ExceptionPages

    list_display = ["name", "program", "applications_open", "application_deadline_display", "rule_count"]
    list_select_related = ["program"]
    search_fields = ["name", "program__name"]
    inlines = [ReminderRuleInline]
    fieldsets = [
        (
            _("Reminders"),
            {
                "fields": ["schedule", "sent"],
                "description": _(
                    "Reminders go out every 15 minutes, each to each person once. Offsets count on the "
                    "Swedish wall clock. A reminder more than two days overdue (for example when a rule "
                    "is added late) is skipped, and nobody who has already acted is reminded."
                ),
            },
        ),
    ]
    readonly_fields = ["schedule", "sent"]
    change_form_template = "reminders/admin_round_change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        round_ = self.get_object(request, object_id)
        rows = exceptions.open_exceptions(round_)
        extra = {
            "exception_rows": list(zip(rows, exceptions.describe(rows, get_language() or "sv"), strict=True)),
            "can_handle": self.has_change_permission(request, round_),
            "round_pk": round_.pk,
        }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(rule_total=Count("reminder_rules", distinct=True))

    def has_add_permission(self, request, *args):
        return False  # rounds are added in the programs admin

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("application deadline"))
    def application_deadline_display(self, obj):
        return obj.application_deadline

    @admin.display(description=_("rules"))
    def rule_count(self, obj):
        return obj.rule_total

    @admin.display(description=_("schedule ahead"))
    def schedule(self, obj):
        rows = selectors.schedule_ahead(obj, timezone.now()) if obj.pk else []
        return render_to_string("reminders/admin_schedule.html", {"rows": rows})

    @admin.display(description=_("sent"))
    def sent(self, obj):
        rows = selectors.sent_reminders(obj) if obj.pk else []
        return render_to_string("reminders/admin_sent.html", {"rows": rows})
