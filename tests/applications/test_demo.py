import io
from datetime import timedelta

import pytest
from django.utils import timezone

from applications import demo
from applications.models import Application, State
from programs.models import Role
from tests.factories import OrganisationFactory, RoundFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_rounds():
    current = RoundFactory(slug=demo.OPEN_ROUND)
    completed = RoundFactory(
        slug=demo.COMPLETED_ROUND, program=current.program, anchor=timezone.now() - timedelta(days=400)
    )
    for round_ in (current, completed):
        round_.partners.set([OrganisationFactory(), OrganisationFactory()])
        round_.topics.set([TopicFactory(program=current.program) for _ in range(3)])
    UserFactory(email=demo.DEMO_APPLICANT)
    return current, completed


def test_seed_makes_every_state_for_both_roles(demo_rounds):
    current, _completed = demo_rounds

    demo.seed(io.StringIO())

    for role in Role.values:
        states = set(Application.objects.filter(round=current, role=role).values_list("state", flat=True))
        assert states == set(State.values)
    for role in Role.values:
        ready = Application.objects.filter(round=current, role=role, state__in=["submitted", "accepted"])
        assert ready.count() >= 8
    assert Application.objects.get(round=current, email=demo.DEMO_APPLICANT).state == State.DRAFT


def test_seed_fills_the_completed_round_with_accepted_pairs_material(demo_rounds):
    _current, completed = demo_rounds

    demo.seed(io.StringIO())

    accepted = Application.objects.filter(round=completed, state=State.ACCEPTED)
    assert accepted.filter(role=Role.MENTOR).count() == 8
    assert accepted.filter(role=Role.MENTEE).count() == 8
    assert not any(a.decision_pending for a in accepted)


def test_seed_is_idempotent(demo_rounds):
    demo.seed(io.StringIO())
    first = sorted(Application.objects.values_list("round_id", "email", "role", "state"))

    demo.seed(io.StringIO())

    assert sorted(Application.objects.values_list("round_id", "email", "role", "state")) == first


def test_seed_without_demo_rounds_does_nothing():
    demo.seed(io.StringIO())

    assert Application.objects.count() == 0
