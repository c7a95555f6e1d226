from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.demo import founding_questions
from applications.models import Application, State, StateChange
from notifications.models import Notification
from programs.models import Eligibility, EligibilityEntry, Role
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    QuestionFactory,
    RoundFactory,
    TopicFactory,
)

from .helpers import mentee_answers, mentor_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(applicant, round_):
    return ApplicationFactory(
        round=round_, applicant=applicant, draft=True, motivation="", consent_at=None, is_eligible=None
    )


@pytest.fixture
def founding(round_):
    """The founding program's own questions on the round's program."""
    founding_questions(round_.program)
    return round_.program


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def edit_url(application):
    return reverse("applications:edit", kwargs={"pk": application.pk})


def submit_url(application):
    return reverse("applications:submit", kwargs={"pk": application.pk})


# Starting


def start_url(round_, role="mentee"):
    return reverse("applications:start", kwargs={"slug": round_.slug, "role": role})


def test_start_creates_a_draft_and_opens_the_form(signed_in, applicant, round_):
    response = signed_in.post(start_url(round_))

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(application)
    assert (application.applicant, application.role, application.state) == (applicant, "mentee", "draft")
    assert application.email == applicant.email


def test_get_start_shows_a_button_and_creates_nothing(signed_in, round_):
    response = signed_in.get(start_url(round_))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'<form method="post" action="{start_url(round_)}"' in page
    assert "Påbörja ansökan" in page
    assert Application.objects.count() == 0


def test_get_start_opens_an_application_already_started(signed_in, round_):
    signed_in.post(start_url(round_))

    response = signed_in.get(start_url(round_))

    assert response["Location"] == edit_url(Application.objects.get())
    assert Application.objects.count() == 1


def test_round_page_starts_with_a_post_button(signed_in, round_):
    page = signed_in.get(round_.get_absolute_url()).content.decode()

    assert f'<form method="post" action="{start_url(round_)}">' in page
    assert f'href="{start_url(round_)}"' not in page


def test_starting_again_opens_the_same_application(signed_in, round_):
    first = signed_in.post(start_url(round_, "mentor"))
    second = signed_in.post(start_url(round_, "mentor"))

    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1


def test_start_as_the_other_role_is_a_second_application(signed_in, round_):
    signed_in.post(start_url(round_, "mentor"))
    signed_in.post(start_url(round_, "mentee"))

    assert sorted(Application.objects.values_list("role", flat=True)) == ["mentee", "mentor"]


def test_start_when_signed_out_goes_to_sign_in_and_back(client, round_):
    response = client.post(start_url(round_))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]
    assert Application.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_start_after_the_deadline_is_refused(signed_in, method):
    closed = RoundFactory(
        anchor=timezone.now() - timedelta(days=16)
    )  # the `screening` trait does not move the anchor

    response = getattr(signed_in, method)(start_url(closed))

    assert response.status_code == 302
    assert response["Location"] == closed.get_absolute_url()
    assert Application.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_start_with_unknown_role_is_404(signed_in, round_, method):
    response = getattr(signed_in, method)(start_url(round_, "boss"))

    assert response.status_code == 404


def test_start_in_unpublished_round_is_404(signed_in):
    hidden = RoundFactory(is_published=False)

    response = signed_in.post(start_url(hidden))

    assert response.status_code == 404


# The form


def test_form_has_sections_and_role_fields_for_mentee(signed_in, draft, founding):
    page = signed_in.get(edit_url(draft)).content.decode()

    for legend in [
        "Om dig",
        "Organisation och roll",
        "Mer om dig",
        "Motivation och mål",
        "Praktiskt",
        "Samtycke",
    ]:
        assert legend in page
    assert 'name="q_years_as_leader"' in page
    assert 'name="q_list_year"' not in page
    assert "Vi behandlar dina uppgifter" in page  # the program's privacy notice, inline
    assert 'class="honeypot"' in page


def test_form_for_mentor_asks_for_list_year(signed_in, applicant, round_, founding):
    application = ApplicationFactory(round=round_, applicant=applicant, mentor=True, draft=True)

    page = signed_in.get(edit_url(application)).content.decode()

    assert 'name="q_list_year"' in page
    assert "Vilket års lista finns du med på?" in page
    assert 'name="q_years_as_leader"' not in page


