from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from programs.models import Round, timeline_errors
from programs.timeline import STEPS
from tests.factories import RoundFactory

TIMELINE_ORDER = [(earlier, step.field) for step in STEPS for earlier in step.after]


def verbose(field: str) -> str:
    return str(Round._meta.get_field(field).verbose_name)


@pytest.mark.django_db
def test_a_timeline_in_order_has_no_errors():
    round_ = RoundFactory.build(program=RoundFactory().program, slug="in-order")

    assert timeline_errors(round_) == {}
    round_.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(("earlier", "later"), TIMELINE_ORDER)
def test_each_out_of_order_pair_is_named_in_the_message(earlier, later):
    round_ = RoundFactory.build(program=RoundFactory().program, slug="out-of-order")
    setattr(round_, later, getattr(round_, earlier) - timedelta(hours=1))

    with pytest.raises(ValidationError) as caught:
        round_.full_clean()

    messages = caught.value.message_dict[later]
    assert f"”{verbose(later)}” måste komma efter ”{verbose(earlier)}”." in messages


@pytest.mark.django_db
def test_equal_instants_count_as_out_of_order():
    round_ = RoundFactory.build(program=RoundFactory().program, slug="equal")
    round_.kickoff = round_.confirm_by

    assert list(timeline_errors(round_)) == ["kickoff"]


@pytest.mark.django_db
def test_every_misplaced_date_is_reported_at_once():
    round_ = RoundFactory.build(program=RoundFactory().program, slug="two-wrong")
    round_.screening_ends = round_.applications_open - timedelta(days=1)
    round_.follow_up = round_.midpoint

    errors = timeline_errors(round_)

    assert set(errors) == {"screening_ends", "follow_up"}
    assert len(errors["screening_ends"]) == 2  # after both deadlines
