import factory
from django.utils import timezone

from matching.models import Pair
from pairs.models import Meeting, SurveyResponse
from pairs.services import submit_survey


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
    """One answered survey, through the service: answers by question key (the default set's keys
    by default, e.g. `recommend=10`, `quote="…", quote_consent=True`), others in `answers={…}`."""

    class Meta:
        model = SurveyResponse

    pair = factory.SubFactory(PairFactory)
    role = "mentee"
    kind = SurveyResponse.Kind.MIDPOINT
    satisfaction = 4
    changed_perspective = 4
    recommend = 9
    learned = "Nya perspektiv på ledarskap."
    quote = ""
    quote_consent = False
    answers = factory.Dict({})

    @classmethod
    def _create(cls, model_class, *, pair, role, kind, answers, quote_consent, **defaults):
        consented = {"quote"} if quote_consent else set()
        return submit_survey(pair, role=role, kind=kind, answers={**defaults, **answers}, consented=consented)
