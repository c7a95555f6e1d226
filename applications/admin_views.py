"""Extra admin pages of the screening workbench: release decisions, export, save-and-next."""

from __future__ import annotations

import copy
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import questions
from applications.admin_forms import EXPORT_COLUMNS, AssignReviewersForm, ExportForm
from applications.models import (
    DECISIONS,
    Application,
    ReviewAssignment,
    State,
    pending_decision_q,
    submitted_q,
)
from applications.selectors_screening import applicant_label, export_value, needs_review_q
from applications.services import reviewers as reviewer_services
from applications.services import screening
from mentorship.admin_pages import AdminPages
from mentorship.csv_export import csv_response as download
from mentorship.scoping import can_change_program, is_staff_member, scope_queryset
from programs.models import Round


def filtered_changelist_queryset(model_admin, request, filters: str):
    """The changelist's rows (scoped, filtered, searched, ordered) for a preserved query string."""
    fake = copy.copy(request)
    fake.GET = QueryDict(filters)
    fake.method = "GET"
    try:
        changelist = model_admin.get_changelist_instance(fake)
        return changelist.get_queryset(fake)
    except IncorrectLookupParameters:
        return model_admin.get_queryset(request).order_by(*model_admin.ordering)


def redirect_to_next_unreviewed(model_admin, request, current) -> HttpResponseRedirect:
    """Go to the next application of the same filtered list that I have not reviewed."""
    filters = request.GET.get("_changelist_filters", "")
    rows = filtered_changelist_queryset(model_admin, request, filters)
    following = rows.filter(needs_review_q(request.user)).exclude(pk=current.pk).first()
    suffix = f"?{urlencode({'_changelist_filters': filters})}" if filters else ""
    if following is None:
        model_admin.message_user(request, _("There are no more applications to review in this list."))
        return HttpResponseRedirect(
            reverse("admin:applications_application_changelist") + (f"?{filters}" if filters else "")
        )
    return HttpResponseRedirect(
        reverse("admin:applications_application_change", args=[following.pk]) + suffix
    )


def _scoped_round(model_admin, request, round_id: int) -> Round:
    """The round if the user may see it (404 otherwise) and coordinates it (403 otherwise)."""
    rounds = scope_queryset(Round.objects.select_related("program"), request.user, "program")
    round_ = get_object_or_404(rounds, pk=round_id)
    if not can_change_program(request.user, round_.program_id):
        raise PermissionDenied
    return round_


def _selected_ids(request) -> list[int] | None:
    raw = request.POST.get("ids") or request.GET.get("ids") or ""
    ids = [int(part) for part in raw.split(",") if part.strip().isdigit()]
    return ids or None


class ScreeningPages(AdminPages):
    """Mounted on ApplicationAdmin (mentorship.admin_pages, the one way coordinator pages are mounted)."""

    routes = [
        ("release/", "release_rounds", "applications_application_release_rounds"),
        ("release/<int:round_id>/", "release", "applications_application_release"),
        ("export/", "export", "applications_application_export"),
    ]

    def release_rounds(self, request):
        """Rounds the user coordinates, with their pending decisions."""
        model_admin = self.model_admin
        if not model_admin.has_change_permission(request):
            raise PermissionDenied
        rounds = (
            scope_queryset(
                Round.objects.select_related("program"), request.user, "program", kind="coordinator"
            )
            .annotate(pending=Count("applications", filter=pending_decision_q("applications__")))
            .order_by("-applications_open")
        )
        context = self.context(request, title=_("Release decisions"), rounds=rounds)
        return TemplateResponse(request, "admin/applications/application/release_rounds.html", context)

    def release(self, request, round_id: int):
        """Confirmation page with counts and previews; on POST, release and queue the e-mails."""
        model_admin = self.model_admin
        round_ = _scoped_round(model_admin, request, round_id)
        only = _selected_ids(request)
        if request.method == "POST" and "confirm" in request.POST:
            count = screening.release_decisions(round_, actor=request.user, only=only)
            if count:
                model_admin.message_user(
                    request,
                    _("%(count)s decisions released; the e-mails are on their way.") % {"count": count},
                )
            else:
                model_admin.message_user(
                    request, _("There were no new decisions to release."), messages.WARNING
                )
            url = reverse("admin:applications_application_changelist")
            return HttpResponseRedirect(f"{url}?round__id__exact={round_.pk}")
        pending = screening.pending_decisions(round_)
        if only is not None:
            pending = pending.filter(pk__in=only)
        pending = list(pending.order_by("state", "pk"))
        counts = dict.fromkeys(DECISIONS, 0)
        for application in pending:
            counts[application.state] += 1
        context = self.context(
            request,
            title=_("Release decisions: %(round)s") % {"round": round_},
            round=round_,
            counts=[(State(state).label, number) for state, number in counts.items()],
            total=sum(counts.values()),
            previews=screening.preview_decision_emails(round_),
            ids=",".join(str(pk) for pk in only) if only else "",
            pending=[(application, applicant_label(application)) for application in pending],
        )
        return TemplateResponse(request, "admin/applications/application/release.html", context)

    def export(self, request):
        """A column picker; with columns chosen, the filtered list as CSV (UTF-8 with BOM)."""
        model_admin = self.model_admin
        if not (model_admin.has_view_permission(request) and is_staff_member(request.user)):
            raise PermissionDenied  # reviewers read applications one by one; they export nothing
        filters = request.GET.get("_changelist_filters", "")
        form = ExportForm(request.GET if "columns" in request.GET else None)
        if not form.is_valid():
            context = self.context(request, title=_("Export applications"), form=form, filters=filters)
            return TemplateResponse(request, "admin/applications/application/export.html", context)
        columns = form.cleaned_data["columns"]
        # The program's staff export; a reviewer of another program is not staff of it.
        rows = scope_queryset(
            filtered_changelist_queryset(model_admin, request, filters), request.user, "round__program"
        )
        if "topics" in columns:
            rows = rows.prefetch_related("topics")
        return csv_response(rows, columns)


