import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import State
from tests.factories import ApplicationFactory, OrganisationFactory, ReviewFactory, RoundFactory

CHANGELIST = "admin:applications_application_changelist"
EXPORT = "admin:applications_application_export"


@pytest.fixture
def blind_round(round_):
    round_.blind_screening = True
    round_.save()
    return round_


@pytest.fixture
def hidden(blind_round):
    organisation = OrganisationFactory(name="Hemligbolaget AB")
    return ApplicationFactory(
        round=blind_round, full_name="Hedda Hemlig", email="hedda@example.org", organisation=organisation
    )


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_blind_list_shows_applicant_number_not_name_or_organisation(coordinator_client, hidden):
    content = coordinator_client.get(reverse(CHANGELIST)).content.decode()
    assert f"#{hidden.pk}" in content
    assert "Hedda" not in content
    assert "hedda@example.org" not in content
    assert "Hemligbolaget" not in content


def test_blind_page_hides_identity(coordinator_client, hidden):
    content = coordinator_client.get(
        reverse("admin:applications_application_change", args=[hidden.pk])
    ).content
    content = content.decode()
    assert f"#{hidden.pk}" in content
    for secret in ("Hedda", "hedda@example.org", "Hemligbolaget"):
        assert secret not in content


@pytest.mark.parametrize("term", ["Hedda", "hedda@example.org", "Hemligbolaget"])
def test_blind_search_by_identity_finds_nothing(coordinator_client, hidden, term):
    response = coordinator_client.get(reverse(CHANGELIST), {"q": term})
    assert list(response.context["cl"].result_list) == []


def test_blind_organisation_filter_neither_lists_nor_filters_hidden_organisations(
    coordinator_client, hidden, round_
):
    open_round = RoundFactory(program=round_.program)
    ApplicationFactory.create_batch(2, round=open_round)  # two visible organisations: the filter shows
    content = coordinator_client.get(reverse(CHANGELIST)).content.decode()
    assert "Hemligbolaget" not in content
    response = coordinator_client.get(
        reverse(CHANGELIST), {"organisation__id__exact": hidden.organisation_id}
    )
    assert list(response.context["cl"].result_list) == []


def test_blind_export_leaves_identity_out(coordinator_client, hidden):
    columns = ["id", "applicant", "email", "phone", "organisation"]
    content = coordinator_client.get(reverse(EXPORT), {"columns": columns}).content.decode("utf-8-sig")
    assert f"#{hidden.pk}" in content
    for secret in ("Hedda", "hedda@example.org", "Hemligbolaget"):
        assert secret not in content


def test_identity_shows_after_release(coordinator_client, hidden):
    hidden.state = State.ACCEPTED
    hidden.notified_state = State.ACCEPTED
    hidden.decision_released_at = timezone.now()
    hidden.save()
    content = coordinator_client.get(reverse(CHANGELIST)).content.decode()
    assert "Hedda Hemlig" in content and "Hemligbolaget" in content


def test_open_round_shows_identity(coordinator_client, round_):
    ApplicationFactory(round=round_, full_name="Öppen Person")
    assert "Öppen Person" in coordinator_client.get(reverse(CHANGELIST)).content.decode()


def test_export_is_utf8_with_bom_and_chosen_columns(coordinator_client, round_):
    ApplicationFactory(round=round_, full_name="Åsa Öberg")
    response = coordinator_client.get(reverse(EXPORT), {"columns": ["applicant", "state"]})
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == ["Sökande,Status", "Åsa Öberg,Inskickad"] or lines[1] == "Åsa Öberg,Submitted"


def test_export_hides_others_scores_until_i_have_scored(coordinator_client, coordinator, round_):
    unscored = ApplicationFactory(round=round_)
    ReviewFactory(application=unscored, total=2)
    scored = ApplicationFactory(round=round_)
    ReviewFactory(application=scored, total=2)
    ReviewFactory(application=scored, reviewer=coordinator, total=4)
    response = coordinator_client.get(reverse(EXPORT), {"columns": ["id", "average", "spread", "my_score"]})
    rows = {
        line.split(",")[0]: line.split(",")[1:]
        for line in response.content.decode("utf-8-sig").splitlines()[1:]
    }
    assert rows[str(unscored.pk)] == ["", "", ""]
    assert rows[str(scored.pk)] == ["3.00", "1.00", "4.00"]


def test_export_follows_the_list_filters(coordinator_client, round_):
    mentor = ApplicationFactory(round=round_, role="mentor")
    ApplicationFactory(round=round_)
    ApplicationFactory(round=RoundFactory(program=round_.program))
    response = coordinator_client.get(
        reverse(EXPORT),
        {"columns": ["id"], "_changelist_filters": f"role__exact=mentor&round__id__exact={round_.pk}"},
    )
    assert response.content.decode("utf-8-sig").splitlines()[1:] == [str(mentor.pk)]


def test_export_without_columns_shows_the_picker(coordinator_client):
    response = coordinator_client.get(reverse(EXPORT))
    assert response.status_code == 200
    assert "columns" in response.context["form"].fields


@pytest.mark.parametrize("rows", [1, 3])
def test_export_query_count_does_not_grow_with_rows(
    coordinator_client, round_, rows, django_assert_num_queries
):
    made = [ApplicationFactory(round=round_) for _ in range(rows)]
    coordinator_client.get(reverse(EXPORT))
    with django_assert_num_queries(17):
        response = coordinator_client.get(
            reverse(EXPORT), {"columns": ["id", "applicant", "topics", "average"]}
        )
    csv = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert all(application.full_name in csv for application in made)


def test_blind_history_page_hides_the_name(coordinator_client, hidden):
    url = reverse("admin:applications_application_history", args=[hidden.pk])
    content = coordinator_client.get(url).content.decode()
    assert "Hedda" not in content
