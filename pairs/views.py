from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from applications.models import State
from applications.services.screening import applicant_language
from communication.selectors import event_attendance
from matching import agreement
from matching.models import Pair
from mentorship.csv_export import csv_response
from mentorship.i18n import speak_their_language
from mentorship.middleware import received_at
from programs import timeline
from programs.models import Role

from . import charts, selectors, services, surveys
from .forms import AgreementForm, DashboardFilterForm, MeetingForm, SurveyForm
from .models import SurveyResponse

PAGE_SIZE = 50


def health_labels() -> dict[str, str]:
    return {key: str(label) for key, label in selectors.HEALTH_LABELS.items()}


def _timeline(round_):
    """The round's steps with a marker for today placed among them."""
    now = timezone.now()
    steps = [{"label": label, "at": at, "past": at <= now} for _key, label, at in round_.timeline()]
    today_index = sum(1 for step in steps if step["past"])
    return steps, today_index


def _funnel_chart(funnel):
    labels = {
        "applications": _("Applications"),
        "accepted": _("Accepted"),
        "matched": _("Pairs matched"),
        "confirmed": _("Pairs confirmed"),
        "active": _("Pairs active or completed"),
        "completed": _("Pairs completed"),
    }
    return [(labels[key], value) for key, value in funnel.steps()]


def _funnel_context(round_, funnel) -> dict:
    """The funnel's chart, its numbers and the applications-by-role-and-state table."""
    items = _funnel_chart(funnel)
    return {
        "funnel": funnel,
        "funnel_items": items,
        "funnel_chart": charts.bar_chart([(label, value, "bar-funnel") for label, value in items]),
        "states": State.choices,
        "pair_states": [
            (label, funnel.pairs.get(value, 0))
            for value, label in Pair.State.choices
            if value != Pair.State.DRAFT
        ],
        "by_role": [
            (round_.program.role_label(role), [funnel.by_role.get(role, {}).get(s, 0) for s in State.values])
            for role in Role
        ],
    }


def _dashboard_context(request, round_):
    program = round_.program
    form = DashboardFilterForm(request.GET or None, program=program)
    params = form.values()
    rows = selectors.pair_rows(
        round_, health_filter=params["health"], state=params["state"], sort=params["sort"] or "health"
    )
    return form, params, rows


@login_required
def round_dashboard(request, slug):
    round_ = selectors.round_for_staff(request.user, slug)
    form, params, rows = _dashboard_context(request, round_)
    funnel = selectors.funnel(round_)
    all_rows = rows if not (params["health"] or params["state"]) else selectors.pair_rows(round_)
    counts = selectors.health_counts(all_rows)
    labels = health_labels()
    steps, today_index = _timeline(round_)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    context = {
        "round": round_,
        "program": round_.program,
        "form": form,
        "params": params,
        "page": page,
        "rows": page.object_list,
        "total_rows": len(rows),
        **_funnel_context(round_, funnel),
        "health_chart": charts.bar_chart([(labels[key], counts[key], f"bar-{key}") for key in counts]),
        "health_counts": [(key, labels[key], counts[key]) for key in counts],
        "health_labels": labels,
        "timeline": steps,
        "today_index": today_index,
        "now": timezone.now(),
        "current_survey": selectors.current_survey(round_),
        "events": event_attendance(round_),
        "query_without_sort": query.urlencode(),
        "sort": params["sort"] or "health",
    }
    return render(request, "pairs/round_dashboard.html", context)


@login_required
def round_dashboard_csv(request, slug):
    round_ = selectors.round_for_staff(request.user, slug)
    _form, _params, rows = _dashboard_context(request, round_)
    labels = health_labels()
    program = round_.program
    header = [
        program.mentor_label,
        _("Organisation"),
        program.mentee_label,
        _("Organisation"),
        _("State"),
        _("Start"),
        _("Meetings logged"),
        _("Visits to the %(role)s's workplace") % {"role": program.mentor_label},
        _("Visits to the %(role)s's workplace") % {"role": program.mentee_label},
        _("Visits expected to each workplace"),
        _("Last activity"),
        _("Health"),
        _("Survey answers"),
    ]
    return csv_response(f"pairs-{round_.slug}.csv", header, (_csv_row(row, round_, labels) for row in rows))


