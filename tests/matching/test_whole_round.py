"""A whole round from publishing to the follow-up, driven by the clock through `tick`."""

import io
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from applications.models import State
from applications.services.submission import withdraw_application
from matching import services
from matching.models import Pair
from notifications.models import Notification
from tests.factories import ApplicationFactory, ProgramMembershipFactory, RoundFactory, StaffFactory

pytestmark = pytest.mark.django_db
AT = datetime(2026, 1, 12, 8, tzinfo=UTC)  # applications open; the clock is frozen from here


def tick(at, capture) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("tick", "--at", at.isoformat(), stdout=out)
    return out.getvalue()


def history(pair) -> list[str]:
    return [t.to_state for t in pair.transitions.order_by("at", "pk")]


def test_a_round_from_publish_to_follow_up(clock, mailoutbox, django_capture_on_commit_callbacks):
    clock.freeze(AT)
    round_ = RoundFactory(anchor=AT)
    coordinator = StaffFactory(email="samordnare@example.org")
    ProgramMembershipFactory(program=round_.program, user=coordinator, kind="coordinator")
    people = [
        ApplicationFactory(
            round=round_, accepted=True, notified_state=State.ACCEPTED, mentor=role == "mentor"
        )
        for role in ("mentor", "mentee") * 3
    ]
    clock.freeze(round_.pairs_announced)
    run = services.run_matching(round_)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(run)
    first, second, third = (
        Pair.objects.filter(round=round_)
        .order_by("pk")
        .select_related("mentor_application__applicant", "mentee_application__applicant")
    )
    for pair in (first, second):
        services.confirm_pair(pair, role="mentor")
        services.confirm_pair(pair, role="mentee")
    services.confirm_pair(third, role="mentee")  # its mentor never answers

    day = round_.pairs_announced
    withdrawn = None
    while day < round_.follow_up + timedelta(days=10):
        day += timedelta(hours=36)  # within the two days a reminder stays due
        clock.freeze(day)
        if withdrawn is None and day > round_.midpoint:
            withdrawn = second.mentee_application
            with django_capture_on_commit_callbacks(execute=True):
                withdraw_application(withdrawn, actor=withdrawn.applicant)
            sent_before = len(mailoutbox)
        tick(day, django_capture_on_commit_callbacks)
    for at in (round_.kickoff + timedelta(hours=1), round_.ends + timedelta(hours=1)):
        assert tick(at, django_capture_on_commit_callbacks).count("\n  ") == 0  # again: nothing

    for pair in (first, second, third):
        pair.refresh_from_db()
    assert history(first) == ["proposed", "confirmed", "active", "completed"]
    assert history(second) == ["proposed", "confirmed", "active", "ended_early"]
    assert third.state == "proposed" and third.flagged_at is not None
    assert second.end_reason == "withdrew"

    # Every e-mail once: no two the same for one recipient.
    messages = Counter((m.to[0], m.subject, m.body) for m in mailoutbox)
    assert [m for m, n in messages.items() if n > 1] == []
    # None to the withdrawn person after the withdrawal.
    assert [m.subject for m in mailoutbox[sent_before:] if m.to == [withdrawn.email]] == []
    # The surveys: each member of the completed pair gets each of the four, and one reminder each.
    for application in (first.mentor_application, first.mentee_application):
        surveys = Counter(
            (n.template, n.context["survey"])
            for n in Notification.objects.filter(to=application.email, template__startswith="reminder_survey")
        )
        assert surveys == Counter(
            {(t, kind): 1 for t in ("reminder_survey", "reminder_survey_reminder")
             for kind in ("baseline", "midpoint", "end", "follow_up")}
        )  # fmt: skip
    # The coordinators heard of the withdrawal and of the pair that never confirmed in their daily
    # digests only: each exception once, no e-mail of its own beside the digest.
    to_coordinator = Notification.objects.filter(to=coordinator.email)
    assert not to_coordinator.filter(template__startswith="matching_").exists()
    reported = [
        line for n in to_coordinator.filter(template="exception_digest") for line in n.context["exceptions"]
    ]
    assert len([line for line in reported if withdrawn.full_name in line]) == 1
    assert (
        len([line for line in reported if str(third) in line or third.mentor_application.full_name in line])
        == 1
    )
    # The partner was told once that the pair ended.
    assert Notification.objects.filter(template="matching_pair_ended").count() == 1
    assert len(people) == 6
