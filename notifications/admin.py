from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentorship.scoping import SuperuserOnlyAdminMixin

from . import services
from .models import Notification


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    """The outbox. A row *maybe sent* (the line broke after the server had the message, or a
    worker died then) is never re-sent by itself; check with the recipient, then “Retry”."""

    list_display = ["created_at", "to", "template", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "template", "language"]
    search_fields = ["to", "key", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_failed"]
    # For administrators only: the outbox holds every person's e-mails across all programs. The
    # context is not shown: it carries live signed links (sign-in, confirm, meeting, survey).
    exclude = ["context"]
    readonly_fields = [f.name for f in Notification._meta.fields if f.name != "context"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry failed or maybe-sent e-mails"), permissions=["view"])
    def retry_failed(self, request, queryset):
        count = services.retry(queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
