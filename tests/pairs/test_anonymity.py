"""The anonymity rule (pairs/anonymity.py) wherever results appear: no hidden group recoverable."""

import csv
import io

import pytest
from django.urls import reverse

from pairs import anonymity, selectors
from tests.factories import MeetingFactory, SurveyResponseFactory


@pytest.fixture
def pairs(make_pair):
    return [make_pair(f"Mentor {n}", f"Adept {n}") for n in range(6)]


def answer(pairs, n, *, role, kind="end", recommend=9, **kwargs):
    for pair in pairs[:n]:
        SurveyResponseFactory(pair=pair, role=role, kind=kind, recommend=recommend, **kwargs)


def overview(client, user, round_):
    client.force_login(user)
    response = client.get(reverse("pairs:program_overview", kwargs={"slug": round_.program.slug}))
    [summary] = response.context["summaries"]
    return summary


def test_rule_hides_the_total_when_one_part_is_hidden():
    assert anonymity.disclose({"mentor": 5, "mentee": 1}, 5) == anonymity.Disclosure(
        parts={"mentor": True, "mentee": False}, total=False
    )
    assert anonymity.disclose({"mentor": 1, "mentee": 5}, 5).total is False


def test_rule_shows_a_total_whose_hidden_parts_together_reach_the_minimum():
    disclosure = anonymity.disclose({"mentor": 3, "mentee": 3}, 5)

    assert (disclosure.shown("mentor"), disclosure.shown("mentee"), disclosure.total) == (False, False, True)


def test_rule_shows_everything_when_every_part_is_large_enough_or_empty():
    assert anonymity.disclose({"mentor": 5, "mentee": 0}, 5).total is True
    assert anonymity.disclose({"mentor": 5, "mentee": 6}, 5).total is True


@pytest.mark.parametrize(("mentors", "mentees"), [(5, 1), (1, 5)])
def test_overview_nps_does_not_give_away_a_lone_answer(client, lead, round_, pairs, mentors, mentees):
    answer(pairs, mentors, role="mentor", recommend=9)
    answer(pairs, mentees, role="mentee", recommend=0)

    summary = overview(client, lead, round_)

    assert (summary.nps, summary.nps_answers) == (None, 6)
    shown = {
        g.role: g.value("recommend")
        for g in selectors.survey_aggregates(round_)
        if g.kind == "end" and not g.hidden
    }
    assert shown == ({"mentor": 100} if mentors == 5 else {"mentee": -100})


def test_overview_nps_shown_when_both_roles_are_large_enough(client, lead, round_, pairs):
    answer(pairs, 5, role="mentor", recommend=10)
    answer(pairs, 5, role="mentee", recommend=5)

    assert overview(client, lead, round_).nps == 0


def test_quote_of_a_hidden_group_is_not_shown_even_with_consent(client, lead, round_, pairs):
    answer(pairs, 5, role="mentor", quote="Mentorerna lärde sig mycket.", quote_consent=True)
    answer(pairs, 1, role="mentee", quote="Den enda adepten säger detta.", quote_consent=True)
    client.force_login(lead)

    html = client.get(reverse("pairs:round_report", kwargs={"slug": round_.slug})).content.decode()

    assert "Mentorerna lärde sig mycket." in html
    assert "Den enda adepten säger detta." not in html


def test_staff_read_free_text_of_shown_groups_without_names(client, lead, round_, pairs):
    answer(pairs, 5, role="mentor", learned="Att lyssna på yngre.", quote="Citat", quote_consent=True)
    answer(pairs, 2, role="mentee", learned="Hemligt från en liten grupp.")
    SurveyResponseFactory(pair=pairs[5], role="mentor", kind="midpoint", quote="Utan lov")
    client.force_login(lead)

    html = client.get(reverse("pairs:round_answers", kwargs={"slug": round_.slug})).content.decode()

    assert html.count("Att lyssna på yngre.") == 5
    assert html.count("<li>Citat</li>") == 5
    assert "Hemligt från en liten grupp." not in html
    assert "Utan lov" not in html
    assert "Mentor 0" not in html and "Adept 0" not in html


def test_answers_csv_has_the_shown_answers_only_and_neutralises_formulas(client, lead, round_, pairs):
    answer(pairs, 5, role="mentee", learned='=HYPERLINK("http://x")')
    answer(pairs, 1, role="mentor", learned="Bara en mentor.")
    client.force_login(lead)

    response = client.get(reverse("pairs:round_answers_csv", kwargs={"slug": round_.slug}))

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1 + 5
    assert {row[3] for row in rows[1:]} == {'\'=HYPERLINK("http://x")'}


def test_another_programs_lead_cannot_read_the_answers(client, other_lead, round_, pairs):
    answer(pairs, 5, role="mentor", learned="Inte för andra program.")
    client.force_login(other_lead)

    for name in ("pairs:round_answers", "pairs:round_answers_csv"):
        assert client.get(reverse(name, kwargs={"slug": round_.slug})).status_code == 404


def test_pulses_reach_staff_only_as_an_average_of_enough_people(client, lead, round_, pairs):
    for pair in pairs[:4]:
        MeetingFactory(pair=pair, pulse=2, logged_by=pair.mentee_application.applicant)
    client.force_login(lead)
    report = reverse("pairs:round_report", kwargs={"slug": round_.slug})

    assert client.get(report).context["pulse"].average is None

    MeetingFactory(pair=pairs[4], pulse=5, logged_by=pairs[4].mentee_application.applicant)

    assert client.get(report).context["pulse"].average == 2.6


def test_admin_meeting_list_does_not_show_pulses(admin_client, round_, pairs):
    MeetingFactory(pair=pairs[0], pulse=1)

    response = admin_client.get(reverse("admin:pairs_meeting_changelist"))

    assert response.status_code == 200
    assert "pulse" not in response.context["cl"].list_display


def test_staff_do_not_see_one_meetings_pulse_on_the_pair_page(client, lead, pairs):
    MeetingFactory(pair=pairs[0], pulse=1, duration_minutes=47)
    client.force_login(lead)

    html = client.get(reverse("pairs:pair", kwargs={"pk": pairs[0].pk})).content.decode()

    assert "47" in html  # the meeting is listed
    assert "Puls" not in html


def test_members_see_their_own_meetings_pulse(client, pairs):
    MeetingFactory(pair=pairs[0], pulse=1)
    client.force_login(pairs[0].mentee_application.applicant)

    html = client.get(reverse("pairs:pair", kwargs={"pk": pairs[0].pk})).content.decode()

    assert "Puls (1–5)" in html
