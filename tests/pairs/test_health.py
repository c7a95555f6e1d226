from datetime import date, timedelta

import pytest

from pairs.health import AMBER, GREEN, GREY, RED, pair_health

KICKOFF = date(2025, 9, 1)


def health_after(days: int, *, last_meeting_offset: int | None = 0, cadence: int = 30) -> str:
    last = KICKOFF + timedelta(days=last_meeting_offset) if last_meeting_offset is not None else None
    reference = last or KICKOFF
    return pair_health(
        last_meeting=last, kickoff=KICKOFF, cadence_days=cadence, today=reference + timedelta(days=days)
    )


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, GREEN), (37, GREEN), (38, AMBER), (60, AMBER), (61, RED), (400, RED)],
)
def test_health_boundaries_from_last_meeting_with_monthly_cadence(days, expected):
    assert health_after(days, last_meeting_offset=10) == expected


@pytest.mark.parametrize(("days", "expected"), [(37, GREEN), (38, AMBER), (60, AMBER), (61, RED)])
def test_health_counts_from_kickoff_when_no_meeting_yet(days, expected):
    assert health_after(days, last_meeting_offset=None) == expected


def test_health_is_grey_before_the_kickoff():
    assert (
        pair_health(last_meeting=None, kickoff=KICKOFF, cadence_days=30, today=KICKOFF - timedelta(days=1))
        == GREY
    )


def test_health_is_green_on_the_kickoff_day():
    assert pair_health(last_meeting=None, kickoff=KICKOFF, cadence_days=30, today=KICKOFF) == GREEN


def test_meeting_before_kickoff_counts_from_kickoff():
    today = KICKOFF + timedelta(days=37)
    assert (
        pair_health(last_meeting=KICKOFF - timedelta(days=20), kickoff=KICKOFF, cadence_days=30, today=today)
        == GREEN
    )


@pytest.mark.parametrize(("days", "expected"), [(21, GREEN), (22, AMBER), (28, AMBER), (29, RED)])
def test_health_boundaries_with_fortnightly_cadence(days, expected):
    assert health_after(days, cadence=14) == expected


def test_short_cadence_skips_amber():
    assert health_after(12, cadence=5) == GREEN
    assert health_after(13, cadence=5) == RED
