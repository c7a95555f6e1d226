"""The applicant's pages: start, edit (save draft / submit), view, withdraw, my applications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import ratelimit
from mentorship.db_errors import keep_form_on_db_error
from mentorship.i18n import current_language
from mentorship.middleware import received_at
from programs.models import Eligibility, Role, Round

from . import questions, selectors
from .forms import ApplicationForm
from .models import Application, State
from .services import submission
from .services.submission import ApplicationClosed

SUBMITS_PER_IP = 30
SUBMIT_WINDOW = 15 * 60


@login_required
def my_applications(request):
    views = [selectors.applicant_view(a) for a in selectors.applications_of(request.user)]
    return render(request, "applications/mine.html", {"views": views})


@login_required
@require_http_methods(["GET", "POST"])
def start(request, slug, role):
    """GET asks (a button), POST opens the applicant's application, creating a draft if needed.

    A GET never creates anything: link checkers, prefetching browsers and a sign-in's redirect
    back here must not leave drafts behind.
    """
    if role not in Role.values:
        raise Http404
    round_ = get_object_or_404(Round.objects.published().select_related("program"), slug=slug)
    if request.method == "POST":
        return _start(request, round_, role)
    existing = Application.objects.started_by(request.user, round_=round_, role=role)
    if existing is not None:
        return redirect("applications:edit", pk=existing.pk)
    if not round_.is_open_for(role):
        messages.error(request, _("Applications for this role are not open."))
        return redirect(round_)
    context = {"round": round_, "role": role, "role_label": round_.program.role_label(role)}
    return render(request, "applications/start.html", context)


def _start(request, round_, role):
    try:
        application, _created = submission.start_application(round_, applicant=request.user, role=role)
    except ApplicationClosed as exc:
        messages.error(request, exc.message)
        return redirect(round_)
    last = getattr(application, "prefilled_from", None)
    if last is not None:
        messages.info(
            request,
            _("Your answers from %(round)s are filled in: check them before you submit.")
            % {"round": last.round.name},
        )
    return redirect("applications:edit", pk=application.pk)


@login_required
def detail(request, pk):
    application = selectors.own_application(request.user, pk)
    context = {
        "view": selectors.applicant_view(application),
        "application": application,
        "own_answers": questions.answer_rows(application),
    }
    return render(request, "applications/detail.html", context)


def _render_form(request, application, form, *, status=200, error=""):
    view = selectors.applicant_view(application)
    if not view.can_edit and form.is_bound is False:
        form = ApplicationForm(instance=application, read_only=True)
    context = {"application": application, "view": view, "form": form, "error": error}
    return render(request, "applications/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """GET shows the form (read-only once closed); POST saves a draft with any field empty."""
    application = selectors.own_application(request.user, pk)
    if request.method == "GET":
        return _render_form(request, application, ApplicationForm(instance=application))
    at = received_at(request)
    if not submission.is_editable(application, at):
        return _refuse_closed(request, application)
    if application.state != State.DRAFT:
        # A submitted application is only changed by re-submitting it (validated).
        return submit(request, pk)
    form = ApplicationForm(request.POST, instance=application)
    if not form.is_valid():
        return _render_form(request, application, form)
    try:
        with keep_form_on_db_error(request, form) as outcome:
            submission.save_draft(
                application, answers=form.answers(), consent=form.cleaned_data["consent"], at=at
            )
    except ApplicationClosed:
        return _refuse_closed(request, application)
    if outcome.failed:  # rolled back; the bound form shows everything typed
        return _render_form(request, application, form, status=503)
    messages.success(request, _("Your draft is saved. You can come back and finish it before the deadline."))
    return redirect("applications:edit", pk=application.pk)


@login_required
@require_POST
def submit(request, pk):
    """Validate everything and submit; a failed submit keeps what was typed and saves it as the draft."""
    application = selectors.own_application(request.user, pk)
    at = received_at(request)
    if not submission.is_editable(application, at):
        return _refuse_closed(request, application, keep_typed=True)
    form = ApplicationForm(request.POST, instance=application, submitting=True)
    allowed = ratelimit.hit(
        "submit-ip", ratelimit.client_ip(request), limit=SUBMITS_PER_IP, window=SUBMIT_WINDOW
    )
    if not allowed:
        message = _("Too many submissions from your network. Please wait 15 minutes and try again.")
        return _render_form(request, application, form, status=429, error=message)
    if not form.is_valid():
        with keep_form_on_db_error(request, form):
            _keep_as_draft(request, application, at)
        return _render_form(request, application, form, error=_("Please correct the fields marked below."))
    was_draft = application.state == State.DRAFT
    try:
        with keep_form_on_db_error(request, form) as outcome:
            submitted = submission.submit_application(
                application,
                answers=form.answers(),
                consent=form.cleaned_data["consent"],
                language=current_language(),
                at=at,
            )
    except ApplicationClosed:
        return _refuse_closed(request, application, keep_typed=True)
    if outcome.failed:  # nothing is submitted; the bound form shows everything typed
        return _render_form(request, application, form, status=503)
    application = submitted
    messages.success(request, _submitted_message(application, was_draft))
    return redirect("applications:detail", pk=application.pk)


def _typed_draft(request, application) -> ApplicationForm | None:
    """What a failed submit typed, as a draft form (every field storable as it is); None for a bot."""
    if application.state != State.DRAFT:
        return None  # a submitted application keeps its last valid answers
    draft = ApplicationForm(request.POST, instance=selectors.own_application(request.user, application.pk))
    if not draft.is_valid() and "leave_empty" in draft.errors:
        return None  # a bot: store nothing
    return draft


def _keep_as_draft(request, application, at) -> None:
    """Save what a failed submit typed as the draft."""
    draft = _typed_draft(request, application)
    if draft is not None:
        submission.save_draft(
            draft.instance, answers=draft.answers(), consent=draft.cleaned_data.get("consent"), at=at
        )


def _submitted_message(application, was_draft: bool) -> str:
    if not was_draft:
        return _("Your changes are saved. Your application stays submitted.")
    if application.is_eligible:
        return _("Your application is submitted. We have sent you a confirmation by e-mail.")
    rule = application.round.eligibility_for(application.role)
    reason = (
        _("your e-mail address is not on the round's list")
        if rule == Eligibility.LIST
        else _("your organisation is not one of the round's partners")
    )
    return _(
        "Your application is submitted, but according to the round's rules %(reason)s. "
        "The coordinators will still read it and tell you their decision; you do not need to do anything."
    ) % {"reason": reason}


def _refuse_closed(request, application, *, keep_typed=False):
    """The read-only form with why; a late submit's text is kept in the draft (never submitted)."""
    if keep_typed and request.method == "POST":
        draft = _typed_draft(request, application)
        if draft is not None:
            with keep_form_on_db_error(request, draft):
                application = submission.keep_late_draft(
                    application,
                    answers=draft.answers(),
                    consent=draft.cleaned_data.get("consent"),
                    at=received_at(request),
                )
    view = selectors.applicant_view(application)
    if application.state not in submission.EDITABLE_STATES:
        message = _("This application can no longer be changed.")
    else:
        message = _(
            "The deadline has passed: your application can no longer be changed. Your answers are kept."
        )
    form = ApplicationForm(instance=application, read_only=True)
    context = {"application": application, "view": view, "form": form, "error": message}
    return render(request, "applications/form.html", context, status=403)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    """GET asks for confirmation; POST withdraws."""
    application = selectors.own_application(request.user, pk)
    view = selectors.applicant_view(application)
    if request.method == "POST":
        try:
            submission.withdraw_application(application, actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("applications:detail", pk=application.pk)
        messages.success(request, _("Your application is withdrawn."))
        return redirect("applications:mine")
    return render(request, "applications/withdraw.html", {"application": application, "view": view})
