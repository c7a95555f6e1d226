import pytest

from programs.models import RoundInterest
from tests.factories import RoundFactory


def interest_url(round_):
    return f"/round/{round_.slug}/interest/"


@pytest.fixture
def upcoming(db):
    return RoundFactory(upcoming=True, slug="varen")


@pytest.mark.django_db
def test_interest_form_keeps_the_address_and_the_language(client, upcoming):
    response = client.post(interest_url(upcoming), {"email": "Nyfiken@Example.org"}, follow=True)

    interest = RoundInterest.objects.get()
    assert (interest.round, interest.email, interest.language) == (upcoming, "nyfiken@example.org", "sv")
    assert "Tack! Vi mejlar dig när ansökan öppnar." in response.content.decode()


@pytest.mark.django_db
def test_interest_in_english_is_kept_with_english(client, upcoming):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.post(interest_url(upcoming), {"email": "curious@example.org"}, follow=True)

    assert RoundInterest.objects.get().language == "en"
    assert "Thank you! We will e-mail you when applications open." in response.content.decode()


@pytest.mark.django_db
def test_same_address_twice_is_a_friendly_success_with_one_row(client, upcoming):
    client.post(interest_url(upcoming), {"email": "a@example.org"})
    second = client.post(interest_url(upcoming), {"email": "A@example.org"}, follow=True)

    assert RoundInterest.objects.count() == 1
    assert second.status_code == 200
    assert "Tack!" in second.content.decode()


@pytest.mark.django_db
def test_invalid_address_shows_the_form_again_with_an_error(client, upcoming):
    response = client.post(interest_url(upcoming), {"email": "not-an-address"})

    assert response.status_code == 400
    assert "not-an-address" in response.content.decode()
    assert RoundInterest.objects.count() == 0


@pytest.mark.django_db
def test_filled_honeypot_stores_nothing_but_looks_the_same(client, upcoming):
    response = client.post(
        interest_url(upcoming), {"email": "bot@example.org", "website": "spam"}, follow=True
    )

    assert RoundInterest.objects.count() == 0
    assert "Tack!" in response.content.decode()


@pytest.mark.django_db
def test_interest_in_an_open_round_is_not_stored(client):
    round_ = RoundFactory()

    client.post(interest_url(round_), {"email": "late@example.org"})

    assert RoundInterest.objects.count() == 0


@pytest.mark.django_db
def test_interest_in_an_unpublished_round_is_not_found(client):
    round_ = RoundFactory(upcoming=True, is_published=False)

    assert client.post(interest_url(round_), {"email": "a@example.org"}).status_code == 404


@pytest.mark.django_db
def test_interest_form_only_accepts_post(client, upcoming):
    assert client.get(interest_url(upcoming)).status_code == 405