class ReviewerPages(AdminPages):
    """The coordinators' page that assigns reviewers to a round's applications in bulk."""

    routes = [
        ("assign-reviewers/<int:round_id>/", "assign", "applications_application_assign_reviewers"),
    ]

    def assign(self, request, round_id: int):
        """Each selected (`ids`) or each sent-in application of the round to N reviewers, balanced."""
        model_admin = self.model_admin
        round_ = _scoped_round(model_admin, request, round_id)
        only = _selected_ids(request)
        reviewers = reviewer_services.reviewers_of(round_.program_id)
        form = AssignReviewersForm(request.POST or None, reviewers=reviewers)
        if request.method == "POST" and form.is_valid():
            try:
                result = reviewer_services.assign_reviewers(
                    round_,
                    per_application=form.cleaned_data["per_application"],
                    reviewer_ids=[reviewer.pk for reviewer in form.cleaned_data["reviewers"]],
                    application_ids=only,
                    actor=request.user,
                )
            except ValidationError as exc:
                model_admin.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                model_admin.message_user(
                    request, _("%(count)s reviewer assignments made.") % {"count": len(result.created)}
                )
                if result.short:
                    model_admin.message_user(
                        request,
                        _("%(count)s applications have fewer reviewers than asked: too few reviewers.")
                        % {"count": len(result.short)},
                        messages.WARNING,
                    )
                url = reverse("admin:applications_application_changelist")
                return HttpResponseRedirect(f"{url}?round__id__exact={round_.pk}")
        applications = Application.objects.filter(submitted_q(), round=round_)
        if only is not None:
            applications = applications.filter(pk__in=only)
        loads = dict(
            ReviewAssignment.objects.filter(application__round=round_)
            .values_list("reviewer")
            .annotate(n=Count("pk"))
            .values_list("reviewer", "n")
        )
        context = self.context(
            request,
            title=_("Assign reviewers: %(round)s") % {"round": round_},
            round=round_,
            form=form,
            ids=",".join(str(pk) for pk in only) if only else "",
            count=applications.count(),
            loads=[(reviewer, loads.get(reviewer.pk, 0)) for reviewer in reviewers],
        )
        return TemplateResponse(request, "admin/applications/application/assign_reviewers.html", context)


def csv_response(rows, columns: list[str]) -> HttpResponse:
    """The chosen columns as CSV, with a header row in the user's language.

    "program_questions" becomes one column per question of the rows' programs.
    """
    labels = dict(EXPORT_COLUMNS)
    rows = list(rows)
    asked = []
    if "program_questions" in columns:
        asked = questions.program_questions({application.round.program_id for application in rows})
    header, cells = [], []
    for column in columns:
        if column == "program_questions":
            header += [question.label for question in asked]
            cells += [(None, question) for question in asked]
        else:
            header.append(str(labels[column]))
            cells.append((column, None))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return download(
        f"applications-{stamp}.csv",
        header,
        ([_cell(application, column, question) for column, question in cells] for application in rows),
    )


def _cell(application, column: str | None, question) -> str:
    if column is not None:
        return export_value(application, column)
    if question.program_id != application.round.program_id or not question.is_asked_to(application.role):
        return ""
    value = (application.answers or {}).get(question.key)
    return "" if value is None else questions.display(question, value)
