"""Messages to a chosen group: who gets them, once, and who can read the history."""

import pytest
from django.urls import reverse

from communication import audiences
from communication.audiences import Audience
from communication.models import Message
from notifications.models import Notification
from tests.factories import ApplicationFactory, OrganisationFactory, PairFactory, RoundFactory, UserFactory


@pytest.fixture
def people(round_):
    """A round with people in every situation, and one person of another program's round."""
    partner = OrganisationFactory(name="Ljus AB")
    round_.partners.add(partner)
    pair = PairFactory(round=round_, state="active")
    return {
        "mentor_in_pair": pair.mentor_application,
        "mentee_in_pair": pair.mentee_application,
        "unmatched": ApplicationFactory(round=round_, accepted=True, organisation=partner),
        "waitlisted": ApplicationFactory(round=round_, waitlisted=True, mentor=True),
        "rejected": ApplicationFactory(round=round_, rejected=True),
        "submitted": ApplicationFactory(round=round_),
        "draft": ApplicationFactory(round=round_, draft=True),
        "withdrawn": ApplicationFactory(round=round_, withdrawn=True),
        "elsewhere": ApplicationFactory(round=RoundFactory(), accepted=True, organisation=partner),
    }


def reached(round_, people, **choice):
    found = set(audiences.recipients(round_, Audience(**choice)).values_list("pk", flat=True))
    return {name for name, application in people.items() if application.pk in found}


def test_no_filter_reaches_everyone_who_applied_to_the_round(round_, people):
    assert reached(round_, people) == {
        "mentor_in_pair",
        "mentee_in_pair",
        "unmatched",
        "waitlisted",
        "rejected",
        "submitted",
    }


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"roles": ["mentor"]}, {"mentor_in_pair", "waitlisted"}),
        ({"decisions": ["waitlisted", "rejected"]}, {"waitlisted", "rejected"}),
        ({"pair_states": ["active"]}, {"mentor_in_pair", "mentee_in_pair"}),
        ({"pair_states": ["unmatched"]}, {"unmatched"}),
        ({"decisions": ["accepted"], "roles": ["mentee"]}, {"mentee_in_pair", "unmatched"}),
    ],
)
def test_each_filter(round_, people, choice, expected):
    assert reached(round_, people, **choice) == expected


def test_partner_organisation_and_hand_picked_never_reach_another_round(round_, people):
    partner = people["unmatched"].organisation
    assert reached(round_, people, organisations=[partner.pk]) == {"unmatched"}
    picked = [people["rejected"].pk, people["elsewhere"].pk, people["draft"].pk]
    assert reached(round_, people, applications=picked) == {"rejected"}
    assert reached(round_, people, roles=["mentor"], applications=picked) == {
        "mentor_in_pair",
        "waitlisted",
        "rejected",
    }


@pytest.fixture
def compose_url(round_):
    return reverse("admin:communication_message_compose", args=[round_.pk])


def message_data(**extra):
    return {
        "pair_states": ["active"],
        "subject_sv": "Hej {first_name}",
        "body_sv": "Kom på uppstarten! Hälsa {pair_name}.\n\n{link}",
        "subject_en": "Hello {first_name}",
        "body_en": "Come to the kickoff! Say hello to {pair_name}.\n\n{link}",
        "token": "a" * 32,
        **extra,
    }


def test_preview_shows_the_count_and_both_languages(client, coordinator, people, compose_url):
    client.force_login(coordinator)
    response = client.post(compose_url, message_data(_preview="1"))
    page = response.content.decode()
    assert response.context["count"] == 2
    assert "2 personer får det här meddelandet." in page
    assert "Come to the kickoff!" in page and "Kom på uppstarten!" in page
    assert not Notification.objects.exists()


def test_a_double_submitted_message_sends_once(
    client, coordinator, people, compose_url, mailoutbox, django_capture_on_commit_callbacks
):
    people["mentee_in_pair"].applicant.preferred_language = "en"
    people["mentee_in_pair"].applicant.save()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(compose_url, message_data(_send="1"))
        second = client.post(compose_url, message_data(_send="1"))
    assert first.status_code == second.status_code == 302
    assert Message.objects.count() == 1
    assert sorted(mail.subject for mail in mailoutbox) == sorted(
        [
            f"Hej {people['mentor_in_pair'].full_name.split()[0]}",
            f"Hello {people['mentee_in_pair'].full_name.split()[0]}",
        ]
    )
    english = next(mail for mail in mailoutbox if mail.subject.startswith("Hello"))
    assert f"Say hello to {people['mentor_in_pair'].full_name}." in english.body


def test_unknown_placeholders_are_refused_and_nothing_is_sent(client, coordinator, people, compose_url):
    client.force_login(coordinator)
    response = client.post(compose_url, message_data(body_sv="Hej {förnamn} {name.__len__}", _send="1"))
    assert response.status_code == 200
    assert not Message.objects.exists()


def test_history_is_for_the_programs_coordinators_and_leads(
    client, coordinator, lead, other_coordinator, people, compose_url
):
    client.force_login(coordinator)
    client.post(compose_url, message_data(_send="1"))
    message = Message.objects.get()
    change = reverse("admin:communication_message_change", args=[message.pk])
    client.force_login(lead)
    page = client.get(change).content.decode()
    assert people["mentor_in_pair"].full_name in page
    assert client.get(compose_url).status_code == 403  # leads read, coordinators write
    client.force_login(other_coordinator)
    assert client.get(change).status_code == 404
    assert client.get(compose_url).status_code == 404
    listing = client.get(reverse("admin:communication_message_changelist"))
    assert list(listing.context["cl"].result_list) == []


@pytest.mark.parametrize("messages", [1, 3])
def test_history_list_query_count_does_not_grow(
    client, coordinator, round_, messages, django_assert_num_queries
):
    from django.utils import timezone

    from communication.messages import Texts, send_message

    ApplicationFactory(round=round_, applicant=UserFactory())
    for n in range(messages):
        send_message(
            round_,
            audience=Audience(),
            texts=Texts(f"Ämne {n}", "x", f"Subject {n}", "x"),
            token=f"t{n}",
            actor=coordinator,
            at=timezone.now(),
        )
    client.force_login(coordinator)
    url = reverse("admin:communication_message_changelist")
    client.get(url)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert all(f"Ämne {n}" in response.content.decode() for n in range(messages))


def test_a_pair_name_for_people_in_no_pair_is_refused_before_anything_is_sent(
    client, coordinator, people, compose_url
):
    client.force_login(coordinator)
    everyone = message_data(pair_states=["active", "unmatched"], _send="1")
    response = client.post(compose_url, everyone)
    page = response.content.decode()
    assert response.status_code == 200 and not Message.objects.exists()
    assert "1 mottagare är inte i något par nu och skulle läsa ett tomt {pair_name}" in page
    without = everyone | {
        "body_sv": "Kom på uppstarten!\n\n{link}",
        "body_en": "Come to the kickoff!\n\n{link}",
    }
    assert client.post(compose_url, without).status_code == 302  # the same group, without the name
    assert Message.objects.count() == 1
