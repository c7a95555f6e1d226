"""The links in reminder e-mails open the real pages they promise, without signing in."""

from datetime import timedelta

import pytest
from django.urls import resolve
from django.utils import timezone

from matching.models import Pair
from matching.services import read_token
from pairs import services
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


def test_survey_reminder_links_to_the_survey_of_that_member(client, pair, clock):
    clock.freeze(se(2026, 8, 5, 9))  # the survey is open while its reminder goes out
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
    assert b'name="q_recommend"' in response.content


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


PAIR_MEMBER_RULES = [
    # (kind, anchor, offset, when it is due)
    (Kind.NO_MEETING, Anchor.MEETING_DUE, timedelta(hours=9), se(2026, 6, 5, 2)),
    (Kind.SURVEY, Anchor.MIDPOINT, timedelta(0), se(2026, 8, 5, 9)),
    (Kind.SURVEY_REMINDER, Anchor.MIDPOINT, timedelta(days=7), se(2026, 8, 12, 9)),
    (Kind.SURVEY, Anchor.ENDS, timedelta(0), se(2026, 11, 5, 9)),
    (Kind.SURVEY_REMINDER, Anchor.ENDS, timedelta(days=7), se(2026, 11, 12, 9)),
]


def rendered(reminder):
    from notifications.models import Notification
    from notifications.services import render

    row = Notification(template=reminder.template, context=reminder.context, language=reminder.language)
    return render(row)


@pytest.mark.parametrize(("kind", "anchor", "offset", "due"), PAIR_MEMBER_RULES)
def test_every_pair_member_reminder_carries_the_one_click_meeting_link_and_the_pair_page(
    client, pair, kind, anchor, offset, due
):
    ReminderRuleFactory(
        round=pair.round, kind=kind, audience=Audience.PAIR_MEMBERS, anchor=anchor, offset=offset
    )

    reminders = dispatch_due(due)

    assert len(reminders) == 2
    for reminder in reminders:
        role = "mentor" if reminder.to == pair.mentor_application.applicant.email else "mentee"
        meeting = (reminder.context.get("meeting_link") or reminder.context["link"]).replace(
            "http://testserver", ""
        )
        match = resolve(meeting)
        assert match.view_name == "pairs:log_meeting"
        assert services.read_meeting_token(match.kwargs["token"], pair_pk=pair.pk, at=timezone.now()) == role
        assert b'name="pulse"' in client.get(meeting).content
        _subject, text, html = rendered(reminder)
        assert f"http://testserver{meeting}" in text
        assert (
            f"http://testserver/pairs/{pair.pk}/" in text
            and f'href="http://testserver/pairs/{pair.pk}/"' in html
        )


def test_a_rules_own_message_keeps_the_meeting_link_and_the_pair_page(pair):
    ReminderRuleFactory(
        round=pair.round,
        kind=Kind.SURVEY,
        audience=Audience.PAIR_MEMBERS,
        anchor=Anchor.MIDPOINT,
        offset=timedelta(0),
        message_sv="Halvvägs! Berätta hur det går.",
    )
    reminder = dispatch_due(se(2026, 8, 5, 9))[0]

    _subject, text, _html = rendered(reminder)

    assert "Halvvägs! Berätta hur det går." in text
    assert reminder.context["meeting_link"] in text
    assert "Har ni träffats sedan ni senast registrerade ett möte?" in text
    assert f"http://testserver/pairs/{pair.pk}/" in text
