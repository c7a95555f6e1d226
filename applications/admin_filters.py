"""List filters of the screening workbench."""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.utils.translation import gettext_lazy as _

from applications.models import DECISIONS, pending_decision_q
from applications.selectors_screening import blind_hidden_q, needs_review_q
from programs.models import Program, Role


class NeedsMyReviewFilter(admin.SimpleListFilter):
    title = _("my review")
    parameter_name = "needs_my_review"

    def lookups(self, request, model_admin):
        return [("1", _("Needs my review")), ("0", _("Reviewed by me"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(needs_review_q(request.user))
        if self.value() == "0":
            return queryset.filter(reviews__reviewer=request.user)
        return queryset


class RoleFilter(admin.SimpleListFilter):
    """Role, in the program's own words when the user works with one program."""

    title = _("role")
    parameter_name = "role__exact"

    def lookups(self, request, model_admin):
        programs = list(Program.objects.for_staff(request.user)[:2])
        if len(programs) == 1:
            return [(Role.MENTOR, programs[0].mentor_label), (Role.MENTEE, programs[0].mentee_label)]
        return Role.choices

    def queryset(self, request, queryset):
        return queryset.filter(role=self.value()) if self.value() in Role.values else queryset


class DecisionPendingFilter(admin.SimpleListFilter):
    title = _("decision")
    parameter_name = "decision_pending"

    def lookups(self, request, model_admin):
        return [("1", _("Decision pending")), ("0", _("Decision sent"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(pending_decision_q())
        if self.value() == "0":
            return queryset.filter(state__in=DECISIONS, notified_state__in=DECISIONS).exclude(
                pending_decision_q()
            )
        return queryset


class VisibleOrganisationFilter(RelatedOnlyFieldListFilter):
    """Partner organisations, leaving out those only known from blind applications."""

    def field_choices(self, field, request, model_admin):
        visible = model_admin.get_queryset(request).exclude(blind_hidden_q())
        pks = visible.distinct().values_list(f"{self.field_path}__pk", flat=True)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to={"pk__in": pks}, ordering=ordering)

    def queryset(self, request, queryset):
        filtered = super().queryset(request, queryset)
        return filtered.exclude(blind_hidden_q()) if self.lookup_val else filtered
