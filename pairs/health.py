"""Pair health: a pure function of dates, no database."""

from datetime import date

GREEN = "green"
AMBER = "amber"
RED = "red"
GREY = "grey"
NONE = "none"  # a pair that is not running (declined, ended, completed): no health to judge

# Worst first: the order the dashboard sorts by.
ORDER = {RED: 0, AMBER: 1, GREEN: 2, GREY: 3, NONE: 4}
# Pairs that are running (or about to), and completed ones judged at the round's end, have a health.
JUDGED_STATES = ("confirmed", "active", "completed")

GRACE_DAYS = 7


def pair_health(*, last_meeting: date | None, kickoff: date, cadence_days: int, today: date) -> str:
    """Green within cadence + 7 days of the last meeting (or the kickoff), amber within twice
    the cadence, red beyond; grey before the kickoff."""
    if today < kickoff:
        return GREY
    reference = max(last_meeting, kickoff) if last_meeting else kickoff
    days = (today - reference).days
    if days <= cadence_days + GRACE_DAYS:
        return GREEN
    if days <= 2 * cadence_days:
        return AMBER
    return RED
