"""The pair's lifecycle: one audited service per move, and the time-driven moves run by `tick`."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from matching import lifecycle, services
from matching.models import EndReason, Pair, PairTransition
from notifications.models import Notification
from tests.factories import PairFactory, ProgramMembershipFactory, StaffFactory

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


def proposed(**kwargs) -> Pair:
    return PairFactory(
        state=Pair.State.PROPOSED,
        mentor_confirmed_at=None,
        mentee_confirmed_at=None,
        started_at=None,
        **kwargs,
    )


def history(pair: Pair) -> list[tuple[str, str]]:
    return list(PairTransition.objects.filter(pair=pair).values_list("from_state", "to_state"))


def tick(*args) -> str:
    out = io.StringIO()
    call_command("tick", *args, stdout=out)
    return out.getvalue()


def test_both_confirm_is_one_audited_move_and_runs_the_hooks(clock):
    pair = proposed()
    clock.freeze(pair.round.pairs_announced + HOUR)
    seen = []
    hook = lifecycle.on_enter(Pair.State.CONFIRMED)(lambda pair, transition: seen.append(transition.to_state))
    try:
        services.confirm_pair(pair, role="mentor")
        assert history(pair) == []
        services.confirm_pair(pair, role="mentee")
    finally:
        lifecycle.HOOKS[Pair.State.CONFIRMED].remove(hook)

    pair.refresh_from_db()
    assert pair.state == Pair.State.CONFIRMED
    assert history(pair) == [("proposed", "confirmed")]
    assert seen == ["confirmed"]


def test_decline_is_audited_with_its_reason(clock):
    pair = proposed()
    clock.freeze(pair.round.pairs_announced + HOUR)

    services.decline_pair(pair, role="mentee", reason="Ingen tid i höst")

    transition = PairTransition.objects.get(pair=pair)
    assert (transition.from_state, transition.to_state, transition.reason) == (
        "proposed",
        "declined",
        "declined",
    )


def test_a_move_outside_the_table_is_refused():
    pair = PairFactory(state=Pair.State.COMPLETED)

    with pytest.raises(ValidationError):
        lifecycle.activate(pair, at=pair.round.kickoff)
    with pytest.raises(ValidationError):
        lifecycle.end_early(pair, reason=EndReason.NO_TIME, at=pair.round.ends)
    assert history(pair) == []


def test_end_early_needs_a_reason_from_the_list():
    pair = PairFactory()

    with pytest.raises(ValidationError):
        lifecycle.end_early(pair, reason="bored", at=pair.round.kickoff)
    lifecycle.end_early(pair, reason=EndReason.LEFT_COMPANY, note="Ny tjänst", at=pair.round.kickoff)

    pair.refresh_from_db()
    assert (pair.state, pair.end_reason) == ("ended_early", "left_company")


def test_tick_activates_at_kickoff_and_completes_at_the_end_each_once():
    pair = PairFactory(state=Pair.State.CONFIRMED, started_at=None)
    kickoff, ends = pair.round.kickoff, pair.round.ends

    assert "confirmed → active" not in tick("--at", (kickoff - HOUR).isoformat())
    first = tick("--at", (kickoff + HOUR).isoformat())
    second = tick("--at", (kickoff + HOUR).isoformat())
    pair.refresh_from_db()
    assert "confirmed → active" in first and "confirmed → active" not in second
    assert (pair.state, pair.started_at) == ("active", kickoff + HOUR)

    assert "active → completed" in tick("--at", (ends + HOUR).isoformat())
    assert "active → completed" not in tick("--at", (ends + HOUR).isoformat())
    pair.refresh_from_db()
    assert pair.state == Pair.State.COMPLETED
    assert history(pair) == [("confirmed", "active"), ("active", "completed")]


def test_dry_run_lists_the_moves_and_writes_nothing():
    pair = PairFactory(state=Pair.State.CONFIRMED, started_at=None)

    output = tick("--dry-run", "--at", (pair.round.kickoff + HOUR).isoformat())

    assert "confirmed → active" in output
    pair.refresh_from_db()
    assert (pair.state, history(pair)) == ("confirmed", [])


def test_a_pair_unconfirmed_past_its_date_is_flagged_to_the_coordinators_once():
    pair = proposed()
    coordinator = StaffFactory(email="samordnare@example.org")
    ProgramMembershipFactory(program=pair.round.program, user=coordinator, kind="coordinator")
    after = pair.round.confirm_by + HOUR

    for at in (after, after, after + 12 * HOUR, after + 12 * HOUR, after + 36 * HOUR):
        tick("--at", at.isoformat())

    # One channel: the daily digest names the pair once; no e-mail of its own beside it.
    to_coordinator = Notification.objects.filter(to="samordnare@example.org")
    assert not to_coordinator.filter(template__startswith="matching_").exists()
    digests = to_coordinator.filter(template="exception_digest")
    reported = [line for n in digests for line in n.context["exceptions"]]
    assert len([line for line in reported if pair.mentor_application.full_name in line]) == 1
    pair.refresh_from_db()
    assert pair.state == Pair.State.PROPOSED  # the coordinator decides what happens next


def test_a_later_confirm_by_date_lets_a_late_pair_confirm(clock):
    pair = proposed()
    clock.freeze(pair.round.confirm_by + HOUR)
    with pytest.raises(ValidationError):
        services.confirm_pair(pair, role="mentor")

    lifecycle.extend_confirm_by(pair, until=clock.now + timedelta(days=7), at=clock.now)
    services.confirm_pair(pair, role="mentor")
    services.confirm_pair(pair, role="mentee")

    pair.refresh_from_db()
    assert pair.state == Pair.State.CONFIRMED


def test_the_beat_task_runs_the_same_steps():
    from reminders.tasks import tick as tick_task

    pair = PairFactory(state=Pair.State.CONFIRMED, started_at=None)

    tick_task.apply()  # now is between kickoff and the end for a running round

    pair.refresh_from_db()
    assert pair.state == Pair.State.ACTIVE


def test_the_pair_admin_page_shows_its_history(client, clock):
    pair = proposed()
    clock.freeze(pair.round.pairs_announced + HOUR)
    services.decline_pair(pair, role="mentor")
    coordinator = StaffFactory()
    ProgramMembershipFactory(program=pair.round.program, user=coordinator, kind="coordinator")
    client.force_login(coordinator)

    page = client.get(f"/admin/matching/pair/{pair.pk}/change/")

    assert page.status_code == 200
    assert "ändringar av parets status" in page.content.decode().lower()
    assert "Avböjt" in page.content.decode()
