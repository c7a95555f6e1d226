"""A pair member finds the pair page: the menu, "My applications", the confirmation page, e-mails."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching import services as matching_services
from matching.models import MatchRun, Pair
from tests.factories import ApplicationFactory, PairFactory, RoundFactory, UserFactory

MENU_LINK = 'class="nav-link" href="{}"'


def pair_url(pair):
    return reverse("pairs:pair", kwargs={"pk": pair.pk})


@pytest.mark.parametrize("state", ["proposed", "confirmed", "active", "completed"])
def test_a_member_of_a_published_pair_has_my_pair_in_the_menu(client, make_pair, state):
    pair = make_pair(state=state)
    client.force_login(pair.mentee_application.applicant)

    html = client.get(reverse("programs:home")).content.decode()

    assert MENU_LINK.format(pair_url(pair)) + ">Mitt par</a>" in html


@pytest.mark.parametrize("state", ["draft", "declined", "ended_early"])
def test_no_my_pair_for_a_draft_declined_or_ended_pair(client, make_pair, state):
    pair = make_pair(state=state)
    client.force_login(pair.mentor_application.applicant)

    html = client.get(reverse("programs:home")).content.decode()

    assert "Mitt par" not in html and "Mina par" not in html


def test_a_mentor_with_two_mentees_gets_a_list_of_both_pairs(client, make_pair, round_):
    first = make_pair("Alva Berg", "Bengt Ceder")
    mentee = ApplicationFactory(round=round_, accepted=True, full_name="Cecilia Dahl")
    second = PairFactory(round=round_, mentor_application=first.mentor_application, mentee_application=mentee)
    client.force_login(first.mentor_application.applicant)

    home = client.get(reverse("programs:home")).content.decode()
    mine = client.get(reverse("pairs:mine")).content.decode()

    assert MENU_LINK.format(reverse("pairs:mine")) + ">Mina par</a>" in home
    assert pair_url(first) in mine and pair_url(second) in mine


def test_my_pairs_goes_straight_to_the_only_pair(client, make_pair):
    pair = make_pair()
    client.force_login(pair.mentee_application.applicant)

    response = client.get(reverse("pairs:mine"))

    assert response.status_code == 302 and response.url == pair_url(pair)


def test_my_applications_links_to_the_pair_page(client, make_pair):
    pair = make_pair()
    client.force_login(pair.mentee_application.applicant)

    html = client.get(reverse("applications:mine")).content.decode()

    assert f'class="btn btn-primary" href="{pair_url(pair)}">Öppna er parsida' in html


def test_an_applicant_without_a_pair_has_no_pair_link(client, round_):
    application = ApplicationFactory(round=round_)
    client.force_login(application.applicant)

    html = client.get(reverse("applications:mine")).content.decode()

    assert "/pairs/" not in html


def test_another_user_cannot_see_the_pair_page(client, make_pair):
    pair = make_pair()
    client.force_login(UserFactory())

    assert client.get(pair_url(pair)).status_code == 404
    assert client.get(reverse("pairs:meeting_add", kwargs={"pk": pair.pk})).status_code == 404


def test_the_member_of_another_pair_cannot_see_this_pair(client, make_pair):
    pair, other = make_pair(), make_pair()
    client.force_login(other.mentee_application.applicant)

    assert client.get(pair_url(pair)).status_code == 404


def respond_url(pair, role):
    return reverse("matching:respond", args=[pair.pk, matching_services.response_token(pair, role)])


def test_the_confirmation_page_links_to_the_pair_page_once_confirmed(client, db):
    announced = RoundFactory(anchor=timezone.now().replace(microsecond=0) - timedelta(days=32))
    pair = PairFactory(
        round=announced, state=Pair.State.PROPOSED, mentor_confirmed_at=None, mentee_confirmed_at=None
    )

    before = client.get(respond_url(pair, "mentee")).content.decode()
    client.post(reverse("matching:confirm", args=[pair.pk, matching_services.response_token(pair, "mentee")]))
    after = client.get(respond_url(pair, "mentee")).content.decode()

    assert f'href="{pair_url(pair)}"' not in before
    assert f'href="{pair_url(pair)}">Gå till er parsida' in after


def test_the_introduction_e_mail_links_to_the_pair_page(
    make_pair, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://mentor.example.org"
    pair = make_pair(state=Pair.State.DRAFT, published_at=None)
    run = MatchRun.objects.create(round=pair.round, status=MatchRun.Status.DRAFT)
    Pair.objects.filter(pk=pair.pk).update(run=run)

    with django_capture_on_commit_callbacks(execute=True):
        matching_services.publish_run(run)

    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert f"https://mentor.example.org{pair_url(pair)}" in message.body
        html = message.alternatives[0][0]
        assert re.search(rf'href="https://mentor.example.org{pair_url(pair)}"[^>]*>er parsida</a>', html)
