"""Next year's form starts from the applicant's own last application in the program, nobody else's."""

import pytest
from django.urls import reverse

from applications.models import Application
from tests.factories import ApplicationFactory, OrganisationFactory, RoundFactory, TopicFactory

pytestmark = pytest.mark.django_db


def start(client, round_, role="mentee"):
    return client.post(reverse("applications:start", kwargs={"slug": round_.slug, "role": role}), follow=True)


@pytest.fixture
def last_round(round_):
    return RoundFactory(program=round_.program, completed=True, name="Hösten 2025")


def test_the_new_form_starts_from_my_own_last_application(client, applicant, round_, last_round):
    topic, gone = TopicFactory(program=round_.program), TopicFactory(program=round_.program)
    round_.topics.add(topic)
    mine = ApplicationFactory(
        round=last_round,
        applicant=applicant,
        title="Verksamhetschef",
        motivation="Jag vill fortsätta lära mig.",
        organisation=OrganisationFactory(name="Min arbetsplats"),
        answers={"years": "5"},
    )
    mine.topics.set([topic, gone])
    client.force_login(applicant)

    response = start(client, round_)

    new = Application.objects.get(round=round_)
    assert (new.title, new.motivation, new.organisation) == (
        "Verksamhetschef",
        "Jag vill fortsätta lära mig.",
        mine.organisation,
    )
    assert new.answers == {"years": "5"}
    assert list(new.topics.all()) == [topic]  # only what this round offers
    assert new.state == "draft" and new.consent_at is None  # consent is given again
    assert "Hösten 2025" in response.content.decode()  # "Dina svar från Hösten 2025 är ifyllda"
    assert "Verksamhetschef" in response.content.decode()


def test_nobody_elses_application_is_used(client, applicant, other_applicant, round_, last_round):
    ApplicationFactory(round=last_round, applicant=other_applicant, title="Någon annans titel")
    ApplicationFactory(round=RoundFactory(completed=True), applicant=applicant, title="Annat program")
    ApplicationFactory(round=last_round, applicant=applicant, role="mentor", title="Som mentor")
    client.force_login(applicant)

    response = start(client, round_)

    new = Application.objects.get(round=round_, applicant=applicant)
    assert new.title == "" and new.motivation == ""
    page = response.content.decode()
    assert "Någon annans titel" not in page and "Annat program" not in page and "Som mentor" not in page


def test_an_anonymised_application_is_not_used(client, applicant, round_, last_round):
    from django.utils import timezone

    ApplicationFactory(round=last_round, applicant=applicant, title="Raderad", anonymised_at=timezone.now())
    client.force_login(applicant)

    start(client, round_)

    assert Application.objects.get(round=round_).title == ""
