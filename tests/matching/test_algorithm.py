"""The matching algorithm without a database: optimal against brute force, rules, reasons."""

from dataclasses import replace
from functools import cache

import numpy as np
import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.algorithm import (
    COMPONENTS,
    HARD_RULES,
    SCORE_COMPONENTS,
    Candidate,
    MatchInput,
    QuestionRule,
    Rules,
    Weights,
    match,
    prepare,
    rule_masks,
    score_matrix,
    weight_vector,
)

LANGS = ["sv", "en", "fi"]
QUESTION_KEYS = ["sector", "style"]  # the program's own choice questions the inputs may configure
OPTIONS = ["a", "b", "c"]


def person(pid, *, org=None, langs=("sv",), capacity=1, **kwargs):
    return Candidate(
        id=pid,
        organisation_id=org if org is not None else pid,
        languages=frozenset(langs),
        capacity=capacity,
        **kwargs,
    )


@st.composite
def candidates(draw, pid, mentor):
    return Candidate(
        id=pid,
        organisation_id=draw(st.integers(1, 4)),
        languages=frozenset(draw(st.sets(st.sampled_from(LANGS), max_size=2))),
        region=draw(st.sampled_from(["", "Jönköping", "Halland"])),
        municipality=draw(st.sampled_from(["", "Värnamo", "Gislaved"])),
        topics=frozenset(draw(st.sets(st.integers(1, 5), max_size=3))),
        availability=frozenset(draw(st.sets(st.sampled_from(["mon_am", "tue_pm", "fri_am"]), max_size=3))),
        meeting_format=draw(st.sampled_from(["", "either", "remote", "in_person"])),
        industry=draw(st.sampled_from(["", "IT", "Handel"])),
        capacity=draw(st.integers(1, 3)) if mentor else 1,
        answers=frozenset(
            (key, value)
            for key in QUESTION_KEYS
            for value in draw(st.sets(st.sampled_from(OPTIONS), max_size=2))  # empty: not answered
        ),
    )


@st.composite
def inputs(draw, with_locks=False):
    n_r, n_e = draw(st.integers(0, 7)), draw(st.integers(0, 7))
    mentors = tuple(draw(candidates(100 + i, True)) for i in range(n_r))
    mentees = tuple(draw(candidates(200 + i, False)) for i in range(n_e))
    if mentors:  # some mentees wish for a mentor
        wish = st.sets(st.sampled_from([r.id for r in mentors]), max_size=1)
        mentees = tuple(replace(m, wishes=frozenset(draw(wish))) for m in mentees)
    every_pair = [(r.id, e.id) for r in mentors for e in mentees]
    subset = st.sets(st.sampled_from(every_pair), max_size=4) if every_pair else st.just(set())
    weights = Weights(*[draw(st.sampled_from([0.0, 1.0, 2.5])) for _ in COMPONENTS])
    uses = st.sampled_from(["must_match", "must_differ", "should_match", "should_differ"])
    questions = tuple(
        QuestionRule(key, draw(uses), draw(st.sampled_from([0.0, 1.0, 3.0])))
        for key in draw(st.lists(st.sampled_from(QUESTION_KEYS), unique=True, max_size=2))
    )
    return MatchInput(
        mentors=mentors,
        mentees=mentees,
        weights=weights,
        rules=Rules(**{rule.setting: draw(st.booleans()) for rule in HARD_RULES if rule.setting}),
        forbids=frozenset(draw(subset)),
        earlier_pairs=frozenset(draw(subset)),
        declined=frozenset(draw(subset)),
        locks=frozenset(draw(subset)) if with_locks else frozenset(),
        questions=questions,
    )


