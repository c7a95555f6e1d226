"""Admins around the application: reviews, audit log, rubric and decision e-mail wording."""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.models import (
    Question,
    QuestionOption,
    Review,
    ReviewAssignment,
    RubricCriterion,
    StateChange,
)
from applications.selectors_screening import actor_label, applicant_label
from mentorship.scoping import ProgramScopedAdminMixin, ProgramScopedInlineMixin


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
    """Reviews are written on the application page; here only those the user may already see."""

    program_path = "application__round__program"
    list_display = ["application_column", "reviewer", "total", "updated_at"]
    list_select_related = ["application__round__program", "reviewer"]
    fields = ["application_column", "reviewer", "scores", "total", "comment", "created_at", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        reviewed = Review.objects.filter(reviewer=request.user).values("application")
        # Reviews of applications I have reviewed myself, or whose decision is released.
        return queryset.filter(
            Q(application__in=reviewed) | Q(application__decision_released_at__isnull=False)
        )

    @admin.display(description=_("application"))
    def application_column(self, obj):
        return applicant_label(obj.application)


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """Who reviews what, and who assigned it when. Made in bulk on the application list
    ("Assign reviewers…"); a coordinator removes one here."""

    program_path = "application__round__program"
    list_display = ["application_column", "reviewer", "reviewed_column", "assigned_by", "assigned_at"]
    list_filter = [
        ("application__round", RelatedOnlyFieldListFilter),
        ("reviewer", RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["application__round__program", "reviewer", "assigned_by"]
    fields = ["application_column", "reviewer", "assigned_by", "assigned_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        reviewed = Review.objects.filter(application=OuterRef("application"), reviewer=OuterRef("reviewer"))
        return super().get_queryset(request).annotate(reviewed=Exists(reviewed))

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return ProgramScopedAdminMixin.has_change_permission(self, request, obj)

    @admin.display(description=_("application"))
    def application_column(self, obj):
        url = reverse("admin:applications_application_change", args=[obj.application_id])
        return format_html('<a href="{}">{}</a>', url, applicant_label(obj.application))

    @admin.display(description=_("scored"), boolean=True, ordering="reviewed")
    def reviewed_column(self, obj):
        return obj.reviewed


@admin.register(StateChange)
class StateChangeAdmin(ReadOnlyAdminMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
    program_path = "application__round__program"
    list_display = ["application_column", "from_state", "to_state", "actor_column", "at", "note"]
    list_filter = [("application__round", RelatedOnlyFieldListFilter), "to_state"]
    list_select_related = ["application__round__program", "actor"]
    fields = ["application_column", "from_state", "to_state", "actor_column", "at", "note"]
    readonly_fields = fields

    @admin.display(description=_("by"))
    def actor_column(self, obj):
        return actor_label(obj)

    @admin.display(description=_("application"))
    def application_column(self, obj):
        url = reverse("admin:applications_application_change", args=[obj.application_id])
        return format_html('<a href="{}">{}</a>', url, applicant_label(obj.application))


@admin.register(RubricCriterion)
class RubricCriterionAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    program_path = "round__program"
    list_display = ["label_sv", "label_en", "key", "round", "order"]
    list_filter = [("round", RelatedOnlyFieldListFilter)]
    list_select_related = ["round__program"]
    ordering = ["round", "order", "pk"]


class QuestionOptionInline(ProgramScopedInlineMixin, admin.TabularInline):
    model = QuestionOption
    program_path = "question__program"
    parent_program_path = "program"
    fields = ["value", "label_sv", "label_en", "order"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """A program's own application questions; the fixed core (name, e-mail, …) is the form's."""

    program_path = "program"
    list_display = ["label_sv", "program", "kind", "asked_to", "required", "matching", "order"]
    list_filter = [("program", RelatedOnlyFieldListFilter), "asked_to", "kind", "matching"]
    list_select_related = ["program"]
    list_editable = ["order"]
    ordering = ["program", "order", "pk"]
    inlines = [QuestionOptionInline]
    fieldsets = [
        (None, {"fields": ["program", "key", "kind", "asked_to", "required", "order"]}),
        (_("Wording"), {"fields": ["label_sv", "label_en", "help_sv", "help_en"]}),
        (_("Numbers"), {"fields": ["min_value", "max_value"]}),
        (_("Matching"), {"fields": ["matching", "weight"]}),
    ]
