from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from mentorship.prepared import NO_ID, Prepared
from mentorship.timezones import STOCKHOLM

from .models import Organisation, Program, ProgramMembership, Role, Round

# The partner organisations of a round (`round_.partners.all()`), in their order: every
# application form lists them.
round_partners = Prepared(lambda round_id: Organisation.objects.filter(rounds=round_id), round_id=NO_ID)


def coordinators(program_id: int) -> QuerySet:
    """The active coordinators of a program, in a stable order: who hears of its exceptions,
    gets its coordinator reminders, and may act on its rounds."""
    from accounts.models import User

    return User.objects.filter(
        is_active=True,
        program_memberships__program_id=program_id,
        program_memberships__kind=ProgramMembership.Kind.COORDINATOR,
    ).order_by("pk")


def public_rounds() -> QuerySet[Round]:
    """Published rounds with their program, newest first."""
    return Round.objects.published().select_related("program")


def open_and_upcoming_rounds(at=None) -> QuerySet[Round]:
    """Published rounds whose last deadline has not passed."""
    at = at or timezone.now()
    return public_rounds().filter(mentor_deadline__gt=at) | public_rounds().filter(mentee_deadline__gt=at)


def public_programs() -> QuerySet[Program]:
    """Programs with at least one published round."""
    return Program.objects.filter(rounds__is_published=True).distinct()


@dataclass
class TimelineRow:
    """One line of a round's public timeline; `marker` rows are the "today" line."""

    key: str
    label: str
    instant: datetime
    state: str  # "past", "today", "future" or "marker"


def round_timeline(round_: Round, at: datetime | None = None) -> list[TimelineRow]:
    """The dated steps in order, each past/today/future in Swedish time, with a "today" marker."""
    at = at or timezone.now()
    today = timezone.localtime(at, STOCKHOLM).date()
    rows: list[TimelineRow] = []
    marked = False
    for key, label, instant in round_.timeline():
        local_day = timezone.localtime(instant, STOCKHOLM).date()
        if local_day == today:
            state = "today"
            marked = True
        elif instant < at:
            state = "past"
        else:
            state = "future"
        if state == "future" and not marked:
            rows.append(TimelineRow("today", "", at, "marker"))
            marked = True
        rows.append(TimelineRow(key, label, instant, state))
    if not marked:
        rows.append(TimelineRow("today", "", at, "marker"))
    return rows


def application_roles(round_: Round, at: datetime | None = None) -> list[dict]:
    """Per role: its label in the program's words, its deadline and whether it is open now."""
    at = at or timezone.now()
    return [
        {
            "role": role,
            "label": round_.program.role_label(role),
            "deadline": round_.deadline_for(role),
            "is_open": round_.is_open_for(role, at),
        }
        for role in Role.values
    ]
