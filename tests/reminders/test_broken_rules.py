"""A reminder offset is at most a year either way; an old bad row stops nothing."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from reminders.models import ReminderRule
from reminders.services import dispatch_due
from tests.factories import ApplicationFactory
from tests.factories.reminders import ReminderRuleFactory

from .conftest import se, timeline_round

HUGE = timedelta(days=99_999_999)  # the most SQLite stores; PostgreSQL takes ±999,999,999


def _broken_rule(round_):
    """A row saved before offsets were validated (or written past the form)."""
    rule = ReminderRuleFactory(round=round_)
    ReminderRule.objects.filter(pk=rule.pk).update(offset=HUGE)
    return rule


@pytest.mark.parametrize("days", [366, -366, 999_999_999, -999_999_999])
def test_an_offset_beyond_a_year_is_refused_with_a_clear_message(spring_round, days):
    rule = ReminderRuleFactory.build(round=spring_round, offset=timedelta(days=days))

    with pytest.raises(ValidationError) as caught:
        rule.full_clean()

    message = "Förskjutningen får vara högst 365 dagar före eller efter."
    assert caught.value.message_dict["offset"] == [message]


@pytest.mark.parametrize("days", [365, -365, 0])
def test_an_offset_within_a_year_is_accepted(spring_round, days):
    ReminderRuleFactory.build(round=spring_round, offset=timedelta(days=days)).full_clean()


def test_a_broken_rule_is_skipped_and_reported_and_every_other_program_gets_its_reminders(
    spring_round, caplog
):
    other = timeline_round()  # another program, same timeline
    draft = ApplicationFactory(round=other, draft=True)
    good = ReminderRuleFactory(round=other, offset=timedelta(days=-2))
    broken = _broken_rule(spring_round)

    with caplog.at_level(logging.ERROR, logger="reminders.services"):
        reminders = dispatch_due(se(2026, 3, 28, 12))

    key = f"reminder:{good.pk}:user{draft.applicant.pk}:application{draft.pk}"
    assert [r.key for r in reminders] == [key]
    assert any(f"rule {broken.pk}" in record.getMessage() for record in caplog.records)


def test_the_command_names_the_skipped_rule(spring_round, capsys):
    broken = _broken_rule(spring_round)

    call_command("send_reminders", "--at", "2026-03-28T12:00", "--dry-run")

    assert f"{broken.pk}" in capsys.readouterr().err


def test_the_round_reminders_page_shows_an_old_bad_row(client, coordinator, round_):
    codenames = ["view_roundreminders", "change_roundreminders", "view_reminderrule", "change_reminderrule"]
    coordinator.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    _broken_rule(round_)
    client.force_login(coordinator)

    response = client.get(reverse("admin:reminders_roundreminders_change", args=[round_.pk]))
    listing = client.get(reverse("admin:reminders_reminderrule_changelist"))

    assert response.status_code == listing.status_code == 200
    assert "högst 365 dagar" in response.content.decode()