def oracle(data):
    """Feasibility and score of every (mentee, mentor) pair from the declarations' plain-Python
    statements (`HardRule.holds`, `Component.value`), not from the numpy matrices."""
    mentors = sorted(data.mentors, key=lambda p: p.id)
    mentees = sorted(data.mentees, key=lambda p: p.id)
    weights = weight_vector(data)
    rules = [rule for rule in HARD_RULES if rule.is_on(data.rules)]
    feasible = [[all(rule.holds(data, r, e) for rule in rules) for r in mentors] for e in mentees]
    scores = [
        [
            sum(w * c.value(data, r, e) for w, c in zip(weights, SCORE_COMPONENTS, strict=True))
            for r in mentors
        ]
        for e in mentees
    ]
    return mentors, mentees, feasible, scores


def brute_force(data, fixed):
    """Best (pairs, total score) by exhaustive search over every mentee's choice (memoised)."""
    mentors, mentees, feasible, scores = oracle(data)
    mentor_index = {p.id: j for j, p in enumerate(mentors)}
    mentee_index = {p.id: i for i, p in enumerate(mentees)}
    capacity = [max(1, min(3, p.capacity)) for p in mentors]
    fixed_rows = set()
    for mentor_id, mentee_id in fixed:
        capacity[mentor_index[mentor_id]] -= 1
        fixed_rows.add(mentee_index[mentee_id])
    free_rows = [i for i in range(len(mentees)) if i not in fixed_rows]

    @cache
    def best(k, caps):
        if k == len(free_rows):
            return (0, 0.0)
        options = [best(k + 1, caps)]
        i = free_rows[k]
        for j, left in enumerate(caps):
            if left and feasible[i][j]:
                count, total = best(k + 1, caps[:j] + (left - 1,) + caps[j + 1 :])
                options.append((count + 1, total + scores[i][j]))
        return max(options, key=lambda o: (o[0], round(o[1], 9)))

    count, total = best(0, tuple(capacity))
    locked_total = sum(scores[mentee_index[e]][mentor_index[r]] for r, e in fixed)
    return count + len(fixed), total + locked_total


def assert_no_rule_broken(data, result):
    mentors = {p.id: p for p in data.mentors}
    mentees = {p.id: p for p in data.mentees}
    load = {}
    for pair in result.pairs:
        mentor, mentee = mentors[pair.mentor_id], mentees[pair.mentee_id]
        for rule in HARD_RULES:
            assert not rule.is_on(data.rules) or rule.holds(data, mentor, mentee), rule.name
        load[pair.mentor_id] = load.get(pair.mentor_id, 0) + 1
    assert all(load[m] <= mentors[m].capacity for m in load)
    mentee_ids = [p.mentee_id for p in result.pairs]
    assert len(mentee_ids) == len(set(mentee_ids))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs())
def test_result_is_as_good_as_brute_force_and_breaks_no_rule(data):
    result = match(data)

    count, total = brute_force(data, fixed=())
    assert len(result.pairs) == count
    assert result.total_score == pytest.approx(total, abs=1e-3)
    assert_no_rule_broken(data, result)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs(with_locks=True))
def test_locks_are_kept_and_the_rest_is_optimal(data):
    result = match(data)

    refused = {(w["mentor"], w["mentee"]) for w in result.warnings}
    kept = {(p.mentor_id, p.mentee_id) for p in result.pairs if p.locked}
    assert kept | refused == set(data.locks)
    assert {(p.mentor_id, p.mentee_id) for p in result.pairs} >= kept
    count, total = brute_force(data, fixed=kept)
    assert len(result.pairs) == count
    assert result.total_score == pytest.approx(total, abs=1e-3)
    assert_no_rule_broken(data, result)


@settings(max_examples=60, deadline=None)
@given(inputs(with_locks=True), st.randoms())
def test_same_input_in_any_order_gives_the_same_output(data, rnd):
    mentors, mentees = list(data.mentors), list(data.mentees)
    rnd.shuffle(mentors)
    rnd.shuffle(mentees)
    shuffled = replace(data, mentors=tuple(mentors), mentees=tuple(mentees))

    assert match(shuffled).pairs == match(data).pairs
    assert match(shuffled).unmatched == match(data).unmatched


