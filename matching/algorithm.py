"""Optimal, explainable matching of mentees to mentors. Pure Python + numpy/scipy, no Django.

Candidates in → a score matrix built with numpy (no Python loop over pairs) → an assignment
(`scipy.optimize.linear_sum_assignment`, mentors' columns repeated by capacity) that first
matches as many mentees as possible, then maximises the total score → pairs with each score
component, and a reason code with parameters for every unmatched person.

Lexicographic objective: every feasible cell is worth ``BONUS + score`` (the solver minimises
its negative) with
``0 <= score <= 1`` (the weighted mean of components in [0, 1]) and ``BONUS = M + 1`` where
``M`` is the most pairs possible. A matching with k + 1 pairs is worth at least
``(k + 1) * BONUS`` and one with k pairs at most ``k * BONUS + k <= k * BONUS + M``, which is
less; so more pairs always win, and among equally many pairs the larger total score wins.
Infeasible cells are worth 0, so assigning one is the same as leaving the person unmatched.

Determinism: inputs are sorted by id before anything is computed, so the same candidates in
any order give the same matrix, and the solver is deterministic on the same matrix.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, make_dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

FLEXIBLE_FORMATS = ("", "either")


def gettext_noop(message: str) -> str:
    """Marks a message for translation without importing Django (`reasons` translates it)."""
    return message


@dataclass(frozen=True)
class Candidate:
    """A mentor or a mentee; `capacity` is read for mentors only (1–3)."""

    id: int
    organisation_id: int | None = None
    languages: frozenset[str] = frozenset()
    region: str = ""
    municipality: str = ""
    topics: frozenset[int] = frozenset()
    availability: frozenset[str] = frozenset()
    meeting_format: str = ""
    industry: str = ""
    wishes: frozenset[int] = frozenset()  # ids of people on the other side this person asked for
    capacity: int = 1
    # (question key, option chosen) for the program's own questions that feed matching
    answers: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class QuestionRule:
    """One of the program's own choice questions that feeds matching, comparing both sides' answers.

    ``use``: "must_match" / "must_differ" (hard: the two share an option / share none) or
    "should_match" / "should_differ" (a score in [0, 1], weighted by ``weight`` among the program's
    questions). Where either side has not answered (a question added later), a hard rule holds
    and a score is 0.5: nobody is kept apart, or favoured, for an answer they were never asked.
    """

    key: str
    use: str
    weight: float = 1.0

    @property
    def hard(self) -> bool:
        return self.use in ("must_match", "must_differ")

    @property
    def wants_same(self) -> bool:
        return self.use in ("must_match", "should_match")

    def _compare(self, r: Candidate, e: Candidate) -> tuple[bool, bool]:
        a, b = _answered(r, self.key), _answered(e, self.key)
        return bool(a and b), bool(a & b)

    def holds(self, r: Candidate, e: Candidate) -> bool:
        known, shared = self._compare(r, e)
        return not known or shared == self.wants_same

    def value(self, r: Candidate, e: Candidate) -> float:
        known, shared = self._compare(r, e)
        return 0.5 if not known else float(shared == self.wants_same)


def _answered(person: Candidate, key: str) -> frozenset[str]:
    return frozenset(value for question, value in person.answers if question == key)


def soft_questions(questions: tuple[QuestionRule, ...]) -> tuple[QuestionRule, ...]:
    """The "should" questions that weigh something (the ones scored)."""
    return tuple(q for q in questions if not q.hard and q.weight > 0)


def _questions_value(data: MatchInput, r: Candidate, e: Candidate) -> float:
    """The program's "should" questions for one pair: their weighted mean (0 when there are none)."""
    soft = soft_questions(data.questions)
    total = sum(q.weight for q in soft)
    return sum(q.weight * q.value(r, e) for q in soft) / total if total else 0.0


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().lower() == b.strip().lower()


def _share(a: frozenset, b: frozenset, of: int) -> float:
    return len(a & b) / max(of, 1)


@dataclass(frozen=True)
class HardRule:
    """A rule no pair may break. Exactly one of `mask` and `pairs` says how it is built.

    - ``mask(on)``: True where a pair passes, for the cells of a `_Pairing` (dense rules);
    - ``pairs(data)``: the (mentor id, mentee id) pairs the rule keeps apart (sparse rules).
    ``setting``: the `Rules` field that turns the rule on for a run (None: always on).
    A dense rule's ``mask(on)`` may read the run's program questions (``on.e.questions``).
    ``holds(data, mentor, mentee)``: the rule stated for one pair in plain Python, the oracle the
    property tests hold the solver to. ``reason``: the code an unmatched person gets when this
    rule is the first (in list order) that leaves nobody on the other side; ``message`` its text.
    """

    name: str
    reason: str
    message: str
    holds: Callable[[MatchInput, Candidate, Candidate], bool]
    mask: Callable[[_Pairing], np.ndarray] | None = None
    pairs: Callable[[MatchInput], frozenset] | None = None
    setting: str | None = None

    def is_on(self, rules: Rules) -> bool:
        return self.setting is None or bool(getattr(rules, self.setting))


