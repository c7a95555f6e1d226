"""Shared fixtures.

Time: code under test reads "now" from ``timezone.now()``; a test never hard-codes an instant
that the wall clock can overtake. Either build dates relative to ``timezone.now()``, or freeze
the clock with the ``clock`` fixture and build them relative to ``clock.now``::

    def test_something(clock):
        clock.freeze(datetime(2026, 11, 30, 12, tzinfo=UTC))  # a fixed instant, ticking off
        ...
        clock.shift(timedelta(days=1))                        # move it on

CI also runs the suite under ``faketime -f +400d`` so a test that would break next year
breaks today.
"""

from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation

from tests.factories import ProgramMembershipFactory, RoundFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolation(settings):
    """Each test starts in Swedish with an empty cache (rate limits live there)."""
    cache.clear()
    translation.activate("sv")
    yield
    translation.deactivate()


@pytest.fixture
def round_(db):
    return RoundFactory()


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.org")


@pytest.fixture
def other_applicant(db):
    return UserFactory(email="someone-else@example.org")


@pytest.fixture
def coordinator(db, round_):
    user = StaffFactory(email="coordinator@example.org")
    ProgramMembershipFactory(program=round_.program, user=user, kind="coordinator")
    return user


@pytest.fixture
def lead(db, round_):
    user = StaffFactory(email="lead@example.org")
    ProgramMembershipFactory(program=round_.program, user=user, kind="lead")
    return user


@pytest.fixture
def reviewer(db, round_):
    """A reviewer of the round's program: reads and scores the applications assigned to them."""
    user = StaffFactory(email="reviewer@example.org")
    ProgramMembershipFactory(program=round_.program, user=user, kind="reviewer")
    return user


@pytest.fixture
def other_coordinator(db):
    """A coordinator of another program."""
    user = StaffFactory(email="other-coordinator@example.org")
    ProgramMembershipFactory(user=user, kind="coordinator")
    return user


class Clock:
    """A frozen, movable clock for one test (time-machine under the hood)."""

    def __init__(self):
        self._traveller = None
        self._coordinates = None

    def freeze(self, at: datetime) -> datetime:
        """Stop the clock at ``at`` (aware datetime); returns it."""
        self.stop()
        self._traveller = time_machine.travel(at, tick=False)
        self._coordinates = self._traveller.start()
        return at

    def shift(self, delta) -> datetime:
        """Move the frozen clock by ``delta`` (a timedelta); returns the new now."""
        self._coordinates.shift(delta)
        return self.now

    @property
    def now(self) -> datetime:
        from django.utils import timezone

        return timezone.now()

    def stop(self):
        if self._traveller is not None:
            self._traveller.stop()
            self._traveller = None


@pytest.fixture
def clock():
    """Freeze and move time in a test: ``clock.freeze(at)``, ``clock.shift(timedelta)``."""
    machine = Clock()
    yield machine
    machine.stop()
