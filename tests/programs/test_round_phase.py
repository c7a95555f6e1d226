from datetime import timedelta

import pytest

from programs.models import Phase
from tests.factories import RoundFactory


@pytest.mark.django_db
def test_phase_changes_at_the_exact_deadline_instant():
    round_ = RoundFactory()
    deadline = round_.application_deadline
    assert round_.phase_at(deadline - timedelta(seconds=1)) == Phase.OPEN
    assert round_.phase_at(deadline) == Phase.SCREENING
