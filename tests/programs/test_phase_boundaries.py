from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from programs.models import Phase
from programs.templatetags.rounds import time_left
from programs.timeline import STEPS
from tests.factories import RoundFactory

SECOND = timedelta(seconds=1)


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "phase"), [(s.field, s.phase) for s in STEPS if s.phase])
def test_phase_starts_at_the_exact_instant_of_its_date(field, phase):
    round_ = RoundFactory()
    instant = getattr(round_, field)

    assert round_.phase_at(instant - SECOND) != phase
    assert round_.phase_at(instant) == phase


@pytest.mark.django_db
def test_midpoint_does_not_change_the_phase():
    round_ = RoundFactory()

    assert round_.phase_at(round_.midpoint - SECOND) == Phase.RUNNING
    assert round_.phase_at(round_.midpoint) == Phase.RUNNING


@pytest.mark.django_db
def test_role_is_open_up_to_but_not_at_its_own_deadline():
    round_ = RoundFactory()
    round_.mentee_deadline = round_.mentor_deadline + timedelta(days=2)

    assert round_.is_open_for("mentor", round_.mentor_deadline - SECOND)
    assert not round_.is_open_for("mentor", round_.mentor_deadline)
    assert round_.is_open_for("mentee", round_.mentor_deadline)
    assert round_.phase_at(round_.mentor_deadline) == Phase.OPEN  # screening waits for the last deadline
    assert round_.phase_at(round_.mentee_deadline) == Phase.SCREENING


def spring_forward_round():
    """Deadline at 01:00 UTC on 29 March 2026: clocks jump 02:00 → 03:00 in Stockholm then."""
    deadline = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    opens = deadline - timedelta(days=20)
    return RoundFactory(
        slug="dst-spring",
        applications_open=opens,
        mentor_deadline=deadline,
        mentee_deadline=deadline,
        screening_ends=deadline + timedelta(days=10),
        pairs_announced=deadline + timedelta(days=15),
        confirm_by=deadline + timedelta(days=20),
        kickoff=deadline + timedelta(days=30),
        midpoint=deadline + timedelta(days=120),
        ends=deadline + timedelta(days=210),
        follow_up=deadline + timedelta(days=300),
    )


@pytest.mark.django_db
def test_phase_across_spring_daylight_saving_change():
    round_ = spring_forward_round()

    assert round_.phase_at(datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC)) == Phase.OPEN
    assert round_.phase_at(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)) == Phase.SCREENING


@pytest.mark.django_db
def test_deadline_after_spring_change_is_shown_in_swedish_summer_time(client):
    spring_forward_round()

    page = client.get("/round/dst-spring/").content.decode()

    # 01:00 UTC is 03:00 CEST; the local hour 02:00–03:00 does not exist that night.
    assert "29 mars 2026, 03:00" in page
    assert "29 mars 2026, 02:" not in page


@pytest.mark.django_db
def test_autumn_change_keeps_instants_apart_though_the_wall_clock_repeats(client):
    # 25 October 2026: 02:30 happens twice in Stockholm, at 00:30 UTC (CEST) and 01:30 UTC (CET).
    deadline = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    round_ = RoundFactory(
        slug="dst-autumn",
        applications_open=deadline - timedelta(days=20),
        mentor_deadline=deadline,
        mentee_deadline=deadline,
    )

    assert round_.phase_at(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == Phase.OPEN
    assert round_.phase_at(deadline - SECOND) == Phase.OPEN
    assert round_.phase_at(deadline) == Phase.SCREENING
    assert "25 oktober 2026, 02:30" in client.get("/round/dst-autumn/").content.decode()


def test_countdown_counts_real_hours_across_the_spring_change():
    deadline = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
    now = datetime(2026, 3, 28, 11, 0, tzinfo=UTC)  # 12:00 CET → next day 14:00 CEST

    with translation.override("en"):
        assert time_left(deadline, now) == "1 day, 1 hour left"