def test_form_offers_round_topics_and_partners(signed_in, draft, round_):
    topic = TopicFactory(program=round_.program, name_sv="Hållbarhet")
    partner = OrganisationFactory(name="Lysande Armatur AB")
    round_.topics.add(topic)
    round_.partners.add(partner)

    page = signed_in.get(edit_url(draft)).content.decode()

    assert "Hållbarhet" in page and "<legend>Ämnen</legend>" in page
    assert "Lysande Armatur AB" in page


def test_a_round_without_topics_shows_no_topics_section(signed_in, draft):
    page = signed_in.get(edit_url(draft)).content.decode()

    assert "<legend>Ämnen</legend>" not in page
    assert 'name="topics"' not in page
    assert "<legend>Praktiskt</legend>" in page


def _ticked(page: str, name: str) -> set[str]:
    """The values of the inputs called `name` that are checked."""
    tags = [tag.split(">", 1)[0] for tag in page.split("<input")[1:]]
    return {
        tag.split('value="', 1)[1].split('"', 1)[0]
        for tag in tags
        if f'name="{name}"' in tag and " checked" in tag
    }


def test_reopened_draft_shows_the_saved_choices(signed_in, draft, round_):
    chosen, other = TopicFactory(program=round_.program), TopicFactory(program=round_.program)
    round_.topics.add(chosen, other)
    signed_in.post(
        edit_url(draft),
        {
            "action": "save",
            "languages": ["sv", "fi"],
            "meeting_format": "remote",
            "availability": ["tue_pm"],
            "topics": [chosen.pk],
        },
    )

    page = signed_in.get(edit_url(draft)).content.decode()

    assert _ticked(page, "languages") == {"sv", "fi"}
    assert _ticked(page, "meeting_format") == {"remote"}
    assert _ticked(page, "availability") == {"tue_pm"}
    assert _ticked(page, "topics") == {str(chosen.pk)}


def test_saving_a_reopened_draft_unchanged_keeps_its_choices(signed_in, draft):
    signed_in.post(edit_url(draft), {"action": "save", "languages": ["en"], "availability": ["mon_am"]})
    page = signed_in.get(edit_url(draft)).content.decode()
    # What the browser sends back for the page as it is: the ticked boxes.
    resent = {"action": "save", "languages": sorted(_ticked(page, "languages"))}
    resent["availability"] = sorted(_ticked(page, "availability"))

    signed_in.post(edit_url(draft), resent)

    draft.refresh_from_db()
    assert (draft.languages, draft.availability) == (["en"], ["mon_am"])


@pytest.mark.parametrize("n", [1, 3])
def test_form_query_count_does_not_grow_with_topics_partners_and_questions(
    signed_in, draft, round_, n, django_assert_num_queries
):
    topics = TopicFactory.create_batch(n, program=round_.program)
    partners = OrganisationFactory.create_batch(n)
    questions = QuestionFactory.create_batch(n, program=round_.program)
    round_.topics.add(*topics)
    round_.partners.add(*partners)
    draft.topics.add(topics[0])

    # session, user, application, partners, questions and their options, topics, the
    # application's topics, the menu's pairs
    with django_assert_num_queries(9):
        page = signed_in.get(edit_url(draft)).content.decode()

    assert _ticked(page, "topics") == {str(topics[0].pk)}
    assert all(f'name="topics" value="{topic.pk}"' in page for topic in topics)
    assert all(f'<option value="{partner.pk}">{partner.name}</option>' in page for partner in partners)
    assert all(f'name="q_{question.key}"' in page for question in questions)


# Drafts


def test_save_draft_with_every_field_empty(signed_in, draft):
    response = signed_in.post(edit_url(draft), {"action": "save"})

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.state == State.DRAFT


def test_save_draft_keeps_what_was_typed(signed_in, draft):
    signed_in.post(edit_url(draft), {"motivation": "Halvfärdig tanke", "languages": ["sv"]})

    draft.refresh_from_db()
    assert draft.motivation == "Halvfärdig tanke"
    assert draft.languages == ["sv"]


def test_save_draft_records_consent_with_version_and_time(signed_in, draft, round_):
    round_.program.privacy_notice_version = "3"
    round_.program.save()

    signed_in.post(edit_url(draft), {"consent": "on"})

    draft.refresh_from_db()
    assert draft.consent_version == "3"
    assert draft.consent_at is not None


# Submitting


