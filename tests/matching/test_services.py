import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from matching import services
from matching.models import MatchRun, Pair, PairConstraint
from matching.reasons import describe
from tests.factories import ApplicationFactory, OrganisationFactory, PairFactory, RoundFactory, TopicFactory


@pytest.fixture
def matching_round(db):
    return RoundFactory(screening=True)


def mentor(round_, **kwargs):
    """An accepted mentor who has been told (publishing waits for every decision's release)."""
    kwargs.setdefault("notified_state", "accepted")
    return ApplicationFactory(round=round_, mentor=True, accepted=True, **kwargs)


def mentee(round_, **kwargs):
    kwargs.setdefault("notified_state", "accepted")
    return ApplicationFactory(round=round_, accepted=True, **kwargs)


def pairs_of(run):
    return {(p.mentor_application_id, p.mentee_application_id) for p in run.pairs.all()}


def test_start_run_queues_the_task_and_saves_draft_pairs_with_breakdown(
    matching_round, django_capture_on_commit_callbacks
):
    topic = TopicFactory(program=matching_round.program)
    a = mentor(matching_round)
    b = mentee(matching_round)
    a.topics.add(topic)
    b.topics.add(topic)

    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(matching_round)

    run.refresh_from_db()
    assert run.status == MatchRun.Status.DRAFT
    assert run.progress == 100
    [pair] = run.pairs.all()
    assert (pair.mentor_application, pair.mentee_application, pair.state) == (a, b, Pair.State.DRAFT)
    assert pair.breakdown["topics"] == 1.0
    assert run.unmatched == []


def test_only_accepted_applications_are_matched(matching_round):
    mentor(matching_round)
    ApplicationFactory(round=matching_round, mentor=True, waitlisted=True)
    mentee(matching_round)
    ApplicationFactory(round=matching_round)  # submitted, not accepted

    run = services.run_matching(matching_round)

    assert run.pairs.count() == 1
    assert run.unmatched == []


def test_unmatched_reasons_are_saved_on_the_run(matching_round):
    org = OrganisationFactory()
    a = mentor(matching_round, organisation=org)
    b = mentee(matching_round, organisation=org)

    run = services.run_matching(matching_round)

    assert run.unmatched == [
        {"id": b.pk, "role": "mentee", "code": "only_same_organisation", "params": {}},
        {"id": a.pk, "role": "mentor", "code": "only_same_organisation", "params": {}},
    ]


def test_mentor_capacity_is_the_smaller_of_the_application_and_the_round(matching_round):
    matching_round.max_mentees_per_mentor = 2
    matching_round.save()
    a = mentor(matching_round, mentee_capacity=3)
    mentees = [mentee(matching_round) for _ in range(3)]

    run = services.run_matching(matching_round)

    assert {p.mentor_application_id for p in run.pairs.all()} == {a.pk}
    assert run.pairs.count() == 2
    assert [u["code"] for u in run.unmatched] == ["capacity_exhausted"]
    assert run.unmatched[0]["params"] == {"mentees": 3, "places": 2}
    assert run.unmatched[0]["id"] in {m.pk for m in mentees}


def test_locks_and_forbids_are_kept_across_reruns(matching_round):
    mentors = [mentor(matching_round) for _ in range(3)]
    mentees = [mentee(matching_round) for _ in range(3)]
    first = services.run_matching(matching_round)
    pairs = list(first.pairs.order_by("pk"))
    services.lock_pair(pairs[0])
    services.forbid_pair(pairs[1])

    second = services.run_matching(matching_round)
    third = services.run_matching(matching_round)

    for run in (second, third):
        found = pairs_of(run)
        assert (pairs[0].mentor_application_id, pairs[0].mentee_application_id) in found
        assert (pairs[1].mentor_application_id, pairs[1].mentee_application_id) not in found
        assert {r for r, _e in found} == {m.pk for m in mentors}  # everybody still has a pair
        assert {e for _r, e in found} == {m.pk for m in mentees}
    assert PairConstraint.objects.filter(round=matching_round).count() == 2


def test_same_round_gives_the_same_pairs_every_run(matching_round):
    for _ in range(4):
        mentor(matching_round)
        mentee(matching_round)

    assert pairs_of(services.run_matching(matching_round)) == pairs_of(services.run_matching(matching_round))


def test_people_paired_in_an_earlier_round_are_not_paired_again(matching_round):
    earlier = PairFactory(
        round__program=matching_round.program, round__completed=True, state=Pair.State.COMPLETED
    )
    a = mentor(matching_round, applicant=earlier.mentor_application.applicant)
    mentee(matching_round, applicant=earlier.mentee_application.applicant)

    run = services.run_matching(matching_round)

    assert run.pairs.count() == 0
    assert {u["code"] for u in run.unmatched} == {"no_repeat"}
    assert a.pk in {u["id"] for u in run.unmatched}


