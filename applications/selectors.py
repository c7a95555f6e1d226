"""Reads of applications for the applicant's pages."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.prepared import NO_ID, NO_OTHER_ID, Prepared

from .models import Application, State
from .services.submission import EDITABLE_STATES


def applications_of(user) -> QuerySet[Application]:
    """The user's own applications with round and program loaded (no query per row)."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("round__program", "organisation")
        .order_by("-created_at", "-pk")
    )


# Every page of an application reads it first (the form on each draft, save and submit).
_own_application = Prepared(
    lambda user_id, pk: applications_of(user_id).filter(pk=pk),
    user_id=NO_ID,
    pk=NO_OTHER_ID,
)


def own_application(user, pk: int) -> Application:
    """The user's application `pk`, or 404 (also when it belongs to somebody else)."""
    found = _own_application(user_id=user.pk, pk=pk)
    if not found:
        raise Http404("No such application of yours.")
    return found[0]


# What the applicant reads: a released decision, or "under review" while one is pending.
STATUS_WORDS = {
    State.DRAFT: _("Draft – not submitted yet"),
    State.SUBMITTED: _("Submitted – under review"),
    State.ACCEPTED: _("Accepted"),
    State.WAITLISTED: _("On the waiting list"),
    State.REJECTED: _("Not selected this time"),
    State.WITHDRAWN: _("Withdrawn"),
}
STATUS_CLASSES = {
    State.DRAFT: "secondary",
    State.SUBMITTED: "info",
    State.ACCEPTED: "success",
    State.WAITLISTED: "warning",
    State.REJECTED: "dark",
    State.WITHDRAWN: "light",
}


@dataclass(frozen=True)
class ApplicantView:
    """An application as its applicant may see it now."""

    application: Application
    status: str
    badge: str
    deadline: datetime
    is_open: bool
    can_edit: bool
    can_withdraw: bool

    @property
    def visible_state(self) -> str:
        return self.application.applicant_state


def applicant_view(application: Application, at: datetime | None = None) -> ApplicantView:
    """Status in words and the actions allowed now; never reveals a decision not yet released."""
    at = at or timezone.now()
    state = application.applicant_state
    is_open = application.round.is_open_for(application.role, at)
    return ApplicantView(
        application=application,
        status=STATUS_WORDS[state],
        badge=STATUS_CLASSES[state],
        deadline=application.round.deadline_for(application.role),
        is_open=is_open,
        can_edit=is_open and state in EDITABLE_STATES,
        can_withdraw=not application.decision_pending and application.can_move_to(State.WITHDRAWN),
    )
