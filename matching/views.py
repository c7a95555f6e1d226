"""Public pages where each side of a proposed pair confirms or declines, through a signed link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from applications.services.screening import applicant_language
from mentorship.i18n import speak_their_language

from . import services
from .models import Pair
from .reasons import why_lines


def _pair_and_role(request, pair_id: int, token: str):
    pair = get_object_or_404(
        Pair.objects.select_related(
            "round__program", "mentor_application__organisation", "mentee_application__organisation"
        ),
        pk=pair_id,
    )
    role = services.read_token(token, pair.pk, at=timezone.now())
    speak_their_language(request, applicant_language(getattr(pair, f"{role}_application")))
    return pair, role


def _refused(request, error: ValidationError):
    return render(request, "matching/link_refused.html", {"message": " ".join(error.messages)}, status=403)


@never_cache  # the link is the key: the page shows the pair to whoever holds it
@require_http_methods(["GET"])
def respond(request, pair_id: int, token: str):
    """Show the proposed pair and the confirm/decline forms (no change on GET)."""
    try:
        pair, role = _pair_and_role(request, pair_id, token)
    except ValidationError as error:
        return _refused(request, error)
    other = pair.mentee_application if role == "mentor" else pair.mentor_application
    context = {
        "pair": pair,
        "role": role,
        "token": token,
        "other": other,
        "other_role": pair.round.program.role_label("mentee" if role == "mentor" else "mentor"),
        "why": why_lines(pair.breakdown),
        "confirmed": getattr(pair, f"{role}_confirmed_at") is not None,
        "expired": pair.state == Pair.State.PROPOSED and timezone.now() > pair.confirm_by,
    }
    return render(request, "matching/respond.html", context)


def _answer(request, pair_id: int, token: str, action):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        pair, role = _pair_and_role(request, pair_id, token)
        action(pair, role)
    except ValidationError as error:
        return _refused(request, error)
    return redirect("matching:respond", pair_id=pair_id, token=token)


def confirm(request, pair_id: int, token: str):
    """POST: this side says yes."""

    def act(pair, role):
        services.confirm_pair(pair, role=role)
        messages.success(request, _("Thank you! You have confirmed the pair."))

    return _answer(request, pair_id, token, act)


def decline(request, pair_id: int, token: str):
    """POST: this side says no (reason optional)."""

    def act(pair, role):
        services.decline_pair(pair, role=role, reason=request.POST.get("reason", ""))
        messages.info(request, _("You have declined. The coordinator will look for a new match."))

    return _answer(request, pair_id, token, act)
