"""Reads for the screening workbench: annotated lists, visibility of identities and scores."""

from __future__ import annotations

import math

from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from applications.models import Application, Review, ReviewAssignment, submitted_q
from mentorship.scoping import REVIEWER, is_reviewer, is_staff_member, program_ids

HIDDEN = "—"


def reviewable_q(user) -> Q:
    """What a reviewer may read and score: the sent-in applications assigned to them, or every one
    of a round whose reviewers see all, in the programs they review for. The one owner of it."""
    assigned = Exists(ReviewAssignment.objects.filter(application=OuterRef("pk"), reviewer=user))
    return (
        Q(round__program_id__in=program_ids(user, kind=REVIEWER))
        & submitted_q()
        & (Q(round__reviewers_see_all=True) | Q(assigned))
    )


def visible_applications(queryset: QuerySet, user) -> QuerySet:
    """The screening workbench's rows: every application of the programs the user coordinates or
    leads, and the ones the user reviews (all, for a superuser)."""
    if user.is_superuser:
        return queryset
    visible = Q(round__program_id__in=program_ids(user))
    if program_ids(user, kind=REVIEWER):
        visible |= reviewable_q(user)
    return queryset.filter(visible)


def to_review(user, *, limit: int = 100) -> list[Application] | None:
    """A reviewer's applications with their own score (`my_score`, None if unscored), for the
    admin index; None for anyone who coordinates or leads a program (they get the full index)."""
    if is_staff_member(user) or not is_reviewer(user):
        return None
    mine = Review.objects.filter(application=OuterRef("pk"), reviewer=user).values("total")[:1]
    rows = (
        Application.objects.filter(reviewable_q(user))
        .select_related("round__program")
        .annotate(my_score=Subquery(mine, output_field=FloatField()))
        .order_by("round__program__name", "round_id", "pk")
    )
    return list(rows[:limit])


def may_review(user, application: Application) -> bool:
    """Whether a reviewer (not a coordinator: see services.screening) may score this application."""
    if application.round.program_id not in program_ids(user, kind=REVIEWER):
        return False
    return Application.objects.filter(reviewable_q(user), pk=application.pk).exists()


def blind_hidden_q(prefix: str = "") -> Q:
    """Rows whose identity reviewers may not see yet (blind round, decision not released)."""
    return Q(**{f"{prefix}round__blind_screening": True, f"{prefix}decision_released_at__isnull": True})


def _per_application(aggregate, output_field):
    reviews = Review.objects.filter(application=OuterRef("pk")).order_by().values("application")
    return Subquery(reviews.annotate(value=aggregate).values("value")[:1], output_field=output_field)


def with_screening_figures(queryset: QuerySet, user) -> QuerySet:
    """Annotate reviews count, my score, average and mean square of totals (for the spread).

    Subqueries rather than joins, so filters on topics cannot multiply the review rows, and
    the spread is derived from Avg(x) and Avg(x²), which SQLite and PostgreSQL both compute.
    """
    total = ExpressionWrapper(F("total") * 1.0, output_field=FloatField())
    square = ExpressionWrapper(F("total") * F("total") * 1.0, output_field=FloatField())
    mine = Review.objects.filter(application=OuterRef("pk"), reviewer=user).values("total")[:1]
    return queryset.select_related("round__program", "organisation").annotate(
        n_reviews=Coalesce(_per_application(Count("pk"), IntegerField()), Value(0)),
        my_score=Subquery(mine, output_field=FloatField()),
        avg_score=_per_application(Avg(total), FloatField()),
        avg_square=_per_application(Avg(square), FloatField()),
    )


def spread(avg: float | None, avg_square: float | None) -> float | None:
    """Population standard deviation from the mean and the mean of squares."""
    if avg is None or avg_square is None:
        return None
    return math.sqrt(max(avg_square - avg * avg, 0.0))


def identity_hidden(application: Application) -> bool:
    """True while a blind round's application is undecided-or-unreleased."""
    return application.round.blind_screening and application.decision_released_at is None


def applicant_label(application: Application) -> str:
    """The applicant's name, or "Applicant #id" while blind screening hides it."""
    if identity_hidden(application):
        return _("Applicant #%(id)s") % {"id": application.pk}
    return application.full_name or application.email or _("Applicant #%(id)s") % {"id": application.pk}


def actor_label(change) -> str:
    """Who made a state change: the applicant shows as "Applicant #id" while blind screening hides them."""
    if change.actor_id is None:
        return HIDDEN
    application = change.application
    if change.actor_id == application.applicant_id and identity_hidden(application):
        return applicant_label(application)
    return str(change.actor)


def organisation_label(application: Application) -> str:
    return HIDDEN if identity_hidden(application) else (application.organisation_display or "")


def scores_visible(application: Application, my_score) -> bool:
    """Others' scores show once I have scored, or once the decision is released."""
    return my_score is not None or application.decision_released_at is not None


def format_score(value: float | None) -> str:
    """A score with two decimals in the active language's form ("3,67" in Swedish)."""
    return HIDDEN if value is None else number_format(value, decimal_pos=2)


def reviews_for(application: Application, user) -> tuple[Review | None, list[Review]]:
    """(my review, the others' reviews — empty until I have reviewed or it is released)."""
    reviews = list(application.reviews.select_related("reviewer").order_by("created_at"))
    mine = next((review for review in reviews if review.reviewer_id == user.pk), None)
    others = [review for review in reviews if review.reviewer_id != user.pk]
    if mine is None and application.decision_released_at is None:
        others = []
    return mine, others


def needs_review_q(user) -> Q:
    """Submitted applications the user has not reviewed."""
    return Q(state="submitted") & ~Q(pk__in=Review.objects.filter(reviewer=user).values("application"))


def export_value(application: Application, column: str) -> str:
    """One CSV cell, hiding identities in blind mode and scores the user may not see."""
    hidden = identity_hidden(application)
    show_scores = scores_visible(application, application.my_score)
    if column in {"email", "phone"} and hidden:
        return ""
    getters = {
        "id": lambda a: a.pk,
        "applicant": applicant_label,
        "email": lambda a: a.email,
        "phone": lambda a: a.phone,
        "role": lambda a: a.role_label,
        "round": lambda a: a.round.name,
        "organisation": lambda a: "" if hidden else a.organisation_display,
        "title": lambda a: a.title,
        "industry": lambda a: a.industry,
        "municipality": lambda a: a.municipality,
        "state": lambda a: a.get_state_display(),
        "decision_pending": lambda a: _("yes") if a.decision_pending else "",
        "eligible": lambda a: {True: _("yes"), False: _("no")}.get(a.is_eligible, ""),
        "submitted_at": lambda a: _local(a.submitted_at),
        "topics": lambda a: ", ".join(topic.name for topic in a.topics.all()),
        "languages": lambda a: ", ".join(a.languages or []),
        "reviews": lambda a: a.n_reviews,
        "my_score": lambda a: "" if a.my_score is None else f"{a.my_score:.2f}",
        "average": lambda a: f"{a.avg_score:.2f}" if show_scores and a.avg_score is not None else "",
        "spread": lambda a: _spread_cell(a) if show_scores else "",
    }
    return str(getters[column](application))


def _spread_cell(application: Application) -> str:
    value = spread(application.avg_score, application.avg_square)
    return "" if value is None else f"{value:.2f}"


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