@settings(max_examples=60, deadline=None)
@given(inputs())
def test_every_unmatched_person_has_a_reason_and_the_breakdown_adds_up(data):
    result = match(data)

    matched_mentees = {p.mentee_id for p in result.pairs}
    matched_mentors = {p.mentor_id for p in result.pairs}
    assert {u.id for u in result.unmatched if u.role == "mentee"} == {
        e.id for e in data.mentees if e.id not in matched_mentees
    }
    assert {u.id for u in result.unmatched if u.role == "mentor"} == {
        r.id for r in data.mentors if r.id not in matched_mentors
    }
    weights = weight_vector(data)
    for pair in result.pairs:
        weighted = sum(w * pair.breakdown[name] for w, name in zip(weights, COMPONENTS, strict=True))
        assert pair.score == pytest.approx(weighted, abs=1e-3)


def test_more_pairs_beat_a_higher_score():
    # Mentor 1 suits mentee 10 perfectly, but only mentor 1 can take mentee 11 (language).
    mentors = (
        person(1, langs=("sv", "fi"), topics=frozenset({1})),
        person(2, langs=("sv",)),
    )
    mentees = (person(10, langs=("sv",), topics=frozenset({1})), person(11, langs=("fi",)))

    result = match(MatchInput(mentors, mentees))

    assert {(p.mentor_id, p.mentee_id) for p in result.pairs} == {(1, 11), (2, 10)}


def test_mentor_capacity_is_respected_and_used():
    mentors = (person(1, capacity=2),)
    mentees = (person(10), person(11), person(12))

    result = match(MatchInput(mentors, mentees))

    assert [p.mentee_id for p in result.pairs] == [10, 11]
    assert [(u.id, u.code, u.params) for u in result.unmatched] == [
        (12, "capacity_exhausted", {"mentees": 3, "places": 2})
    ]


def reasons(data):
    return {(u.role, u.id): (u.code, u.params) for u in match(data).unmatched}


def test_reason_no_mentors():
    assert reasons(MatchInput((), (person(10),))) == {("mentee", 10): ("no_mentors", {})}


def test_reason_no_mentees():
    assert reasons(MatchInput((person(1),), ())) == {("mentor", 1): ("no_mentees", {})}


def test_reason_no_shared_language():
    data = MatchInput((person(1, langs=("sv",)),), (person(10, langs=("en",)),))
    assert reasons(data) == {
        ("mentee", 10): ("no_shared_language", {}),
        ("mentor", 1): ("no_shared_language", {}),
    }


def test_reason_only_same_organisation():
    data = MatchInput((person(1, org=7),), (person(10, org=7),))
    assert reasons(data)[("mentee", 10)] == ("only_same_organisation", {})


def test_reason_no_same_region_only_when_the_rule_is_on():
    mentors, mentees = (person(1, region="Halland"),), (person(10, region="Jönköpings län"),)
    assert reasons(MatchInput(mentors, mentees, rules=Rules(same_region=True)))[("mentee", 10)] == (
        "no_same_region",
        {},
    )
    assert reasons(MatchInput(mentors, mentees)) == {}


def test_reason_no_repeat_of_an_earlier_pair():
    data = MatchInput((person(1),), (person(10),), earlier_pairs=frozenset({(1, 10)}))
    assert reasons(data)[("mentee", 10)] == ("no_repeat", {})


def test_reason_all_forbidden():
    data = MatchInput((person(1), person(2)), (person(10),), forbids=frozenset({(1, 10), (2, 10)}))
    assert reasons(data)[("mentee", 10)] == ("all_forbidden", {})


def test_reason_capacity_exhausted_counts_competitors_and_places():
    mentors = tuple(person(i) for i in range(1, 11))
    mentees = tuple(person(100 + i) for i in range(12))
    unmatched = match(MatchInput(mentors, mentees)).unmatched
    assert [(u.code, u.params) for u in unmatched] == [
        ("capacity_exhausted", {"mentees": 12, "places": 10})
    ] * 2


