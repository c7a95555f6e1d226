from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, State
from mentorship import tick
from mentorship.timezones import STOCKHOLM
from notifications.models import Notification
from pairs.models import Meeting, SurveyAnswer
from privacy.services.retention import anonymise_expired, retention_deadline
from privacy.tasks import anonymise_expired as anonymise_expired_task
from programs.models import EligibilityEntry
from tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    PairFactory,
    ProgramMembershipFactory,
    RoundFactory,
    StaffFactory,
    SurveyResponseFactory,
)

pytestmark = pytest.mark.django_db

ONE_SECOND = timedelta(seconds=1)
ENDED_YEAR = timezone.now().year - 2


@pytest.fixture
def ended_round():
    """A round that ended two years ago at the start of 1 February in Stockholm (31 January 23:00 UTC)."""
    round_ = RoundFactory(completed=True, program__retention_months=12)
    round_.ends = datetime(ENDED_YEAR, 2, 1, tzinfo=STOCKHOLM)
    round_.follow_up = round_.ends + timedelta(days=90)
    round_.save()
    return round_


def test_deadline_is_the_end_plus_the_programs_retention_months(ended_round):
    assert retention_deadline(ended_round) == datetime(ENDED_YEAR + 1, 2, 1, tzinfo=STOCKHOLM)
    ended_round.program.retention_months = 1
    assert retention_deadline(ended_round) == datetime(ENDED_YEAR, 3, 1, tzinfo=STOCKHOLM)


def test_one_second_before_the_deadline_nothing_is_anonymised(ended_round):
    application = ApplicationFactory(round=ended_round, rejected=True)

    assert anonymise_expired(at=retention_deadline(ended_round) - ONE_SECOND) == {}

    application.refresh_from_db()
    assert application.anonymised_at is None and application.full_name != ""


def test_at_and_after_the_deadline_the_round_is_anonymised(ended_round):
    rejected = ApplicationFactory(round=ended_round, rejected=True)
    draft = ApplicationFactory(round=ended_round, draft=True)
    pair = PairFactory(round=ended_round)
    MeetingFactory(pair=pair, private_note="hemligt")
    SurveyResponseFactory(pair=pair, learned="lärde mig", quote="bra", quote_consent=True)
    SurveyResponseFactory(pair=pair, role="mentor", quote="privat", quote_consent=False)
    EligibilityEntry.objects.create(round=ended_round, role="mentor", email="lista@example.org")
    at = retention_deadline(ended_round) + ONE_SECOND

    done = anonymise_expired(at=at)

    assert done[ended_round.slug]["applications"] == 4
    for application in (rejected, draft, pair.mentor_application, pair.mentee_application):
        application.refresh_from_db()
        assert (
            application.full_name,
            application.email,
            application.applicant,
            application.anonymised_at,
        ) == (
            "",
            "",
            None,
            at,
        )
    assert {a.state for a in Application.objects.filter(round=ended_round)} == {
        State.REJECTED,
        State.DRAFT,
        State.ACCEPTED,
    }
    assert list(Meeting.objects.filter(pair=pair).values_list("private_note", flat=True)) == [""]
    texts = SurveyAnswer.objects.filter(question__kind__in=["text", "quote"])
    assert sorted(texts.values_list("question__key", "text")) == [  # a quote with consent stays
        ("learned", ""),
        ("learned", ""),
        ("quote", ""),
        ("quote", "bra"),
    ]
    assert not EligibilityEntry.objects.filter(round=ended_round).exists()


def test_anonymising_twice_changes_nothing_the_second_time(ended_round):
    ApplicationFactory(round=ended_round, rejected=True)
    at = retention_deadline(ended_round)
    anonymise_expired(at=at)

    assert anonymise_expired(at=at + timedelta(days=1)) == {}
    assert Application.objects.get(round=ended_round).anonymised_at == at


def test_other_rounds_are_untouched(ended_round):
    running = ApplicationFactory(round=RoundFactory(running=True))

    anonymise_expired(at=retention_deadline(ended_round))

    running.refresh_from_db()
    assert running.anonymised_at is None


def test_the_daily_task_runs_the_sweep_now(ended_round):
    ApplicationFactory(round=ended_round)  # its retention deadline (a year after it ended) has passed

    assert anonymise_expired_task.delay().get() == 1
    assert Application.objects.get(round=ended_round).anonymised_at is not None


def test_the_beat_runs_it_with_every_time_driven_step(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["tick"]

    assert entry == {"task": "mentorship.tick", "schedule": 15 * 60}
    assert "privacy.services.retention.tick_step" in [path for _label, path in tick.STEPS]


def test_sent_deletion_confirmations_lose_their_address_after_a_week():
    now = timezone.now()
    old = Notification.objects.create(
        key="a",
        to="gone@example.org",
        template="privacy_account_deleted",
        status="sent",
        sent_at=now - timedelta(days=8),
    )
    fresh = Notification.objects.create(
        key="b", to="new@example.org", template="privacy_account_deleted", status="sent", sent_at=now
    )

    anonymise_expired(at=now)

    old.refresh_from_db(), fresh.refresh_from_db()
    assert (old.to, fresh.to) == ("", "new@example.org")


def test_retention_page_lists_rounds_with_date_and_counts(client, ended_round):
    staff = StaffFactory()
    ProgramMembershipFactory(program=ended_round.program, user=staff)
    ApplicationFactory(round=ended_round, rejected=True)
    ApplicationFactory(round=ended_round, accepted=True)
    client.force_login(staff)

    response = client.get(reverse("privacy:retention"))

    row = response.context["rows"][0]
    assert (row.round, row.deadline, row.applications, row.not_accepted) == (
        ended_round,
        retention_deadline(ended_round),
        2,
        1,
    )


def test_retention_page_shows_only_my_programs(client, ended_round, other_coordinator):
    client.force_login(other_coordinator)

    response = client.get(reverse("privacy:retention"))

    assert response.status_code == 200
    assert ended_round not in [row.round for row in response.context["rows"]]


def test_retention_page_is_for_staff_only(client, applicant):
    client.force_login(applicant)

    assert client.get(reverse("privacy:retention")).status_code == 302


@pytest.mark.parametrize("rounds", [1, 3])
def test_retention_page_query_count_does_not_grow(client, django_assert_num_queries, rounds):
    staff = StaffFactory(superuser=True)
    for _ in range(rounds):
        pair = PairFactory(round=RoundFactory(completed=True))
        MeetingFactory(pair=pair)
        SurveyResponseFactory(pair=pair)
    client.force_login(staff)

    with django_assert_num_queries(7):  # the menu's "my pairs" included
        response = client.get(reverse("privacy:retention"))

    assert len(response.context["rows"]) == rounds
