"""The links in reminder e-mails open the real pages they promise, without signing in."""

from datetime import timedelta

import pytest
from django.urls import resolve

from matching.models import Pair
from matching.services import read_token
from reminders.models import Anchor, Audience, Kind
from reminders.services import dispatch_due
from tests.factories import PairFactory
from tests.factories.reminders import ReminderRuleFactory

from .conftest import se


def link_of(reminder) -> str:
    return reminder.context["link"].replace("http://testserver", "")


@pytest.fixture
def pair(db, settings):
    from .conftest import timeline_round

    settings.SITE_URL = "http://testserver"
    return PairFactory(round=timeline_round(), state=Pair.State.ACTIVE)


def test_meeting_reminder_links_to_the_one_click_meeting_form(client, pair):
    ReminderRuleFactory(
        round=pair.round,
        kind=Kind.NO_MEETING,
        audience=Audience.PAIR_MEMBERS,
        anchor=Anchor.MEETING_DUE,
        offset=timedelta(hours=9),
    )
    reminder = dispatch_due(se(2026, 6, 5, 2))[0]

    response = client.get(link_of(reminder))

    assert response.status_code == 200
    assert b'name="pulse"' in response.content


def test_survey_reminder_links_to_the_survey_of_that_member(client, pair):
    ReminderRuleFactory(
        round=pair.round,
        kind=Kind.SURVEY,
        audience=Audience.PAIR_MEMBERS,
        anchor=Anchor.MIDPOINT,
        offset=timedelta(0),
    )
    reminder = dispatch_due(se(2026, 8, 5, 9))[0]

    response = client.get(link_of(reminder))

    assert response.status_code == 200
    assert b'name="recommend"' in response.content


def test_unconfirmed_reminder_links_to_that_members_confirm_page(pair):
    Pair.objects.filter(pk=pair.pk).update(
        state=Pair.State.PROPOSED,
        mentor_confirmed_at=None,
        mentee_confirmed_at=None,
        published_at=se(2026, 4, 20, 12),
    )
    ReminderRuleFactory(
        round=pair.round,
        kind=Kind.UNCONFIRMED,
        audience=Audience.PAIR_MEMBERS,
        anchor=Anchor.PAIR_PUBLISHED,
        offset=timedelta(days=3),
    )
    reminders = dispatch_due(se(2026, 4, 23, 12))

    # Read the signed link at the instant the reminder went out.
    for reminder in reminders:
        match = resolve(link_of(reminder))
        role = read_token(match.kwargs["token"], match.kwargs["pair_id"], at=se(2026, 4, 23, 12))
        assert (match.view_name, match.kwargs["pair_id"]) == ("matching:respond", pair.pk)
        assert getattr(pair, f"{role}_application").applicant.email == reminder.to
    assert len(reminders) == 2
