from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pairs.models import SurveyResponse
from pairs.selectors import program_for_staff

from . import selectors
from .forms import ReportFilterForm, ShareReportForm
from .models import ReportAccess
from .pdf import PdfUnavailable, html_to_pdf
from .services import share_report


def _context(request, slug):
    try:
        organisation_id = int(request.GET.get("organisation") or 0) or None
    except ValueError:
        organisation_id = None
    program, organisation = selectors.report_scope(request.user, slug, organisation_id)
    is_staff = selectors.is_staff_of(request.user, program)
    round_ = None
    if request.GET.get("round"):
        round_ = get_object_or_404(program.rounds, slug=request.GET["round"])
    report = selectors.sponsor_report(program, round_=round_, organisation=organisation)
    form = ReportFilterForm(
        initial={"round": round_.slug if round_ else "", "organisation": organisation}, program=program
    )
    if not is_staff:  # a partner's contact person: their own organisation, no choice
        del form.fields["organisation"]
    return {
        "report": report,
        "program": program,
        "form": form,
        "is_staff": is_staff,
        "kinds": SurveyResponse.Kind.choices,
        "now": timezone.now(),
    }


@never_cache
@login_required
def sponsor(request, slug):
    """The sponsor report as a page (print it, or download the PDF)."""
    return render(request, "reports/sponsor.html", _context(request, slug))


@never_cache
@login_required
def sponsor_pdf(request, slug):
    context = _context(request, slug)
    html = render_to_string("reports/sponsor_pdf.html", context, request=request)
    try:
        pdf = html_to_pdf(html)
    except PdfUnavailable:
        return render(request, "reports/pdf_unavailable.html", context, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = context["report"].organisation.name if context["report"].organisation else "all"
    response["Content-Disposition"] = f'attachment; filename="report-{slug}-{slugify_ascii(name)}.pdf"'
    return response


def slugify_ascii(text: str) -> str:
    return slugify(text) or "report"


@never_cache
@login_required
def share(request, slug):
    """Leads and coordinators let a partner's contact person read their organisation's report."""
    program = program_for_staff(request.user, slug)
    form = ShareReportForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        access = share_report(program=program, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(email)s can now read the report for %(organisation)s.")
            % {"email": access.user.email, "organisation": access.organisation.name},
        )
        return redirect("reports:share", slug=program.slug)
    shared = ReportAccess.objects.filter(program=program).select_related("user", "organisation")
    return render(request, "reports/share.html", {"program": program, "form": form, "shared": shared})


@login_required
def my_reports(request):
    """A partner's contact person's way in: the reports shared with them."""
    shared = ReportAccess.objects.filter(user=request.user).select_related("program", "organisation")
    if not shared:
        raise Http404
    return render(request, "reports/mine.html", {"shared": shared})
