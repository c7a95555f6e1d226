"""The send_reminders command, default rules, the demo, the task and the admin pages."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from notifications.models import Notification
from reminders import demo, tasks
from reminders.models import ReminderRule
from reminders.services import DEFAULT_RULES, ensure_default_rules
from tests.factories import ApplicationFactory, RoundFactory
from tests.factories.reminders import ReminderRuleFactory

from .conftest import timeline_round


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_the_draft_owners_and_writes_nothing(spring_round):
    draft = ApplicationFactory(round=spring_round, draft=True)
    ApplicationFactory(round=spring_round)  # submitted: not listed

    output = run("--dry-run", "--at", "2026-03-28T12:00")  # Swedish time: two days before

    assert draft.applicant.email in output
    assert "Åtgärd krävs" in output
    assert output.count("@example.org") == 1
    assert (Notification.objects.count(), ReminderRule.objects.count()) == (0, 0)


def test_running_the_command_twice_queues_each_reminder_once(spring_round):
    ApplicationFactory(round=spring_round, draft=True)
    ApplicationFactory(round=spring_round, draft=True, mentor=True)

    first = run("--at", "2026-03-28T12:00:00+01:00")
    second = run("--at", "2026-03-28T12:00:00+01:00")

    assert "2 påminnelser köade" in first
    assert "0 påminnelser köade" in second
    assert Notification.objects.filter(key__startswith="reminder:").count() == 2


def test_the_first_run_creates_default_rules_for_rounds_without_any(spring_round):
    run("--at", "2026-03-01T10:00")

    assert spring_round.reminder_rules.count() == len(DEFAULT_RULES)


def test_ensure_default_rules_is_idempotent_and_leaves_edited_rules(spring_round):
    ReminderRuleFactory(round=spring_round)

    assert ensure_default_rules(spring_round) == 0
    assert spring_round.reminder_rules.count() == 1


def test_demo_seed_is_idempotent_and_tolerates_missing_rounds(db):
    round_ = RoundFactory(slug="hosten-2026")

    demo.seed(io.StringIO())
    demo.seed(io.StringIO())

    assert round_.reminder_rules.count() == len(DEFAULT_RULES)


def test_the_periodic_task_dispatches(spring_round, settings):
    ApplicationFactory(round=spring_round, draft=True)

    assert tasks.dispatch_due_reminders.apply().get() == 0  # now is long after the draft reminders


@pytest.fixture
def reminders_coordinator(coordinator):
    codenames = ["view_roundreminders", "change_roundreminders", "view_reminderrule", "change_reminderrule"]
    coordinator.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return coordinator


def test_coordinator_sees_schedule_and_sent_reminders_of_own_round(client, reminders_coordinator, round_):
    ensure_default_rules(round_)
    ApplicationFactory(round=round_, draft=True)
    rule = round_.reminder_rules.first()
    Notification.objects.create(key=f"reminder:{rule.pk}:user1:x", to="sent@example.org", template="t")
    client.force_login(reminders_coordinator)

    response = client.get(reverse("admin:reminders_roundreminders_change", args=[round_.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "sent@example.org" in content
    assert "Utkast" in content or "utkast" in content  # the draft rules' schedule ahead


def test_coordinators_of_other_programs_see_no_rules_or_rounds(client, other_coordinator, round_):
    ensure_default_rules(round_)
    codenames = ["view_roundreminders", "view_reminderrule"]
    other_coordinator.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(other_coordinator)

    rules = client.get(reverse("admin:reminders_reminderrule_changelist"))
    detail = client.get(reverse("admin:reminders_roundreminders_change", args=[round_.pk]))
    rule = client.get(reverse("admin:reminders_reminderrule_change", args=[round_.reminder_rules.first().pk]))

    assert rules.context["cl"].result_count == 0
    assert detail.status_code == 404  # the same answer as for an id that does not exist
    assert rule.status_code == 404


@pytest.mark.parametrize("rounds", [1, 3])
def test_round_reminders_list_query_count_does_not_grow(
    client, admin_user, django_assert_num_queries, rounds
):
    made = [timeline_round() for _ in range(rounds)]
    for round_ in made:
        ensure_default_rules(round_)
    client.force_login(admin_user)

    with django_assert_num_queries(5):
        response = client.get(reverse("admin:reminders_roundreminders_changelist"))

    assert all(round_.name in response.content.decode() for round_ in made)


@pytest.mark.parametrize("rounds", [1, 3])
def test_reminder_rule_list_query_count_does_not_grow(
    client, reminders_coordinator, round_, django_assert_num_queries, rounds
):
    for _ in range(rounds - 1):
        ensure_default_rules(timeline_round(program=round_.program))
    ensure_default_rules(round_)
    client.force_login(reminders_coordinator)

    with django_assert_num_queries(6):
        response = client.get(reverse("admin:reminders_reminderrule_changelist"))

    assert response.context["cl"].result_count == rounds * len(DEFAULT_RULES)