def test_reason_for_a_mentor_whose_compatible_mentees_went_elsewhere():
    mentors = (person(1, topics=frozenset({1})), person(2))
    mentees = (person(10, topics=frozenset({1})),)
    assert reasons(MatchInput(mentors, mentees)) == {
        ("mentor", 2): ("compatible_mentees_taken", {"mentees": 1})
    }


def test_lock_that_breaks_a_hard_rule_is_refused_with_a_warning():
    data = MatchInput((person(1, org=5),), (person(10, org=5),), locks=frozenset({(1, 10)}))
    result = match(data)
    assert result.pairs == []
    assert result.warnings == [{"code": "lock_breaks_rule", "mentor": 1, "mentee": 10}]


def test_lock_wins_over_a_better_pair():
    mentors = (person(1, topics=frozenset({1})), person(2))
    mentees = (person(10, topics=frozenset({1})),)
    result = match(MatchInput(mentors, mentees, locks=frozenset({(2, 10)})))
    assert [(p.mentor_id, p.mentee_id, p.locked) for p in result.pairs] == [(2, 10, True)]


def test_score_components():
    mentor = person(
        1,
        topics=frozenset({1, 2, 3}),
        availability=frozenset({"mon_am", "tue_pm"}),
        meeting_format="remote",
        municipality="Värnamo",
        region="Jönköpings län",
        industry="IT",
        wishes=frozenset({10}),
    )
    mentee = person(
        10,
        topics=frozenset({1, 4}),
        availability=frozenset({"mon_am"}),
        meeting_format="in_person",
        municipality="Gislaved",
        region="Jönköpings län",
        industry="Handel",
    )
    [pair] = match(MatchInput((mentor,), (mentee,))).pairs
    assert pair.breakdown == {
        "topics": 0.5,
        "availability": 1.0,
        "meeting_format": 0.0,
        "distance": 0.5,
        "industry": 1.0,
        "wishes": 1.0,
        "questions": 0.0,  # the program has no "should" questions: weighs nothing
    }


@settings(max_examples=30, deadline=None)
@given(inputs(with_locks=True))
def test_scoring_in_blocks_of_rows_gives_the_same_result(data):
    from matching import algorithm

    whole = match(data)
    original = algorithm.CHUNK_ROWS
    algorithm.CHUNK_ROWS = 2
    try:
        blocked = match(data)
    finally:
        algorithm.CHUNK_ROWS = original

    assert blocked.pairs == whole.pairs
    assert (blocked.unmatched, blocked.total_score) == (whole.unmatched, whole.total_score)


@settings(max_examples=200, deadline=None)
@given(inputs())
def test_fast_matrices_equal_the_rules_and_the_weighted_components(data):
    enc_e, enc_r, feasible, scores = prepare(data)

    assert feasible.shape == scores.shape == (len(data.mentees), len(data.mentors))
    if feasible.size:
        assert (feasible == np.logical_and.reduce(list(rule_masks(data, enc_e, enc_r).values()))).all()
        assert np.allclose(scores, score_matrix(data, enc_e, enc_r), atol=1e-6)


@settings(max_examples=150, deadline=None)
@given(inputs())
def test_every_pairs_breakdown_is_each_components_declared_value(data):
    mentors = {p.id: p for p in data.mentors}
    mentees = {p.id: p for p in data.mentees}

    for pair in match(data).pairs:
        mentor, mentee = mentors[pair.mentor_id], mentees[pair.mentee_id]
        expected = {c.name: round(c.value(data, mentor, mentee), 4) for c in SCORE_COMPONENTS}
        expected |= {f"q:{q.key}": q.value(mentor, mentee) for q in data.questions if not q.hard and q.weight}
        assert pair.breakdown == pytest.approx(expected, abs=1e-4)


