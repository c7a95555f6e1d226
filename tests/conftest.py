import pytest
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
def other_coordinator(db):
    """A coordinator of another program."""
    user = StaffFactory(email="other-coordinator@example.org")
    ProgramMembershipFactory(user=user, kind="coordinator")
    return user
