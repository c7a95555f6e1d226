from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter

from mentorship.scoping import ProgramScopedAdminMixin

from .models import Meeting


@admin.register(Meeting)
class MeetingAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """Meetings for coordinators, scoped to their programs; the pair's private note and the
    meeting's pulse are never shown (pulses reach staff only as the round's average, under the
    anonymity rule in pairs/anonymity.py).

    Survey answers are not in the admin on purpose: staff see them only as aggregates of groups
    large enough to keep answers anonymous (the round report).
    """

    program_path = "pair__round__program"
    list_display = ["date", "pair", "kind", "duration_minutes"]
    list_filter = ["kind", ("pair__round", RelatedOnlyFieldListFilter)]
    list_select_related = ["pair__mentor_application", "pair__mentee_application"]
    date_hierarchy = "date"
    exclude = ["private_note", "pulse"]
    readonly_fields = ["pair", "logged_by", "created_at"]

    def has_add_permission(self, request):
        return False  # pairs log their own meetings
