"""Factories for every model. Add new ones in the module of their app."""

from .accounts import StaffFactory, UserFactory  # noqa: F401
from .applications import (  # noqa: F401
    ApplicationFactory,
    QuestionFactory,
    QuestionOptionFactory,
    ReviewFactory,
    choice_question,
)
from .matching import MeetingFactory, PairFactory, SurveyResponseFactory  # noqa: F401
from .programs import (  # noqa: F401
    OrganisationFactory,
    ProgramFactory,
    ProgramMembershipFactory,
    RoundFactory,
    TopicFactory,
)
