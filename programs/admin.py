"""Admin for programs, rounds and their lists, scoped to the programs the user belongs to.

Coordinators change their own programs' rows, leads only read them, superusers see all
(`mentorship.scoping`). Organisations are shared by every program: staff may view and add
them, only superusers change or delete them. Only superusers create or delete programs.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from mentorship.admin_pages import AdminPages, AdminPagesMixin
from mentorship.scoping import (
    COORDINATOR,
    ProgramScopedAdminMixin,
    ProgramScopedInlineMixin,
    is_staff_member,
    program_ids,
)

from . import branding, round_copy, services
from .forms import CopyRoundForm, EligibilityImportForm
from .models import (
    ContactPerson,
    EligibilityEntry,
    Organisation,
    Program,
    ProgramMembership,
    Role,
    Round,
    RoundInterest,
    SurveyQuestion,
    Topic,
)
from .survey_questions import SURVEY_CHOICES, add_default_survey


def coordinates_any(user) -> bool:
    return user.is_superuser or bool(program_ids(user, kind=COORDINATOR))


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Shared by all programs: staff view and add; only superusers change or delete (all use them)."""

    list_display = ["name", "kind", "industry", "municipality", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "municipality"]

    def has_module_permission(self, request):
        return is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff_member(request.user)

    def has_add_permission(self, request):
        return is_staff_member(request.user) and coordinates_any(request.user)

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class StaffUserChoiceMixin:
    """Staff are chosen among staff accounts; only superusers search every user."""

    def get_autocomplete_fields(self, request):
        return ["user"] if request.user.is_superuser else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True).order_by("email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProgramInline(ProgramScopedInlineMixin, admin.TabularInline):
    program_path = "program"
    parent_program_path = ""
    extra = 0


class ContactPersonInline(ProgramInline):
    model = ContactPerson


class ProgramMembershipInline(StaffUserChoiceMixin, ProgramInline):
    model = ProgramMembership

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class TopicInline(ProgramInline):
    model = Topic
    prepopulated_fields = {"slug": ["name_sv"]}


class SurveyQuestionForm(forms.ModelForm):
    """A survey question with the surveys it is asked in as ticks (none ticked: every survey)."""

    surveys = forms.MultipleChoiceField(
        label=_("asked in"),
        choices=SURVEY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: asked in every survey."),
    )

    class Meta:
        model = SurveyQuestion
        fields = ["surveys"]  # the inline's fields give the rest


class SurveyQuestionInline(ProgramScopedInlineMixin, admin.StackedInline):
    """The program's survey: each item asked of both roles, the mentee in the mentor's words unless
    worded for them. A question people answered cannot be deleted (untick "asked" instead)."""

    model = SurveyQuestion
    form = SurveyQuestionForm
    program_path = "program"
    parent_program_path = ""
    extra = 0
    classes = ["collapse"]
    fields = [
        ("key", "kind", "order", "required", "is_active"),
        ("label_sv", "label_en"),
        ("mentee_label_sv", "mentee_label_en"),
        ("help_sv", "help_en"),
        ("report_label_sv", "report_label_en"),
        "surveys",
    ]


class ProgramForm(forms.ModelForm):
    """The program, with its logo uploaded (checked and stored by programs/branding.py) or removed."""

    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP, at most 500 KB. Shown on the program's pages and e-mails."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Program
        fields = ["accent_colour"]  # the admin's fieldsets give the rest

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            self.logo_png = branding.read_logo(upload)
        return upload


@admin.register(Program)
class ProgramAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """Coordinators edit their programs; only superusers create or delete programs."""

    form = ProgramForm
    program_path = ""
    list_display = ["name", "slug", "is_reverse", "privacy_notice_version", "retention_months"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["hosts"]
    inlines = [ContactPersonInline, ProgramMembershipInline, TopicInline, SurveyQuestionInline]
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
        (_("Look"), {"fields": ["accent_colour", "logo_preview", "logo_upload", "remove_logo"]}),
    )
    readonly_fields = ["logo_preview"]

    @admin.display(description=_("current logo"))
    def logo_preview(self, obj):
        if not obj or not obj.logo_path:
            return _("No logo")
        return format_html('<img src="{}" alt="" class="program-logo-preview">', obj.logo_path)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("remove_logo"):
            branding.remove_logo(obj)
        elif getattr(form, "logo_png", None):
            branding.store_logo(obj, form.logo_png, at=timezone.now())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:  # a new program starts with the default survey, unless given its own
            add_default_survey(form.instance)

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(ProgramMembership)
class ProgramMembershipAdmin(StaffUserChoiceMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
    """Who coordinates or leads which program; coordinators manage their own programs' staff."""

    program_path = "program"
    list_display = ["user", "kind", "program"]
    list_filter = ["kind", ("program", RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "program"]
    search_fields = ["user__email", "user__full_name"]


@admin.register(Topic)
class TopicAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    program_path = "program"
    list_display = ["name_sv", "name_en", "slug", "program"]
    list_filter = [("program", RelatedOnlyFieldListFilter)]
    list_select_related = ["program"]
    search_fields = ["name_sv", "name_en"]
    prepopulated_fields = {"slug": ["name_sv"]}


@admin.register(ContactPerson)
class ContactPersonAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    program_path = "program"
    list_display = ["name", "title", "program"]
    list_filter = [("program", RelatedOnlyFieldListFilter)]
    list_select_related = ["program"]
    search_fields = ["name"]


class EligibilityPages(AdminPages):
    """The round's eligibility list: paste or upload addresses (coordinators), see counts (leads)."""

    routes = [("<int:object_id>/eligibility/", "eligibility", "programs_round_eligibility")]

    def eligibility(self, request, object_id):
        """Paste or upload e-mail addresses onto the round's eligibility list for one role."""
        round_ = self.model_admin.get_object(request, str(object_id))  # 404 outside the user's programs
        can_change = self.model_admin.has_change_permission(request, round_)
        if request.method == "POST" and not can_change:
            raise PermissionDenied  # leads see the counts, only coordinators import
        form = EligibilityImportForm(request.POST or None, request.FILES or None, round_=round_)
        if can_change and request.method == "POST" and form.is_valid():
            result = services.import_eligibility_list(
                round_, role=form.cleaned_data["role"], text=form.text(), note=form.cleaned_data["note"]
            )
            self.report_import(request, result)
            return redirect(request.path)
        context = {
            "title": _("Eligibility list for %(round)s") % {"round": round_},
            "original": round_,
            "form": form,
            "can_change": can_change,
            "media": self.model_admin.media + form.media,
            "entries": {
                round_.program.role_label(role): round_.eligibility_entries.filter(role=role).count()
                for role in Role.values
            },
        }
        return self.render(request, "admin/programs/round/eligibility_import.html", **context)

    def report_import(self, request, result):
        self.model_admin.message_user(
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
            self.model_admin.message_user(request, message, messages.WARNING)


class CopyPages(AdminPages):
    """Next year's round in one step: a coordinator copies the round's setup (`round_copy`)."""

    routes = [("<int:object_id>/copy/", "copy", "programs_round_copy")]

    def copy(self, request, object_id):
        round_ = self.model_admin.get_object(request, str(object_id))  # 404 outside the user's programs
        if round_ is None:
            raise Http404
        if not (
            self.model_admin.has_change_permission(request, round_)
            and self.model_admin.has_add_permission(request)
        ):
            raise PermissionDenied  # leads read rounds, only coordinators set them up
        shift = round_copy.next_year_shift(round_)
        initial = {
            "name": round_copy.next_name(round_.name, shift),
            "slug": f"{round_.slug}-copy",
            "shift_days": shift.days,
        }
        form = CopyRoundForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            new = round_copy.copy_round(
                round_,
                slug=form.cleaned_data["slug"],
                name=form.cleaned_data["name"],
                shift=timedelta(days=form.cleaned_data["shift_days"]),
            )
            self.model_admin.message_user(
                request,
                _("%(round)s was created as a copy, unpublished: check its dates, then publish it.")
                % {"round": new.name},
                messages.SUCCESS,
            )
            return redirect("admin:programs_round_change", new.pk)
        return self.render(
            request,
            "admin/programs/round/copy.html",
            title=_("Copy the round %(round)s") % {"round": round_},
            original=round_,
            form=form,
            copied=round_copy.COPIED_SUMMARY,
            not_copied=round_copy.NOT_COPIED_SUMMARY,
        )


@admin.register(Round)
class RoundAdmin(AdminPagesMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
    program_path = "program"
    pages = [EligibilityPages, CopyPages]
    list_display = ["name", "program", "phase_display", "applications_open", "deadline", "is_published"]
    list_filter = [("program", RelatedOnlyFieldListFilter), "is_published"]
    list_select_related = ["program"]
    search_fields = ["name", "slug", "program__name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["partners", "topics"]
    readonly_fields = ["phase_display", "eligibility_list", "copy_link"]
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
                    "copy_link",
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
        # Deleting a round deletes its applications, pairs and history: administrators only.
        return request.user.is_active and request.user.is_superuser

    @admin.display(description=_("phase"))
    def phase_display(self, obj):
        return obj.get_phase_display() if obj and obj.pk else "–"

    @admin.display(description=_("application deadline"), ordering="mentee_deadline")
    def deadline(self, obj):
        return obj.application_deadline

    @admin.display(description=_("next round"))
    def copy_link(self, obj):
        if not obj or not obj.pk:
            return "–"
        url = reverse("admin:programs_round_copy", args=[obj.pk])
        link = format_html('<a href="{}">{}</a>', url, _("Copy this round (timeline moved, no people)"))
        previous = round_copy.previous_round(obj)
        if previous is None:
            return link
        invite = reverse("admin:communication_message_compose", args=[previous.pk]) + f"?invite={obj.pk}"
        text = _("Invite the participants of %(round)s to apply") % {"round": previous.name}
        return format_html('{} – <a href="{}">{}</a>', link, invite, text)

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


@admin.register(EligibilityEntry)
class EligibilityEntryAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    program_path = "round__program"
    list_display = ["email", "round", "role", "note"]
    list_filter = ["role", ("round", RelatedOnlyFieldListFilter)]
    list_select_related = ["round__program"]
    search_fields = ["email", "note"]

    # Any change of a list re-checks the round's applications (in the same transaction).
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            services.eligibility_list_changed(obj.round)

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            services.eligibility_list_changed(obj.round)

    def delete_queryset(self, request, queryset):
        rounds = list(Round.objects.filter(pk__in=queryset.values("round")))
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            for round_ in rounds:
                services.eligibility_list_changed(round_)


@admin.register(RoundInterest)
class RoundInterestAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """Read-only: people add themselves on the public round page. Deleting is allowed (on request)."""

    program_path = "round__program"
    list_display = ["email", "round", "language", "created_at"]
    list_filter = [("round", RelatedOnlyFieldListFilter), "language"]
    list_select_related = ["round__program"]
    search_fields = ["email"]
    readonly_fields = ["round", "email", "language", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Coordinators of the round's program (on the person's request); leads only read.
        return ProgramScopedAdminMixin.has_change_permission(self, request, obj)
