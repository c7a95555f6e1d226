from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentorship.scoping import (
    COORDINATOR,
    ProgramScopedAdminMixin,
    is_staff_member,
    program_ids,
    scope_queryset,
)

from . import services
from .models import Notification
from .selectors import label_of, recipient_addresses


class KindFilter(admin.SimpleListFilter):
    """The e-mail's kind by its name (“Decision: accepted”), not by its template key."""

    title = _("e-mail")
    parameter_name = "template"

    def lookups(self, request, model_admin):
        used = model_admin.get_queryset(request).order_by().values_list("template", flat=True).distinct()
        return sorted(((key, label_of(key)) for key in used), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        return queryset.filter(template=self.value()) if self.value() else queryset


class PersonFilter(admin.SimpleListFilter):
    """`?application=<id>`: the e-mails to one applicant, from the application's page (the address
    stays out of the URL; an application outside the user's programs gives nothing)."""

    title = _("person")
    parameter_name = "application"

    def lookups(self, request, model_admin):
        # Reached from the application page only: shown (and applied) when it is in the URL.
        value = request.GET.get(self.parameter_name, "")
        return [(value, _("application #%(id)s") % {"id": value})] if value.isdigit() else []

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        from applications.models import Application

        application = (
            scope_queryset(Application.objects.all(), request.user, "round__program", kind=COORDINATOR)
            .filter(pk=self.value() if str(self.value()).isdigit() else 0)
            .first()
        )
        if application is None:
            return queryset.none()
        return queryset.filter(
            to__in=recipient_addresses(application), program_id=application.round.program_id
        )


@admin.register(Notification)
class NotificationAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
    """The outbox. Each coordinator sees the e-mails of the programs they coordinate (e-mails not
    sent for a program, such as sign-in links, only an administrator sees); nobody sees an e-mail's
    context or body, which carry live signed links (sign-in, confirm, meeting, survey).

    A row *maybe sent* (the line broke after the server had the message, or a worker died then) is
    never re-sent by itself; check with the recipient, then “Retry”.
    """

    # What a coordinator scans for first: has it gone out, and if not, why (in the status column:
    # beside the filter panel and the menu the list's box is 630 px wide at 1280).
    list_display = ["created_at", "state", "to", "kind", "subject", "attempts", "sent_at"]
    list_filter = ["status", KindFilter, "language", PersonFilter]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_failed"]
    exclude = ["context", "key", "claimed_by"]
    readonly_fields = [
        "to",
        "kind",
        "subject",
        "program",
        "language",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sending_since",
        "handed_over_at",
        "sent_at",
    ]
    fields = readonly_fields

    # --- rows: the programs the user coordinates (leads do not read other people's e-mail) ----
    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request).select_related("program")
        return scope_queryset(queryset, request.user, self.program_path, kind=COORDINATOR)

    def get_list_filter(self, request):
        return [*self.list_filter, "program"] if request.user.is_superuser else self.list_filter

    def _coordinates(self, request) -> bool:
        user = request.user
        return is_staff_member(user) and (user.is_superuser or bool(program_ids(user, kind=COORDINATOR)))

    def has_module_permission(self, request):
        return self._coordinates(request)

    def has_view_permission(self, request, obj=None):
        if not self._coordinates(request):
            return False
        return obj is None or self.has_retry_permission(request, obj)

    def has_retry_permission(self, request, obj=None):
        if obj is None:
            return self._coordinates(request)
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("e-mail"), ordering="template")
    def kind(self, obj):
        return label_of(obj.template)

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        """The status and, when it has not gone out, why (the whole error on hover)."""
        if not obj.last_error:
            return obj.get_status_display()
        return format_html(
            '{}<br><small title="{}">{}</small>',
            obj.get_status_display(),
            obj.last_error,
            Truncator(obj.last_error).chars(60),
        )

    @admin.action(description=_("Retry failed or maybe-sent e-mails"), permissions=["retry"])
    def retry_failed(self, request, queryset):
        count = services.retry(self.get_changeable_queryset(request, queryset))
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
