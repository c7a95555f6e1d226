"""The coordinator's control after publishing, and what a withdrawal does to a pair."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, State
from applications.services.submission import withdraw_application
from matching import services
from matching.models import EndReason, MatchRun, Pair, PairConstraint
from mentorship.timezones import STOCKHOLM
from notifications.models import Notification
from tests.factories import (
    ApplicationFactory,
    PairFactory,
    ProgramMembershipFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


@pytest.fixture
def pair():
    mentor = UserFactory(preferred_language="en")
    return PairFactory(mentor_application__applicant=mentor)


@pytest.fixture
def coordinator(pair):
    user = StaffFactory(email="samordnare@example.org")
    ProgramMembershipFactory(program=pair.round.program, user=user, kind="coordinator")
    return user


def sent(template: str) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(template=template).values_list("to", "language"))


def test_a_coordinator_ends_a_pair_and_both_are_told_in_their_language_without_the_note(
    client, pair, coordinator
):
    client.force_login(coordinator)
    url = reverse("admin:matching_pair_end", args=[pair.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": EndReason.NO_TIME, "note": "Hemlig anteckning om adepten"})
    client.post(url, {"reason": EndReason.NO_TIME, "note": "igen"})  # a double submit: refused, nothing more

    pair.refresh_from_db()
    assert response.status_code == 302
    assert (pair.state, pair.end_reason) == ("ended_early", "no_time")
    assert sent("matching_pair_ended") == sorted(
        [(pair.mentor_application.email, "en"), (pair.mentee_application.email, "sv")]
    )
    contexts = Notification.objects.filter(template="matching_pair_ended").values_list("context", flat=True)
    assert all("Hemlig" not in str(context) for context in contexts)
    assert PairConstraint.objects.filter(
        mentor_application=pair.mentor_application, kind=PairConstraint.Kind.FORBID
    ).exists()
    assert pair.transitions.get().note == "Hemlig anteckning om adepten"


def test_another_programs_coordinator_gets_404_and_a_lead_403(client, pair, coordinator, other_coordinator):
    lead = StaffFactory()
    ProgramMembershipFactory(program=pair.round.program, user=lead, kind="lead")
    urls = [
        reverse("admin:matching_pair_end", args=[pair.pk]),
        reverse("admin:matching_pair_more_time", args=[pair.pk]),
        reverse("admin:matching_rematch", args=[pair.mentee_application_id]),
        reverse("admin:matching_promote", args=[pair.mentee_application_id]),
        reverse("admin:matching_round_pairs", args=[pair.round_id]),
    ]

    client.force_login(other_coordinator)
    assert [client.post(url, {"reason": "no_time"}).status_code for url in urls] == [404] * 5
    client.force_login(lead)
    assert [client.post(url, {"reason": "no_time"}).status_code for url in urls[:4]] == [403] * 4
    assert client.get(urls[4]).status_code == 200  # a lead sees the round's pairs

    pair.refresh_from_db()
    assert pair.state == Pair.State.ACTIVE


def test_rematch_runs_only_for_the_free_person_and_keeps_other_pairs(
    client, pair, coordinator, django_capture_on_commit_callbacks
):
    round_ = pair.round
    kept = PairFactory(round=round_, state=Pair.State.CONFIRMED)
    free_mentor = ApplicationFactory(round=round_, mentor=True, accepted=True, notified_state="accepted")
    ApplicationFactory(round=round_, accepted=True, notified_state="accepted")  # free, not in this re-match
    client.force_login(coordinator)
    client.post(reverse("admin:matching_pair_end", args=[pair.pk]), {"reason": EndReason.DID_NOT_CLICK})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:matching_rematch", args=[pair.mentee_application_id]))

    run = MatchRun.objects.get()
    assert response.url == reverse("admin:matching_run", args=[run.pk])
    assert list(run.pairs.values_list("mentor_application", "mentee_application")) == [
        (free_mentor.pk, pair.mentee_application_id)  # not the forbidden old mentor
    ]
    # Publishing waits until every decision of the round is released (the factories' are not).
    Application.objects.filter(round=round_).update(notified_state=F("state"))
    client.post(reverse("admin:matching_publish", args=[run.pk]), {"confirm": "1"})
    kept.refresh_from_db()
    assert kept.state == Pair.State.CONFIRMED
    assert run.pairs.get().state == Pair.State.PROPOSED


def test_a_person_in_a_pair_cannot_be_rematched(client, pair, coordinator):
    client.force_login(coordinator)

    client.post(reverse("admin:matching_rematch", args=[pair.mentee_application_id]))

    assert MatchRun.objects.count() == 0


def test_promote_accepts_tells_once_and_matches_the_waitlisted_person(
    client, pair, coordinator, django_capture_on_commit_callbacks
):
    round_ = pair.round
    waiting = ApplicationFactory(round=round_, mentor=True, waitlisted=True, notified_state=State.WAITLISTED)
    lonely = ApplicationFactory(round=round_, accepted=True)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:matching_promote", args=[waiting.pk]))
        client.post(reverse("admin:matching_promote", args=[waiting.pk]))  # twice: refused, nothing more

    waiting.refresh_from_db()
    assert (waiting.state, waiting.decision_pending) == ("accepted", False)
    assert sent("decision_accepted") == [(waiting.email, "sv")]
    run = MatchRun.objects.get()
    assert list(run.pairs.values_list("mentor_application", "mentee_application")) == [
        (waiting.pk, lonely.pk)
    ]


def test_more_time_lets_a_pair_published_after_its_date_confirm(client, clock, coordinator, pair):
    late = PairFactory(
        round=pair.round, state=Pair.State.PROPOSED, mentor_confirmed_at=None, mentee_confirmed_at=None
    )
    clock.freeze(pair.round.confirm_by + HOUR)
    client.force_login(coordinator)
    until = (pair.round.confirm_by + timedelta(days=5)).astimezone().strftime("%Y-%m-%dT%H:%M")

    client.post(reverse("admin:matching_pair_more_time", args=[late.pk]), {"until": until})
    services.confirm_pair(late, role="mentor")
    services.confirm_pair(late, role="mentee")

    late.refresh_from_db()
    assert late.state == Pair.State.CONFIRMED
    assert late.confirm_by_override is not None


def test_a_withdrawal_ends_the_pair_tells_the_partner_and_coordinators_and_stops_reminders(
    pair, coordinator, clock
):
    """The partner hears at once; the coordinators in their next daily digest, once."""
    mentee = pair.mentee_application
    mentee.notified_state = State.ACCEPTED  # the decision was sent long ago
    mentee.save()
    # Late in a Swedish evening, so the next digest is the next morning's.
    evening = timezone.localtime(pair.round.kickoff, STOCKHOLM).replace(hour=22) + timedelta(days=20)
    clock.freeze(evening)

    withdraw_application(mentee, actor=mentee.applicant)

    pair.refresh_from_db()
    assert (pair.state, pair.end_reason) == ("ended_early", "withdrew")
    assert sent("matching_pair_ended") == [(pair.mentor_application.email, "en")]
    assert sent("matching_pair_withdrawn") == []  # no e-mail of its own beside the digest
    mornings = [evening.replace(hour=9) + timedelta(days=days) for days in range(1, 200, 3)]
    for at in [evening, *mornings]:
        call_command("tick", "--at", at.isoformat(), stdout=io.StringIO())
    assert not Notification.objects.filter(to=mentee.email, template__startswith="reminder_").exists()
    digests = Notification.objects.filter(to="samordnare@example.org", template="exception_digest")
    reported = [line for digest in digests for line in digest.context["exceptions"]]
    assert len([line for line in reported if mentee.full_name in line]) == 1


def test_a_pair_re_matched_mid_round_gets_a_week_to_answer_and_becomes_active(
    client, clock, pair, coordinator, django_capture_on_commit_callbacks
):
    """Past the round's confirm-by date (and its kickoff), a re-matched pair can still confirm from
    its e-mail, for a week; then the next tick makes it active."""
    round_ = pair.round
    clock.freeze(round_.kickoff + timedelta(days=40))
    free_mentor = ApplicationFactory(round=round_, mentor=True, accepted=True, notified_state="accepted")
    client.force_login(coordinator)
    client.post(reverse("admin:matching_pair_end", args=[pair.pk]), {"reason": EndReason.NO_TIME})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:matching_rematch", args=[pair.mentee_application_id]))
    run = MatchRun.objects.get()
    Application.objects.filter(round=round_).update(notified_state=F("state"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:matching_publish", args=[run.pk]), {"confirm": "1"})
    new = run.pairs.get(mentor_application=free_mentor)
    assert new.state == Pair.State.PROPOSED
    assert new.confirm_by > clock.now + timedelta(days=6)

    clock.shift(timedelta(days=5))
    for role in ("mentor", "mentee"):
        link = services.response_link(new, role)
        page = client.get("/" + link.split("://", 1)[1].split("/", 1)[1])
        assert page.status_code == 200 and page.context["expired"] is False
        services.confirm_pair(new, role=role)
    call_command("tick", "--at", clock.now.isoformat(), stdout=io.StringIO())

    new.refresh_from_db()
    assert new.state == Pair.State.ACTIVE
