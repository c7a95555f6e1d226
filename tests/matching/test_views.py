from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from matching import services
from matching.algorithm import COMPONENTS
from matching.models import MatchRun, Pair, PairConstraint
from tests.factories import ApplicationFactory, ProgramMembershipFactory, StaffFactory


@pytest.fixture
def staffed_round(round_, coordinator):
    """The coordinator's round, in its screening phase, with two compatible people."""
    round_.applications_open = timezone.now() - timedelta(days=20)
    round_.mentor_deadline = round_.mentee_deadline = timezone.now() - timedelta(days=5)
    round_.save()
    return round_


def add_people(round_, n):
    for _ in range(n):
        ApplicationFactory(round=round_, mentor=True, accepted=True, notified_state="accepted")
        ApplicationFactory(round=round_, accepted=True, notified_state="accepted")


@pytest.fixture
def published_pair(staffed_round):
    add_people(staffed_round, 1)
    run = services.run_matching(staffed_round)
    services.publish_run(run)
    return run.pairs.get()


def link(pair, role, action=""):
    token = services.response_token(pair, role)
    name = {"": "matching:respond", "confirm": "matching:confirm", "decline": "matching:decline"}[action]
    return reverse(name, args=[pair.pk, token])


# Participant links


def test_get_shows_the_pair_and_changes_nothing(client, published_pair):
    response = client.get(link(published_pair, "mentee"))

    assert response.status_code == 200
    assert published_pair.mentor_application.full_name in response.content.decode()
    published_pair.refresh_from_db()
    assert published_pair.mentee_confirmed_at is None


def test_both_links_confirm_the_pair(client, published_pair):
    client.post(link(published_pair, "mentor", "confirm"))
    response = client.post(link(published_pair, "mentee", "confirm"), follow=True)

    published_pair.refresh_from_db()
    assert published_pair.state == Pair.State.CONFIRMED
    assert response.status_code == 200


def test_decline_link_records_the_reason_and_forbids_the_pair(client, published_pair):
    client.post(link(published_pair, "mentor", "decline"), {"reason": "Jag har inte tid."})

    published_pair.refresh_from_db()
    assert (published_pair.state, published_pair.decline_reason) == (Pair.State.DECLINED, "Jag har inte tid.")
    assert PairConstraint.objects.get().kind == "forbid"


def test_link_used_for_another_pair_is_refused(client, published_pair, staffed_round):
    other = Pair.objects.create(
        round=staffed_round,
        mentor_application=published_pair.mentor_application,
        mentee_application=ApplicationFactory(round=staffed_round, accepted=True),
        state=Pair.State.PROPOSED,
    )
    token = services.response_token(published_pair, "mentee")

    response = client.post(reverse("matching:confirm", args=[other.pk, token]))

    assert response.status_code == 403
    assert "another pair" in response.content.decode() or "annat par" in response.content.decode()
    other.refresh_from_db()
    assert other.mentee_confirmed_at is None


def test_tampered_link_is_refused(client, published_pair):
    response = client.post(link(published_pair, "mentee", "confirm").replace("/confirm", "x/confirm"))

    assert response.status_code == 403
    published_pair.refresh_from_db()
    assert published_pair.mentee_confirmed_at is None


def test_expired_link_is_refused(client, published_pair, staffed_round):
    staffed_round.confirm_by = timezone.now() - timedelta(seconds=1)
    staffed_round.save()

    response = client.post(link(published_pair, "mentee", "confirm"))

    assert response.status_code == 403
    published_pair.refresh_from_db()
    assert published_pair.state == Pair.State.PROPOSED


def test_answer_link_stops_working_at_the_rounds_kickoff(client, published_pair, staffed_round, clock):
    clock.freeze(staffed_round.kickoff)

    response = client.get(link(published_pair, "mentee"))

    assert response.status_code == 403
    assert "har gått ut" in response.content.decode()


