"""Admin page where a coordinator invites a group of the round to an event: choose, count, send."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentorship.admin_pages import AdminPages
from mentorship.scoping import can_change_program, scope_queryset

from . import audiences, events
from .forms import AudienceForm
from .models import Event


class EventPages(AdminPages):
    routes = [("<int:event_id>/invite/", "invite", "communication_event_invite")]

    def invite(self, request, event_id: int):
        scoped = scope_queryset(
            Event.objects.select_related("round__program"), request.user, "round__program"
        )
        event = get_object_or_404(scoped, pk=event_id)
        if not can_change_program(request.user, event.round.program_id):
            raise PermissionDenied
        form = AudienceForm(request.POST or None, round_=event.round)
        count = None
        if request.method == "POST" and form.is_valid():
            audience = form.audience()
            if "_send" in request.POST:
                invited = events.invite(event, audience, actor=request.user, at=timezone.now())
                flash.success(
                    request,
                    ngettext("%(n)s person invited.", "%(n)s people invited.", invited) % {"n": invited},
                )
                return redirect("admin:communication_event_change", event.pk)
            known = set(event.invitations.values_list("application_id", flat=True))
            count = sum(1 for pk in audiences.recipients(event.round, audience).values_list("pk", flat=True)
                        if pk not in known)  # fmt: skip
        return self.render(
            request,
            "admin/communication/event_invite.html",
            title=_("Invite to %(event)s") % {"event": event},
            event=event,
            form=form,
            count=count,
        )
