import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory, MeetingFactory, ReviewFactory, SurveyResponseFactory


def dashboard_url(round_, **query):
    url = reverse("pairs:round_dashboard", kwargs={"slug": round_.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def test_dashboard_shows_funnel_timeline_and_pairs(client, lead, round_, make_pair):
    pair = make_pair("Alva Berg", "Bengt Ceder")
    MeetingFactory(pair=pair, date=days_ago(3))
    client.force_login(lead)

    response = client.get(dashboard_url(round_))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Alva Berg" in html
    assert "Bengt Ceder" in html
    assert 'aria-current="date"' in html  # today marked on the timeline
    assert "<svg" in html
    assert " style=" not in html
    assert [row.health for row in response.context["rows"]] == ["green"]


@pytest.mark.parametrize("n_pairs", [1, 3])
def test_dashboard_query_count_does_not_grow_with_pairs(
    client, lead, round_, make_pair, n_pairs, django_assert_num_queries
):
    for index in range(n_pairs):
        pair = make_pair(f"Mentor {index}", f"Adept {index}")
        MeetingFactory.create_batch(2, pair=pair)
        SurveyResponseFactory(pair=pair, kind="baseline")
    client.force_login(lead)

    with django_assert_num_queries(9):  # the menu's "my pairs" included, and the events
        response = client.get(dashboard_url(round_))

    assert len(response.context["rows"]) == n_pairs


@pytest.mark.parametrize("n_pairs", [1, 3])
def test_filtered_pairs_table_query_count_does_not_grow(
    client, lead, round_, make_pair, n_pairs, django_assert_num_queries
):
    for index in range(n_pairs):
        MeetingFactory(pair=make_pair(f"Mentor {index}", f"Adept {index}"), date=days_ago(1))
    client.force_login(lead)

    with django_assert_num_queries(10):  # the menu's "my pairs" included, and the events
        response = client.get(dashboard_url(round_, health="green", state="active", sort="mentor"))

    assert len(response.context["rows"]) == n_pairs


def test_sort_by_health_puts_stalled_pairs_first(client, lead, round_, make_pair):
    MeetingFactory(pair=make_pair("Green Mentor"), date=days_ago(2))
    make_pair("Red Mentor")  # no meeting since the kickoff 45 days ago: amber at 30+7 < 45 <= 60
    client.force_login(lead)

    response = client.get(dashboard_url(round_, sort="health"))

    assert [row.mentor_name for row in response.context["rows"]] == ["Red Mentor", "Green Mentor"]
    assert [row.health for row in response.context["rows"]] == ["amber", "green"]


def test_sort_by_name_descending(client, lead, round_, make_pair):
    make_pair("Anna")
    make_pair("Cecilia")
    make_pair("Beata")
    client.force_login(lead)

    response = client.get(dashboard_url(round_, sort="-mentor"))

    assert [row.mentor_name for row in response.context["rows"]] == ["Cecilia", "Beata", "Anna"]


def test_filter_by_health(client, lead, round_, make_pair):
    MeetingFactory(pair=make_pair("Green Mentor"), date=days_ago(2))
    make_pair("Amber Mentor")
    client.force_login(lead)

    response = client.get(dashboard_url(round_, health="amber"))

    assert [row.mentor_name for row in response.context["rows"]] == ["Amber Mentor"]


def test_visits_counted_per_workplace(client, lead, round_, make_pair):
    pair = make_pair()
    MeetingFactory(pair=pair, kind="visit_mentor")
    MeetingFactory(pair=pair, kind="visit_mentor")
    MeetingFactory(pair=pair, kind="visit_mentee")
    MeetingFactory(pair=pair, kind="meeting")
    client.force_login(lead)

    row = client.get(dashboard_url(round_)).context["rows"][0]

    assert (row.meetings, row.visits_mentor, row.visits_mentee) == (4, 2, 1)


def test_csv_export_has_bom_and_one_line_per_pair(client, coordinator, round_, make_pair):
    pair = make_pair("Åsa Öberg", "Örjan Ärlig")
    MeetingFactory(pair=pair, date=days_ago(4), kind="visit_mentee")
    client.force_login(coordinator)

    response = client.get(reverse("pairs:round_dashboard_csv", kwargs={"slug": round_.slug}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    lines = body.lstrip("\ufeff").splitlines()
    assert len(lines) == 2
    assert lines[1].split(",")[:2] == ["Åsa Öberg", pair.mentor_application.organisation.name]
    assert lines[1].split(",")[6:9] == ["1", "0", "1"]
    assert days_ago(4).isoformat() in lines[1]
    assert lines[1].split(",")[11] == "I fas"  # health, in Swedish: on track


@pytest.mark.parametrize(
    "name",
    ["pairs:round_dashboard", "pairs:round_dashboard_csv", "pairs:round_report"],
)
def test_lead_of_another_program_gets_404_on_round_pages(client, other_lead, round_, name):
    client.force_login(other_lead)

    assert client.get(reverse(name, kwargs={"slug": round_.slug})).status_code == 404


def test_lead_of_another_program_gets_404_on_program_overview(client, other_lead, round_):
    client.force_login(other_lead)

    url = reverse("pairs:program_overview", kwargs={"slug": round_.program.slug})
    assert client.get(url).status_code == 404


def test_applicant_gets_404_on_dashboard(client, applicant, round_):
    client.force_login(applicant)

    assert client.get(dashboard_url(round_)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, round_):
    response = client.get(dashboard_url(round_))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_staff_home_lists_only_own_programs_rounds(client, lead, round_):
    from tests.factories import RoundFactory

    other = RoundFactory(name="Någon annans omgång")
    client.force_login(lead)

    response = client.get(reverse("pairs:staff_home"))

    assert response.context["rounds"] == [round_]
    assert other.name not in response.content.decode()


def test_staff_home_is_404_for_applicants(client, applicant):
    client.force_login(applicant)

    assert client.get(reverse("pairs:staff_home")).status_code == 404


def test_screening_progress_counts_each_submitted_application_once(client, lead, round_):
    """Reviews are joined for "reviewed": several reviews of one application count it once."""
    reviewed_twice = ApplicationFactory(round=round_)
    ReviewFactory.create_batch(3, application=reviewed_twice)
    ApplicationFactory(round=round_)  # submitted, not reviewed
    ApplicationFactory(round=round_, draft=True)
    client.force_login(lead)

    response = client.get(dashboard_url(round_))

    funnel = response.context["funnel"]
    assert (funnel.submitted, funnel.reviewed) == (2, 1)


def test_dashboard_columns_and_filters_have_distinct_names(client, lead, round_, make_pair):
    make_pair("Alva Berg", "Bengt Ceder")
    client.force_login(lead)

    html = client.get(dashboard_url(round_)).content.decode()

    def texts(pattern, part):
        return [re.sub(r"<[^>]+>", "", found).strip() for found in re.findall(pattern, part)]

    pairs_table = html[html.index("pairs-table") :]
    headers = texts(r'<th scope="col"[^>]*>(.*?)</th>', pairs_table[: pairs_table.index("</thead>")])
    labels = texts(r"<label[^>]*>(.*?)</label>", html)
    assert "Hälsa" in headers and "Status" in headers
    assert len(headers) == len(set(headers)), headers
    assert len(labels) == len(set(labels)), labels
