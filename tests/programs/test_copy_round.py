"""Next year's round in one step: the command and the admin page copy the setup, never people."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, RubricCriterion
from programs.models import EligibilityEntry, Round
from programs.round_copy import date_fields
from reminders.models import ReminderRule
from tests.factories import ApplicationFactory, OrganisationFactory, TopicFactory
from tests.factories.reminders import ReminderRuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def set_up_round(round_, applicant):
    round_.name = "Hösten 2026"
    round_.save()
    round_.partners.add(OrganisationFactory(), OrganisationFactory())
    round_.topics.add(TopicFactory(program=round_.program), TopicFactory(program=round_.program))
    RubricCriterion.objects.create(
        round=round_, key="motivation", label_sv="Motivation", label_en="Motivation"
    )
    ReminderRuleFactory(round=round_, subject_sv="Glöm inte", offset=timedelta(days=-3))
    ApplicationFactory(round=round_, applicant=applicant)
    EligibilityEntry.objects.create(round=round_, role="mentee", email="listed@example.org")
    return round_


def test_copy_round_copies_the_setup_shifted_a_year_on_the_same_weekdays_and_no_people(set_up_round):
    call_command("copy_round", set_up_round.slug, "hosten-2027")

    new = Round.objects.get(slug="hosten-2027")
    assert new.program == set_up_round.program
    assert new.name == "Hösten 2027"
    assert new.is_published is False
    for field in date_fields():
        old_local = timezone.localtime(getattr(set_up_round, field))
        new_local = timezone.localtime(getattr(new, field))
        assert new_local.date() - old_local.date() == timedelta(days=364), field
        assert new_local.weekday() == old_local.weekday()
        assert new_local.time() == old_local.time()  # the Swedish wall clock, across DST too
    assert set(new.partners.all()) == set(set_up_round.partners.all())
    assert set(new.topics.all()) == set(set_up_round.topics.all())
    assert list(new.rubric.values_list("key", "label_sv")) == [("motivation", "Motivation")]
    assert list(new.reminder_rules.values_list("subject_sv", "offset")) == [("Glöm inte", timedelta(days=-3))]
    assert (new.capacity, new.mentee_eligibility) == (set_up_round.capacity, set_up_round.mentee_eligibility)
    # No people: the old round keeps its own.
    assert not Application.objects.filter(round=new).exists()
    assert not EligibilityEntry.objects.filter(round=new).exists()
    assert Application.objects.filter(round=set_up_round).count() == 1
    assert RubricCriterion.objects.filter(round=set_up_round).count() == 1
    assert ReminderRule.objects.filter(round=set_up_round).count() == 1


def test_copy_round_shift_days_and_refusals(set_up_round):
    call_command("copy_round", set_up_round.slug, "next", "--shift-days", "371")
    new = Round.objects.get(slug="next")
    assert new.kickoff - set_up_round.kickoff == timedelta(days=371)

    with pytest.raises(CommandError, match="Ingen omgång"):
        call_command("copy_round", "no-such-round", "x")
    with pytest.raises(CommandError):  # the slug is taken
        call_command("copy_round", set_up_round.slug, "next")


def copy_url(round_):
    return reverse("admin:programs_round_copy", args=[round_.pk])


def test_a_coordinator_copies_the_round_from_its_admin_page(client, coordinator, set_up_round):
    client.force_login(coordinator)
    change = client.get(reverse("admin:programs_round_change", args=[set_up_round.pk]))
    assert copy_url(set_up_round) in change.content.decode()

    page = client.get(copy_url(set_up_round))
    assert page.status_code == 200
    assert "Kopiera omgången" in page.content.decode()
    response = client.post(
        copy_url(set_up_round), {"name": "Hösten 2027", "slug": "hosten-2027", "shift_days": 364}
    )

    new = Round.objects.get(slug="hosten-2027")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:programs_round_change", args=[new.pk])
    assert new.rubric.count() == 1 and new.is_published is False


def test_a_coordinator_of_another_program_cannot_copy_the_round(client, other_coordinator, set_up_round):
    client.force_login(other_coordinator)

    assert client.get(copy_url(set_up_round)).status_code == 404
    response = client.post(copy_url(set_up_round), {"name": "Stulen", "slug": "stulen", "shift_days": 364})

    assert response.status_code == 404
    assert not Round.objects.filter(slug="stulen").exists()


def test_a_lead_cannot_copy_the_round(client, lead, set_up_round):
    client.force_login(lead)

    response = client.post(copy_url(set_up_round), {"name": "Ny", "slug": "ny", "shift_days": 364})

    assert response.status_code == 403
    assert not Round.objects.filter(slug="ny").exists()
