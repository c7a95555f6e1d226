from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentorship.scoping import ProgramScopedAdminMixin, ProgramScopedInlineMixin

from . import services
from .forms import EligibilityImportForm
from .models import (
    ContactPerson,
    EligibilityEntry,
    Organisation,
    Program,
    ProgramMembership,
    Role,
    Round,
    RoundInterest,
    Topic,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "industry", "municipality", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "municipality"]


class ContactPersonInline(ProgramScopedInlineMixin, admin.TabularInline):
    parent_program_path = ""
    model = ContactPerson
    extra = 0


class ProgramMembershipInline(ProgramScopedInlineMixin, admin.TabularInline):
    parent_program_path = ""
    model = ProgramMembership
    extra = 0
    autocomplete_fields = ["user"]


class TopicInline(ProgramScopedInlineMixin, admin.TabularInline):
    parent_program_path = ""
    model = Topic
    extra = 0
    prepopulated_fields = {"slug": ["name_sv"]}


@admin.register(Program)
class ProgramAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """The user's own programs: coordinators change them (and their team), leads read."""

    program_path = ""
    list_display = ["name", "slug", "is_reverse", "privacy_notice_version", "retention_months"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["hosts"]
    inlines = [ContactPersonInline, ProgramMembershipInline, TopicInline]
    fieldsets = (
        (None, {"fields": ["name", "slug", "hosts", "is_reverse"]}),
        (_("Description"), {"fields": ["description_sv", "description_en"]}),
        (
            _("Role labels"),
            {"fields": [("mentor_label_sv", "mentor_label_en"), ("mentee_label_sv", "mentee_label_en")]},
        ),
        (
            _("Privacy"),
            {
                "fields": [
                    "privacy_notice_sv",
                    "privacy_notice_en",
                    "privacy_notice_version",
                    "retention_months",
                    "min_group_size",
                ]
            },
        ),
    )

    def has_add_permission(self, request, *args):
        return request.user.is_superuser  # a new program gets its staff from an administrator

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # it would take every round and application with it


@admin.register(Round)
class RoundAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """Rounds of the user's programs: coordinators change them, leads read (mentorship.scoping)."""

    program_path = "program"
    list_display = ["name", "program", "phase_display", "applications_open", "deadline", "is_published"]
    list_filter = [("program", admin.RelatedOnlyFieldListFilter), "is_published"]
    list_select_related = ["program"]
    search_fields = ["name", "slug", "program__name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["partners", "topics"]
    readonly_fields = ["phase_display", "eligibility_list"]
    date_hierarchy = "applications_open"
    fieldsets = (
        (
            _("Basics"),
            {
                "fields": [
                    "program",
                    "name",
                    "slug",
                    "is_published",
                    "phase_display",
                    "description_sv",
                    "description_en",
                    "how_to_apply_sv",
                    "how_to_apply_en",
                ]
            },
        ),
        (
            _("Timeline"),
            {
                "description": _("Swedish time. Each date must come after the ones before it."),
                "fields": [
                    "applications_open",
                    ("mentor_deadline", "mentee_deadline"),
                    "screening_ends",
                    "pairs_announced",
                    "confirm_by",
                    "kickoff",
                    "midpoint",
                    "ends",
                    "follow_up",
                ],
            },
        ),
        (
            _("Eligibility"),
            {"fields": ["mentor_eligibility", "mentee_eligibility", "eligibility_list", "partners"]},
        ),
        (
            _("Capacity and cadence"),
            {
                "fields": [
                    "capacity",
                    "max_mentees_per_mentor",
                    "meeting_cadence_days",
                    "visits_expected",
                    "topics",
                    "blind_screening",
                ]
            },
        ),
    )

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # it would take the round's applications and pairs with it

    @admin.display(description=_("phase"))
    def phase_display(self, obj):
        return obj.get_phase_display() if obj and obj.pk else "–"

    @admin.display(description=_("application deadline"), ordering="mentee_deadline")
    def deadline(self, obj):
        return obj.application_deadline

    @admin.display(description=_("eligibility list"))
    def eligibility_list(self, obj):
        if not obj or not obj.pk:
            return _("Save the round first, then add addresses.")
        counts = dict(
            obj.eligibility_entries.values_list("role").annotate(n=Count("pk")).values_list("role", "n")
        )
        summary = ", ".join(f"{obj.program.role_label(role)}: {counts.get(role, 0)}" for role in Role.values)
        url = reverse("admin:programs_round_eligibility", args=[obj.pk])
        return format_html('{} – <a href="{}">{}</a>', summary, url, _("Add addresses"))

    def get_urls(self):
        urls = [
            path(
                "<int:object_id>/eligibility/",
                self.admin_site.admin_view(self.eligibility_view),
                name="programs_round_eligibility",
            )
        ]
        return urls + super().get_urls()

    def eligibility_view(self, request, object_id):
        """Paste or upload e-mail addresses onto the round's eligibility list for one role."""
        round_ = self.get_object(request, str(object_id))  # 404 outside the user's programs
        if not self.has_change_permission(request, round_):  # a lead reads only
            raise PermissionDenied
        form = EligibilityImportForm(request.POST or None, request.FILES or None, round_=round_)
        if request.method == "POST" and form.is_valid():
            result = services.import_eligibility_list(
                round_, role=form.cleaned_data["role"], text=form.text(), note=form.cleaned_data["note"]
            )
            self._report_import(request, result)
            return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Eligibility list for %(round)s") % {"round": round_},
            "opts": self.opts,
            "original": round_,
            "form": form,
            "media": self.media + form.media,
            "entries": {
                round_.program.role_label(role): round_.eligibility_entries.filter(role=role).count()
                for role in Role.values
            },
        }
        return TemplateResponse(request, "admin/programs/round/eligibility_import.html", context)

    def _report_import(self, request, result):
        self.message_user(
            request,
            _("%(added)s added, %(present)s already on the list, %(invalid)s invalid.")
            % {"added": result.added, "present": result.already_present, "invalid": len(result.invalid)},
            messages.SUCCESS if not result.invalid else messages.WARNING,
        )
        if result.invalid:
            shown = ", ".join(result.invalid[:20])
            more = len(result.invalid) - 20
            message = ngettext("Invalid line: %(lines)s", "Invalid lines: %(lines)s", len(result.invalid)) % {
                "lines": shown
            }
            if more > 0:
                message += " " + _("(and %(count)s more)") % {"count": more}
            self.message_user(request, message, messages.WARNING)


@admin.register(EligibilityEntry)
class EligibilityEntryAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    program_path = "round__program"
    list_display = ["email", "round", "role", "note"]
    list_filter = ["role", ("round", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["round__program"]
    search_fields = ["email", "note"]


@admin.register(RoundInterest)
class RoundInterestAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """Read-only: people add themselves on the public round page. Deleting is allowed (on request)."""

    program_path = "round__program"

    list_display = ["email", "round", "language", "created_at"]
    list_filter = [("round", admin.RelatedOnlyFieldListFilter), "language"]
    list_select_related = ["round__program"]
    search_fields = ["email"]
    readonly_fields = ["round", "email", "language", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        """Coordinators of the round's program delete an address on request."""
        return ProgramScopedAdminMixin.has_change_permission(self, request, obj)
