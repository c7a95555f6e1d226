"""The screening workbench: applications, reviews, rubric, audit log and decision e-mails."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter, helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications import admin_views, questions
from applications.admin_filters import (
    DecisionPendingFilter,
    NeedsMyReviewFilter,
    RoleFilter,
    VisibleOrganisationFilter,
)
from applications.admin_forms import ReviewForm
from applications.models import (
    DECISIONS,
    Application,
    Availability,
    Language,
    State,
)
from applications.selectors_screening import (
    HIDDEN,
    actor_label,
    applicant_label,
    blind_hidden_q,
    format_score,
    identity_hidden,
    may_review,
    organisation_label,
    reviews_for,
    scores_visible,
    spread,
    visible_applications,
    with_screening_figures,
)
from applications.services import eligibility as eligibility_services
from applications.services import screening
from mentorship.admin_pages import AdminPagesMixin
from mentorship.scoping import (
    REVIEWER,
    ProgramScopedAdminMixin,
    can_change_program,
    can_view_program,
    is_reviewer,
    is_staff_member,
    program_ids,
)
from notifications.selectors import emails_to, label_of
from programs.models import Round

DECISION_BUTTONS = {f"_decide_{state.value}": state.value for state in DECISIONS}


FIELDSETS = [
    (_("About you"), ["full_name", "email", "phone"]),
    (
        _("Organisation and role"),
        ["role_display", "title", "organisation_name_display", "industry"],
    ),
    (_("The program's own questions"), ["program_answers_display"]),
    (_("Motivation and goals"), ["motivation", "want_to_learn", "can_offer"]),
    (_("Topics"), ["topics_display"]),
    (
        _("Practicalities"),
        [
            "languages_display",
            "meeting_format",
            "availability_display",
            "municipality",
            "region",
            "mentee_capacity",
        ],
    ),
    (_("Consent"), ["consent_at", "consent_version"]),
    (
        _("Screening"),
        [
            "round_display",
            "state",
            "is_eligible",
            "eligibility_note",
            "submitted_at",
            "decided_at",
            "notified_state",
            "decision_released_at",
        ],
    ),
]
IDENTITY_FIELDS = {"full_name", "email", "phone", "organisation_name_display"}


@admin.register(Application)
class ApplicationAdmin(AdminPagesMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
    program_path = "round__program"
    pages = [admin_views.ScreeningPages, admin_views.ReviewerPages]  # release, export, assign reviewers
    # Narrow enough for the score columns to show beside the admin's menu and the filters at
    # 1280 px: role and organisation under the applicant, eligibility and a pending decision under
    # the state, the day of submission (the time on hover), average and spread in one column.
    list_display = [
        "applicant_column",
        "state_column",
        "submitted_column",
        "reviews_column",
        "my_score_column",
        "average_spread_column",
    ]
    list_display_links = ["applicant_column"]
    list_filter = [
        ("round", RelatedOnlyFieldListFilter),
        RoleFilter,
        "state",
        "is_eligible",
        ("topics", RelatedOnlyFieldListFilter),
        ("organisation", VisibleOrganisationFilter),
        NeedsMyReviewFilter,
        DecisionPendingFilter,
    ]
    search_fields = ["full_name", "email", "organisation__name", "organisation_name"]
    search_help_text = _("Name, e-mail address or organisation (not in blind rounds), or #id.")
    ordering = ["submitted_at", "pk"]
    list_per_page = 50
    actions = [
        "accept_selected",
        "waitlist_selected",
        "reject_selected",
        "release_selected",
        "assign_reviewers_selected",
    ]
    change_form_template = "admin/applications/application/change_form.html"
    change_list_template = "admin/applications/application/change_list.html"

    # --- rows ------------------------------------------------------------------
    def get_queryset(self, request):
        # Not the mixin's scoping: reviewers see the applications they review as well.
        rows = admin.ModelAdmin.get_queryset(self, request)
        return with_screening_figures(visible_applications(rows, request.user), request.user)

    def get_search_results(self, request, queryset, search_term):
        """Identity fields only match rows whose identity the reviewer may see."""
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.lstrip("#").isdigit():
            return queryset.filter(pk=int(term.lstrip("#"))), False
        visible = queryset.exclude(blind_hidden_q())
        matches, may_have_duplicates = super().get_search_results(request, visible, term)
        return queryset.filter(pk__in=matches.values("pk")), may_have_duplicates

    # --- permissions: applications come from applicants; deletion is the privacy app's ----
    # Reviewers read (and score, on the page) what they review; they change and decide nothing.
    def has_module_permission(self, request):
        return is_staff_member(request.user) or is_reviewer(request.user)

    def has_view_permission(self, request, obj=None):
        if super().has_view_permission(request, obj):
            return True
        if not is_reviewer(request.user):
            return False
        return obj is None or obj.round.program_id in program_ids(request.user, kind=REVIEWER)

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

    # --- list columns ------------------------------------------------------------
    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        """As Django's, but labelled without the applicant's name (blind screening)."""
        label = format_html(gettext("Select this object for an action - {}"), applicant_label(obj))
        checkbox = forms.CheckboxInput({"class": "action-select", "aria-label": label}, lambda value: False)
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk))

    @admin.display(description=_("applicant"), ordering="pk")  # not by name: blind rounds
    def applicant_column(self, obj):
        return format_html(
            "{}<br><small>{} · {}</small>",
            applicant_label(obj),
            obj.role_label,
            organisation_label(obj) or HIDDEN,
        )

    @admin.display(description=_("state"), ordering="state")
    def state_column(self, obj):
        notes = [gettext("Not eligible.")] if obj.is_eligible is False else []
        if obj.decision_pending:
            notes.append(gettext("Decision pending"))
        lines = format_html_join("", "<br><small>{}</small>", ((note,) for note in notes))
        return format_html("{}{}", obj.get_state_display(), lines)

    @admin.display(description=_("submitted at"), ordering="submitted_at")
    def submitted_column(self, obj):
        if obj.submitted_at is None:
            return HIDDEN
        local = timezone.localtime(obj.submitted_at)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            obj.submitted_at.isoformat(),
            date_format(local, "DATETIME_FORMAT"),
            date_format(local, "j b"),
        )

    @admin.display(description=_("reviews"), ordering="n_reviews")
    def reviews_column(self, obj):
        return obj.n_reviews

    @admin.display(description=_("my score"), ordering="my_score")
    def my_score_column(self, obj):
        return format_score(obj.my_score)

    @admin.display(description=_("average"))
    def average_column(self, obj):
        return format_score(obj.avg_score) if scores_visible(obj, obj.my_score) else HIDDEN

    @admin.display(description=_("spread"))
    def spread_column(self, obj):
        if not scores_visible(obj, obj.my_score):
            return HIDDEN
        return format_score(spread(obj.avg_score, obj.avg_square))

    @admin.display(description=_("average ± spread"))
    def average_spread_column(self, obj):
        average = self.average_column(obj)
        return average if average == HIDDEN else f"{average} ± {self.spread_column(obj)}"

    # --- page fields (all read-only) ----------------------------------------------------
    def get_fieldsets(self, request, obj=None):
        hidden = obj is not None and identity_hidden(obj)
        fieldsets = []
        for title, fields in FIELDSETS:
            shown = [f for f in fields if not (hidden and f in IDENTITY_FIELDS)]
            if hidden and title == FIELDSETS[0][0]:
                shown = ["applicant_display"]
            if obj is not None and obj.role != "mentor" and "mentee_capacity" in shown:
                shown.remove("mentee_capacity")
            fieldsets.append((title, {"fields": shown}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [field for _title, options in self.get_fieldsets(request, obj) for field in options["fields"]]

    @admin.display(description=_("applicant"))
    def applicant_display(self, obj):
        return applicant_label(obj)

    @admin.display(description=_("round"))
    def round_display(self, obj):
        return str(obj.round)

    @admin.display(description=_("role"))
    def role_display(self, obj):
        return obj.role_label

    @admin.display(description=_("organisation"))
    def organisation_name_display(self, obj):
        return obj.organisation_display

    @admin.display(description=_("answers"))
    def program_answers_display(self, obj):
        rows = questions.answer_rows(obj)
        if not rows:
            return HIDDEN
        return format_html_join(mark_safe("<br>"), "<strong>{}</strong>: {}", rows)

    @admin.display(description=_("topics"))
    def topics_display(self, obj):
        return ", ".join(topic.name for topic in obj.topics.all()) or HIDDEN

    @admin.display(description=_("languages"))
    def languages_display(self, obj):
        labels = dict(Language.choices)
        return ", ".join(str(labels.get(code, code)) for code in obj.languages or []) or HIDDEN

    @admin.display(description=_("weekly availability"))
    def availability_display(self, obj):
        labels = dict(Availability.choices)
        return ", ".join(str(labels.get(code, code)) for code in obj.availability or []) or HIDDEN

    # --- the page: review, decisions, history ---------------------------------------------
    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        review_form = None
        if request.method == "POST":
            outcome = self._screening_post(request, obj)
            if not isinstance(outcome, ReviewForm):
                return outcome
            review_form = outcome
            request.method = "GET"  # re-show the page with the invalid review form, save nothing
        context = {**(extra_context or {}), **self._screening_context(request, obj, review_form)}
        return super().change_view(request, object_id, form_url, extra_context=context)

    def changelist_view(self, request, extra_context=None):
        context = {
            **(extra_context or {}),
            "can_release": self.has_change_permission(request),
            "can_export": is_staff_member(request.user),
            "assign_round": _round_filter(request),
        }
        return super().changelist_view(request, extra_context=context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if not can_view_program(request.user, obj.round.program_id):
            raise PermissionDenied  # a reviewer reads the application, not its history
        title = gettext("Change history: %s") % applicant_label(obj)
        return super().history_view(
            request, object_id, extra_context={**(extra_context or {}), "title": title}
        )

    def _screening_context(self, request, obj, review_form):
        mine, others = reviews_for(obj, request.user)
        can_screen = can_change_program(request.user, obj.round.program_id)
        staff = can_view_program(request.user, obj.round.program_id)  # else a reviewer of it
        can_score = can_screen or may_review(request.user, obj)
        criteria = screening.ensure_default_rubric(obj.round) if can_score else list(obj.round.rubric.all())
        if review_form is None and can_score:
            review_form = ReviewForm(criteria=criteria, review=mine)
        labels = {criterion.key: criterion.label for criterion in criteria}
        return {
            "subtitle": applicant_label(obj),
            "screening_label": applicant_label(obj),
            "can_screen": can_screen,
            "review_form": review_form,
            "can_review": can_score and obj.state in screening.REVIEWABLE_STATES,
            "my_review": mine,
            "other_reviews": [(review, _scored(review, labels)) for review in others],
            "others_hidden": mine is None and obj.decision_released_at is None,
            "history": _history(obj) if staff else None,
            "assigned_reviewers": _assigned_reviewers(obj) if staff else None,
            "eligibility_overrides": _overrides(obj) if staff else [],
            "emails": [(row, label_of(row.template)) for row in emails_to(obj)] if can_screen else None,
            "emails_link": reverse("admin:notifications_notification_changelist") + f"?application={obj.pk}",
            "decisions": [
                (f"_decide_{state}", State(state).label) for state in DECISIONS if obj.can_move_to(state)
            ],
        }

    def _screening_post(self, request, obj):
        here = request.get_full_path()
        scoring = "_review" in request.POST or "_review_next" in request.POST
        if not can_change_program(request.user, obj.round.program_id):
            if scoring and may_review(request.user, obj):
                return self._save_review(request, obj, here)  # a reviewer scores, and does nothing else
            raise PermissionDenied
        decision = next((value for key, value in DECISION_BUTTONS.items() if key in request.POST), None)
        if decision:
            try:
                screening.decide(obj, decision=decision, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, gettext("Decision recorded; it is pending until released."))
            return HttpResponseRedirect(here)
        if "_eligibility" in request.POST:
            choice = request.POST.get("eligibility_choice")
            try:
                if choice not in {"yes", "no"}:
                    raise ValidationError(gettext("Choose eligible or not eligible."))
                eligibility_services.override_eligibility(
                    obj,
                    is_eligible=choice == "yes",
                    note=request.POST.get("eligibility_override_note", ""),
                    actor=request.user,
                )
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, gettext("The eligibility is set; a change of the list leaves it."))
            return HttpResponseRedirect(here)
        if "_undo_decision" in request.POST:
            try:
                screening.undo_pending_decision(obj, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, gettext("The pending decision is undone."))
            return HttpResponseRedirect(here)
        if not scoring:
            return HttpResponseRedirect(here)
        return self._save_review(request, obj, here)

    def _save_review(self, request, obj, here):
        mine, _others = reviews_for(obj, request.user)
        form = ReviewForm(request.POST, criteria=screening.ensure_default_rubric(obj.round), review=mine)
        if not form.is_valid():
            return form
        try:
            screening.save_review(
                obj, reviewer=request.user, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(here)
        self.message_user(request, gettext("Your review is saved."))
        if "_review_next" in request.POST:
            return admin_views.redirect_to_next_unreviewed(self, request, obj)
        return HttpResponseRedirect(here)

    # --- actions --------------------------------------------------------------------
    def _decide_selected(self, request, queryset, decision):
        allowed = self.get_changeable_queryset(request, queryset)
        result = screening.decide_many(list(allowed), decision=decision, actor=request.user)
        outside = queryset.count() - len(allowed)
        if result.done:
            self.message_user(
                request,
                gettext("%(count)s decisions recorded as “%(decision)s”, pending until released.")
                % {"count": result.done, "decision": State(decision).label},
            )
        for application, reason in result.refused:
            self.message_user(request, f"{applicant_label(application)}: {reason}", messages.WARNING)
        if outside:
            self.message_user(
                request, gettext("%(count)s applications are not yours to decide.") % {"count": outside}
            )

    @admin.action(description=_("Accept selected applications (pending)"), permissions=["change"])
    def accept_selected(self, request, queryset):
        self._decide_selected(request, queryset, State.ACCEPTED)

    @admin.action(description=_("Waitlist selected applications (pending)"), permissions=["change"])
    def waitlist_selected(self, request, queryset):
        self._decide_selected(request, queryset, State.WAITLISTED)

    @admin.action(description=_("Reject selected applications (pending)"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._decide_selected(request, queryset, State.REJECTED)

    @admin.action(description=_("Assign reviewers to the selected applications…"), permissions=["change"])
    def assign_reviewers_selected(self, request, queryset):
        return self._to_round_page(request, queryset, "admin:applications_application_assign_reviewers")

    @admin.action(description=_("Release decisions of the selected applications…"), permissions=["change"])
    def release_selected(self, request, queryset):
        return self._to_round_page(request, queryset, "admin:applications_application_release")

    def _to_round_page(self, request, queryset, url_name: str):
        """Hand the selected applications (all of one round, those the user may change) to a page."""
        allowed = self.get_changeable_queryset(request, queryset)
        rounds = set(allowed.values_list("round_id", flat=True))
        if len(rounds) != 1:
            self.message_user(request, gettext("Select applications of one round."), messages.ERROR)
            return None
        ids = ",".join(str(pk) for pk in allowed.values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse(url_name, args=[rounds.pop()])}?ids={ids}")


def _round_filter(request) -> int | None:
    """The round the list is filtered to, if the user coordinates it (for "Assign reviewers…")."""
    raw = request.GET.get("round__id__exact", "")
    round_ = Round.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    return round_.pk if round_ and can_change_program(request.user, round_.program_id) else None


def _assigned_reviewers(application):
    """(reviewer, has scored) for each reviewer assigned to the application, in assignment order."""
    scored = set(application.reviews.values_list("reviewer_id", flat=True))
    assignments = application.review_assignments.select_related("reviewer").order_by("pk")
    return [(assignment.reviewer, assignment.reviewer_id in scored) for assignment in assignments]


def _overrides(application):
    """The coordinators' eligibility overrides, oldest first, each with `by`."""
    overrides = list(application.eligibility_overrides.select_related("actor"))
    for override in overrides:
        override.by = str(override.actor) if override.actor else HIDDEN
    return overrides


def _history(application):
    """The audit lines, each with `by` (the applicant unnamed while blind screening hides them)."""
    changes = list(application.history.select_related("actor"))
    for change in changes:
        change.application = application
        change.by = actor_label(change)
    return changes


def _scored(review, labels):
    return [(labels.get(key, key), value) for key, value in review.scores.items()]


# The smaller admins register themselves on import.
from applications import admin_records  # noqa: E402, F401
