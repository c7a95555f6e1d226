"""Demo screening: reviews by two coordinators on the open round, some decisions pending.

Runs after `applications.demo`; does nothing when the round or its applications are missing.
Idempotent: reviews are update_or_create'd, decisions are only made on still-submitted rows.
"""

from django.db import transaction

from accounts.models import User
from applications.models import Application, State, StateChange
from applications.services import screening
from programs.models import ProgramMembership, Round

ROUND_SLUG = "hosten-2026"
SECOND_COORDINATOR = "coordinator2@example.org"
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
    stdout.write(f"Screening: {len(to_review)} applications reviewed, {len(pending)} decisions pending.")


def _comment(motivation: int) -> str:
    if motivation >= 4:
        return "Tydlig och engagerad motivering."
    if motivation == 3:
        return "Bra, men lite allmänt hållen."
    return "Svårt att se vad personen vill få ut av programmet."
