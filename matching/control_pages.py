"""The coordinator's pages after publishing (admin): a round's pairs with their controls."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from applications.models import Application, State
from mentorship.admin_pages import AdminPages
from mentorship.scoping import scope_queryset
from programs.models import Round

from . import control, selectors
from .forms import EndPairForm, MoreTimeForm
from .models import Pair


class ControlPages(AdminPages):
    routes = [
        ("round/<int:round_id>/pairs/", "round_pairs", "matching_round_pairs"),
        ("<int:pair_id>/end/", "end", "matching_pair_end"),
        ("<int:pair_id>/more-time/", "more_time", "matching_pair_more_time"),
        ("rematch/<int:application_id>/", "rematch", "matching_rematch"),
        ("promote/<int:application_id>/", "promote", "matching_promote"),
    ]

    def _round(self, request, round_id: int) -> Round:
        rounds = scope_queryset(Round.objects.select_related("program"), request.user, "program")
        return get_object_or_404(rounds, pk=round_id)

    def _pair(self, request, pair_id: int) -> Pair:
        pairs = Pair.objects.select_related("round__program", "mentor_application", "mentee_application")
        pair = get_object_or_404(scope_queryset(pairs, request.user, "round__program"), pk=pair_id)
        control.ensure_coordinator(request.user, pair.round)
        return pair

    def _application(self, request, application_id: int) -> Application:
        applications = Application.objects.select_related("round__program")
        application = get_object_or_404(
            scope_queryset(applications, request.user, "round__program"), pk=application_id
        )
        control.ensure_coordinator(request.user, application.round)
        return application

    def round_pairs(self, request, round_id: int):
        """Every published pair of the round by state, the free people, and the waitlist."""
        round_ = self._round(request, round_id)
        pairs = selectors.live_pairs(round_) | Pair.objects.filter(round=round_, state=Pair.State.DECLINED)
        pairs = pairs.select_related("mentor_application", "mentee_application").order_by("state", "pk")
        waitlist = Application.objects.filter(round=round_, state=State.WAITLISTED).order_by(
            "role", "full_name"
        )
        return self.render(
            request,
            "admin/matching/round_pairs.html",
            title=_("Pairs of %(round)s") % {"round": round_},
            round=round_,
            pairs=pairs,
            free=control.free_people(round_),
            waitlist=waitlist,
            can_coordinate=control.can_change_program(request.user, round_.program_id),
            more_time_form=MoreTimeForm(),
        )

    def end(self, request, pair_id: int):
        """GET: the form (reason, note); POST: end the pair and tell both."""
        pair = self._pair(request, pair_id)
        form = EndPairForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                control.end_pair(pair, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The pair has ended; both have been told."))
            return redirect("admin:matching_round_pairs", round_id=pair.round_id)
        title = _("End the pair %(pair)s") % {"pair": pair}
        return self.render(
            request, "admin/matching/end_pair.html", title=title, pair=pair, round=pair.round, form=form
        )

    def _run_or_back(self, request, application: Application, action, success: str):
        """Run `action` (returns a matching run): open the run, or go back with the refusal."""
        try:
            run = action(application, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("admin:matching_round_pairs", round_id=application.round_id)
        messages.success(request, success % {"name": application.full_name})
        return redirect("admin:matching_run", run_id=run.pk)

    def more_time(self, request, pair_id: int):
        """POST: a later confirm-by date for one proposed pair."""
        pair = self._pair(request, pair_id)
        form = MoreTimeForm(request.POST)
        if request.method != "POST":  # a GET changes nothing: back to the round's pairs
            return redirect("admin:matching_round_pairs", round_id=pair.round_id)
        if not form.is_valid():
            messages.error(request, _("Choose a valid date and time."))
            return redirect("admin:matching_round_pairs", round_id=pair.round_id)
        until = form.cleaned_data["until"]
        try:
            control.give_more_time(pair, until=until, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The pair may now confirm until %(until)s.") % {"until": until})
        return redirect("admin:matching_round_pairs", round_id=pair.round_id)

    def rematch(self, request, application_id: int):
        """POST: a matching run for this one free person; opens the run to review and publish."""
        application = self._application(request, application_id)
        if request.method != "POST":
            return redirect("admin:matching_round_pairs", round_id=application.round_id)
        return self._run_or_back(
            request, application, control.rematch, _("A matching run for %(name)s has started.")
        )

    def promote(self, request, application_id: int):
        """POST: accept a waitlisted person, send the decision, and start their matching run."""
        application = self._application(request, application_id)
        if request.method != "POST":
            return redirect("admin:matching_round_pairs", round_id=application.round_id)
        return self._run_or_back(
            request,
            application,
            control.promote,
            _("%(name)s is accepted and told; review the proposed pair."),
        )
