"""The other rules at their boundary instants (Swedish time), and who counts as having acted."""

from datetime import date, timedelta

import pytest

from applications.models import State
from matching.models import Pair
from programs.models import RoundInterest
from reminders.models import Anchor, Audience, Kind
from reminders.services import dispatch_due
from tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    PairFactory,
    ProgramMembershipFactory,
    ReviewFactory,
    StaffFactory,
    SurveyResponseFactory,
    UserFactory,
)
from tests.factories.reminders import ReminderRuleFactory

from .conftest import se

SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)


def recipients(reminders):
    return sorted(r.to for r in reminders)


def test_interested_people_are_told_when_applications_open_in_their_language(spring_round):
    RoundInterest.objects.create(round=spring_round, email="curious@example.org", language="en")
    ReminderRuleFactory(
        round=spring_round,
        kind=Kind.OPENING,
        audience=Audience.INTERESTED,
        anchor=Anchor.APPLICATIONS_OPEN,
        offset=timedelta(0),
    )
    ReminderRuleFactory(round=spring_round, offset=timedelta(days=-2))  # keeps defaults away

    assert dispatch_due(se(2026, 3, 1, 9) - SECOND) == []
    [reminder] = dispatch_due(se(2026, 3, 1, 9))

    assert (reminder.to, reminder.language, reminder.template) == (
        "curious@example.org",
        "en",
        "reminder_opening",
    )


def test_interested_people_who_already_applied_are_not_told(spring_round):
    user = UserFactory(email="keen@example.org")
    ApplicationFactory(round=spring_round, applicant=user, draft=True)
    RoundInterest.objects.create(round=spring_round, email="Keen@example.org")
    ReminderRuleFactory(
        round=spring_round,
        kind=Kind.OPENING,
        audience=Audience.INTERESTED,
        anchor=Anchor.APPLICATIONS_OPEN,
        offset=timedelta(0),
    )

    assert dispatch_due(se(2026, 3, 1, 9)) == []


@pytest.fixture
def digest_rule(spring_round):
    return ReminderRuleFactory(
        round=spring_round,
        kind=Kind.SCREENING_DIGEST,
        audience=Audience.COORDINATORS,
        anchor=Anchor.APPLICATION_DEADLINE,
        offset=timedelta(0),
    )


@pytest.fixture
def round_coordinator(spring_round):
    user = StaffFactory(email="samordnare@example.org")
    ProgramMembershipFactory(program=spring_round.program, user=user, kind="coordinator")
    ProgramMembershipFactory(program=spring_round.program, kind="lead")  # leads get no digest
    return user


def test_screening_digest_is_daily_after_the_deadline_while_reviews_are_missing(
    spring_round, digest_rule, round_coordinator
):
    application = ApplicationFactory(round=spring_round)

    assert dispatch_due(se(2026, 3, 30, 12) - SECOND) == []
    first = dispatch_due(se(2026, 3, 30, 12))  # the deadline (after 08:00) is the first occasion
    assert dispatch_due(se(2026, 3, 30, 23)) == []
    assert dispatch_due(se(2026, 3, 31, 8) - SECOND) == []
    second = dispatch_due(se(2026, 3, 31, 8))
    ReviewFactory(application=application)
    third = dispatch_due(se(2026, 4, 1, 8))

    assert recipients(first) == recipients(second) == ["samordnare@example.org"]
    assert [r.occasion for r in first + second] == ["2026-03-30", "2026-03-31"]
    assert first[0].context["unreviewed"] == 1
    assert third == []


def test_screening_digest_continues_while_decisions_are_unreleased(
    spring_round, digest_rule, round_coordinator
):
    ApplicationFactory(round=spring_round, state=State.ACCEPTED, notified_state="")
    ApplicationFactory(round=spring_round, state=State.REJECTED, notified_state=State.REJECTED)

    [reminder] = dispatch_due(se(2026, 4, 2, 9))

    assert (reminder.context["unreviewed"], reminder.context["unreleased"]) == (0, 1)


@pytest.fixture
def proposed_pair(db):
    from .conftest import timeline_round

    round_ = timeline_round()
    return PairFactory(
        round=round_,
        state=Pair.State.PROPOSED,
        published_at=se(2026, 4, 20, 12),
        mentor_confirmed_at=None,
        mentee_confirmed_at=None,
        started_at=None,
    )


def test_unconfirmed_members_are_reminded_three_days_after_publishing(proposed_pair):
    ReminderRuleFactory(
        round=proposed_pair.round,
        kind=Kind.UNCONFIRMED,
        audience=Audience.PAIR_MEMBERS,
        anchor=Anchor.PAIR_PUBLISHED,
        offset=3 * DAY,
    )
    proposed_pair.mentor_confirmed_at = se(2026, 4, 21, 12)
    proposed_pair.save()

    assert dispatch_due(se(2026, 4, 23, 12) - SECOND) == []
    reminders = dispatch_due(se(2026, 4, 23, 12))

    assert recipients(reminders) == [proposed_pair.mentee_application.applicant.email]


