from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    ApplicationFactory,
    PairFactory,
    ProgramMembershipFactory,
    RoundFactory,
    StaffFactory,
)


@pytest.fixture
def round_(db):
    """A round that is running: kickoff 45 days ago, midpoint ahead."""
    # An explicit anchor: RoundFactory's traits do not move the timeline (factory_boy ignores a
    # trait that overrides a Params declaration), so `running=True` would give an open round.
    return RoundFactory(
        anchor=timezone.now().replace(microsecond=0) - timedelta(days=90), slug="running-round"
    )


@pytest.fixture
def make_pair(round_):
    """Build a live pair in the round, with named people for sorting."""

    def make(mentor_name="Mentor", mentee_name="Adept", **kwargs):
        told = {"accepted": True, "notified_state": "accepted"}  # in a pair: told they are accepted
        mentor = ApplicationFactory(round=round_, mentor=True, full_name=mentor_name, **told)
        mentee = ApplicationFactory(round=round_, full_name=mentee_name, **told)
        return PairFactory(round=round_, mentor_application=mentor, mentee_application=mentee, **kwargs)

    return make


@pytest.fixture
def other_lead(db):
    """A lead of another program."""
    user = StaffFactory(email="other-lead@example.org")
    ProgramMembershipFactory(user=user, kind="lead")
    return user