def test_swap_exchanges_mentees_and_locks_both(matching_round):
    for _ in range(2):
        mentor(matching_round)
        mentee(matching_round)
    run = services.run_matching(matching_round)
    first, second = run.pairs.order_by("pk")
    old = (first.mentee_application_id, second.mentee_application_id)

    services.swap_pairs(first, second)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.mentee_application_id, second.mentee_application_id) == (old[1], old[0])
    assert PairConstraint.objects.filter(kind="lock").count() == 2
    assert pairs_of(services.run_matching(matching_round)) == pairs_of(run)


def test_swap_refuses_a_pair_that_breaks_a_hard_rule(matching_round):
    org = OrganisationFactory()
    mentor(matching_round, organisation=org)
    mentee(matching_round)
    mentor(matching_round)
    mentee(matching_round, organisation=org)
    run = services.run_matching(matching_round)
    first, second = run.pairs.order_by("pk")

    with pytest.raises(ValidationError):
        services.swap_pairs(first, second)


def test_publish_twice_sends_one_introduction_per_person(
    matching_round, mailoutbox, django_capture_on_commit_callbacks
):
    a = mentor(matching_round)
    b = mentee(matching_round)
    run = services.run_matching(matching_round)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_run(run) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_run(run) == 0

    assert sorted(m.to[0] for m in mailoutbox) == sorted([a.email, b.email])
    assert run.pairs.get().state == Pair.State.PROPOSED
    message = next(m for m in mailoutbox if m.to == [b.email])
    assert a.full_name in message.body
    assert "/matching/pairs/" in message.body


def test_publishing_discards_other_draft_runs_and_refuses_a_stale_run(matching_round):
    mentor(matching_round)
    mentee(matching_round)
    old = services.run_matching(matching_round)
    new = services.run_matching(matching_round)
    services.publish_run(new)

    old.refresh_from_db()
    assert old.status == MatchRun.Status.DISCARDED
    with pytest.raises(ValidationError):
        services.publish_run(old)


def test_both_confirm_makes_the_pair_confirmed(matching_round):
    mentor(matching_round)
    mentee(matching_round)
    run = services.run_matching(matching_round)
    services.publish_run(run)
    pair = run.pairs.get()

    services.confirm_pair(pair, role="mentor")
    assert Pair.objects.get(pk=pair.pk).state == Pair.State.PROPOSED
    services.confirm_pair(pair, role="mentee")

    assert Pair.objects.get(pk=pair.pk).state == Pair.State.CONFIRMED


def test_confirming_after_the_confirm_date_is_refused(matching_round):
    mentor(matching_round)
    mentee(matching_round)
    run = services.run_matching(matching_round)
    services.publish_run(run)
    matching_round.confirm_by = timezone.now() - timedelta(minutes=1)
    matching_round.save()

    with pytest.raises(ValidationError):
        services.confirm_pair(run.pairs.get(), role="mentor")


def test_decline_frees_both_and_a_rerun_keeps_confirmed_pairs(matching_round):
    mentors = [mentor(matching_round) for _ in range(2)]
    [mentee(matching_round) for _ in range(2)]
    run = services.run_matching(matching_round)
    services.publish_run(run)
    kept, declined = run.pairs.order_by("pk")
    services.confirm_pair(kept, role="mentor")
    services.confirm_pair(kept, role="mentee")

    services.decline_pair(declined, role="mentee", reason="Vi känner redan varandra.")
    rerun = services.run_matching(matching_round)

    declined.refresh_from_db()
    assert (declined.state, declined.declined_by) == (Pair.State.DECLINED, "mentee")
    assert Pair.objects.get(pk=kept.pk).state == Pair.State.CONFIRMED
    assert rerun.parameters["kept_pairs"] == 1
    assert rerun.pairs.count() == 0  # the only free pair of people was declined: forbidden now
    assert {u["code"] for u in rerun.unmatched} == {"declined"}
    assert mentors[0].pk in {kept.mentor_application_id, declined.mentor_application_id}


def test_decline_tells_the_other_side_once_in_their_language_without_the_reason(
    matching_round, mailoutbox, django_capture_on_commit_callbacks
):
    a = mentor(matching_round)
    a.applicant.preferred_language = "en"
    a.applicant.save()
    b = mentee(matching_round)
    run = services.run_matching(matching_round)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(run)
    mailoutbox.clear()
    pair = run.pairs.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.decline_pair(pair, role="mentee", reason="Vi känner redan varandra.")
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        services.decline_pair(pair, role="mentee")  # answered already: nothing more is sent

    [message] = mailoutbox
    assert message.to == [a.email]
    assert "will not go ahead" in message.subject
    assert "has declined the pair" in message.body
    assert b.full_name in message.body
    assert "känner" not in message.body  # the reason is for the coordinator only


