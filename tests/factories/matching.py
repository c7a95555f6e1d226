import factory
from django.utils import timezone

from matching.models import Pair
from pairs.models import Meeting, SurveyResponse


class PairFactory(factory.django.DjangoModelFactory):
    """A confirmed, active pair of accepted applications in the same round."""

    class Meta:
        model = Pair

    round = factory.SubFactory("tests.factories.programs.RoundFactory", running=True)
    mentor_application = factory.SubFactory(
        "tests.factories.applications.ApplicationFactory",
        round=factory.SelfAttribute("..round"),
        mentor=True,
        accepted=True,
    )
    mentee_application = factory.SubFactory(
        "tests.factories.applications.ApplicationFactory",
        round=factory.SelfAttribute("..round"),
        accepted=True,
    )
    state = Pair.State.ACTIVE
    score = 0.8
    breakdown = factory.LazyFunction(lambda: {"topics": 1.0, "availability": 0.5})
    published_at = factory.LazyFunction(timezone.now)
    mentor_confirmed_at = factory.LazyFunction(timezone.now)
    mentee_confirmed_at = factory.LazyFunction(timezone.now)
    started_at = factory.LazyFunction(timezone.now)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    pair = factory.SubFactory(PairFactory)
    date = factory.LazyFunction(lambda: timezone.localdate())
    kind = Meeting.Kind.MEETING
    duration_minutes = 60
    pulse = 4
    private_note = "Vi pratade om hybridarbete."
    logged_by = factory.LazyAttribute(lambda o: o.pair.mentor_application.applicant)


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    pair = factory.SubFactory(PairFactory)
    role = "mentee"
    kind = SurveyResponse.Kind.MIDPOINT
    satisfaction = 4
    changed_perspective = 4
    recommend = 9
    learned = "Nya perspektiv på ledarskap."
