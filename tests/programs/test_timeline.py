"""The timeline owns the round's schedule: phases, surveys and reminder anchors come from it."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command

from matching.models import Pair
from notifications.models import Notification
from pairs.models import SurveyResponse
from programs import timeline
from reminders.models import ALLOWED, Anchor, Kind
from tests.factories import PairFactory

HOUR = timedelta(hours=1)


def test_survey_kinds_and_reminder_anchors_are_the_timelines():
    assert SurveyResponse.Kind.values == ["baseline", "midpoint", "end", "follow_up"]
    assert {field for field, _label in timeline.ANCHORS} <= set(Anchor.values)
    assert ALLOWED[Kind.SURVEY][1] == {"kickoff", "midpoint", "ends", "follow_up"}


def test_each_survey_is_current_from_its_date_until_the_next_opens():
    round_ = PairFactory.build().round

    windows = timeline.survey_windows(round_)

    assert [(kind, opens) for kind, opens, _closes in windows] == [
        ("baseline", round_.kickoff),
        ("midpoint", round_.midpoint),
        ("end", round_.ends),
        ("follow_up", round_.follow_up),
    ]
    assert timeline.current_survey(round_, round_.kickoff - HOUR) is None
    assert timeline.current_survey(round_, round_.midpoint - HOUR) == "baseline"
    assert timeline.current_survey(round_, round_.follow_up) == "follow_up"


@pytest.mark.django_db
def test_baseline_and_follow_up_surveys_are_sent_and_reminded_once_per_member():
    pair = PairFactory(state=Pair.State.CONFIRMED, started_at=None)
    round_ = pair.round
    instants = [
        round_.kickoff + HOUR,
        round_.kickoff + timedelta(days=7, hours=1),
        round_.follow_up + HOUR,
        round_.follow_up + timedelta(days=7, hours=1),
    ]
    for at in instants + instants:  # twice: nothing goes out twice
        call_command("tick", "--at", at.isoformat(), stdout=io.StringIO())

    sent = Notification.objects.filter(template__startswith="reminder_survey")
    surveys = sorted((n.context["survey"], n.template, n.to) for n in sent)
    members = sorted([pair.mentor_application.applicant.email, pair.mentee_application.applicant.email])
    assert surveys == sorted(
        (kind, template, to)
        for kind in ("baseline", "follow_up")
        for template in ("reminder_survey", "reminder_survey_reminder")
        for to in members
    )
