from datetime import datetime

import pytest

from mentorship.timezones import STOCKHOLM
from tests.factories import RoundFactory


def se(*args) -> datetime:
    """An instant given in Swedish wall-clock time."""
    return datetime(*args, tzinfo=STOCKHOLM)


def timeline_round(**dates):
    """A round with an explicit timeline (Swedish time); the defaults straddle spring DST 2026."""
    values = {
        "applications_open": se(2026, 3, 1, 9),
        "mentor_deadline": se(2026, 3, 30, 12),
        "mentee_deadline": se(2026, 3, 30, 12),
        "screening_ends": se(2026, 4, 10, 12),
        "pairs_announced": se(2026, 4, 20, 12),
        "confirm_by": se(2026, 4, 30, 12),
        "kickoff": se(2026, 5, 5, 17),
        "midpoint": se(2026, 8, 5, 9),
        "ends": se(2026, 11, 5, 9),
        "follow_up": se(2027, 2, 5, 9),
    }
    values.update(dates)
    return RoundFactory(**values)


@pytest.fixture
def spring_round(db):
    return timeline_round()