def test_answer_link_survives_a_later_confirm_by_date(client, published_pair, staffed_round, clock):
    old_link = link(published_pair, "mentee", "confirm")
    clock.freeze(staffed_round.confirm_by + timedelta(days=1))
    staffed_round.confirm_by += timedelta(days=3)
    staffed_round.save()

    client.post(old_link)

    published_pair.refresh_from_db()
    assert published_pair.mentee_confirmed_at is not None


def test_confirm_by_get_is_not_allowed(client, published_pair):
    assert client.get(link(published_pair, "mentee", "confirm")).status_code == 405


# Admin


def test_coordinator_runs_matching_from_the_round_page(
    client, coordinator, staffed_round, django_capture_on_commit_callbacks
):
    add_people(staffed_round, 2)
    client.force_login(coordinator)
    weights = {f"weight_{name}": 1 for name in COMPONENTS}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:matching_round", args=[staffed_round.pk]), weights)

    run = MatchRun.objects.get()
    assert response.url == reverse("admin:matching_run", args=[run.pk])
    assert run.status == MatchRun.Status.DRAFT  # eager task after commit
    assert run.parameters["weights"]["topics"] == 1.0
    page = client.get(response.url)
    assert page.status_code == 200
    assert run.pairs.first().mentor_application.full_name in page.content.decode()


def test_run_page_shows_unmatched_reasons_and_changes(client, coordinator, staffed_round):
    add_people(staffed_round, 2)
    ApplicationFactory(round=staffed_round, accepted=True, languages=["fi"])
    first = services.run_matching(staffed_round)
    services.forbid_pair(first.pairs.first())
    second = services.run_matching(staffed_round)
    client.force_login(coordinator)

    content = client.get(reverse("admin:matching_run", args=[second.pk])).content.decode()

    assert "Ingen på andra sidan talar samma språk." in content
    assert f"#{first.pk}" in content


def test_coordinator_locks_forbids_swaps_and_publishes_through_the_run_page(
    client, coordinator, staffed_round
):
    add_people(staffed_round, 2)
    run = services.run_matching(staffed_round)
    first, second = run.pairs.order_by("pk")
    client.force_login(coordinator)

    client.post(reverse("admin:matching_constrain", args=[run.pk]), {"pair": first.pk, "kind": "lock"})
    client.post(reverse("admin:matching_swap", args=[run.pk]), {"first": first.pk, "second": second.pk})
    client.post(reverse("admin:matching_publish", args=[run.pk]), {"confirm": "1"})

    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED
    assert PairConstraint.objects.filter(kind="lock").count() == 2
    assert set(run.pairs.values_list("state", flat=True)) == {"proposed"}


@pytest.mark.parametrize("n", [1, 3])
def test_run_page_query_count_does_not_grow_with_pairs(
    client, coordinator, staffed_round, n, django_assert_num_queries
):
    add_people(staffed_round, n)
    run = services.run_matching(staffed_round)
    services.lock_pair(run.pairs.first())
    client.force_login(coordinator)
    client.get(reverse("admin:matching_run", args=[run.pk]))  # warm the session

    with django_assert_num_queries(9):  # 2 for the wish form's two lists of people
        response = client.get(reverse("admin:matching_run", args=[run.pk]))
    page = response.content.decode()
    assert all(
        pair.mentor_application.full_name in page and pair.mentee_application.full_name in page
        for pair in run.pairs.select_related("mentor_application", "mentee_application")
    )


def test_coordinator_records_a_wish_and_the_next_run_follows_it(client, coordinator, staffed_round):
    add_people(staffed_round, 2)
    first = services.run_matching(staffed_round)
    pair = first.pairs.order_by("pk").first()
    other_mentor = first.pairs.exclude(mentor_application=pair.mentor_application).get().mentor_application
    client.force_login(coordinator)
    page = client.get(reverse("admin:matching_run", args=[first.pk])).content.decode()
    assert "Registrera önskemål" in page

    response = client.post(
        reverse("admin:matching_wish", args=[first.pk]),
        {"mentee": pair.mentee_application_id, "mentor": other_mentor.pk},
        follow=True,
    )

    assert "Önskemålet är registrerat" in response.content.decode()
    wish = PairConstraint.objects.get(kind="wish")
    assert (wish.mentee_application_id, wish.mentor_application_id) == (
        pair.mentee_application_id,
        other_mentor.pk,
    )
    second = services.run_matching(staffed_round)
    wished = second.pairs.get(mentee_application_id=pair.mentee_application_id)
    assert wished.mentor_application_id == other_mentor.pk
    assert wished.breakdown["wishes"] == 1.0