def test_the_declarations_are_the_one_list_everything_reads():
    from matching.forms import RunForm
    from matching.reasons import COMPONENT_LABELS, describe

    rule_settings = {rule.setting for rule in HARD_RULES if rule.setting}
    assert rule_settings == set(Rules.__dataclass_fields__)  # every on/off switch belongs to a rule
    assert tuple(Weights.__dataclass_fields__) == COMPONENTS  # one weight per component
    assert {c.name: c.weight for c in SCORE_COMPONENTS} == vars(Weights())
    assert set(COMPONENT_LABELS) == set(COMPONENTS)
    assert {f"weight_{name}" for name in COMPONENTS} <= set(RunForm().fields)
    for rule in HARD_RULES:
        assert (rule.mask is None) != (rule.pairs is None), rule.name
        with translation.override("en"):
            assert describe(rule.reason) == rule.message
        with translation.override("sv"):
            assert describe(rule.reason) != rule.message  # translated
    for component in SCORE_COMPONENTS:
        ways = (component.table, component.pairs, component.matrix)
        assert sum(way is not None for way in ways) == 1, component.name


def test_a_rule_that_is_off_never_gives_its_reason():
    mentors, mentees = (person(1, region="Halland"),), (person(10, region="Jönköpings län"),)
    off = {rule.setting: False for rule in HARD_RULES if rule.setting}
    codes = {u.code for u in match(MatchInput(mentors, mentees, rules=Rules(**off))).unmatched}
    assert codes == set()


@pytest.mark.parametrize("rule", HARD_RULES, ids=lambda rule: rule.name)
def test_each_rule_alone_leaves_its_reason(rule):
    """Two people who pass every rule but this one: unmatched, with this rule's reason."""
    mentor = person(1, org=1, region="Halland")
    mentee = person(10, org=2, region="Halland")
    pairs = frozenset()
    if rule.name == "language":
        mentee = replace(mentee, languages=frozenset({"fi"}))
    elif rule.name == "organisation":
        mentee = replace(mentee, organisation_id=1)
    elif rule.name == "region":
        mentee = replace(mentee, region="Jönköpings län")
    elif rule.name == "questions":
        mentor = replace(mentor, answers=frozenset({("sector", "a")}))
        mentee = replace(mentee, answers=frozenset({("sector", "b")}))
    else:
        pairs = frozenset({(1, 10)})
    field_name = {"repeat": "earlier_pairs", "declined": "declined", "forbid": "forbids"}.get(rule.name)
    data = MatchInput(
        (mentor,),
        (mentee,),
        rules=Rules(same_region=True),
        questions=(QuestionRule("sector", "must_match"),),
        **({field_name: pairs} if field_name else {}),
    )
    assert not rule.holds(data, mentor, mentee)
    assert reasons(data) == {("mentee", 10): (rule.reason, {}), ("mentor", 1): (rule.reason, {})}


def test_program_questions_decide_and_score_the_pairs():
    """Must match keeps apart, should differ scores; an unanswered question keeps nobody apart."""
    mentors = (
        person(1, answers=frozenset({("language", "sv"), ("sector", "trade")})),
        person(2, answers=frozenset({("language", "en"), ("sector", "industry")})),
    )
    mentees = (
        person(10, answers=frozenset({("language", "sv"), ("sector", "industry")})),
        person(11, answers=frozenset({("sector", "trade")})),  # "language" added after she applied
    )
    questions = (QuestionRule("language", "must_match"), QuestionRule("sector", "should_differ", 2.0))
    result = match(
        MatchInput(
            mentors,
            mentees,
            weights=Weights(**dict.fromkeys(COMPONENTS, 0.0) | {"questions": 1.0}),
            questions=questions,
        )
    )

    pairs = {(p.mentor_id, p.mentee_id): p for p in result.pairs}
    assert set(pairs) == {(1, 10), (2, 11)}  # 10 needs a Swedish-speaking mentor; 11 differs from 2
    assert pairs[(1, 10)].breakdown["q:sector"] == 1.0
    assert pairs[(1, 10)].score == 1.0
    assert pairs[(2, 11)].breakdown["q:sector"] == 1.0