def test_decline_e_mail_is_swedish_by_default(matching_round, mailoutbox, django_capture_on_commit_callbacks):
    mentor(matching_round)
    b = mentee(matching_round)
    run = services.run_matching(matching_round)
    services.publish_run(run)

    with django_capture_on_commit_callbacks(execute=True):
        services.decline_pair(run.pairs.get(), role="mentor")

    [message] = mailoutbox  # the introductions were never sent: publish ran outside the capture
    assert message.to == [b.email]
    assert "har tackat nej" in message.body


def test_a_wish_does_not_replace_a_lock_or_forbid_and_needs_accepted_people(matching_round):
    a = mentor(matching_round)
    b = mentee(matching_round)
    waiting = ApplicationFactory(round=matching_round, waitlisted=True)
    services.lock_pair(services.run_matching(matching_round).pairs.get())

    with pytest.raises(ValidationError):
        services.record_wish(matching_round, mentee=b, mentor=a)
    with pytest.raises(ValidationError):
        services.record_wish(matching_round, mentee=waiting, mentor=a)
    with pytest.raises(ValidationError):
        services.record_wish(matching_round, mentee=a, mentor=b)  # roles the wrong way round

    assert list(PairConstraint.objects.values_list("kind", flat=True)) == ["lock"]


def test_match_round_command_prints_the_summary_and_publishes(matching_round, capsys, mailoutbox):
    a = mentor(matching_round)
    mentee(matching_round)
    org = OrganisationFactory()
    mentee(matching_round, organisation=org, languages=["fi"])

    call_command("match_round", matching_round.slug, "--publish")

    out = capsys.readouterr().out  # Swedish, the site's language
    assert "1 par, 1 utan par" in out
    assert a.full_name in out
    assert "Total poäng" in out
    assert "Publicerade 1 par" in out
    assert "Total score" not in out and "unmatched" not in out
    assert re.search(r"poäng \d+,\d\d", out)  # a Swedish decimal comma
    assert Pair.objects.filter(state=Pair.State.PROPOSED).count() == 1


def test_demo_seed_pairs_the_completed_round_once_and_leaves_the_open_round(db):
    from io import StringIO

    from matching import demo

    done = RoundFactory(slug="hosten-2025", completed=True)
    open_round = RoundFactory(slug="hosten-2026")
    for round_ in (done, open_round):
        mentor(round_)
        mentee(round_)

    demo.seed(StringIO())
    demo.seed(StringIO())

    assert list(Pair.objects.filter(round=done).values_list("state", flat=True)) == ["completed"]
    assert not Pair.objects.filter(round=open_round).exists()


def test_demo_seed_without_the_round_does_nothing(db):
    from io import StringIO

    from matching import demo

    demo.seed(StringIO())

    assert not MatchRun.objects.exists()


def test_after_a_decline_the_unmatched_reason_says_the_pair_was_declined(matching_round):
    a = mentor(matching_round)
    b = mentee(matching_round)
    run = services.run_matching(matching_round)
    services.publish_run(run)
    services.decline_pair(run.pairs.get(), role="mentee")

    again = services.run_matching(matching_round)

    reasons = {item["id"]: describe(item["code"], item["params"]) for item in again.unmatched}
    assert set(reasons) == {a.pk, b.pk}
    for reason in reasons.values():
        assert "tackat nej" in reason
        assert "samordnare" not in reason


def test_matching_honours_the_rounds_capacity_and_says_who_was_left_out(matching_round):
    matching_round.capacity = 2
    matching_round.save()
    for _ in range(4):
        mentor(matching_round)
        mentee(matching_round)

    run = services.run_matching(matching_round)

    assert run.pairs.count() == 2
    left_out = [item for item in run.unmatched if item["code"] == "round_full"]
    assert len(left_out) == 4  # two mentors and two mentees
    assert "omgången är full" in describe(left_out[0]["code"], left_out[0]["params"])


def test_published_pairs_count_against_the_capacity(matching_round):
    matching_round.capacity = 2
    matching_round.save()
    for _ in range(2):
        mentor(matching_round)
        mentee(matching_round)
    services.publish_run(services.run_matching(matching_round))
    mentor(matching_round)
    mentee(matching_round)

    again = services.run_matching(matching_round)

    assert again.pairs.count() == 0
    assert {item["code"] for item in again.unmatched} == {"round_full"}