def test_wish_for_someone_outside_the_round_is_refused(client, coordinator, staffed_round):
    add_people(staffed_round, 1)
    run = services.run_matching(staffed_round)
    stranger = ApplicationFactory(mentor=True, accepted=True)  # another round
    client.force_login(coordinator)

    client.post(
        reverse("admin:matching_wish", args=[run.pk]),
        {"mentee": run.pairs.get().mentee_application_id, "mentor": stranger.pk},
    )

    assert not PairConstraint.objects.exists()


def test_coordinator_of_another_program_cannot_run_see_or_publish(client, other_coordinator, staffed_round):
    add_people(staffed_round, 1)
    run = services.run_matching(staffed_round)
    client.force_login(other_coordinator)

    assert client.get(reverse("admin:matching_round", args=[staffed_round.pk])).status_code == 404
    assert client.post(reverse("admin:matching_round", args=[staffed_round.pk]), {}).status_code == 404
    assert client.get(reverse("admin:matching_run", args=[run.pk])).status_code == 404
    assert client.post(reverse("admin:matching_publish", args=[run.pk])).status_code == 404
    pair = run.pairs.get()
    wish = {"mentee": pair.mentee_application_id, "mentor": pair.mentor_application_id}
    assert client.post(reverse("admin:matching_wish", args=[run.pk]), wish).status_code == 404
    assert not PairConstraint.objects.exists()
    assert str(staffed_round) not in client.get(reverse("admin:matching_rounds")).content.decode()
    assert client.get(reverse("admin:matching_matchrun_changelist")).context["cl"].result_count == 0
    assert client.get(reverse("admin:matching_pair_changelist")).context["cl"].result_count == 0
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DRAFT
    assert MatchRun.objects.count() == 1


def test_program_lead_sees_the_run_but_cannot_publish(client, lead, staffed_round):
    add_people(staffed_round, 1)
    run = services.run_matching(staffed_round)
    client.force_login(lead)

    assert client.get(reverse("admin:matching_run", args=[run.pk])).status_code == 200
    assert client.post(reverse("admin:matching_publish", args=[run.pk])).status_code == 403


def test_superuser_sees_every_round(client, staffed_round):
    client.force_login(StaffFactory(superuser=True))
    ProgramMembershipFactory()

    assert str(staffed_round) in client.get(reverse("admin:matching_rounds")).content.decode()


def test_run_change_url_of_another_program_is_404_not_a_redirect(client, other_coordinator, staffed_round):
    add_people(staffed_round, 1)
    run = services.run_matching(staffed_round)
    client.force_login(other_coordinator)

    response = client.get(reverse("admin:matching_matchrun_change", args=[run.pk]))

    assert response.status_code == 404


def test_run_change_url_leads_my_program_staff_to_the_run_page(client, lead, staffed_round):
    add_people(staffed_round, 1)
    run = services.run_matching(staffed_round)
    client.force_login(lead)

    response = client.get(reverse("admin:matching_matchrun_change", args=[run.pk]))

    assert response.url == reverse("admin:matching_run", args=[run.pk])


def test_constraint_of_another_program_is_404_for_its_outsiders(client, other_coordinator, staffed_round):
    add_people(staffed_round, 1)
    run = services.run_matching(staffed_round)
    pair = run.pairs.get()
    constraint = services.set_constraint(pair, kind=PairConstraint.Kind.LOCK, user=None)
    client.force_login(other_coordinator)

    url = reverse("admin:matching_unconstrain", args=[constraint.pk])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert PairConstraint.objects.filter(pk=constraint.pk).exists()