def test_submit_moves_draft_to_submitted(signed_in, draft, applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(submit_url(draft), mentee_answers())

    draft.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", kwargs={"pk": draft.pk})
    assert draft.state == State.SUBMITTED
    assert draft.submitted_at is not None
    assert draft.is_eligible is True
    assert draft.organisation_name == "Påhittade Verkstäder AB"
    assert list(StateChange.objects.values_list("from_state", "to_state", "actor")) == [
        ("draft", "submitted", applicant.pk)
    ]


def test_failed_submit_shows_every_error_and_keeps_the_draft(signed_in, draft):
    data = mentee_answers(title="", motivation="", languages=None, consent=None, full_name="Typad Text")

    response = signed_in.post(submit_url(draft), data)

    page = response.content.decode()
    draft.refresh_from_db()
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "motivation", "languages", "consent"}
    assert page.count("Detta fält måste fyllas i.") == 4
    assert 'value="Typad Text"' in page
    assert draft.state == State.DRAFT
    assert draft.full_name == "Typad Text"  # what was typed is saved as the draft


def test_failed_submit_of_other_organisation_needs_its_name(signed_in, draft):
    response = signed_in.post(submit_url(draft), mentee_answers(organisation_name=""))

    assert list(response.context["form"].errors) == ["organisation_name"]


def test_mentee_must_give_years_as_leader(signed_in, draft, founding):
    response = signed_in.post(submit_url(draft), mentee_answers(q_years_as_leader=""))

    assert list(response.context["form"].errors) == ["q_years_as_leader"]


def test_mentee_answer_to_a_program_question_is_stored(signed_in, draft, founding):
    signed_in.post(submit_url(draft), mentee_answers(q_years_as_leader="15"))

    draft.refresh_from_db()
    assert (draft.state, draft.answers) == (State.SUBMITTED, {"years_as_leader": 15})


def test_errors_are_in_the_users_language(client, draft, applicant):
    applicant.preferred_language = "en"
    applicant.save()
    client.force_login(applicant)

    response = client.post(submit_url(draft), mentee_answers(title=""))

    assert "This field is required." in response.content.decode()


def test_a_required_mentor_question_is_required_of_mentors_only(client, applicant):
    round_ = RoundFactory(mentor_eligibility=Eligibility.LIST)
    QuestionFactory(program=round_.program, key="list_year", kind="number", asked_to="mentor", required=True)
    application = ApplicationFactory(round=round_, applicant=applicant, mentor=True, draft=True)
    mentee = ApplicationFactory(round=round_, applicant=applicant, draft=True)
    client.force_login(applicant)

    response = client.post(submit_url(application), mentor_answers(q_list_year=""))
    client.post(submit_url(mentee), mentee_answers())

    mentee.refresh_from_db()
    assert list(response.context["form"].errors) == ["q_list_year"]
    assert mentee.state == State.SUBMITTED


