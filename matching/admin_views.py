"""The coordinator's matching pages inside the admin: run, review, steer, publish."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from mentorship.admin_pages import AdminPages
from mentorship.scoping import can_change_program, scope_queryset
from programs.models import Round

from . import selectors, services
from .algorithm import COMPONENTS
from .forms import ConstraintForm, RunForm, SwapForm, WishForm
from .models import MatchRun, Pair, PairConstraint
from .reasons import COMPONENT_LABELS, WARNING_LABELS, describe


def can_coordinate(user, round_: Round) -> bool:
    """Superusers and the coordinators of the round's program may run and publish."""
    return can_change_program(user, round_.program_id)


class RunViews(AdminPages):
    """Mounted on MatchRunAdmin (mentorship.admin_pages, the one way coordinator pages are mounted)."""

    routes = [
        ("rounds/", "rounds", "matching_rounds"),
        ("round/<int:round_id>/", "round_page", "matching_round"),
        ("<int:run_id>/run/", "run_page", "matching_run"),
        ("<int:run_id>/constraint/", "constrain", "matching_constrain"),
        ("<int:run_id>/swap/", "swap", "matching_swap"),
        ("<int:run_id>/publish/", "publish", "matching_publish"),
        ("<int:run_id>/wish/", "wish", "matching_wish"),
        ("constraint/<int:pk>/delete/", "unconstrain", "matching_unconstrain"),
    ]

    def visible_round(self, request, round_id: int) -> Round:
        rounds = scope_queryset(Round.objects.select_related("program"), request.user, "program")
        return get_object_or_404(rounds, pk=round_id)

    def visible_run(self, request, run_id: int) -> MatchRun:
        runs = MatchRun.objects.select_related("round__program", "created_by")
        return get_object_or_404(scope_queryset(runs, request.user, "round__program"), pk=run_id)

    def coordinated_run(self, request, run_id: int) -> MatchRun:
        run = self.visible_run(request, run_id)
        if not can_coordinate(request.user, run.round):
            raise PermissionDenied
        return run

    def rounds(self, request):
        """Every round the user may see, with its accepted applicants and latest run."""
        rounds = (
            scope_queryset(Round.objects.all(), request.user, "program")
            .select_related("program")
            .annotate(
                mentors=Count(
                    "applications", filter=Q(applications__state="accepted", applications__role="mentor")
                ),
                mentees=Count(
                    "applications", filter=Q(applications__state="accepted", applications__role="mentee")
                ),
            )
        )
        return TemplateResponse(
            request, "admin/matching/rounds.html", self.context(request, rounds=rounds, title=_("Matching"))
        )

    def round_page(self, request, round_id: int):
        """The round's runs, and the form that starts a new one (POST)."""
        round_ = self.visible_round(request, round_id)
        form = RunForm(request.POST or None)
        coordinates = can_coordinate(request.user, round_)
        if request.method == "POST":
            if not coordinates:
                raise PermissionDenied
            if form.is_valid():
                run = services.start_run(
                    round_,
                    user=request.user,
                    weights=form.weights(),
                    same_region=form.cleaned_data["same_region"],
                )
                return redirect("admin:matching_run", run_id=run.pk)
        context = self.context(
            request,
            round=round_,
            runs=selectors.runs_for_round(round_),
            form=form,
            can_coordinate=coordinates,
            live_pairs=selectors.live_pairs(round_).count(),
            title=_("Matching for %(round)s") % {"round": round_},
        )
        return TemplateResponse(request, "admin/matching/round.html", context)

    def run_page(self, request, run_id: int):
        """One run: progress, pairs with breakdown, the unmatched with reasons, changes, controls."""
        run = self.visible_run(request, run_id)
        pairs = list(selectors.pairs_of_run(run))
        constraints = list(
            PairConstraint.objects.filter(round=run.round).select_related(
                "mentor_application", "mentee_application"
            )
        )
        kinds = {(c.mentor_application_id, c.mentee_application_id): c.kind for c in constraints}
        people = selectors.applications_by_id(u["id"] for u in run.unmatched)
        weights = run.parameters.get("weights", {})
        columns = self.columns(run, pairs)
        coordinates = can_coordinate(request.user, run.round)
        context = self.context(
            request,
            run=run,
            round=run.round,
            title=_("Matching run #%(id)s") % {"id": run.pk},
            rows=[
                (p, kinds.get((p.mentor_application_id, p.mentee_application_id)), self.parts(p, columns))
                for p in pairs
            ],
            unmatched=[
                (people.get(u["id"]), u["role"], describe(u["code"], u["params"])) for u in run.unmatched
            ],
            warnings=[WARNING_LABELS.get(w["code"], w["code"]) for w in run.parameters.get("warnings", [])],
            left_out_full=sum(u["code"] == "round_full" for u in run.unmatched),
            changes=selectors.run_changes(run) if run.status != MatchRun.Status.FAILED else None,
            constraints=constraints,
            form=RunForm(
                initial_weights=weights,
                initial={"same_region": run.parameters.get("rules", {}).get("same_region")},
            ),
            components=[label for _key, label in columns],
            weights=[
                (COMPONENT_LABELS[name], weights.get(name)) for name, _label in columns if name in COMPONENTS
            ],
            in_progress=run.status in (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING),
            is_draft=run.status == MatchRun.Status.DRAFT,
            can_coordinate=coordinates,
        )
        context["editable"] = context["is_draft"] and context["can_coordinate"]
        if coordinates:
            context["wish_form"] = WishForm(round_=run.round)
        return TemplateResponse(request, "admin/matching/run.html", context)

    @staticmethod
    def columns(run, pairs: list[Pair]) -> list[tuple[str, str]]:
        """(breakdown key, label) of the run page's score columns: the components, then each of the
        program's "should" questions the run scored (none, and no "program's questions" column,
        when it scored none)."""
        scored = {key for pair in pairs for key in pair.breakdown if key.startswith("q:")}
        columns = [(name, COMPONENT_LABELS[name]) for name in COMPONENTS if name != "questions" or scored]
        for question in selectors.matching_questions(run.round.program_id) if scored else []:
            if f"q:{question.key}" in scored:
                columns.append((f"q:{question.key}", question.label))
        return columns

    @staticmethod
    def parts(pair: Pair, columns: list[tuple[str, str]]) -> list[str]:
        return [f"{round(pair.breakdown.get(key, 0) * 100)}%" for key, _label in columns]

    def _apply(self, request, run, action):
        try:
            action()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("admin:matching_run", run_id=run.pk)

    def constrain(self, request, run_id: int):
        """POST: lock or forbid one pair of the run."""
        run = self.coordinated_run(request, run_id)
        form = ConstraintForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return redirect("admin:matching_run", run_id=run.pk)
        pair = get_object_or_404(Pair.objects.select_related("run"), pk=form.cleaned_data["pair"], run=run)

        def act():
            services.set_constraint(pair, kind=form.cleaned_data["kind"], user=request.user)
            messages.success(request, _("Saved. Run matching again to use it."))

        return self._apply(request, run, act)

    def swap(self, request, run_id: int):
        """POST: exchange the mentees of two pairs of the run."""
        run = self.coordinated_run(request, run_id)
        form = SwapForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            messages.error(request, _("Choose two pairs to swap."))
            return redirect("admin:matching_run", run_id=run.pk)
        pairs = Pair.objects.select_related("run", "round")
        first = get_object_or_404(pairs, pk=form.cleaned_data["first"], run=run)
        second = get_object_or_404(pairs, pk=form.cleaned_data["second"], run=run)

        def act():
            services.swap_pairs(first, second, user=request.user)
            messages.success(request, _("The two pairs swapped mentees and are now locked."))

        return self._apply(request, run, act)

    def wish(self, request, run_id: int):
        """POST: record a mentee's wished mentor for the run's round (used by the next run)."""
        run = self.coordinated_run(request, run_id)
        form = WishForm(request.POST or None, round_=run.round)
        if request.method != "POST":
            return redirect("admin:matching_run", run_id=run.pk)
        if not form.is_valid():
            messages.error(request, _("Choose accepted applications of this round."))
            return redirect("admin:matching_run", run_id=run.pk)

        def act():
            services.record_wish(
                run.round,
                mentee=form.cleaned_data["mentee"],
                mentor=form.cleaned_data["mentor"],
                user=request.user,
            )
            messages.success(request, _("Wish recorded. Run matching again to use it."))

        return self._apply(request, run, act)

    def publish(self, request, run_id: int):
        """GET: what publishing will do (pairs, e-mails) or why it may not; POST with confirm: publish."""
        run = self.coordinated_run(request, run_id)
        if request.method == "POST" and "confirm" in request.POST:

            def act():
                count = services.publish_run(run, user=request.user)
                messages.success(request, _("Published %(count)d pairs.") % {"count": count})

            return self._apply(request, run, act)
        if run.status != MatchRun.Status.DRAFT:
            return redirect("admin:matching_run", run_id=run.pk)
        context = self.context(
            request,
            run=run,
            round=run.round,
            preview=services.publish_preview(run),
            title=_("Publish the pairs of run #%(id)s") % {"id": run.pk},
        )
        return TemplateResponse(request, "admin/matching/publish.html", context)

    @staticmethod
    def _unconstrain_target(request, pk: int) -> PairConstraint:
        constraints = scope_queryset(
            PairConstraint.objects.select_related("round"), request.user, "round__program"
        )
        constraint = get_object_or_404(constraints, pk=pk)  # 404 outside the user's programs
        if not can_coordinate(request.user, constraint.round):
            raise PermissionDenied
        return constraint

    def unconstrain(self, request, pk: int):
        """POST: remove a lock or forbid, back to the run given in `next_run`."""
        constraint = self._unconstrain_target(request, pk)
        if request.method == "POST":
            services.remove_constraint(constraint)
            messages.success(request, _("Removed."))
        run_id = request.POST.get("run") or request.GET.get("run")
        if run_id and str(run_id).isdigit():
            return redirect("admin:matching_run", run_id=int(run_id))
        return redirect("admin:matching_round", round_id=constraint.round_id)