def test_program_lead_may_not_remove_a_constraint(client, lead, staffed_round):
    add_people(staffed_round, 1)
    run = services.run_matching(staffed_round)
    constraint = services.set_constraint(run.pairs.get(), kind=PairConstraint.Kind.LOCK, user=None)
    client.force_login(lead)

    assert client.post(reverse("admin:matching_unconstrain", args=[constraint.pk])).status_code == 403


def test_publishing_asks_for_confirmation_with_the_number_of_e_mails(
    client, coordinator, staffed_round, mailoutbox, django_capture_on_commit_callbacks
):
    add_people(staffed_round, 2)
    run = services.run_matching(staffed_round)
    client.force_login(coordinator)
    url = reverse("admin:matching_publish", args=[run.pk])

    assert f'href="{url}"' in client.get(reverse("admin:matching_run", args=[run.pk])).content.decode()
    page = client.get(url).content.decode()
    client.post(url)  # no confirmation: nothing happens
    run.refresh_from_db()

    assert "2 par kommer att föreslås" in page and "4 presentationsmejl" in page
    assert run.status == MatchRun.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "1"})
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED and len(mailoutbox) == 4


def test_publishing_is_refused_while_a_decision_of_the_round_is_not_released(
    client, coordinator, staffed_round, mailoutbox
):
    add_people(staffed_round, 1)
    ApplicationFactory(round=staffed_round, accepted=True, notified_state="")  # not told yet
    run = services.run_matching(staffed_round)
    client.force_login(coordinator)
    url = reverse("admin:matching_publish", args=[run.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"confirm": "1"}, follow=True)

    assert "1 beslut i omgången har inte släppts" in page
    assert 'name="confirm"' not in page
    assert "1 beslut i omgången har inte släppts" in response.content.decode()
    assert set(run.pairs.values_list("state", flat=True)) == {"draft"} and mailoutbox == []


def test_publishing_is_refused_while_the_round_is_open_for_applications(staffed_round):
    add_people(staffed_round, 1)
    run = services.run_matching(staffed_round)
    staffed_round.mentee_deadline = timezone.now() + timedelta(days=2)
    staffed_round.save()

    with pytest.raises(ValidationError, match="fortfarande öppen"):
        services.publish_run(run)

    assert set(run.pairs.values_list("state", flat=True)) == {"draft"}


def test_a_run_without_pairs_has_no_publish_button(client, coordinator, staffed_round):
    ApplicationFactory(round=staffed_round, accepted=True, notified_state="accepted")  # a mentee, no mentor
    run = services.run_matching(staffed_round)
    client.force_login(coordinator)

    page = client.get(reverse("admin:matching_run", args=[run.pk])).content.decode()

    assert run.pairs.count() == 0
    assert reverse("admin:matching_publish", args=[run.pk]) not in page
    with pytest.raises(ValidationError):
        services.publish_run(run)


def test_the_run_after_publishing_does_not_list_the_kept_pairs_as_removed(client, coordinator, staffed_round):
    add_people(staffed_round, 1)
    services.publish_run(services.run_matching(staffed_round))
    kept = Pair.objects.get()
    add_people(staffed_round, 1)
    second = services.run_matching(staffed_round)
    client.force_login(coordinator)

    content = client.get(reverse("admin:matching_run", args=[second.pk])).content.decode()

    assert "1 publicerat par behålls" in content
    assert f"Borttaget: {kept.mentor_application.full_name}" not in content
    assert "Tillagt:" in content


def test_run_page_says_who_was_left_out_because_the_round_is_full(client, coordinator, staffed_round):
    staffed_round.capacity = 1
    staffed_round.save()
    add_people(staffed_round, 2)
    run = services.run_matching(staffed_round)
    client.force_login(coordinator)

    content = client.get(reverse("admin:matching_run", args=[run.pk])).content.decode()

    assert "Omgången tar 1 par: 2 personer lämnades utanför" in content
    assert content.count("omgången är full") == 2
