"""Who a message or an event is for: a round's applicants, narrowed by role, decision, pair state
and partner organisation, plus people picked by hand. The one owner of that choice."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from applications.models import Application, State
from matching.models import Pair
from programs.models import Round

# "No pair": accepted, and in no pair that is proposed or further along.
UNMATCHED = "unmatched"
LIVE_PAIR_STATES = [Pair.State.PROPOSED, Pair.State.CONFIRMED, Pair.State.ACTIVE, Pair.State.COMPLETED]
PAIR_STATE_CHOICES = [
    *[(state.value, state.label) for state in Pair.State if state != Pair.State.DRAFT],
    (UNMATCHED, _("Accepted, without a pair")),
]
# "Participants of the round": people whose pair was confirmed (and went on, or is done).
PARTICIPANTS = [Pair.State.CONFIRMED.value, Pair.State.ACTIVE.value, Pair.State.COMPLETED.value]
DECISION_CHOICES = [
    (state.value, state.label) for state in State if state not in (State.DRAFT, State.WITHDRAWN)
]
# Never written to: people who have not applied, or withdrew.
REACHABLE = ~Q(state__in=[State.DRAFT, State.WITHDRAWN]) & Q(anonymised_at__isnull=True)


@dataclass
class Audience:
    """Filters are combined with “and”, the values of one filter with “or”; hand-picked people are
    always included. No filter at all means everyone who applied to the round."""

    roles: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    pair_states: list[str] = field(default_factory=list)
    organisations: list[int] = field(default_factory=list)
    applications: list[int] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict) -> Audience:
        return cls(**{key: list(data.get(key) or []) for key in cls.__dataclass_fields__})

    def to_json(self) -> dict:
        return asdict(self)

    @property
    def has_filters(self) -> bool:
        return bool(self.roles or self.decisions or self.pair_states or self.organisations)


def _in_pair(states) -> Q:
    pairs = Pair.objects.filter(state__in=states)
    return Q(
        Exists(pairs.filter(mentor_application=OuterRef("pk")))
        | Exists(pairs.filter(mentee_application=OuterRef("pk")))
    )


def _filtered(audience: Audience) -> Q:
    condition = Q()
    if audience.roles:
        condition &= Q(role__in=audience.roles)
    if audience.decisions:
        condition &= Q(state__in=audience.decisions)
    if audience.organisations:
        condition &= Q(organisation_id__in=audience.organisations)
    if audience.pair_states:
        states = [state for state in audience.pair_states if state != UNMATCHED]
        by_pair = _in_pair(states) if states else Q(pk__in=[])
        if UNMATCHED in audience.pair_states:
            by_pair |= Q(state=State.ACCEPTED) & ~_in_pair(LIVE_PAIR_STATES)
        condition &= by_pair
    return condition


def recipients(round_: Round, audience: Audience) -> QuerySet[Application]:
    """The round's applications the audience reaches (never another round's, never a draft)."""
    if audience.has_filters:
        chosen = _filtered(audience) | Q(pk__in=audience.applications)
    elif audience.applications:
        chosen = Q(pk__in=audience.applications)
    else:
        chosen = Q()
    return (
        Application.objects.filter(round=round_)
        .filter(REACHABLE)
        .filter(chosen)
        .select_related("applicant", "round__program")
        .order_by("full_name", "pk")
    )


def pair_names(applications: list[Application]) -> dict[int, str]:
    """{application id: the partner's name(s)} over the live pairs of these applications."""
    ids = [application.pk for application in applications]
    pairs = Pair.objects.filter(state__in=LIVE_PAIR_STATES).filter(
        Q(mentor_application_id__in=ids) | Q(mentee_application_id__in=ids)
    )
    names: dict[int, list[str]] = {}
    for pair in pairs.select_related("mentor_application", "mentee_application").order_by("pk"):
        names.setdefault(pair.mentor_application_id, []).append(pair.mentee_application.full_name)
        names.setdefault(pair.mentee_application_id, []).append(pair.mentor_application.full_name)
    return {pk: ", ".join(partners) for pk, partners in names.items()}
