from io import StringIO

from applications import demo_screening
from applications.models import Application, Review, State
from tests.factories import ApplicationFactory, ProgramMembershipFactory, RoundFactory, StaffFactory


def test_demo_screening_does_nothing_without_the_open_round(db):
    demo_screening.seed(StringIO())
    assert not Review.objects.exists()


def test_demo_screening_is_idempotent(db):
    round_ = RoundFactory(slug="hosten-2026")
    coordinator = StaffFactory(email="coordinator@example.org")
    ProgramMembershipFactory(program=round_.program, user=coordinator)
    ApplicationFactory.create_batch(6, round=round_)
    ApplicationFactory(round=round_, draft=True)

    demo_screening.seed(StringIO())
    reviews = Review.objects.count()
    states = sorted(Application.objects.values_list("state", flat=True))
    demo_screening.seed(StringIO())

    assert reviews > 0
    assert Review.objects.count() == reviews
    assert sorted(Application.objects.values_list("state", flat=True)) == states
    assert Review.objects.filter(reviewer__email="coordinator2@example.org").exists()
    assert sum(a.decision_pending for a in Application.objects.all()) == 2
    assert Application.objects.filter(state=State.SUBMITTED).count() == 4
