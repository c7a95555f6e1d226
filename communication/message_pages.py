"""Admin pages where a coordinator writes a message to a group of a round, previews and sends it."""

from __future__ import annotations

import uuid

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentorship.admin_pages import AdminPages
from mentorship.scoping import can_change_program, scope_queryset
from programs.models import Round

from . import messages
from .emails import GROUP_MESSAGE
from .forms import MessageForm


class MessagePages(AdminPages):
    routes = [
        ("compose/", "rounds", "communication_message_rounds"),
        ("compose/<int:round_id>/", "compose", "communication_message_compose"),
    ]

    def rounds(self, request):
        """The rounds I coordinate, newest first: where a message can be written."""
        rounds = scope_queryset(
            Round.objects.select_related("program"), request.user, "program", kind="coordinator"
        )
        return self.render(
            request,
            "admin/communication/message_rounds.html",
            title=_("Write to a group"),
            rounds=rounds.order_by("-applications_open"),
        )

    def compose(self, request, round_id: int):
        rounds = scope_queryset(Round.objects.select_related("program"), request.user, "program")
        round_ = get_object_or_404(rounds, pk=round_id)
        if not can_change_program(request.user, round_.program_id):
            raise PermissionDenied
        initial = {"token": uuid.uuid4().hex}
        invite = request.GET.get("invite", "")
        if invite.isdigit():  # "invite this round's participants to apply to round <invite>"
            new_round = get_object_or_404(Round.objects.filter(program=round_.program_id), pk=invite)
            initial |= messages.invitation_to_apply(round_, new_round)
        form = MessageForm(request.POST or None, round_=round_, initial=initial)
        preview = None
        if request.method == "POST" and form.is_valid():
            if "_send" in request.POST:
                return self._send(request, round_, form)
            preview = messages.preview(round_, form.audience(), form.texts())
        return self.render(
            request,
            "admin/communication/message_compose.html",
            title=_("Write to a group: %(round)s") % {"round": round_},
            round=round_,
            form=form,
            count=preview[0] if preview else None,
            previews=preview[1] if preview else [],
            placeholders=GROUP_MESSAGE.describe(),
        )

    def _send(self, request, round_, form):
        message, created = messages.send_message(
            round_,
            audience=form.audience(),
            texts=form.texts(),
            token=form.cleaned_data["token"],
            actor=request.user,
            at=timezone.now(),
        )
        count = message.recipients.count()
        if created:
            text = ngettext(
                "The message is on its way to %(count)d person.",
                "The message is on its way to %(count)d people.",
                count,
            )
            flash.success(request, text % {"count": count})
        else:
            flash.warning(request, _("This message was already sent; it was not sent again."))
        return redirect("admin:communication_message_change", message.pk)
