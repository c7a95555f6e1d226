from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Review, RubricCriterion, State, StateChange
from applications.selectors_screening import spread, with_screening_figures
from applications.services import screening
from notifications.models import EmailTemplate, Notification
from tests.factories import ApplicationFactory, ProgramMembershipFactory, ReviewFactory, StaffFactory


@pytest.fixture
def application(round_):
    return ApplicationFactory(round=round_, full_name="Greta Svensson", email="greta@example.org")


def test_default_rubric_is_created_once_with_three_criteria(round_):
    first = screening.ensure_default_rubric(round_)
    second = screening.ensure_default_rubric(round_)
    assert [c.key for c in first] == ["motivation", "fit", "availability"]
    assert [c.pk for c in second] == [c.pk for c in first]
    assert RubricCriterion.objects.filter(round=round_).count() == 3


def test_round_with_its_own_rubric_keeps_it(round_):
    RubricCriterion.objects.create(round=round_, key="drive", label_sv="Driv", label_en="Drive")
    assert [c.key for c in screening.ensure_default_rubric(round_)] == ["drive"]


def test_save_review_stores_the_average_of_the_scores(application, coordinator):
    review = screening.save_review(
        application,
        reviewer=coordinator,
        scores={"motivation": 5, "fit": 4, "availability": 4},
        comment=" Bra ",
    )
    assert review.total == Decimal("4.33")
    assert review.comment == "Bra"


def test_save_review_twice_updates_the_same_review(application, coordinator):
    scores = {"motivation": 1, "fit": 1, "availability": 1}
    screening.save_review(application, reviewer=coordinator, scores=scores)
    screening.save_review(application, reviewer=coordinator, scores={**scores, "fit": 4})
    assert Review.objects.get().total == Decimal("2.00")


@pytest.mark.parametrize(
    "scores", [{"motivation": 5, "fit": 4}, {"motivation": 6, "fit": 4, "availability": 4}]
)
def test_save_review_refuses_missing_or_out_of_range_scores(application, coordinator, scores):
    with pytest.raises(ValidationError):
        screening.save_review(application, reviewer=coordinator, scores=scores)


def test_lead_cannot_review(application, lead):
    with pytest.raises(PermissionDenied):
        screening.save_review(
            application, reviewer=lead, scores={"motivation": 5, "fit": 4, "availability": 4}
        )


def test_average_and_spread_of_reviews(application, coordinator, django_user_model):
    for total in (Decimal("2"), Decimal("4"), Decimal("3")):
        ReviewFactory(application=application, total=total)
    row = with_screening_figures(type(application).objects.filter(pk=application.pk), coordinator).get()
    assert row.n_reviews == 3
    assert row.my_score is None
    assert row.avg_score == pytest.approx(3.0)
    # population standard deviation of 2, 3, 4
    assert spread(row.avg_score, row.avg_square) == pytest.approx((2 / 3) ** 0.5)


def test_application_without_reviews_has_no_average(application, coordinator):
    row = with_screening_figures(type(application).objects.filter(pk=application.pk), coordinator).get()
    assert (row.n_reviews, row.avg_score, spread(row.avg_score, row.avg_square)) == (0, None, None)


@pytest.mark.parametrize("decision", [State.ACCEPTED, State.WAITLISTED, State.REJECTED])
def test_decide_submitted_application_is_pending(application, coordinator, decision):
    decided = screening.decide(application, decision=decision, actor=coordinator)
    assert decided.state == decision
    assert decided.decision_pending
    assert decided.decided_at is not None
    change = StateChange.objects.get(application=application)
    assert (change.from_state, change.to_state, change.actor) == (State.SUBMITTED, decision, coordinator)


def test_accept_from_waitlist_is_an_ordinary_decision(round_, coordinator):
    application = ApplicationFactory(round=round_, waitlisted=True, notified_state=State.WAITLISTED)
    decided = screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
    assert decided.state == State.ACCEPTED and decided.decision_pending


@pytest.mark.parametrize(
    ("trait", "decision"),
    [
        ("draft", State.ACCEPTED),
        ("withdrawn", State.ACCEPTED),
        ("rejected", State.ACCEPTED),
        ("accepted", State.WAITLISTED),
    ],
)
def test_decide_refuses_moves_not_allowed(round_, coordinator, trait, decision):
    application = ApplicationFactory(round=round_, **{trait: True})
    with pytest.raises(ValidationError):
        screening.decide(application, decision=decision, actor=coordinator)
    application.refresh_from_db()
    assert application.state == trait if trait != "draft" else State.DRAFT


def test_decide_refuses_other_programs_coordinator_and_lead(application, other_coordinator, lead):
    for user in (other_coordinator, lead):
        with pytest.raises(PermissionDenied):
            screening.decide(application, decision=State.ACCEPTED, actor=user)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_decide_refuses_a_state_that_is_not_a_decision(application, coordinator):
    with pytest.raises(ValidationError):
        screening.decide(application, decision=State.WITHDRAWN, actor=coordinator)


