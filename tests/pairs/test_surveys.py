import pytest
from django.urls import reverse

from pairs import selectors
from tests.factories import MeetingFactory, SurveyResponseFactory


@pytest.fixture
def pairs(make_pair):
    return [make_pair(f"Mentor {n}", f"Adept {n}") for n in range(6)]


def answer(pairs, n, *, role="mentee", kind="end", recommend=9, **kwargs):
    for pair in pairs[:n]:
        SurveyResponseFactory(pair=pair, role=role, kind=kind, recommend=recommend, **kwargs)


def group(round_, kind, role):
    return next(g for g in selectors.survey_aggregates(round_) if (g.kind, g.role) == (kind, role))


def test_group_with_fewer_answers_than_the_minimum_is_hidden(round_, pairs):
    answer(pairs, 4)

    result = group(round_, "end", "mentee")

    assert (result.answered, result.hidden, result.value("satisfaction"), result.value("recommend")) == (
        4,
        True,
        None,
        None,
    )


def test_group_reaching_the_minimum_is_shown(round_, pairs):
    answer(pairs, 5)

    result = group(round_, "end", "mentee")

    assert (result.answered, result.hidden, result.value("satisfaction"), result.value("recommend")) == (
        5,
        False,
        4.0,
        100,
    )


def test_minimum_group_size_is_configurable_per_program(round_, pairs):
    round_.program.min_group_size = 3
    round_.program.save()
    answer(pairs, 3, role="mentor")

    assert group(round_, "end", "mentor").hidden is False


def test_report_hides_small_groups(client, lead, round_, pairs):
    answer(pairs, 2, satisfaction=1, changed_perspective=1)
    client.force_login(lead)

    response = client.get(reverse("pairs:round_report", kwargs={"slug": round_.slug}))

    row = next(item for item in response.context["surveys"] if item["group"].answered == 2)
    assert row["group"].hidden is True
    assert "survey-hidden" in response.content.decode()


def test_nps_is_promoters_minus_detractors():
    assert selectors.nps(promoters=3, detractors=1, total=5) == 40
    assert selectors.nps(promoters=0, detractors=0, total=0) is None


def test_only_consented_quotes_reach_the_report(client, lead, round_, pairs):
    SurveyResponseFactory(pair=pairs[0], kind="end", quote="Det ändrade mitt ledarskap.", quote_consent=True)
    SurveyResponseFactory(pair=pairs[1], kind="end", quote="Hemligt citat.", quote_consent=False)
    for pair in pairs[2:5]:  # the group reaches the minimum of 5, so its quotes may be shown
        SurveyResponseFactory(pair=pair, kind="end")
    client.force_login(lead)

    html = client.get(reverse("pairs:round_report", kwargs={"slug": round_.slug})).content.decode()

    assert "Det ändrade mitt ledarskap." in html
    assert "Hemligt citat." not in html


def test_report_links_a_print_stylesheet(client, lead, round_, pairs):
    client.force_login(lead)

    html = client.get(reverse("pairs:round_report", kwargs={"slug": round_.slug})).content.decode()

    assert 'href="/static/pairs/print.css" media="print"' in html


@pytest.mark.parametrize("n_pairs", [1, 3])
def test_report_query_count_does_not_grow(
    client, lead, round_, make_pair, n_pairs, django_assert_num_queries
):
    for index in range(n_pairs):
        pair = make_pair(f"Mentor {index}")
        MeetingFactory(pair=pair)
        SurveyResponseFactory(pair=pair, kind="end", quote="Bra", quote_consent=True)
    client.force_login(lead)

    with django_assert_num_queries(15):  # the menu's "my pairs", the events and the survey questions included
        page = client.get(reverse("pairs:round_report", kwargs={"slug": round_.slug})).content.decode()
    assert all(f"Mentor {index}" in page for index in range(n_pairs))


def test_program_overview_shows_rounds_side_by_side(client, lead, round_, pairs):
    MeetingFactory.create_batch(3, pair=pairs[0])
    pairs[1].state = "completed"
    pairs[1].save()
    answer(pairs, 5, recommend=10)
    client.force_login(lead)

    response = client.get(reverse("pairs:program_overview", kwargs={"slug": round_.program.slug}))

    [summary] = response.context["summaries"]
    assert (summary.applications, summary.pairs, summary.meetings_per_pair) == (12, 6, 0.5)
    assert (summary.completion, summary.nps) == (17, 100)


@pytest.mark.parametrize("n_rounds", [1, 3])
def test_program_overview_query_count_does_not_grow(
    client, lead, round_, n_rounds, django_assert_num_queries
):
    from tests.factories import RoundFactory

    rounds = [round_, *(RoundFactory(program=round_.program) for _ in range(n_rounds - 1))]
    client.force_login(lead)

    with django_assert_num_queries(10):  # the menu's "my pairs" and the headline NPS question included
        page = client.get(
            reverse("pairs:program_overview", kwargs={"slug": round_.program.slug})
        ).content.decode()
    assert all(each.name in page for each in rounds)