@dataclass(frozen=True)
class Component:
    """One weighted part of the score, in [0, 1]. Exactly one of `table`, `pairs`, `matrix` is set.

    - ``table``: the `Tables` entry gathered through the candidates' ``code`` (dense);
    - ``pairs(mentors, mentees)``: the (mentor id, mentee id) cells worth 1, all others 0 (sparse);
    - ``matrix(on)``: the values for the cells of a `_Pairing`, computed (dense, run-dependent).
    ``weight``: the default weight. ``value(data, mentor, mentee)``: the component for one pair in
    plain Python, the oracle of the property tests. ``used(data)``: False when the component has
    nothing to compare in this run (its weight then counts as 0).
    """

    name: str
    label: str
    weight: float
    value: Callable[[MatchInput, Candidate, Candidate], float]
    table: str | None = None
    code: str | None = None
    pairs: Callable[[list[Candidate], list[Candidate]], list[tuple[int, int]]] | None = None
    matrix: Callable[[_Pairing], np.ndarray] | None = None
    used: Callable[[MatchInput], bool] = lambda data: True


def _wished(mentors: list[Candidate], mentees: list[Candidate]) -> list[tuple[int, int]]:
    by_mentee = [(r, e.id) for e in mentees if e.wishes for r in e.wishes]
    return by_mentee + [(r.id, e) for r in mentors if r.wishes for e in r.wishes]


def _distance(r: Candidate, e: Candidate) -> float:
    return 1.0 if _same(r.municipality, e.municipality) else 0.5 if _same(r.region, e.region) else 0.0


def _industry(r: Candidate, e: Candidate) -> float:
    if not (r.industry.strip() and e.industry.strip()):
        return 0.5
    return 0.0 if _same(r.industry, e.industry) else 1.0


# The hard rules, in the order the reasons for the unmatched are looked for.
HARD_RULES: tuple[HardRule, ...] = (
    HardRule(
        "language",
        "no_shared_language",
        gettext_noop("Nobody on the other side shares a language."),
        holds=lambda data, r, e: bool(r.languages & e.languages),
        mask=lambda on: on.table("languages"),
    ),
    HardRule(
        "organisation",
        "only_same_organisation",
        gettext_noop("Everyone sharing a language works at the same organisation."),
        holds=lambda data, r, e: r.organisation_id is None or r.organisation_id != e.organisation_id,
        mask=lambda on: ~on.same_organisation(),
    ),
    HardRule(
        "region",
        "no_same_region",
        gettext_noop("Nobody compatible is in the same region."),
        holds=lambda data, r, e: _same(r.region, e.region),
        mask=lambda on: on.table("region", "location"),
        setting="same_region",
    ),
    HardRule(
        "questions",
        "question_rules",
        gettext_noop(
            "Everyone otherwise compatible gave an answer that one of the program's must-match or "
            "must-differ questions rules out."
        ),
        holds=lambda data, r, e: all(q.holds(r, e) for q in data.questions if q.hard),
        mask=lambda on: on.question_mask(),
    ),
    HardRule(
        "repeat",
        "no_repeat",
        gettext_noop("The only compatible people were paired with this person in an earlier round."),
        holds=lambda data, r, e: (r.id, e.id) not in data.earlier_pairs,
        pairs=lambda data: data.earlier_pairs,
        setting="no_repeat",
    ),
    HardRule(
        "declined",
        "declined",
        gettext_noop(
            "The only compatible people were in a pair with this person that was declined in this "
            "round; a declined pair is not proposed again."
        ),
        holds=lambda data, r, e: (r.id, e.id) not in data.declined,
        pairs=lambda data: data.declined,
    ),
    HardRule(
        "forbid",
        "all_forbidden",
        gettext_noop("Every remaining compatible pair has been forbidden by a coordinator."),
        holds=lambda data, r, e: (r.id, e.id) not in data.forbids,
        pairs=lambda data: data.forbids,
    ),
)

# The score components, in the order of the breakdown and of the weights.
SCORE_COMPONENTS: tuple[Component, ...] = (
    Component(
        "topics",
        gettext_noop("Topics"),
        3.0,
        value=lambda data, r, e: _share(e.topics, r.topics, len(e.topics)),  # the mentee's wishes covered
        table="topics",
        code="topics",
    ),
    Component(
        "availability",
        gettext_noop("Availability"),
        2.0,
        value=lambda data, r, e: _share(
            e.availability, r.availability, min(len(e.availability), len(r.availability))
        ),
        table="availability",
        code="availability",
    ),
    Component(
        "meeting_format",
        gettext_noop("Meeting format"),
        1.0,
        value=lambda data, r, e: float(
            r.meeting_format == e.meeting_format
            or r.meeting_format in FLEXIBLE_FORMATS
            or e.meeting_format in FLEXIBLE_FORMATS
        ),
        table="format",
        code="format",
    ),
    Component(
        "distance",
        gettext_noop("Distance"),
        1.0,
        value=lambda data, r, e: _distance(r, e),
        table="distance",
        code="location",
    ),
    Component(
        "industry",
        gettext_noop("Different industry"),
        1.0,
        value=lambda data, r, e: _industry(r, e),
        table="industry",
        code="industry",
    ),
    Component(
        "wishes",
        gettext_noop("Wishes"),
        2.0,
        value=lambda data, r, e: float(r.id in e.wishes or e.id in r.wishes),
        pairs=_wished,
    ),
    Component(
        "questions",
        gettext_noop("Program's questions"),
        1.0,
        value=_questions_value,
        matrix=lambda on: on.question_score(),
        used=lambda data: bool(soft_questions(data.questions)),
    ),
)

