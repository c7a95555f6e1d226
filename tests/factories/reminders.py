from datetime import timedelta

import factory

from reminders.models import Anchor, Audience, Kind, ReminderRule


class ReminderRuleFactory(factory.django.DjangoModelFactory):
    """The 2-days-before-the-deadline draft reminder; pass kind/audience/anchor/offset for others."""

    class Meta:
        model = ReminderRule

    round = factory.SubFactory("tests.factories.programs.RoundFactory")
    kind = Kind.DRAFT
    audience = Audience.APPLICANTS
    anchor = Anchor.ROLE_DEADLINE
    offset = timedelta(days=-2)
