"""Next year's round as a copy of this one: the one owner of what a copy takes and what it leaves.

Copied: every setting of the round, its timeline shifted (the date fields are the timeline's
steps, `timeline.STEPS`), its partners and topics, and the rows that are the round's setup,
not its people: the rubric and the reminder rules (`SETUP_RELATIONS`). The program's own
application and survey questions, e-mail texts, contacts and topics belong to the program, so the
new round has them already. Not copied: applications, reviews, pairs, eligibility lists, messages,
events, interest — anything about a person. The copy is unpublished.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import timeline
from .models import Round

# The reverse relations of Round whose rows are setup (copied with the round), by related name.
SETUP_RELATIONS = ("rubric", "reminder_rules")
NOT_COPIED = {"id", "slug", "name", "is_published", "created_at"}
WEEK = 7
# What the coordinator is told a copy takes and leaves (the copy page).
COPIED_SUMMARY = (
    _("every setting of the round, its dates moved"),
    _("partners and topics"),
    _("the rubric and the reminder rules"),
    _("the program's application and survey questions, e-mail texts and contacts (the program's own)"),
)
NOT_COPIED_SUMMARY = (
    _("applications, reviews and pairs"),
    _("eligibility lists, messages and events"),
)


def date_fields() -> list[str]:
    """The Round date fields of the timeline (a step may be derived, like the last deadline)."""
    concrete = {f.name for f in Round._meta.concrete_fields}
    return [step.field for step in timeline.STEPS if step.field in concrete]


def next_year_shift(round_: Round) -> timedelta:
    """Whole weeks (the same weekdays) nearest to one calendar year after the round opens.

    A year is 365 or 366 days; 52 weeks (364 days) land one or two days early and 53 weeks
    (371 days) five or six days late, so this is 364 days in every year.
    """
    opens = timezone.localtime(round_.applications_open).date()
    try:
        same_day = opens.replace(year=opens.year + 1)
    except ValueError:  # 29 February
        same_day = date(opens.year + 1, 3, 1)
    weeks = round((same_day - opens).days / WEEK)
    return timedelta(days=weeks * WEEK)


def next_name(name: str, shift: timedelta) -> str:
    years = round(shift.days / 365.25)
    return re.sub(r"\b(19|20)\d{2}\b", lambda m: str(int(m.group()) + years), name) if years else name


@transaction.atomic
def copy_round(round_: Round, *, slug: str, name: str = "", shift: timedelta | None = None) -> Round:
    """A new, unpublished round of the same program set up like `round_`, its dates shifted.

    The shift is counted on the Swedish wall clock (a 09:00 deadline stays 09:00 across a
    daylight-saving change); default `next_year_shift`.
    """
    shift = next_year_shift(round_) if shift is None else shift
    values = {
        f.attname: getattr(round_, f.attname) for f in Round._meta.concrete_fields if f.name not in NOT_COPIED
    }
    for field in date_fields():
        values[field] = timezone.localtime(values[field]) + shift
    new = Round(**values, slug=slug, name=name or next_name(round_.name, shift), is_published=False)
    new.full_clean()
    new.save()
    new.partners.set(round_.partners.all())
    new.topics.set(round_.topics.all())
    for relation in SETUP_RELATIONS:
        manager = getattr(round_, relation)
        fk = manager.field.name
        rows = []
        for row in manager.all():
            row.pk = None
            row._state.adding = True
            setattr(row, fk, new)
            rows.append(row)
        manager.model.objects.bulk_create(rows)
    return new


def previous_round(round_: Round) -> Round | None:
    """The program's round that opened last before this one (whose participants may apply again)."""
    return (
        Round.objects.filter(program_id=round_.program_id, applications_open__lt=round_.applications_open)
        .order_by("-applications_open", "-pk")
        .first()
    )
