"""The sponsor report: anonymous, per partner organisation, readable by that partner's contact only."""

import pytest
from django.urls import reverse

from reports import selectors
from reports.models import ReportAccess
from reports.pdf import pdf_available
from reports.services import share_report
from tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    OrganisationFactory,
    PairFactory,
    RoundFactory,
    SurveyResponseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(round_):
    """Partner A with 5 pairs (its mentees answered the end survey), partner B with 1 pair."""
    a = OrganisationFactory(name="Alfa Energi AB")
    b = OrganisationFactory(name="Beta Bank AB")
    round_.program.min_group_size = 5
    round_.program.save()
    pairs = {"a": [], "b": []}
    for key, organisation, n in (("a", a, 5), ("b", b, 1)):
        for index in range(n):
            mentor = ApplicationFactory(
                round=round_, mentor=True, accepted=True, full_name=f"Mentor {key}{index}"
            )
            mentee = ApplicationFactory(
                round=round_, accepted=True, organisation=organisation, full_name=f"Chef {key}{index}"
            )
            pair = PairFactory(
                round=round_, mentor_application=mentor, mentee_application=mentee, state="active"
            )
            MeetingFactory(pair=pair)
            SurveyResponseFactory(
                pair=pair, role="mentee", kind="end", satisfaction=5 if key == "a" else 1, recommend=10,
                quote=f"Citat från {key}{index}", quote_consent=True,
            )  # fmt: skip
            pairs[key].append(pair)
    return a, b, pairs


def page(client, user, round_, organisation=None, name="reports:sponsor"):
    client.force_login(user)
    query = {"organisation": organisation.pk} if organisation else {}
    return client.get(reverse(name, kwargs={"slug": round_.program.slug}), query)


def test_report_for_partner_a_shows_nothing_of_partner_b_and_no_name(client, lead, round_, partners):
    a, b, _pairs = partners

    html = page(client, lead, round_, a).content.decode()

    assert "Alfa Energi AB" in html
    assert "Beta Bank AB" not in html.split("<form")[0] + html.split("</form>")[-1]
    assert "Citat från a0" in html and "Citat från b0" not in html
    assert "Mentor " not in html and "Chef " not in html
    report = selectors.sponsor_report(round_.program, round_=round_, organisation=a)
    [figures] = report.rounds
    assert (figures.pairs, figures.meetings) == (5, 5)
    end = next(line for line in figures.surveys if line.kind == "end")
    assert (end.answered, end.shown, end.value("satisfaction")) == (5, True, 5.0)


def test_a_partner_with_fewer_answers_than_the_minimum_gets_no_figures_or_quotes(round_, partners):
    _a, b, _pairs = partners

    [figures] = selectors.sponsor_report(round_.program, round_=round_, organisation=b).rounds

    end = next(line for line in figures.surveys if line.kind == "end")
    assert (end.answered, end.shown, end.value("satisfaction"), figures.quotes) == (1, False, None, [])


def test_the_pdf_is_a_pdf_and_its_html_names_nobody(client, lead, round_, partners):
    if not pdf_available():
        pytest.skip("WeasyPrint or Pango is not installed here (CI installs both)")
    a, _b, _pairs = partners

    response = page(client, lead, round_, a, name="reports:sponsor_pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_partner_contact_reads_only_their_organisations_report(
    client, lead, round_, partners, mailoutbox, django_capture_on_commit_callbacks
):
    a, b, _pairs = partners
    with django_capture_on_commit_callbacks(execute=True):
        access = share_report(program=round_.program, organisation=a, email="hr@alfa.example", by=lead)
    contact = access.user
    assert [m.to for m in mailoutbox] == [["hr@alfa.example"]]
    assert reverse("reports:mine") in mailoutbox[0].body

    own = page(client, contact, round_)
    other = page(client, contact, round_, b)

    assert own.status_code == 200 and own.context["report"].organisation == a
    assert other.status_code == 404
    other_program = RoundFactory()
    assert (
        client.get(reverse("reports:sponsor", kwargs={"slug": other_program.program.slug})).status_code == 404
    )
    assert client.get(reverse("pairs:round_dashboard", kwargs={"slug": round_.slug})).status_code == 404
    assert client.get(reverse("reports:share", kwargs={"slug": round_.program.slug})).status_code == 404


def test_sharing_twice_sends_once(lead, round_, partners, mailoutbox, django_capture_on_commit_callbacks):
    a, _b, _pairs = partners
    with django_capture_on_commit_callbacks(execute=True):
        share_report(program=round_.program, organisation=a, email="hr@alfa.example", by=lead)
        share_report(program=round_.program, organisation=a, email="HR@alfa.example", by=lead)

    assert ReportAccess.objects.count() == 1 and len(mailoutbox) == 1


def test_a_lead_shares_from_the_page(client, lead, round_, partners):
    a, _b, _pairs = partners
    client.force_login(lead)

    response = client.post(
        reverse("reports:share", kwargs={"slug": round_.program.slug}),
        {"email": "kontakt@alfa.example", "organisation": a.pk},
    )

    assert response.status_code == 302
    assert ReportAccess.objects.get().user.email == "kontakt@alfa.example"


def test_an_applicant_cannot_read_or_share(client, round_, partners):
    applicant = UserFactory()

    assert page(client, applicant, round_).status_code == 404
    assert client.get(reverse("reports:share", kwargs={"slug": round_.program.slug})).status_code == 404


def test_the_programs_own_question_is_a_column_of_the_report_under_the_same_rule(
    client, lead, round_, partners
):
    from programs.models import SurveyQuestion

    a, _b, pairs = partners
    own = SurveyQuestion.objects.create(
        program=round_.program, key="nytta", kind="scale", label_sv="Nytta?", label_en="Use?",
        report_label_sv="Nytta för företaget (1–5)", report_label_en="Use to the company (1–5)", order=70,
    )  # fmt: skip
    for pair in pairs["a"]:  # the mid-point survey: four answer the own question, one skips it
        SurveyResponseFactory(
            pair=pair, role="mentee", kind="midpoint", answers={"nytta": 4} if pair != pairs["a"][0] else {}
        )

    html = page(client, lead, round_, a).content.decode()
    [figures] = selectors.sponsor_report(round_.program, round_=round_, organisation=a).rounds

    assert "Nytta för företaget (1–5)" in html
    midpoint = next(line for line in figures.surveys if line.kind == "midpoint")
    assert (midpoint.shown, midpoint.value("satisfaction"), midpoint.value("nytta")) == (True, 4.0, None)
    assert own in figures.survey_columns
