from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentorship.scoping import SuperuserOnlyAdminMixin

from . import services
from .models import Notification


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    """The outbox of every program: superusers only (a row knows its address, not its program)."""

    list_display = ["created_at", "to", "template", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "template", "language"]
    search_fields = ["to", "key", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_failed"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry failed e-mails"), permissions=["view"])
    def retry_failed(self, request, queryset):
        count = services.retry(queryset.exclude(status=Notification.Status.SENT))
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
