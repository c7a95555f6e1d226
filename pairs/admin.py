from django.contrib import admin

from .models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Meetings for coordinators, scoped to their programs; the pair's private note is never shown.

    Survey answers are not in the admin on purpose: staff see them only as aggregates of groups
    large enough to keep answers anonymous (the round report).
    """

    list_display = ["date", "pair", "kind", "duration_minutes", "pulse"]
    list_filter = ["kind", "pair__round"]
    list_select_related = ["pair__mentor_application", "pair__mentee_application"]
    date_hierarchy = "date"
    exclude = ["private_note"]
    readonly_fields = ["pair", "logged_by", "created_at"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pair__round__program__memberships__user=request.user)

    def has_add_permission(self, request):
        return False  # pairs log their own meetings