def test_confirmed_pairs_are_not_reminded(proposed_pair):
    ReminderRuleFactory(
        round=proposed_pair.round,
        kind=Kind.UNCONFIRMED,
        audience=Audience.PAIR_MEMBERS,
        anchor=Anchor.PAIR_PUBLISHED,
        offset=7 * DAY,
    )
    Pair.objects.filter(pk=proposed_pair.pk).update(state=Pair.State.CONFIRMED)

    assert dispatch_due(se(2026, 4, 27, 12)) == []


def test_coordinator_hears_of_an_unconfirmed_pair_nine_days_after_publishing(proposed_pair):
    coordinator = StaffFactory()
    ProgramMembershipFactory(program=proposed_pair.round.program, user=coordinator)
    ReminderRuleFactory(
        round=proposed_pair.round,
        kind=Kind.UNCONFIRMED,
        audience=Audience.COORDINATORS,
        anchor=Anchor.PAIR_PUBLISHED,
        offset=9 * DAY,
    )

    assert dispatch_due(se(2026, 4, 29, 12) - SECOND) == []
    [reminder] = dispatch_due(se(2026, 4, 29, 12))

    assert (reminder.to, reminder.template) == (coordinator.email, "reminder_unconfirmed_coordinator")


@pytest.fixture
def active_pair(db):
    from .conftest import timeline_round

    return PairFactory(round=timeline_round(), state=Pair.State.ACTIVE)


def meeting_rule(pair, audience=Audience.PAIR_MEMBERS, anchor=Anchor.MEETING_DUE):
    return ReminderRuleFactory(
        round=pair.round, kind=Kind.NO_MEETING, audience=audience, anchor=anchor, offset=timedelta(hours=9)
    )


def test_pairs_without_a_meeting_a_cadence_after_kickoff_are_reminded(active_pair):
    # Kickoff 5 May 17:00; cadence 30 days: due 4 June 17:00 + 9 h = 5 June 02:00.
    meeting_rule(active_pair)

    assert dispatch_due(se(2026, 6, 5, 2) - SECOND) == []
    reminders = dispatch_due(se(2026, 6, 5, 2))

    assert len(reminders) == 2
    assert {r.occasion for r in reminders} == {f"pair{active_pair.pk}:2026-05-05"}


def test_a_logged_meeting_moves_the_next_meeting_reminder(active_pair):
    meeting_rule(active_pair)
    MeetingFactory(pair=active_pair, date=date(2026, 10, 1))

    assert dispatch_due(se(2026, 10, 31, 9) - SECOND) == []  # 30 days after 1 October, 09:00
    assert dispatch_due(se(2026, 10, 31, 9)) != []  # the day after the autumn DST change

    MeetingFactory(pair=active_pair, date=date(2026, 10, 30))
    assert dispatch_due(se(2026, 11, 1, 9)) == []  # met in between: not reminded


def test_coordinator_hears_after_twice_the_cadence(active_pair):
    coordinator = StaffFactory()
    ProgramMembershipFactory(program=active_pair.round.program, user=coordinator)
    meeting_rule(active_pair, Audience.COORDINATORS, Anchor.MEETING_OVERDUE)
    MeetingFactory(pair=active_pair, date=date(2026, 6, 1))

    assert dispatch_due(se(2026, 7, 31, 9) - SECOND) == []
    [reminder] = dispatch_due(se(2026, 7, 31, 9))

    assert reminder.to == coordinator.email


def test_no_meeting_reminders_after_the_round_ends(active_pair):
    meeting_rule(active_pair)
    MeetingFactory(pair=active_pair, date=date(2026, 10, 20))

    assert dispatch_due(se(2026, 11, 19, 9)) == []  # would be due after the end (5 November)


def survey_rule(pair, kind=Kind.SURVEY, anchor=Anchor.MIDPOINT, offset=timedelta(0)):
    return ReminderRuleFactory(
        round=pair.round, kind=kind, audience=Audience.PAIR_MEMBERS, anchor=anchor, offset=offset
    )


def test_midpoint_survey_goes_out_on_its_date_to_those_who_have_not_answered(active_pair):
    survey_rule(active_pair)
    SurveyResponseFactory(pair=active_pair, role="mentee", kind="midpoint")

    assert dispatch_due(se(2026, 8, 5, 9) - SECOND) == []
    reminders = dispatch_due(se(2026, 8, 5, 9))

    assert recipients(reminders) == [active_pair.mentor_application.applicant.email]


def test_end_survey_reminder_a_week_later_skips_who_answered_in_between(active_pair):
    survey_rule(active_pair, anchor=Anchor.ENDS)
    survey_rule(active_pair, kind=Kind.SURVEY_REMINDER, anchor=Anchor.ENDS, offset=7 * DAY)

    assert len(dispatch_due(se(2026, 11, 5, 9))) == 2
    SurveyResponseFactory(pair=active_pair, role="mentor", kind="end")
    assert dispatch_due(se(2026, 11, 12, 9) - SECOND) == []
    reminders = dispatch_due(se(2026, 11, 12, 9))

    assert recipients(reminders) == [active_pair.mentee_application.applicant.email]
    assert reminders[0].template == "reminder_survey_reminder"
