from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mentorship.admin_pages import AdminPagesMixin
from mentorship.scoping import ProgramScopedAdminMixin, ProgramScopedInlineMixin

from . import events
from .email_texts import EmailTextPages
from .event_pages import EventPages
from .message_pages import MessagePages
from .models import EmailText, Event, Invitation, Message, MessageRecipient


@admin.register(EmailText)
class EmailTextAdmin(AdminPagesMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
    """A program's own e-mail texts. The list shows every kind of e-mail of my programs; each is
    edited, previewed and reset on its own page (EmailTextPages)."""

    program_path = "program"
    pages = EmailTextPages
    change_list_template = "admin/communication/email_texts.html"
    list_select_related = ["program", "updated_by"]

    def changelist_view(self, request, extra_context=None):
        context = {**EmailTextPages(self).overview_context(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        text = self.get_object(request, object_id)  # 404 outside my programs
        return redirect("admin:communication_email_text", text.program_id, text.kind, text.language)

    def has_add_permission(self, request, *args):
        return False


class RecipientInline(ProgramScopedInlineMixin, admin.TabularInline):
    """Who the message went to, and what became of each e-mail."""

    model = MessageRecipient
    program_path = "message__round__program"
    parent_program_path = "round__program"
    fields = ["person", "address", "delivery"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application", "notification")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("person"))
    def person(self, obj):
        return obj.application.full_name or "–"

    @admin.display(description=_("e-mail address"))
    def address(self, obj):
        return obj.notification.to if obj.notification else "–"

    @admin.display(description=_("status"))
    def delivery(self, obj):
        return obj.notification.get_status_display() if obj.notification else "–"


@admin.register(Message)
class MessageAdmin(AdminPagesMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
    """What went to whom: the history of a program's messages (coordinators and leads read it)."""

    program_path = "round__program"
    pages = MessagePages
    list_display = ["subject_sv", "round", "sent_at", "sent_by", "recipient_count"]
    list_filter = [("round", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["round__program", "sent_by"]
    fields = ["round", "sent_at", "sent_by", "subject_sv", "body_sv", "subject_en", "body_en"]
    readonly_fields = fields
    inlines = [RecipientInline]

    class Media:
        css = {"all": ["communication/admin.css"]}  # breadcrumb links underlined (axe)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recipients_total=Count("recipients"))

    @admin.display(description=_("recipients"), ordering="recipients_total")
    def recipient_count(self, obj):
        return obj.recipients_total

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return redirect("admin:communication_message_rounds")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InvitationInline(ProgramScopedInlineMixin, admin.TabularInline):
    """Who is invited, their answer, and (after the event) whether they came."""

    model = Invitation
    program_path = "event__round__program"
    parent_program_path = "round__program"
    fields = ["person", "answer", "answered_at", "attended"]
    readonly_fields = ["person", "answer", "answered_at"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("person"))
    def person(self, obj):
        return obj.application.full_name or obj.application.email or "–"


@admin.register(Event)
class EventAdmin(AdminPagesMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
    """A round's events: saved changes are sent to the invited as an update; cancel sends CANCEL."""

    program_path = "round__program"
    pages = EventPages
    # Narrow enough for the counts to show beside the admin's menu and filters at 1280 px: the
    # round under the title, the kind as a filter only, "cancelled" as a yes/no.
    list_display = ["event", "starts_at", "invited", "coming", "attended_count", "cancelled"]
    list_display_links = ["event"]
    list_filter = [("round", admin.RelatedOnlyFieldListFilter), "kind"]
    list_select_related = ["round__program"]
    fields = ["round", "kind", "title_sv", "title_en", "starts_at", "ends_at", "place", "video_link",
              "description_sv", "description_en", "sequence", "invited_at", "cancelled_at"]  # fmt: skip
    readonly_fields = ["sequence", "invited_at", "cancelled_at"]
    inlines = [InvitationInline]
    actions = ["cancel_events"]
    change_form_template = "admin/communication/event_change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_invited=Count("invitations"),
                n_coming=Count("invitations", filter=Q(invitations__answer=Invitation.Answer.YES)),
                n_attended=Count("invitations", filter=Q(invitations__attended=True)),
            )
        )

    @admin.display(description=_("event"), ordering="title_sv")
    def event(self, obj):
        return format_html("{}<br><small>{}</small>", obj.title_sv, obj.round.name)

    @admin.display(description=_("cancelled"), boolean=True, ordering="cancelled_at")
    def cancelled(self, obj):
        return obj.cancelled_at is not None

    @admin.display(description=_("invited"), ordering="n_invited")
    def invited(self, obj):
        return obj.n_invited

    @admin.display(description=_("coming"), ordering="n_coming")
    def coming(self, obj):
        return obj.n_coming

    @admin.display(description=_("attended"), ordering="n_attended")
    def attended_count(self, obj):
        return obj.n_attended

    def save_model(self, request, obj, form, change):
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change:
            sent = events.update(obj, changed=form.changed_data, actor=request.user)
            if sent:
                self.message_user(request, _("The change was sent to everyone invited."))

    @admin.action(description=_("Cancel the selected events (everyone invited is told)"))
    def cancel_events(self, request, queryset):
        for event in self.get_changeable_queryset(request, queryset).select_related("round"):
            events.cancel(event, actor=request.user, at=timezone.now())
        self.message_user(request, _("Cancelled; the invited get a cancellation for their calendars."))
