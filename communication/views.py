"""The invited person's side of events: answer from the e-mail, the calendar file, my events."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from applications.services.screening import applicant_language as recipient_language
from mentorship.i18n import speak_their_language
from mentorship.signed_links import LinkError

from . import events
from .models import Invitation


def _refused(request, error: LinkError):
    return render(request, "communication/link_refused.html", {"reason": error.reason}, status=403)


@never_cache
@require_http_methods(["GET", "POST"])
def rsvp(request, token):
    """Answer yes or no. The e-mail's link only opens the page (mail scanners follow links); the
    answer is the button pressed here."""
    try:
        invitation = events.read_rsvp_token(token, at=timezone.now())
    except LinkError as error:
        return _refused(request, error)
    speak_their_language(request, recipient_language(invitation.application))
    if request.method == "POST":
        try:
            events.answer(invitation, answer=request.POST.get("answer", ""), at=timezone.now())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you, your answer is saved."))
        return redirect("communication:rsvp", token=token)
    context = {
        "invitation": invitation,
        "event": invitation.event,
        "suggested": request.GET.get("answer", ""),
        "language": translation.get_language(),
        "token": token,
    }
    return render(request, "communication/rsvp.html", context)


@never_cache
def event_ics(request, token):
    """The invitation as a calendar file, for the person the link was made for."""
    try:
        invitation = events.read_rsvp_token(token, at=timezone.now())
    except LinkError as error:
        return _refused(request, error)
    event = invitation.event
    method = events.CANCEL if event.cancelled_at else events.REQUEST
    ics = events.calendar(
        event,
        method=method,
        language=translation.get_language(),
        attendee=events.address(invitation.application),
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@never_cache
@login_required
def my_events(request):
    """The events I am invited to, with my answer and a link to change it."""
    mine = Q(application__applicant=request.user) | Q(application__email__iexact=request.user.email)
    invitations = (
        Invitation.objects.filter(mine, application__anonymised_at__isnull=True)
        .select_related("event__round__program")
        .order_by("event__starts_at", "pk")
    )
    rows = [{"invitation": i, "token": events.rsvp_token(i)} for i in invitations]
    return render(request, "communication/my_events.html", {"rows": rows, "now": timezone.now()})
