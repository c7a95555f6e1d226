from datetime import timedelta

import factory
from django.utils import timezone

from programs.models import Organisation, Program, ProgramMembership, Round, Topic
from programs.survey_questions import add_default_survey


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Företag {n} AB")
    kind = Organisation.Kind.PARTNER
    industry = factory.Iterator(["Industri", "Handel", "IT", "Energi", "Offentlig sektor"])
    municipality = factory.Iterator(["Jönköping", "Värnamo", "Gislaved", "Vetlanda"])
    region = "Jönköpings län"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Omvänt mentorskap {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    description_sv = "Unga ledare möter seniora ledare."
    description_en = "Young leaders meet senior leaders."
    mentor_label_sv = "Mentor"
    mentor_label_en = "Mentor"
    mentee_label_sv = "Adept"
    mentee_label_en = "Mentee"
    is_reverse = True
    privacy_notice_sv = "Vi behandlar dina uppgifter för att driva programmet."
    privacy_notice_en = "We process your data to run the program."
    privacy_notice_version = "1"

    @factory.post_generation
    def survey(program, create, extracted, **kwargs):
        """Every program asks the default survey, as a program created in the admin does."""
        if create and extracted is not False:
            add_default_survey(program)


class ProgramMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramMembership

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory("tests.factories.accounts.StaffFactory")
    kind = ProgramMembership.Kind.COORDINATOR


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("program", "slug")

    program = factory.SubFactory(ProgramFactory)
    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_sv = factory.Sequence(lambda n: f"Ämne {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


# Days between the start of applications and now, per phase flag.
PHASE_OFFSETS = {"upcoming": -5, "screening": 16, "running": 90, "completed": 400}


def _anchor(o):
    days = next((d for flag, d in PHASE_OFFSETS.items() if getattr(o, flag)), 5)
    return timezone.now().replace(microsecond=0) - timedelta(days=days)


def _at(days: int):
    return factory.LazyAttribute(lambda o: o.anchor + timedelta(days=days))


class RoundFactory(factory.django.DjangoModelFactory):
    """A published round open for applications now (deadline in 10 days).

    Flags move the whole timeline: `upcoming`, `screening`, `running`, `completed`,
    or pass `anchor` (the instant applications open).
    """

    class Meta:
        model = Round
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    class Params:
        upcoming = False
        screening = False
        running = False
        completed = False
        anchor = factory.LazyAttribute(lambda o: _anchor(o))

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Omgång {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    description_sv = "En omgång på sex månader."
    description_en = "A six-month round."
    is_published = True
    applications_open = _at(0)
    mentor_deadline = _at(15)
    mentee_deadline = _at(15)
    screening_ends = _at(25)
    pairs_announced = _at(30)
    confirm_by = _at(37)
    kickoff = _at(45)
    midpoint = _at(135)
    ends = _at(225)
    follow_up = _at(315)
    capacity = 10