def _csv_row(row, round_, labels) -> list:
    return [
        row.mentor_name,
        row.mentor_organisation,
        row.mentee_name,
        row.mentee_organisation,
        row.get_state_display(),
        row.started.isoformat() if row.started else "",
        row.meetings,
        row.visits_mentor,
        row.visits_mentee,
        round_.visits_expected,
        row.last_meeting.isoformat() if row.last_meeting else "",
        labels[row.health],
        row.surveys_answered,
    ]


@login_required
def round_report(request, slug):
    round_ = selectors.round_for_staff(request.user, slug)
    funnel = selectors.funnel(round_)
    rows = selectors.pair_rows(round_, sort="mentor")
    labels = health_labels()
    counts = selectors.health_counts(rows)
    meetings = sum(row.meetings for row in rows)
    context = {
        "round": round_,
        "program": round_.program,
        **_funnel_context(round_, funnel),
        "rows": rows,
        "health_labels": labels,
        "health_counts": [(key, labels[key], counts[key]) for key in counts],
        "meetings": meetings,
        "meetings_per_pair": round(meetings / len(rows), 1) if rows else None,
        "visits_mentor": sum(row.visits_mentor for row in rows),
        "visits_mentee": sum(row.visits_mentee for row in rows),
        "visits_done": sum(
            1
            for row in rows
            if row.visits_mentor >= round_.visits_expected and row.visits_mentee >= round_.visits_expected
        ),
        **_survey_groups(round_),
        "quotes": selectors.consented_quotes(round_),
        "pulse": selectors.pulse_summary(round_),
        "events": event_attendance(round_),
        "now": timezone.now(),
    }
    return render(request, "pairs/round_report.html", context)


def _survey_groups(round_) -> dict:
    """The results table: a column per number question of the program, a row per survey and role."""
    kinds = dict(SurveyResponse.Kind.choices)
    questions = surveys.figure_questions(round_.program)
    groups = selectors.survey_aggregates(round_, questions)
    rows = [
        {"group": group, "kind_label": kinds[group.kind], "role_label": round_.program.role_label(group.role)}
        for group in groups
    ]
    return {"surveys": rows, "survey_columns": questions}


@login_required
def staff_home(request):
    """The way in for leads and coordinators: their programs' rounds, newest first."""
    rounds = selectors.rounds_for_staff(request.user)
    if not rounds and not request.user.is_superuser:
        raise Http404
    return render(request, "pairs/staff_home.html", {"rounds": rounds})


@login_required
def program_overview(request, slug):
    program = selectors.program_for_staff(request.user, slug)
    summaries = selectors.program_overview(program)
    return render(request, "pairs/program_overview.html", {"program": program, "summaries": summaries})


# --- the pair page ----------------------------------------------------------------------------


def _pair_context(pair, role):
    program = pair.round.program
    survey = selectors.current_survey(pair.round)
    return {
        "pair": pair,
        "round": pair.round,
        "program": program,
        "role": role,
        "is_participant": role is not None,
        "me": (pair.mentor_application if role == Role.MENTOR else pair.mentee_application) if role else None,
        "people": [
            (program.role_label(Role.MENTOR), pair.mentor_application, pair.mentor_agreed_at),
            (program.role_label(Role.MENTEE), pair.mentee_application, pair.mentee_agreed_at),
        ],
        "my_agreed_at": getattr(pair, f"{role}_agreed_at") if role else None,
        "agreement": agreement.for_round(pair.round),
        "meetings": selectors.meetings_of(pair),
        "survey_kind": survey,
        "survey_label": SurveyResponse.Kind(survey).label if survey else "",
        "survey_url": _survey_path(pair, role, survey) if role and survey else "",
        "survey_answered": bool(role and survey and services.has_answered(pair, role=role, kind=survey)),
    }


def _survey_path(pair, role, kind) -> str:
    return reverse("pairs:survey", kwargs={"pk": pair.pk, "token": services.survey_token(pair, role, kind)})


@login_required
def my_pairs(request):
    """The member's pairs: straight to the pair page when there is one, a list when there are more."""
    pairs = selectors.published_pairs_of(request.user)
    if len(pairs) == 1:
        return redirect("pairs:pair", pk=pairs[0].pk)
    return render(request, "pairs/mine.html", {"pairs": pairs})


@login_required
def pair_detail(request, pk):
    pair, role = selectors.pair_for_user(request.user, pk)
    context = _pair_context(pair, role)
    context["agreement_form"] = AgreementForm()
    context["meeting_form"] = MeetingForm() if role else None
    return render(request, "pairs/pair_detail.html", context)