COMPONENTS = tuple(c.name for c in SCORE_COMPONENTS)
RULE_ORDER = tuple(rule.name for rule in HARD_RULES)
RULE_REASON = {rule.name: rule.reason for rule in HARD_RULES}


def _as_array(self) -> np.ndarray:
    values = np.array([max(0.0, float(getattr(self, name))) for name in COMPONENTS])
    return values if values.sum() > 0 else np.ones(len(COMPONENTS))


# One weight per component, its default from the component's declaration.
Weights = make_dataclass(
    "Weights",
    [(c.name, float, field(default=c.weight)) for c in SCORE_COMPONENTS],
    frozen=True,
    namespace={"as_array": _as_array, "__module__": __name__},
)


@dataclass(frozen=True)
class Rules:
    same_region: bool = False
    no_repeat: bool = True


def weight_vector(data: MatchInput) -> np.ndarray:
    """The run's weights in component order, normalised to sum 1; an unused component weighs 0."""
    weights = data.weights.as_array() * np.array([float(c.used(data)) for c in SCORE_COMPONENTS])
    return weights / weights.sum() if weights.sum() > 0 else np.ones(len(COMPONENTS)) / len(COMPONENTS)


@dataclass(frozen=True)
class MatchInput:
    mentors: tuple[Candidate, ...]
    mentees: tuple[Candidate, ...]
    weights: Weights = Weights()
    rules: Rules = Rules()
    locks: frozenset[tuple[int, int]] = frozenset()  # (mentor id, mentee id)
    forbids: frozenset[tuple[int, int]] = frozenset()
    earlier_pairs: frozenset[tuple[int, int]] = frozenset()  # the same two people paired before
    declined: frozenset[tuple[int, int]] = frozenset()  # pairs of this round one side declined
    max_pairs: int | None = None  # the round's capacity left for new pairs (None: no limit)
    questions: tuple[QuestionRule, ...] = ()  # the program's questions that feed matching


@dataclass(frozen=True)
class MatchedPair:
    mentor_id: int
    mentee_id: int
    score: float
    breakdown: dict[str, float]
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    """Why somebody has no pair: a reason code and the numbers the message needs."""

    id: int
    role: str  # "mentor" | "mentee"
    code: str
    params: dict[str, int] = field(default_factory=dict)


@dataclass
class MatchResult:
    pairs: list[MatchedPair]
    unmatched: list[Unmatched]
    warnings: list[dict]
    total_score: float
    timings: dict[str, float] = field(default_factory=dict)


SET_ATTRIBUTES = ("languages", "topics", "availability")
PROFILE = ("format", "location", "industry")  # the categorical attributes, combined into one code


class Encoded:
    """The candidates of one side as integer codes, sorted by id.

    Every attribute a score component or rule compares is a small integer code: an index into
    the distinct value sets of this side (languages, topics, availability) or into a vocabulary
    shared by both sides (format, location, industry). The value of a component for any two
    codes sits in a small table (`Tables`), so a block of the score matrix is a gather from a
    few small tables, not dozens of full-size comparisons.
    """

    def __init__(self, people: list[Candidate], vocab: dict[str, dict], questions=()):
        self.people = people
        self.questions = tuple(questions)
        self.ids = np.array([p.id for p in people], dtype=np.int64)
        self.index = {p.id: i for i, p in enumerate(people)}
        self.distinct: dict[str, list[frozenset]] = {}
        self.codes: dict[str, np.ndarray] = {}
        for name in SET_ATTRIBUTES:
            seen: dict[frozenset, int] = {}
            self.codes[name] = np.array(
                [seen.setdefault(getattr(p, name), len(seen)) for p in people], dtype=np.intp
            )
            self.distinct[name] = list(seen)
        for key in {q.key for q in self.questions}:  # each question's distinct answers, like a set attribute
            seen = {}
            name = f"q:{key}"
            self.codes[name] = np.array(
                [seen.setdefault(_answered(p, key), len(seen)) for p in people], dtype=np.intp
            )
            self.distinct[name] = list(seen)
        self.codes["format"] = _codes([p.meeting_format for p in people], vocab["format"])
        self.codes["location"] = _codes([_location(p) for p in people], vocab["location"])
        self.codes["industry"] = _codes([p.industry.strip().lower() for p in people], vocab["industry"])
        profiles: dict[tuple[int, int, int], int] = {}  # distinct (format, location, industry) codes
        triples = zip(*(self.codes[name].tolist() for name in PROFILE), strict=True)
        self.codes["profile"] = np.array(
            [profiles.setdefault(t, len(profiles)) for t in triples], dtype=np.intp
        )
        self.distinct["profile"] = list(profiles)
        self.organisation = np.array(
            [vocab["organisation"].get(p.organisation_id, -1) for p in people], dtype=np.int64
        )
        self.capacity = np.array([max(1, min(3, p.capacity)) for p in people], dtype=np.int64)
        self.tables: Tables | None = None  # set by `encode`, shared by both sides


