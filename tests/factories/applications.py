import factory
from django.utils import timezone

from applications.models import Application, Question, QuestionKind, QuestionOption, Review, State
from programs.models import Role


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete, submitted mentee application; traits for other roles and states."""

    class Meta:
        model = Application

    class Params:
        mentor = factory.Trait(role=Role.MENTOR)
        draft = factory.Trait(state=State.DRAFT, submitted_at=None)
        accepted = factory.Trait(state=State.ACCEPTED)
        waitlisted = factory.Trait(state=State.WAITLISTED)
        rejected = factory.Trait(state=State.REJECTED)
        withdrawn = factory.Trait(state=State.WITHDRAWN)

    round = factory.SubFactory("tests.factories.programs.RoundFactory")
    role = Role.MENTEE
    applicant = factory.SubFactory("tests.factories.accounts.UserFactory")
    state = State.SUBMITTED
    full_name = factory.LazyAttribute(lambda o: o.applicant.full_name if o.applicant else "")
    email = factory.LazyAttribute(lambda o: o.applicant.email if o.applicant else "")
    title = "VD"
    organisation = factory.SubFactory("tests.factories.programs.OrganisationFactory")
    industry = factory.LazyAttribute(lambda o: o.organisation.industry if o.organisation else "")
    motivation = "Jag vill förstå nästa generations ledare."
    want_to_learn = "Digitalisering och mångfald."
    can_offer = "Erfarenhet av att leda förändring."
    languages = factory.LazyFunction(lambda: ["sv", "en"])
    meeting_format = "either"
    availability = factory.LazyFunction(lambda: ["mon_am", "wed_pm"])
    municipality = factory.LazyAttribute(lambda o: o.organisation.municipality if o.organisation else "")
    region = "Jönköpings län"
    consent_at = factory.LazyFunction(timezone.now)
    consent_version = "1"
    is_eligible = True
    submitted_at = factory.LazyFunction(timezone.now)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory("tests.factories.accounts.StaffFactory")
    scores = factory.LazyFunction(lambda: {"motivation": 4, "fit": 3, "availability": 5})
    total = 4
    comment = "Stark motivering."


class QuestionFactory(factory.django.DjangoModelFactory):
    """A program's own question: a short text asked to both roles unless told otherwise."""

    class Meta:
        model = Question

    program = factory.SubFactory("tests.factories.programs.ProgramFactory")
    key = factory.Sequence(lambda n: f"question-{n}")
    kind = QuestionKind.SHORT_TEXT
    label_sv = factory.Sequence(lambda n: f"Fråga {n}")
    label_en = factory.Sequence(lambda n: f"Question {n}")
    order = factory.Sequence(lambda n: n)


class QuestionOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionOption

    question = factory.SubFactory(QuestionFactory, kind=QuestionKind.CHOICE)
    value = factory.Sequence(lambda n: f"option-{n}")
    label_sv = factory.LazyAttribute(lambda o: f"Alternativ {o.value}")
    label_en = factory.LazyAttribute(lambda o: f"Option {o.value}")
    order = factory.Sequence(lambda n: n)


def choice_question(program, key: str, values: list[str], **fields) -> Question:
    """A one-choice question with options `values` (labels in both languages the values)."""
    question = QuestionFactory(program=program, key=key, kind=QuestionKind.CHOICE, **fields)
    for order, value in enumerate(values):
        QuestionOptionFactory(question=question, value=value, label_sv=value, label_en=value, order=order)
    return question