def test_submit_sends_exactly_one_confirmation_even_twice(
    signed_in, draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(submit_url(draft), mentee_answers())
        signed_in.post(submit_url(draft), mentee_answers())

    assert len(mailoutbox) == 1
    assert Notification.objects.get().key == f"application-submitted:{draft.pk}"
    assert mailoutbox[0].to == [draft.email]


def test_confirmation_is_in_the_applicants_language_with_swedish_deadline(
    client, applicant, mailoutbox, django_capture_on_commit_callbacks, clock
):
    # A winter deadline next year (whatever today is), submitted 11 days before it.
    deadline = datetime(timezone.now().year + 1, 12, 1, 11, 0, tzinfo=UTC)
    clock.freeze(deadline - timedelta(days=11))
    applicant.preferred_language = "en"
    applicant.save()
    round_ = RoundFactory()
    round_.mentee_deadline = deadline
    round_.applications_open = round_.mentee_deadline - timedelta(days=400)
    round_.save()
    application = ApplicationFactory(round=round_, applicant=applicant, draft=True)
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(submit_url(application), mentee_answers())

    assert "is submitted" in mailoutbox[0].subject
    assert "12:00" in mailoutbox[0].body  # 11:00 UTC is 12:00 in Stockholm in winter
    assert "What happens next" in mailoutbox[0].body


def test_honeypot_filled_is_refused(signed_in, draft):
    response = signed_in.post(submit_url(draft), mentee_answers(leave_empty="http://spam.example"))

    draft.refresh_from_db()
    assert "leave_empty" in response.context["form"].errors
    assert draft.state == State.DRAFT


def test_submit_is_rate_limited_per_ip(signed_in, draft):
    codes = [signed_in.post(submit_url(draft), {"title": ""}).status_code for _ in range(31)]

    assert codes[:30] == [200] * 30
    assert codes[30] == 429


def test_submit_without_csrf_token_is_refused(applicant, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)

    response = client.post(submit_url(draft), mentee_answers())

    draft.refresh_from_db()
    assert response.status_code == 403
    assert draft.state == State.DRAFT


def test_save_draft_without_csrf_token_is_refused(applicant, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)

    response = client.post(edit_url(draft), {"motivation": "x"})

    assert response.status_code == 403


# Eligibility


@pytest.fixture
def list_round(db):
    return RoundFactory(mentee_eligibility=Eligibility.LIST)


def test_applicant_on_the_list_is_eligible(client, applicant, list_round):
    EligibilityEntry.objects.create(round=list_round, role=Role.MENTEE, email="APPLICANT@example.org")
    application = ApplicationFactory(round=list_round, applicant=applicant, draft=True)
    client.force_login(applicant)

    client.post(submit_url(application), mentee_answers())

    application.refresh_from_db()
    assert (application.is_eligible, application.eligibility_note) == (True, "")


def test_applicant_not_on_the_list_still_submits_flagged(client, applicant, list_round):
    EligibilityEntry.objects.create(round=list_round, role=Role.MENTOR, email=applicant.email)
    application = ApplicationFactory(round=list_round, applicant=applicant, draft=True)
    client.force_login(applicant)

    response = client.post(submit_url(application), mentee_answers(), follow=True)

    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.is_eligible is False
    assert application.eligibility_note != ""
    assert "inte på omgångens lista" in response.content.decode()


def test_partner_rule_checks_the_organisation(client, applicant):
    round_ = RoundFactory(mentee_eligibility=Eligibility.PARTNER)
    partner = OrganisationFactory()
    round_.partners.add(partner)
    application = ApplicationFactory(round=round_, applicant=applicant, draft=True)
    client.force_login(applicant)

    client.post(submit_url(application), mentee_answers(organisation_choice=str(partner.pk)))

    application.refresh_from_db()
    assert application.organisation == partner
    assert application.is_eligible is True


def test_partner_rule_flags_other_organisation(client, applicant):
    round_ = RoundFactory(mentee_eligibility=Eligibility.PARTNER)
    round_.partners.add(OrganisationFactory())
    application = ApplicationFactory(round=round_, applicant=applicant, draft=True)
    client.force_login(applicant)

    client.post(submit_url(application), mentee_answers())

    application.refresh_from_db()
    assert (application.state, application.is_eligible) == (State.SUBMITTED, False)


# Editing after submit


def test_edit_after_submit_stays_submitted(signed_in, applicant, round_):
    application = ApplicationFactory(round=round_, applicant=applicant)

    response = signed_in.post(edit_url(application), mentee_answers(motivation="Ny motivering"))

    application.refresh_from_db()
    assert response.status_code == 302
    assert (application.state, application.motivation) == (State.SUBMITTED, "Ny motivering")


def test_invalid_edit_after_submit_keeps_the_submitted_answers(signed_in, applicant, round_):
    application = ApplicationFactory(round=round_, applicant=applicant, motivation="Giltig")

    response = signed_in.post(submit_url(application), mentee_answers(motivation=""))

    application.refresh_from_db()
    assert response.status_code == 200
    assert (application.state, application.motivation) == (State.SUBMITTED, "Giltig")


def test_failed_submit_saves_the_valid_fields_even_when_one_is_malformed(signed_in, draft, founding):
    data = mentee_answers(q_years_as_leader="många", motivation="Sparas ändå", meeting_format="remote")

    response = signed_in.post(submit_url(draft), data)

    draft.refresh_from_db()
    assert "q_years_as_leader" in response.context["form"].errors
    assert 'value="många"' in response.content.decode()
    assert (draft.state, draft.motivation, draft.meeting_format) == (State.DRAFT, "Sparas ändå", "remote")
    assert draft.organisation_name == "Påhittade Verkstäder AB"


def test_failed_submit_by_a_bot_saves_nothing(signed_in, draft):
    signed_in.post(submit_url(draft), mentee_answers(leave_empty="x", title=""))

    draft.refresh_from_db()
    assert draft.title == "VD"
