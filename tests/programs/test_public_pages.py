import pytest
from django.urls import reverse

from programs.models import Phase
from tests.factories import OrganisationFactory, ProgramFactory, RoundFactory, TopicFactory


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.fixture
def open_round(db):
    program = ProgramFactory(slug="omvant", name="Omvänt mentorskap")
    program.contacts.create(name="Lina Berglöf", email="lina@example.org", title="Projektledare")
    round_ = RoundFactory(program=program, slug="hosten", name="Hösten")
    round_.partners.add(OrganisationFactory(name="Ljusverket AB"))
    round_.topics.add(TopicFactory(program=program, name_sv="Hållbarhet", name_en="Sustainability"))
    return round_


@pytest.mark.django_db
def test_home_lists_open_and_upcoming_rounds_in_swedish_by_default(client, open_round):
    upcoming = RoundFactory(upcoming=True, name="Våren")
    RoundFactory(completed=True, name="Förra året")

    page = client.get("/").content.decode()

    assert "Öppna och kommande omgångar" in page
    assert open_round.name in page and upcoming.name in page
    assert "Förra året" not in page
    assert "Öppen för ansökningar" in page and "Kommande" in page
    assert "dagar" in page and "kvar" in page


@pytest.mark.django_db
def test_home_in_english_after_switching_language(client, open_round):
    page = english(client).get("/").content.decode()

    assert "Open and upcoming rounds" in page
    assert "Open for applications" in page
    assert '<html lang="en">' in page


@pytest.mark.django_db
def test_home_in_english_from_the_browser_language(client, open_round):
    page = client.get("/", headers={"accept-language": "en"}).content.decode()

    assert "Open and upcoming rounds" in page


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_home_runs_the_same_queries_for_any_number_of_rounds(client, django_assert_num_queries, rows):
    rounds = RoundFactory.create_batch(rows)

    with django_assert_num_queries(1):
        page = client.get("/").content.decode()
    assert all(round_.name in page for round_ in rounds)


@pytest.mark.django_db
def test_program_page_shows_description_rounds_and_contacts(client, open_round):
    RoundFactory(program=open_round.program, completed=True, name="Hösten 2025")

    page = client.get(open_round.program.get_absolute_url()).content.decode()

    assert "Unga ledare möter seniora ledare." in page
    assert "Hösten 2025" in page and "Avslutad" in page
    assert "Lina Berglöf" in page and "Frågor? Kontakta oss" in page


@pytest.mark.django_db
def test_program_page_in_english(client, open_round):
    page = english(client).get(open_round.program.get_absolute_url()).content.decode()

    assert "Young leaders meet senior leaders." in page
    assert "Questions? Contact us" in page


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_program_page_queries_do_not_grow_with_rounds(client, django_assert_num_queries, rows):
    program = ProgramFactory()
    rounds = RoundFactory.create_batch(rows, program=program)

    with django_assert_num_queries(4):
        page = client.get(program.get_absolute_url()).content.decode()
    assert all(round_.name in page for round_ in rounds)


@pytest.mark.django_db
def test_round_page_shows_everything_an_applicant_needs(client, open_round):
    page = client.get(open_round.get_absolute_url()).content.decode()

    for text in [
        "En omgång på sex månader.",
        "Tidslinje",
        'class="today-marker"',
        "Sista ansökningsdag",
        "svensk tid",
        "kvar",
        "Hållbarhet",
        "Ljusverket AB",
        "Lina Berglöf",
        "Ansök som Mentor",
        "Ansök som Adept",
    ]:
        assert text in page, text
    assert reverse("applications:start", kwargs={"slug": "hosten", "role": "mentor"}) in page
    assert reverse("applications:start", kwargs={"slug": "hosten", "role": "mentee"}) in page
    assert "programs/countdown.js" in page


@pytest.mark.django_db
def test_round_page_in_english_uses_the_programs_english_labels(client, open_round):
    page = english(client).get(open_round.get_absolute_url()).content.decode()

    assert "Apply as Mentor" in page and "Apply as Mentee" in page
    assert "Timeline" in page and "Sustainability" in page and "left" in page


@pytest.mark.django_db
def test_apply_button_shows_only_for_a_role_still_open(client, open_round):
    open_round.mentor_deadline = open_round.applications_open
    open_round.save()

    page = client.get(open_round.get_absolute_url()).content.decode()

    assert "Ansök som Adept" in page
    assert "Ansök som Mentor" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("trait", ["upcoming", "screening", "completed"])
def test_no_apply_buttons_outside_the_open_phase(client, trait):
    round_ = RoundFactory(**{trait: True})

    page = client.get(round_.get_absolute_url()).content.decode()

    assert "Ansök som" not in page


@pytest.mark.django_db
def test_upcoming_round_offers_the_interest_form_and_open_round_does_not(client, open_round):
    upcoming = RoundFactory(upcoming=True)

    assert "Meddela mig när ansökan öppnar" in client.get(upcoming.get_absolute_url()).content.decode()
    assert "Meddela mig" not in client.get(open_round.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_completed_round_marks_every_step_past(client):
    round_ = RoundFactory(completed=True)

    page = client.get(round_.get_absolute_url()).content.decode()

    assert page.count('<li class="past"') == 10
    assert round_.phase == Phase.COMPLETED


@pytest.mark.django_db
def test_unpublished_round_is_not_found(client, admin_client):
    round_ = RoundFactory(is_published=False)

    assert client.get(round_.get_absolute_url()).status_code == 404
    assert admin_client.get(round_.get_absolute_url()).status_code == 404
    assert client.get(round_.program.get_absolute_url()).status_code == 404
    assert round_.name not in client.get("/").content.decode()


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(client, open_round):
    for url in ["/", open_round.get_absolute_url(), open_round.program.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "<script>" not in page and "style=" not in page and "<style" not in page
