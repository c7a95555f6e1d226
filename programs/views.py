from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.i18n import current_language

from . import branding, selectors, services
from .forms import InterestForm
from .models import Phase, Program, ProgramLogo, Round


def home(request):
    """Open and upcoming published rounds, soonest first."""
    rounds = selectors.open_and_upcoming_rounds().order_by("applications_open", "pk")
    return render(request, "programs/home.html", {"rounds": rounds})


def program_detail(request, slug):
    program = get_object_or_404(selectors.public_programs().prefetch_related("contacts", "hosts"), slug=slug)
    rounds = selectors.public_rounds().filter(program=program)
    return render(request, "programs/program.html", {"program": program, "rounds": rounds})


def _round_or_404(slug: str) -> Round:
    rounds = selectors.public_rounds().prefetch_related(
        "partners", Prefetch("topics"), "program__contacts", "program__hosts"
    )
    return get_object_or_404(rounds, slug=slug)


def round_detail(request, slug, interest_form=None):
    round_ = _round_or_404(slug)
    now = timezone.now()
    phase = round_.phase_at(now)
    context = {
        "round": round_,
        "program": round_.program,
        "phase": phase,
        "phase_label": Phase(phase).label,
        "timeline": selectors.round_timeline(round_, now),
        "roles": selectors.application_roles(round_, now),
        "same_deadline": round_.mentor_deadline == round_.mentee_deadline,
        "deadline_ahead": now < round_.application_deadline,
        "interest_form": interest_form or (InterestForm() if phase == Phase.UPCOMING else None),
    }
    return render(request, "programs/round.html", context, status=400 if interest_form else 200)


@require_POST
def round_interest(request, slug):
    """“Tell me when applications open”: keep the address; a repeat is a success too."""
    round_ = _round_or_404(slug)
    form = InterestForm(request.POST)
    if not form.is_valid():
        return round_detail(request, slug, interest_form=form)
    if round_.phase != Phase.UPCOMING:
        messages.info(request, _("Applications for this round are already open or closed."))
        return redirect(round_.get_absolute_url())
    if not form.cleaned_data["website"]:  # a filled-in hidden field: a bot, told the same
        services.register_interest(round_, email=form.cleaned_data["email"], language=current_language())
    messages.success(request, _("Thank you! We will e-mail you when applications open."))
    return redirect(round_.get_absolute_url() + "#interest")


# --- the program's look: public, cacheable, from this site only -----------------------------

BRAND_CACHE = "public, max-age=86400"


def logo(request, slug):
    """The program's logo (PNG). The URL carries its version, so it may be cached for a day."""
    row = get_object_or_404(ProgramLogo.objects.only("image"), program__slug=slug)
    response = HttpResponse(bytes(row.image), content_type="image/png")
    response["Cache-Control"] = BRAND_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    return response


def brand_css(request, slug):
    """The program's accent colour as a stylesheet (the CSP allows no inline styles)."""
    program = get_object_or_404(Program.objects.only("accent_colour"), slug=slug)
    if not program.accent_colour:
        raise Http404
    response = HttpResponse(branding.brand_css(program.accent_colour), content_type="text/css")
    response["Cache-Control"] = BRAND_CACHE
    return response
