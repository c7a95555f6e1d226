"""Demo screening: reviews by two coordinators on the open round, some decisions pending, and
every other application assigned to the demo reviewer, who has scored the first of them.

Runs after `applications.demo`; does nothing when the round or its applications are missing.
Idempotent: reviews are update_or_create'd, decisions are only made on still-submitted rows.
"""

from django.db import transaction

from accounts.models import User
from applications.models import Application, State, StateChange
from applications.services import reviewers, screening
from programs.models import ProgramMembership, Round

ROUND_SLUG = "hosten-2026"
SECOND_COORDINATOR = "coordinator2@example.org"
REVIEWER = "reviewer@example.org"  # made by programs.demo
# (motivation, fit, availability) per reviewer, cycled over the applications.
DEMO_NOTE = "Demo: screening"
PATTERNS = [(5, 4, 4), (3, 4, 2), (4, 5, 5), (2, 3, 3), (5, 5, 4)]


def _second_coordinator(round_: Round) -> User:
    user, created = User.objects.get_or_create(
        email=SECOND_COORDINATOR, defaults={"full_name": "Kim Koordinatorsson", "is_staff": True}
    )
    if created:
        user.set_password("demo1234")
        user.save(update_fields=["password"])
    ProgramMembership.objects.get_or_create(
        program=round_.program, user=user, defaults={"kind": ProgramMembership.Kind.COORDINATOR}
    )
    return user


@transaction.atomic
def seed(stdout) -> None:
    """Reviews on some submitted applications of the open round and a few pending decisions."""
    round_ = Round.objects.filter(slug=ROUND_SLUG).select_related("program").first()
    first = User.objects.filter(email="coordinator@example.org").first()
    if round_ is None or first is None:
        return
    submitted = list(
        Application.objects.filter(round=round_)
        .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
        .order_by("pk")
    )
    if not submitted:
        return
    second = _second_coordinator(round_)
    screening.ensure_default_rubric(round_)
    # Leave the last few unreviewed, so "needs my review" has something to show.
    to_review = submitted[: max(len(submitted) - 3, 1)]
    for index, application in enumerate(to_review):
        for offset, reviewer in enumerate((first, second)):
            if offset == 1 and index % 3 == 2:
                continue  # not everybody has been reviewed twice
            motivation, fit, availability = PATTERNS[(index + offset) % len(PATTERNS)]
            scores = {"motivation": motivation, "fit": fit, "availability": availability}
            screening.save_review(application, reviewer=reviewer, scores=scores, comment=_comment(motivation))
    already = StateChange.objects.filter(application__round=round_, note=DEMO_NOTE).exists()
    pending = [] if already else [a for a in to_review if a.state == State.SUBMITTED][:2]
    for application, decision in zip(pending, (State.ACCEPTED, State.WAITLISTED), strict=False):
        screening.decide(application, decision=decision, actor=first, note=DEMO_NOTE)
    assigned = _reviewer_assignments(round_, submitted, actor=first)
    stdout.write(
        f"Screening: {len(to_review)} applications reviewed, {len(pending)} decisions pending, "
        f"{assigned} applications assigned to {REVIEWER}."
    )


def _reviewer_assignments(round_: Round, submitted: list[Application], *, actor) -> int:
    """Every other sent-in application to the demo reviewer; their score on the first one."""
    reviewer = User.objects.filter(email=REVIEWER).first()
    if reviewer is None:
        return 0
    chosen = [application.pk for application in submitted[::2]]
    reviewers.assign_reviewers(
        round_, per_application=1, actor=actor, application_ids=chosen, reviewer_ids=[reviewer.pk]
    )
    scores = {"motivation": 4, "fit": 3, "availability": 4}
    screening.save_review(submitted[0], reviewer=reviewer, scores=scores, comment=_comment(4))
    return len(chosen)


def _comment(motivation: int) -> str:
    if motivation >= 4:
        return "Tydlig och engagerad motivering."
    if motivation == 3:
        return "Bra, men lite allmänt hållen."
    return "Svårt att se vad personen vill få ut av programmet."
