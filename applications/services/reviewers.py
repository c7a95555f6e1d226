"""Reviewers: who reads and scores which application, assigned in bulk by a coordinator."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application, ReviewAssignment, submitted_q
from mentorship.scoping import can_change_program
from programs.models import ProgramMembership, Round

MOST_PER_APPLICATION = 5


def reviewers_of(program_id: int):
    """The active reviewers of a program, in a stable order."""
    return User.objects.filter(
        is_active=True,
        is_staff=True,
        program_memberships__program_id=program_id,
        program_memberships__kind=ProgramMembership.Kind.REVIEWER,
    ).order_by("pk")


def plan(
    applications: Iterable[tuple[int, int | None]],
    reviewers: Iterable[int],
    *,
    per_application: int,
    existing: Iterable[tuple[int, int]] = (),
) -> tuple[list[tuple[int, int]], list[int]]:
    """New (application id, reviewer id) pairs giving each application `per_application` reviewers.

    `applications` are (id, applicant id); `existing` the assignments already made in the round,
    which count towards both an application's reviewers and a reviewer's load. Applications are
    taken in id order and each gets the least-loaded reviewers first (ties by id), never one it
    already has and never the applicant themselves. Returns the new pairs and the ids of the
    applications left with fewer reviewers than asked (too few reviewers without a conflict).
    """
    reviewer_ids = sorted(set(reviewers))
    load = Counter(dict.fromkeys(reviewer_ids, 0))
    has: dict[int, set[int]] = {}
    for application_id, reviewer_id in existing:
        has.setdefault(application_id, set()).add(reviewer_id)
        if reviewer_id in load:
            load[reviewer_id] += 1
    new, short = [], []
    for application_id, applicant_id in sorted(set(applications)):
        taken = has.setdefault(application_id, set())
        needed = per_application - len(taken)
        if needed <= 0:
            continue
        candidates = sorted(
            (reviewer for reviewer in reviewer_ids if reviewer not in taken and reviewer != applicant_id),
            key=lambda reviewer: (load[reviewer], reviewer),
        )
        for reviewer in candidates[:needed]:
            new.append((application_id, reviewer))
            taken.add(reviewer)
            load[reviewer] += 1
        if len(candidates) < needed:
            short.append(application_id)
    return new, short


@dataclass
class AssignResult:
    created: list[ReviewAssignment] = field(default_factory=list)
    short: list[int] = field(default_factory=list)  # application ids with fewer reviewers than asked


@transaction.atomic
def assign_reviewers(
    round_: Round,
    *,
    per_application: int,
    actor,
    application_ids: list[int] | None = None,
    reviewer_ids: list[int] | None = None,
    at=None,
) -> AssignResult:
    """Give each selected (or each sent-in) application of the round `per_application` reviewers,
    balanced (plan above). Each new assignment records who made it and when. Idempotent: running
    it again with the same numbers adds nothing."""
    if not can_change_program(actor, round_.program_id):
        raise PermissionDenied(_("Only a coordinator of this program can do that."))
    if not 1 <= per_application <= MOST_PER_APPLICATION:
        raise ValidationError(
            _("Choose between 1 and %(most)s reviewers per application.") % {"most": MOST_PER_APPLICATION}
        )
    reviewers = reviewers_of(round_.program_id)
    if reviewer_ids is not None:
        reviewers = reviewers.filter(pk__in=reviewer_ids)
    reviewers = list(reviewers.values_list("pk", flat=True))
    if not reviewers:
        raise ValidationError(_("The program has no reviewers to assign."))
    applications = Application.objects.filter(submitted_q(), round=round_)
    if application_ids is not None:
        applications = applications.filter(pk__in=application_ids)
    existing = ReviewAssignment.objects.filter(application__round=round_).values_list(
        "application_id", "reviewer_id"
    )
    new, short = plan(
        applications.values_list("pk", "applicant_id"),
        reviewers,
        per_application=per_application,
        existing=list(existing),
    )
    at = at or timezone.now()
    created = ReviewAssignment.objects.bulk_create(
        [
            ReviewAssignment(
                application_id=application, reviewer_id=reviewer, assigned_by=actor, assigned_at=at
            )
            for application, reviewer in new
        ]
    )
    return AssignResult(created=created, short=short)