def test_release_sends_one_email_per_new_decision_and_never_again(
    round_, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    accepted = ApplicationFactory(round=round_, full_name="Anna A", email="anna@example.org")
    rejected = ApplicationFactory(round=round_, full_name="Bo B", email="bo@example.org")
    ApplicationFactory(round=round_)  # undecided: nothing to tell
    screening.decide(accepted, decision=State.ACCEPTED, actor=coordinator)
    screening.decide(rejected, decision=State.REJECTED, actor=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        assert screening.release_decisions(round_, actor=coordinator) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert screening.release_decisions(round_, actor=coordinator) == 0

    assert sorted(mail.to[0] for mail in mailoutbox) == ["anna@example.org", "bo@example.org"]
    accepted.refresh_from_db()
    assert not accepted.decision_pending and accepted.decision_released_at is not None
    assert Notification.objects.filter(key=f"decision:{accepted.pk}:accepted").exists()
    body = next(mail.body for mail in mailoutbox if mail.to == ["anna@example.org"])
    assert "Anna A" in body and round_.name in body


def test_waitlisted_then_accepted_gets_a_second_different_email(
    round_, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(round=round_, email="w@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        screening.decide(application, decision=State.WAITLISTED, actor=coordinator)
        screening.release_decisions(round_, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
        screening.release_decisions(round_, actor=coordinator)
        screening.release_decisions(round_, actor=coordinator)
    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject != mailoutbox[1].subject


def test_release_uses_the_programs_own_wording_in_the_applicants_language(
    round_, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(round=round_, full_name="Eva E")
    application.applicant.preferred_language = "en"
    application.applicant.save()
    EmailTemplate.objects.create(
        program=round_.program,
        kind="decision_accepted",
        language="en",
        subject="Yes {name}!",
        body="Welcome as {role} to {program}, {round}. {unknown}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
        screening.release_decisions(round_, actor=coordinator)
    assert mailoutbox[0].subject == "Yes Eva E!"
    assert mailoutbox[0].body.startswith(
        f"Welcome as Mentee to {round_.program.name}, {round_.name}. {{unknown}}\n"
    )


def test_default_decision_email_is_swedish_for_swedish_applicants(round_, coordinator):
    application = ApplicationFactory(round=round_)
    subject, body = screening.render_decision_email(application, decision=State.REJECTED, language="sv")
    assert "ansökan" in subject.lower() or "ansökan" in body.lower()


def test_release_is_refused_to_a_coordinator_of_another_program(round_, other_coordinator):
    with pytest.raises(PermissionDenied):
        screening.release_decisions(round_, actor=other_coordinator)


def test_decide_many_reports_refused_ones(round_, coordinator):
    good = ApplicationFactory(round=round_)
    draft = ApplicationFactory(round=round_, draft=True)
    result = screening.decide_many([good, draft], decision=State.REJECTED, actor=coordinator)
    assert result.done == 1
    assert [application.pk for application, _reason in result.refused] == [draft.pk]


def test_membership_in_two_programs_scopes_by_program(round_, coordinator):
    other = ApplicationFactory()
    ProgramMembershipFactory(program=other.round.program, user=coordinator, kind="lead")
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)  # fresh membership cache
    with pytest.raises(PermissionDenied):
        screening.decide(other, decision=State.ACCEPTED, actor=coordinator)
    assert StaffFactory()  # a user with no membership at all exists without error


def test_undo_pending_decision_goes_back_to_what_the_applicant_last_heard(application, coordinator):
    screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
    undone = screening.undo_pending_decision(application, actor=coordinator)
    assert (undone.state, undone.decided_at, undone.decision_pending) == (State.SUBMITTED, None, False)
    screening.decide(undone, decision=State.REJECTED, actor=coordinator)
    assert list(StateChange.objects.values_list("to_state", flat=True)) == [
        "accepted",
        "submitted",
        "rejected",
    ]


def test_undo_from_waitlist_decision_returns_to_waitlisted(round_, coordinator):
    application = ApplicationFactory(round=round_, waitlisted=True, notified_state=State.WAITLISTED)
    screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
    assert screening.undo_pending_decision(application, actor=coordinator).state == State.WAITLISTED


def test_released_decision_cannot_be_undone(application, coordinator):
    screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
    screening.release_decisions(application.round, actor=coordinator)
    with pytest.raises(ValidationError):
        screening.undo_pending_decision(application, actor=coordinator)
    application.refresh_from_db()
    assert application.state == State.ACCEPTED


def test_lead_cannot_undo_a_decision(application, coordinator, lead):
    screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
    with pytest.raises(PermissionDenied):
        screening.undo_pending_decision(application, actor=lead)