def _location(person: Candidate) -> tuple[str, str]:
    return (person.region.strip().lower(), person.municipality.strip().lower())


def _point_to(pairs, mentees: Encoded, mentors: Encoded) -> tuple[np.ndarray, np.ndarray]:
    """(mentee rows, mentor columns) of the given (mentor id, mentee id) pairs among the candidates."""
    hits = [
        (mentees.index[e], mentors.index[r]) for r, e in pairs if r in mentors.index and e in mentees.index
    ]
    if not hits:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    rows, cols = zip(*hits, strict=True)
    return np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)


def _vocabulary(people: list[Candidate]) -> dict[str, dict]:
    def index(values: set, keep_blank: bool = False) -> dict:
        if not keep_blank:
            values.discard(None)
            values.discard("")
        return {value: i for i, value in enumerate(sorted(values, key=str))}

    return {
        "organisation": index({p.organisation_id for p in people}),
        "location": index({_location(p) for p in people}, keep_blank=True),
        "industry": index({p.industry.strip().lower() for p in people}, keep_blank=True),
        "format": index({p.meeting_format for p in people}, keep_blank=True),
    }


def _codes(values: list, vocab: dict) -> np.ndarray:
    return np.array([vocab[v] for v in values], dtype=np.intp)


def _bits(sets: list[frozenset], vocab: dict) -> np.ndarray:
    """Each set as a bit mask: a (sets × words) uint64 array, bit `vocab[v]` set for each value."""
    words = max(1, -(-len(vocab) // 64))
    masks = [sum(1 << vocab[v] for v in values if v in vocab) for values in sets]
    out = np.zeros((len(sets), words), dtype=np.uint64)
    for w in range(words):
        out[:, w] = [(m >> (64 * w)) & 0xFFFFFFFFFFFFFFFF for m in masks]
    return out


def _popcount(words: np.ndarray) -> np.ndarray:
    """The number of set bits over the last axis (the words of each mask), as float32."""
    counts = np.bitwise_count(words)
    total = counts[..., 0] if counts.shape[-1] == 1 else counts.sum(axis=-1, dtype=np.uint16)
    return total.astype(np.float32)


class Tables:
    """Component values and rule results between every two codes (mentee code × mentor code).

    Small: distinct sets of one side × the other's, or vocabulary × vocabulary. Set overlaps
    are AND + popcount of bit masks (no float matrix product, so no BLAS threads, which on a
    busy machine made the products 50× slower than one core doing the work).
    """

    def __init__(self, mentees: Encoded, mentors: Encoded, vocab: dict[str, dict]):
        t: dict[str, np.ndarray] = {}
        for name in SET_ATTRIBUTES:
            values = set().union(*mentees.distinct[name], *mentors.distinct[name])
            words = {v: i for i, v in enumerate(sorted(values, key=str))}
            a, b = _bits(mentees.distinct[name], words), _bits(mentors.distinct[name], words)
            shared = _popcount(a[:, None, :] & b[None, :, :])
            size_a, size_b = _popcount(a)[:, None], _popcount(b)[None, :]
            if name == "languages":
                t[name] = shared > 0
            elif name == "topics":  # the share of the mentee's wished topics covered
                t[name] = shared / np.maximum(size_a, 1)
            else:
                t[name] = shared / np.maximum(np.minimum(size_a, size_b), 1)
        formats = list(vocab["format"])
        flexible = np.array([f in FLEXIBLE_FORMATS for f in formats], dtype=bool)
        same = np.equal.outer(np.arange(len(formats)), np.arange(len(formats)))
        t["format"] = (same | flexible[:, None] | flexible[None, :]).astype(np.float32)
        regions = np.array([r for r, _m in vocab["location"]], dtype=object)
        places = np.array([m for _r, m in vocab["location"]], dtype=object)
        same_region = np.equal.outer(regions, regions) & (regions != "")[:, None]
        same_place = np.equal.outer(places, places) & (places != "")[:, None]
        t["region"] = same_region.astype(bool)
        t["distance"] = np.maximum(same_place.astype(np.float32), np.float32(0.5) * same_region)
        for key in {q.key for q in mentees.questions}:
            name = f"q:{key}"
            values = set().union(*mentees.distinct[name], *mentors.distinct[name])
            words = {v: i for i, v in enumerate(sorted(values))}
            a, b = _bits(mentees.distinct[name], words), _bits(mentors.distinct[name], words)
            t[f"{name}:shared"] = _popcount(a[:, None, :] & b[None, :, :]) > 0
            t[f"{name}:known"] = (_popcount(a) > 0)[:, None] & (_popcount(b) > 0)[None, :]
        industries = np.array(list(vocab["industry"]), dtype=object)
        known = industries != ""
        differs = ~np.equal.outer(industries, industries)
        t["industry"] = np.where(known[:, None] & known[None, :], differs, 0.5).astype(np.float32)
        self.tables = t

    def __getitem__(self, name: str) -> np.ndarray:
        return self.tables[name]


def encode(mentors: list[Candidate], mentees: list[Candidate], questions=()) -> tuple[Encoded, Encoded]:
    """Both sides encoded against one vocabulary (and the run's questions), sharing one set of tables."""
    vocab = _vocabulary(mentors + mentees)
    enc_r, enc_e = Encoded(mentors, vocab, questions), Encoded(mentees, vocab, questions)
    enc_e.tables = enc_r.tables = Tables(enc_e, enc_r, vocab)
    return enc_e, enc_r


class _Pairing:
    """Lines up a mentee side and a mentor side: every cell (outer) or given cells (paired)."""

    def __init__(self, mentees: Encoded, mentors: Encoded, rows=None, cols=None, block=slice(None)):
        self.outer = rows is None
        self.e, self.r = mentees, mentors
        self.rows, self.cols = rows, cols
        self.block = block  # outer only: the mentee rows (a slice) lined up with every mentor

    def table(self, name: str, code: str | None = None) -> np.ndarray:
        """The table `name` for the cells, read through the candidates' `code` (default: `name`)."""
        table, code = self.e.tables[name], code or name
        a, b = self.e.codes[code], self.r.codes[code]
        if self.outer:
            return table[a[self.block]][:, b]  # rows, then columns: much faster than one 2-D index
        return table[a[self.rows], b[self.cols]]

    def question(self, question: QuestionRule) -> tuple[np.ndarray, np.ndarray]:
        """(both answered, they share an option) for the cells, for one of the program's questions."""
        name = f"q:{question.key}"
        return self.table(f"{name}:known", name), self.table(f"{name}:shared", name)

    def _shape(self) -> tuple[int, ...]:
        if self.outer:
            return (len(range(*self.block.indices(len(self.e.people)))), len(self.r.people))
        return (len(self.rows),)

    def question_mask(self) -> np.ndarray:
        """True where the cell passes every hard question rule of the run."""
        ok = np.ones(self._shape(), dtype=bool)
        for question in self.e.questions:
            if question.hard:
                known, shared = self.question(question)
                ok &= ~known | (shared == question.wants_same)
        return ok

    def question_value(self, question: QuestionRule) -> np.ndarray:
        """`QuestionRule.value` for the cells: 1 or 0 where both answered, 0.5 where not."""
        known, shared = self.question(question)
        return np.where(known, (shared == question.wants_same).astype(np.float32), np.float32(0.5))

    def question_score(self) -> np.ndarray:
        """The weighted mean of the run's "should" questions for the cells (0 when there are none)."""
        total = np.zeros(self._shape(), dtype=np.float32)
        soft = soft_questions(self.e.questions)
        weights = sum(q.weight for q in soft)
        for question in soft:
            total += np.float32(question.weight / weights) * self.question_value(question)
        return total

    def same_organisation(self) -> np.ndarray:
        a, b = self.e.organisation, self.r.organisation
        if self.outer:
            a = a[self.block]
            same = a[:, None] == b[None, :]
            same[a < 0] = False
            return same
        a, b = a[self.rows], b[self.cols]
        return (a == b) & (a >= 0)

    def pairs(self, pairs) -> np.ndarray:
        if self.outer:
            return _pair_mask(pairs, self.e, self.r)
        wanted = {(int(r), int(e)) for r, e in pairs}
        chosen = zip(self.r.ids[self.cols].tolist(), self.e.ids[self.rows].tolist(), strict=True)
        return np.array([pair in wanted for pair in chosen], dtype=bool)  # the chosen pairs only


def _pair_mask(pairs, mentees: Encoded, mentors: Encoded) -> np.ndarray:
    """A mentee × mentor boolean matrix with True at the given (mentor id, mentee id) pairs."""
    mask = np.zeros((len(mentees.people), len(mentors.people)), dtype=bool)
    hits = [
        (mentees.index[e], mentors.index[r]) for r, e in pairs if r in mentors.index and e in mentees.index
    ]
    if hits:
        rows, cols = zip(*hits, strict=True)
        mask[list(rows), list(cols)] = True
    return mask


def rule_masks(data: MatchInput, mentees: Encoded, mentors: Encoded) -> dict[str, np.ndarray]:
    """For each hard rule, a mentee × mentor matrix: True where the pair passes (or the rule is off)."""
    on = _Pairing(mentees, mentors)
    everyone = np.ones((len(mentees.people), len(mentors.people)), dtype=bool)
    masks = {}
    for rule in HARD_RULES:
        if not rule.is_on(data.rules):
            masks[rule.name] = everyone
        elif rule.mask is not None:
            masks[rule.name] = rule.mask(on)
        else:
            masks[rule.name] = ~on.pairs(rule.pairs(data))
    return masks


def _component(component: Component, on: _Pairing) -> np.ndarray:
    if component.table is not None:
        return on.table(component.table, component.code)
    if component.matrix is not None:
        return component.matrix(on)
    return on.pairs(component.pairs(on.r.people, on.e.people)).astype(np.float32)


def component_matrices(data: MatchInput, on: _Pairing):
    """Yield (name, values in [0, 1]) per score component, for every cell or the given cells."""
    for component in SCORE_COMPONENTS:
        yield component.name, _component(component, on)


def score_matrix(data: MatchInput, mentees: Encoded, mentors: Encoded) -> np.ndarray:
    """The weighted mean of all components, a mentee × mentor float32 matrix in [0, 1]."""
    weights = weight_vector(data)
    total = np.zeros((len(mentees.people), len(mentors.people)), dtype=np.float32)
    components = component_matrices(data, _Pairing(mentees, mentors))
    for weight, (_name, matrix) in zip(weights, components, strict=True):
        if weight:
            matrix = np.asarray(matrix, dtype=np.float32)
            matrix *= np.float32(weight)
            total += matrix
    return total


def breakdowns(data: MatchInput, mentees: Encoded, mentors: Encoded, rows, cols) -> list[dict[str, float]]:
    """Each component's value for the chosen (mentee row, mentor column) cells."""
    on = _Pairing(mentees, mentors, np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))
    values = dict(component_matrices(data, on))
    table = np.empty((len(rows), len(COMPONENTS)), dtype=np.float64)
    for j, name in enumerate(COMPONENTS):
        table[:, j] = values[name]
    parts = [dict(zip(COMPONENTS, row, strict=True)) for row in np.round(table, 4).tolist()]
    for question in soft_questions(data.questions):  # each "should" question on its own, for the run page
        for part, value in zip(parts, on.question_value(question).tolist(), strict=True):
            part[f"q:{question.key}"] = value
    return parts


CHUNK_ROWS = 256  # mentee rows scored at a time: temporaries stay small and in cache


def _subset(enc: Encoded, idx: np.ndarray) -> Encoded:
    """The same side restricted to the rows `idx` (in that order)."""
    sub = object.__new__(Encoded)
    sub.people = [enc.people[i] for i in idx]
    sub.questions = enc.questions
    sub.index = {person.id: i for i, person in enumerate(sub.people)}
    sub.distinct, sub.tables = enc.distinct, enc.tables
    sub.codes = {name: codes[idx] for name, codes in enc.codes.items()}
    for name in ("ids", "organisation", "capacity"):
        setattr(sub, name, getattr(enc, name)[idx])
    return sub


def _weighted_tables(enc_e: Encoded, enc_r: Encoded, weight: dict[str, float]) -> dict[str, np.ndarray]:
    """Each dense component's table times its weight, by the code it is gathered through.

    Components read through a categorical code (`PROFILE`: format, location, industry) are
    summed into one table over the distinct profiles of each side, so a block costs one
    gather for all of them; the others (set attributes) keep a table each.
    """
    t = enc_e.tables
    pe, pr = np.array(enc_e.distinct["profile"]).T, np.array(enc_r.distinct["profile"]).T
    weighted: dict[str, np.ndarray] = {}
    for component in SCORE_COMPONENTS:
        if component.table is None or not weight[component.name]:
            continue
        table = t[component.table]
        if component.code in PROFILE:
            k = PROFILE.index(component.code)
            part = table[pe[k]][:, pr[k]] * np.float32(weight[component.name])
            weighted["profile"] = weighted["profile"] + part if "profile" in weighted else part
        else:
            weighted[component.code] = (table * np.float32(weight[component.name])).astype(np.float32)
    return {code: table.astype(np.float32) for code, table in weighted.items()}


def prepare(data: MatchInput):
    """Encode both sides (sorted by id); the feasibility (hard rules) and score matrices.

    The same values as `rule_masks` and `score_matrix` (tests hold them to it), from the same
    declarations (`HARD_RULES`, `SCORE_COMPONENTS`), built faster: in blocks of mentee rows,
    each block a few gathers from small weighted tables and the dense rules' masks; the sparse
    rules and components (forbids, earlier pairs, wishes…) are set afterwards at their cells only.
    """
    mentors = sorted(data.mentors, key=lambda p: p.id)
    mentees = sorted(data.mentees, key=lambda p: p.id)
    enc_e, enc_r = encode(mentors, mentees, data.questions)
    n_e, n_r = len(mentees), len(mentors)
    scores = np.zeros((n_e, n_r), dtype=np.float32)
    feasible = np.zeros((n_e, n_r), dtype=bool)
    if n_e == 0 or n_r == 0:
        return enc_e, enc_r, feasible, scores
    weight = dict(zip(COMPONENTS, weight_vector(data).tolist(), strict=True))
    computed = [c for c in SCORE_COMPONENTS if c.matrix is not None and weight[c.name]]
    weighted = _weighted_tables(enc_e, enc_r, weight)
    rules = [rule for rule in HARD_RULES if rule.is_on(data.rules)]
    dense = [rule for rule in rules if rule.mask is not None]
    e, r = enc_e.codes, enc_r.codes
    for start in range(0, n_e, CHUNK_ROWS):
        block = slice(start, min(start + CHUNK_ROWS, n_e))
        out = scores[block]
        for code, table in weighted.items():
            out += table[e[code][block]][:, r[code]]
        on = _Pairing(enc_e, enc_r, block=block)
        for component in computed:
            out += np.float32(weight[component.name]) * component.matrix(on)
        ok = np.ones((block.stop - block.start, n_r), dtype=bool)
        for rule in dense:
            ok &= rule.mask(on)
        feasible[block] = ok
    for component in SCORE_COMPONENTS:
        if component.pairs is not None and weight[component.name]:
            rows, cols = _point_to(set(component.pairs(mentors, mentees)), enc_e, enc_r)
            scores[rows, cols] += np.float32(weight[component.name])
    for rule in rules:
        if rule.pairs is not None:
            rows, cols = _point_to(rule.pairs(data), enc_e, enc_r)
            feasible[rows, cols] = False
    return enc_e, enc_r, feasible, scores


def match(data: MatchInput) -> MatchResult:
    """Find the pairing with the most pairs, then the highest total score; explain the rest."""
    clock = time.perf_counter()
    enc_e, enc_r, feasible, scores = prepare(data)
    timings = {"scoring": time.perf_counter() - clock}

    capacity = enc_r.capacity.copy()
    locked, warnings = _apply_locks(data, enc_e, enc_r, feasible, capacity)
    clock = time.perf_counter()
    rows, cols = solve(scores, feasible, capacity, exclude_rows={e for e, _r in locked})
    timings["solving"] = time.perf_counter() - clock

    chosen = [(e, r, True) for e, r in locked] + [(e, r, False) for e, r in zip(rows, cols, strict=True)]
    full = data.max_pairs is not None and len(chosen) > data.max_pairs
    if full:  # the round is full: keep the locked pairs, then the best
        chosen.sort(key=lambda t: (not t[2], -float(scores[t[0], t[1]]), enc_r.ids[t[1]], enc_e.ids[t[0]]))
        chosen = chosen[: max(data.max_pairs, 0)]
    chosen.sort(key=lambda t: (enc_r.ids[t[1]], enc_e.ids[t[0]]))
    parts = breakdowns(data, enc_e, enc_r, [c[0] for c in chosen], [c[1] for c in chosen])
    pairs = [
        MatchedPair(int(enc_r.ids[r]), int(enc_e.ids[e]), round(float(scores[e, r]), 4), part, lock)
        for (e, r, lock), part in zip(chosen, parts, strict=True)
    ]
    unmatched = explain(data, enc_e, enc_r, feasible, chosen, full=full)
    total = round(sum(p.score for p in pairs), 4)
    return MatchResult(pairs, unmatched, warnings, total, timings)


def _apply_locks(data, enc_e, enc_r, feasible, capacity) -> tuple[list[tuple[int, int]], list[dict]]:
    """Pre-assign locked pairs that break no hard rule and fit the mentor's capacity."""
    locked: list[tuple[int, int]] = []
    warnings: list[dict] = []
    taken: set[int] = set()
    for mentor_id, mentee_id in sorted(data.locks):
        if mentor_id not in enc_r.index or mentee_id not in enc_e.index:
            warnings.append({"code": "lock_not_candidate", "mentor": mentor_id, "mentee": mentee_id})
            continue
        e, r = enc_e.index[mentee_id], enc_r.index[mentor_id]
        if not feasible[e, r]:
            warnings.append({"code": "lock_breaks_rule", "mentor": mentor_id, "mentee": mentee_id})
        elif e in taken or capacity[r] <= 0:
            warnings.append({"code": "lock_over_capacity", "mentor": mentor_id, "mentee": mentee_id})
        else:
            locked.append((e, r))
            taken.add(e)
            capacity[r] -= 1
    return locked, warnings


def solve(scores: np.ndarray, feasible: np.ndarray, capacity: np.ndarray, exclude_rows=frozenset()):
    """Max-cardinality, then max-score assignment of mentee rows to mentor places."""
    rows_left = np.array([i for i in range(scores.shape[0]) if i not in exclude_rows], dtype=np.int64)
    if rows_left.size == 0 or capacity.sum() == 0:
        return [], []
    columns = np.repeat(np.arange(scores.shape[1]), capacity)
    cost = cost_matrix(scores, feasible, rows_left, capacity)
    sol_rows, sol_cols = linear_sum_assignment(cost)
    keep = cost[sol_rows, sol_cols] < 0
    return rows_left[sol_rows[keep]].tolist(), columns[sol_cols[keep]].tolist()


def cost_matrix(scores, feasible, rows_left, capacity) -> np.ndarray:
    """-(BONUS + score) on feasible cells, 0 elsewhere, one column per mentor place.

    In float64 (what the solver works in), written block by block of rows into the one matrix
    the solver gets: no full-size intermediate copy, which at N = 5,000 is 200 MB of fresh
    memory to fault in. See the module docstring for BONUS.
    """
    bonus = float(min(len(rows_left), int(capacity.sum())) + 1)
    repeat = bool(np.any(capacity != 1))
    cost = np.empty((len(rows_left), int(capacity.sum())), dtype=np.float64)
    for start in range(0, len(rows_left), CHUNK_ROWS):
        rows = rows_left[start : start + CHUNK_ROWS]
        part = scores[rows].astype(np.float64)
        part += bonus
        part *= feasible[rows]
        np.negative(part, out=part)
        cost[start : start + CHUNK_ROWS] = np.repeat(part, capacity, axis=1) if repeat else part
    return cost


def explain(
    data: MatchInput, enc_e: Encoded, enc_r: Encoded, feasible, chosen, *, full: bool = False
) -> list[Unmatched]:
    """A reason for every mentee without a pair and every mentor without any mentee.

    ``full``: the round's capacity cut the pairs; whoever no hard rule kept out was left out for it.
    """
    matched_e = np.zeros(len(enc_e.people), dtype=bool)
    used_r = np.zeros(len(enc_r.people), dtype=np.int64)
    for e, r, _lock in chosen:
        matched_e[e] = True
        used_r[r] += 1
    out = []
    lonely_e = np.flatnonzero(~matched_e)
    lonely_r = np.flatnonzero(used_r == 0)
    # The rule masks again, for the unmatched rows/columns only: small, and only needed here.
    masks_e = rule_masks(data, _subset(enc_e, lonely_e), enc_r)
    masks_r = {k: v.T for k, v in rule_masks(data, enc_e, _subset(enc_r, lonely_r)).items()}
    full_params = {"pairs": int(data.max_pairs or 0)} if full else None
    n_r, n_e, places = len(enc_r.people), len(enc_e.people), enc_r.capacity
    out += _reasons("mentee", enc_e, lonely_e, masks_e, feasible, n_r, places, axis=1, full=full_params)
    out += _reasons("mentor", enc_r, lonely_r, masks_r, feasible, n_e, None, axis=0, full=full_params)
    return out


def _reasons(role, enc, lonely, masks, feasible, n_other, capacity, axis, full=None) -> list[Unmatched]:
    if lonely.size == 0:
        return []
    if n_other == 0:
        code = "no_mentors" if role == "mentee" else "no_mentees"
        return [Unmatched(int(enc.ids[i]), role, code) for i in lonely]

    def take(matrix):
        return matrix[lonely] if axis == 1 else matrix[:, lonely].T

    alive = np.ones((lonely.size, n_other), dtype=bool)
    first_empty = np.full(lonely.size, -1)
    for k, rule in enumerate(RULE_ORDER):
        alive &= masks[rule]
        newly = (~alive.any(axis=1)) & (first_empty < 0)
        first_empty[newly] = k
    competing = _competition(feasible, take(feasible), capacity, axis)
    out = []
    for j, i in enumerate(lonely):
        if first_empty[j] >= 0:
            code, params = RULE_REASON[RULE_ORDER[first_empty[j]]], {}
        elif full is not None:
            code, params = "round_full", full
        elif role == "mentee":
            code = "capacity_exhausted"
            params = {"mentees": int(competing[0][j]), "places": int(competing[1][j])}
        else:
            code, params = "compatible_mentees_taken", {"mentees": int(alive[j].sum())}
        out.append(Unmatched(int(enc.ids[i]), role, code, params))
    return out


def _competition(feasible, own, capacity, axis):
    """For unmatched mentees: how many mentees compete for their possible mentors, and the places."""
    if axis != 1 or not own.any():
        return None
    # Bit-packed rows, AND + any instead of a float matrix product (no BLAS threads).
    packed, mine = np.packbits(feasible, axis=1), np.packbits(own, axis=1)
    competitors = np.zeros(own.shape[0], dtype=np.int64)
    for start in range(0, own.shape[0], 64):
        block = mine[start : start + 64]
        competitors[start : start + 64] = (packed[:, None, :] & block[None, :, :]).any(axis=2).sum(axis=0)
    places = (own * capacity[None, :]).sum(axis=1)
    return competitors, places
