from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentorship.scoping import SuperuserOnlyAdminMixin

from . import services
from .models import Notification


class DeliveryFilter(admin.SimpleListFilter):
    """Rows stuck in *sending*: a worker died between sending and marking (maybe sent)."""

    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("stuck", _("Stuck in sending"))]

    def queryset(self, request, queryset):
        if self.value() == "stuck":
            return services.stuck(queryset)
        return queryset


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    """The outbox. A row stuck in *sending* may have gone out: it is never re-sent by itself
    (at most once); check with the recipient, then use “Retry” to send it again."""

    list_display = ["created_at", "to", "template", "subject", "delivery", "attempts", "sent_at"]
    list_filter = [DeliveryFilter, "status", "template", "language"]
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

    @admin.display(description=_("status"), ordering="status")
    def delivery(self, obj):
        limit = timezone.now() - services.STUCK_AFTER
        if obj.status == Notification.Status.SENDING and obj.sending_since and obj.sending_since < limit:
            return _("Stuck (maybe sent)")
        return obj.get_status_display()

    @admin.action(description=_("Retry failed or stuck e-mails"), permissions=["view"])
    def retry_failed(self, request, queryset):
        # A row sending right now is left alone; only stuck ones are retried.
        fresh = queryset.filter(status=Notification.Status.SENDING).exclude(pk__in=services.stuck(queryset))
        count = services.retry(queryset.exclude(status=Notification.Status.SENT).exclude(pk__in=fresh))
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