@login_required
@require_POST
def pair_agree(request, pk):
    pair, role = selectors.pair_for_user(request.user, pk)
    if role is None:
        raise Http404
    form = AgreementForm(request.POST)
    if form.is_valid():
        services.accept_agreement(pair, role=role)
        messages.success(request, _("Thank you: you have accepted the pair agreement."))
    else:
        messages.error(request, _("Tick the box to accept the agreement."))
    return redirect("pairs:pair", pk=pair.pk)


@login_required
def meeting_add(request, pk):
    pair, role = selectors.pair_for_user(request.user, pk)
    if role is None:
        raise Http404
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            logged = services.log_meeting(pair, data=form.to_data(), logged_by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _logged_message(pair, role, logged))
            return redirect("pairs:pair", pk=pair.pk)
    return render(request, "pairs/meeting_form.html", {"pair": pair, "form": form, "role": role})


def _logged_message(pair, role, logged) -> str:
    """What the member is told after logging: a meeting the partner had logged counts once."""
    if not logged.already_logged:
        return _("The meeting is in your log.")
    if logged.by_partner:
        partner = pair.mentee_application if role == Role.MENTOR else pair.mentor_application
        return _(
            "%(partner)s had already logged this meeting. Your details were added to it, so it counts once."
        ) % {"partner": partner.full_name}
    return _("This meeting was already in your log. Your details were added to it, so it counts once.")


@login_required
def meeting_edit(request, pk, meeting_pk):
    pair, role = selectors.pair_for_user(request.user, pk)
    if role is None:
        raise Http404
    # Only the one who logged it: the partner may not rewrite it or its private note.
    meeting = get_object_or_404(pair.meetings, pk=meeting_pk, logged_by=request.user)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting, data=form.to_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting has been updated."))
            return redirect("pairs:pair", pk=pair.pk)
    return render(
        request, "pairs/meeting_form.html", {"pair": pair, "form": form, "role": role, "meeting": meeting}
    )


# --- signed links (no sign-in needed: the link is the key) ------------------------------------


def _link_refused(request, reason: str):
    return render(request, "pairs/link_refused.html", {"reason": reason}, status=403)


@never_cache  # the link is the key
def log_meeting(request, pk, token):
    """GET shows the prefilled form (no write); POST saves the meeting."""
    try:
        role = services.read_meeting_token(token, pair_pk=pk, at=timezone.now())
    except services.LinkError as error:
        return _link_refused(request, error.reason)
    pair = get_object_or_404(selectors.live_pairs(), pk=pk)
    speak_their_language(request, applicant_language(getattr(pair, f"{role}_application")))
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            logged = services.log_meeting(
                pair, data=form.to_data(), logged_by=services.participant(pair, role)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = _logged_message(pair, role, logged) if logged.already_logged else ""
            context = {"pair": pair, "role": role, "message": message}
            return render(request, "pairs/meeting_logged.html", context)
    return render(
        request, "pairs/meeting_form.html", {"pair": pair, "form": form, "role": role, "from_link": True}
    )


@never_cache  # the link is the key
def survey(request, pk, token):
    """A survey opened from its signed link: GET shows it, POST saves one answer."""
    try:
        role, kind = services.read_survey_token(token, pair_pk=pk, at=timezone.now())
    except services.LinkError as error:
        return _link_refused(request, error.reason)
    pair = get_object_or_404(selectors.live_pairs(), pk=pk)
    speak_their_language(request, applicant_language(getattr(pair, f"{role}_application")))
    context = {"pair": pair, "role": role, "kind_label": SurveyResponse.Kind(kind).label}
    if services.has_answered(pair, role=role, kind=kind):
        return render(request, "pairs/survey_done.html", {**context, "already": True})
    window = timeline.survey_state(pair.round, kind, received_at(request))
    if window != "open":
        return render(request, "pairs/survey_closed.html", {**context, "window": window}, status=410)
    questions = surveys.questions_for(pair.round.program, survey=kind)
    form = SurveyForm(request.POST or None, questions=questions, role=role)
    if request.method == "POST" and form.is_valid():
        answers, consented = form.answers()
        try:
            services.submit_survey(pair, role=role, kind=kind, answers=answers, consented=consented)
        except services.AlreadyAnswered:
            return render(request, "pairs/survey_done.html", {**context, "already": True})
        return render(request, "pairs/survey_done.html", context)
    return render(request, "pairs/survey_form.html", {**context, "form": form})
