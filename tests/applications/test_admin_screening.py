import pytest
from django.urls import reverse

from applications.models import Application, Review, State
from applications.services import screening
from tests.factories import ApplicationFactory, ReviewFactory, RoundFactory, StaffFactory, TopicFactory

CHANGELIST = "admin:applications_application_changelist"


def change_url(application):
    return reverse("admin:applications_application_change", args=[application.pk])


@pytest.fixture
def staff_client(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def application(round_):
    return ApplicationFactory(round=round_, full_name="Greta Svensson", email="greta@example.org")


def review_post(button="_review", **scores):
    data = {f"review-score_{key}": value for key, value in scores.items()}
    data.update({"review-comment": "Tydlig motivering", button: "1"})
    return data


def test_list_shows_applications_of_my_program_only(staff_client, coordinator, application):
    foreign = ApplicationFactory(full_name="Främling Utanför")
    response = staff_client(coordinator).get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert "Greta Svensson" in response.content.decode()
    assert foreign.full_name not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_does_not_grow_with_rows(
    staff_client, coordinator, round_, rows, django_assert_num_queries
):
    client = staff_client(coordinator)
    topic = TopicFactory(program=round_.program)
    made = []
    for _ in range(rows):
        application = ApplicationFactory(round=round_)
        made.append(application)
        application.topics.add(topic)
        ReviewFactory(application=application, reviewer=coordinator)
        ReviewFactory(application=application)
    client.get(reverse(CHANGELIST))  # warm the session
    with django_assert_num_queries(11):
        response = client.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == rows
    page = response.content.decode()
    assert all(reverse("admin:applications_application_change", args=[a.pk]) in page for a in made)


def test_average_hidden_until_i_have_scored(staff_client, coordinator, round_):
    unscored = ApplicationFactory(round=round_, full_name="Utan Poäng")
    ReviewFactory(application=unscored, total=2)
    ReviewFactory(application=unscored, total=4)
    scored = ApplicationFactory(round=round_, full_name="Med Poäng")
    ReviewFactory(application=scored, total=1)
    ReviewFactory(application=scored, reviewer=coordinator, total=3)
    response = staff_client(coordinator).get(reverse(CHANGELIST))
    rows = {app.pk: app for app in response.context["cl"].result_list}
    admin = response.context["cl"].model_admin
    assert admin.average_column(rows[unscored.pk]) == "—"
    assert admin.spread_column(rows[unscored.pk]) == "—"
    assert admin.average_column(rows[scored.pk]) == "2,00"  # Swedish decimals
    assert admin.spread_column(rows[scored.pk]) == "1,00"
    assert admin.my_score_column(rows[scored.pk]) == "3,00"


def test_needs_my_review_filter(staff_client, coordinator, round_):
    todo = ApplicationFactory(round=round_)
    done = ApplicationFactory(round=round_)
    ReviewFactory(application=done, reviewer=coordinator)
    ApplicationFactory(round=round_, draft=True)
    response = staff_client(coordinator).get(reverse(CHANGELIST), {"needs_my_review": "1"})
    assert [app.pk for app in response.context["cl"].result_list] == [todo.pk]


def test_decision_pending_filter(staff_client, coordinator, round_):
    pending = ApplicationFactory(round=round_, accepted=True)
    ApplicationFactory(round=round_, accepted=True, notified_state=State.ACCEPTED)
    ApplicationFactory(round=round_)
    response = staff_client(coordinator).get(reverse(CHANGELIST), {"decision_pending": "1"})
    assert [app.pk for app in response.context["cl"].result_list] == [pending.pk]


def test_search_by_name_email_and_organisation(staff_client, coordinator, application):
    client = staff_client(coordinator)
    for term in ("greta", "greta@example", application.organisation.name):
        response = client.get(reverse(CHANGELIST), {"q": term})
        assert [app.pk for app in response.context["cl"].result_list] == [application.pk]


def test_review_on_the_page_then_others_become_visible(staff_client, coordinator, application):
    ReviewFactory(application=application, comment="Hemlig kommentar från kollega")
    client = staff_client(coordinator)
    before = client.get(change_url(application)).content.decode()
    assert "Hemlig kommentar" not in before

    response = client.post(change_url(application), review_post(motivation=5, fit=4, availability=3))
    assert response.status_code == 302
    review = Review.objects.get(reviewer=coordinator)
    assert review.scores == {"motivation": 5, "fit": 4, "availability": 3}
    after = client.get(change_url(application)).content.decode()
    assert "Hemlig kommentar" in after


def test_invalid_review_shows_the_page_again_and_saves_nothing(staff_client, coordinator, application):
    response = staff_client(coordinator).post(change_url(application), review_post(motivation=5))
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_save_and_next_goes_to_the_next_unreviewed_in_the_filtered_list(staff_client, coordinator, round_):
    first, second, third = (ApplicationFactory(round=round_) for _ in range(3))
    ReviewFactory(application=second, reviewer=coordinator)
    ApplicationFactory(round=round_, role="mentor")  # filtered out
    filters = "role__exact=mentee"
    url = f"{change_url(first)}?_changelist_filters=role__exact%3Dmentee"
    response = staff_client(coordinator).post(
        url, review_post("_review_next", motivation=3, fit=3, availability=3)
    )
    assert response.status_code == 302
    assert response["Location"].startswith(change_url(third))
    assert "_changelist_filters=role__exact%3Dmentee" in response["Location"]
    assert filters


def test_decision_button_records_a_pending_decision(staff_client, coordinator, application):
    response = staff_client(coordinator).post(change_url(application), {"_decide_accepted": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.ACCEPTED and application.decision_pending


def test_refused_decision_button_shows_an_error_and_changes_nothing(staff_client, coordinator, round_):
    application = ApplicationFactory(round=round_, rejected=True)
    response = staff_client(coordinator).post(change_url(application), {"_decide_accepted": "1"}, follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    application.refresh_from_db()
    assert application.state == State.REJECTED


def test_bulk_reject_action(staff_client, coordinator, round_):
    applications = [ApplicationFactory(round=round_) for _ in range(2)]
    data = {"action": "reject_selected", "_selected_action": [a.pk for a in applications]}
    response = staff_client(coordinator).post(reverse(CHANGELIST), data)
    assert response.status_code == 302
    assert set(Application.objects.values_list("state", flat=True)) == {State.REJECTED}


def test_release_view_confirms_then_sends_once(
    staff_client, coordinator, round_, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(round=round_, email="a@example.org")
    screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
    client = staff_client(coordinator)
    url = reverse("admin:applications_application_release", args=[round_.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert page.context["total"] == 1
    assert {p["language"] for p in page.context["previews"]} == {"sv", "en"}
    assert not mailoutbox

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "1"})
    assert [mail.to for mail in mailoutbox] == [["a@example.org"]]


def test_lead_can_view_but_not_change(staff_client, lead, application):
    client = staff_client(lead)
    assert client.get(reverse(CHANGELIST)).status_code == 200
    page = client.get(change_url(application))
    assert page.status_code == 200
    assert page.context["can_screen"] is False
    assert client.post(change_url(application), {"_decide_accepted": "1"}).status_code == 403
    assert (
        client.post(change_url(application), review_post(motivation=5, fit=5, availability=5)).status_code
        == 403
    )
    data = {"action": "accept_selected", "_selected_action": [application.pk]}
    client.post(reverse(CHANGELIST), data)
    url = reverse("admin:applications_application_release", args=[application.round_id])
    assert client.get(url).status_code == 403
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert not Review.objects.exists()


def test_staff_without_membership_sees_nothing(staff_client, application):
    client = staff_client(StaffFactory())
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(change_url(application)).status_code in (403, 404)


def test_superuser_sees_every_program(staff_client, application):
    foreign = ApplicationFactory()
    response = staff_client(StaffFactory(superuser=True)).get(reverse(CHANGELIST))
    assert {a.pk for a in response.context["cl"].result_list} == {application.pk, foreign.pk}


def test_rubric_filter_choices_only_offer_my_rounds(staff_client, coordinator, round_):
    RoundFactory()  # another program's round
    response = staff_client(coordinator).get(reverse("admin:applications_rubriccriterion_add"))
    assert list(response.context["adminform"].form.fields["round"].queryset) == [round_]


def test_undo_button_takes_back_a_pending_decision(staff_client, coordinator, application):
    client = staff_client(coordinator)
    client.post(change_url(application), {"_decide_rejected": "1"})
    assert "_undo_decision" in client.get(change_url(application)).content.decode()
    client.post(change_url(application), {"_undo_decision": "1"})
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


@pytest.mark.parametrize("pending", [1, 3])
def test_release_page_query_count_does_not_grow(
    staff_client, coordinator, round_, pending, django_assert_num_queries
):
    for _ in range(pending):
        screening.decide(ApplicationFactory(round=round_), decision=State.REJECTED, actor=coordinator)
    client = staff_client(coordinator)
    url = reverse("admin:applications_application_release", args=[round_.pk])
    client.get(url)
    with django_assert_num_queries(11):
        page = client.get(url)
    assert len(page.context["pending"]) == pending
