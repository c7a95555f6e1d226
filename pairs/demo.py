"""Demo data: meetings, visits, agreements and survey answers for the pairs of the completed round
and of the round in progress (there: up to today, and only the surveys that have opened; the pair
that ended early stops at its end).

Runs after matching's demo (which makes the pairs). Idempotent: a pair that already has
meetings gets none added; survey answers are one per (pair, role, survey) anyway.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from matching.models import Pair
from programs import timeline
from programs.models import Round, SurveyQuestionKind

from . import services, surveys
from .models import Meeting, SurveyResponse

ROUND_SLUGS = ("hosten-2025", "varen-2026")

QUOTES = [
    "Jag fick syn på hur mycket jag tar för givet som chef.",
    "Att bli utmanad av en yngre ledare var det bästa jag gjort på länge.",
    "Vi besökte varandras arbetsplatser och det öppnade mina ögon.",
    "Jag har vågat ta mer plats i ledningsgruppen.",
    "Samtalen om hållbarhet ändrade hur vi rekryterar.",
]
LEARNED = [
    "Hur unga medarbetare ser på flexibilitet och mening i arbetet.",
    "Att ställa fler frågor och ge färre svar.",
    "Hur en större organisation fattar beslut.",
    "Nya sätt att prata om mångfald.",
]
# How each pair behaves, by its place in the round: meets to the end, slows down, stalls.
PATTERNS = ["steady", "steady", "slowing", "steady", "stalled", "steady", "slowing"]


def seed(stdout) -> None:
    """Give the demo rounds' pairs meetings, visits and survey answers."""
    for slug in ROUND_SLUGS:
        round_ = Round.objects.filter(slug=slug).select_related("program").first()
        if round_ is None:
            stdout.write(f"pairs: no round {slug}, nothing to do")
            continue
        _seed_round(round_, stdout)


def _seed_round(round_: Round, stdout) -> None:
    pairs = list(
        Pair.objects.filter(round=round_, state__in=Pair.LIVE_STATES).select_related(
            "mentor_application", "mentee_application"
        )
    )
    if not pairs:
        stdout.write(f"pairs: round {round_.slug} has no pairs yet, nothing to do")
        return
    created = 0
    for index, pair in enumerate(pairs):
        created += _seed_pair(round_, pair, index)
    answers = SurveyResponse.objects.filter(pair__round=round_).count()
    stdout.write(
        f"pairs: {len(pairs)} pairs, {created} meetings added, {answers} survey answers in {round_.slug}"
    )
    link = services.meeting_link(pairs[0], "mentor")
    stdout.write(f"pairs: example meeting link (mentor of pair {pairs[0].pk}): {link}")


@transaction.atomic
def _seed_pair(round_: Round, pair: Pair, index: int) -> int:
    rng = random.Random(pair.pk * 7919 + index)
    for role in services.ROLES:
        services.accept_agreement(pair, role=role, at=round_.kickoff - timedelta(days=rng.randint(1, 6)))
    created = (
        0 if pair.meetings.exists() else _seed_meetings(round_, pair, PATTERNS[index % len(PATTERNS)], rng)
    )
    _seed_surveys(round_, pair, index, rng)
    return created


def _seed_meetings(round_: Round, pair: Pair, pattern: str, rng: random.Random) -> int:
    start = timezone.localdate(round_.kickoff)
    end = min(timezone.localdate(round_.ends), timezone.localdate())
    if pair.ended_at:
        end = min(end, timezone.localdate(pair.ended_at))
    stop = {"steady": end, "slowing": end - timedelta(days=45), "stalled": start + timedelta(days=50)}[
        pattern
    ]
    cadence = round_.meeting_cadence_days
    day = start + timedelta(days=rng.randint(0, 7))
    dates = []
    while day <= stop:
        dates.append(day)
        day += timedelta(days=cadence + rng.randint(-8, 4))
    kinds = [Meeting.Kind.MEETING] * len(dates)
    if len(dates) >= 3 and pattern != "stalled":
        kinds[1] = Meeting.Kind.VISIT_MENTEE
        kinds[len(dates) // 2 + 1] = Meeting.Kind.VISIT_MENTOR
    if dates:
        kinds[0] = Meeting.Kind.JOINT_EVENT
    for number, (date, kind) in enumerate(zip(dates, kinds, strict=True)):
        role = services.ROLES[number % 2]
        services.log_meeting(
            pair,
            data=services.MeetingData(
                date=date,
                kind=kind,
                duration_minutes=rng.choice([45, 60, 90, 120]),
                pulse=rng.choice([3, 4, 4, 5, 5]) if pattern != "stalled" else rng.choice([2, 3]),
                private_note=rng.choice(["", "Vi pratade om feedback.", "Nästa gång: studiebesök."]),
            ),
            logged_by=services.participant(pair, role),
        )
    return len(dates)


def _seed_surveys(round_: Round, pair: Pair, index: int, rng: random.Random) -> None:
    kinds = [SurveyResponse.Kind.BASELINE, SurveyResponse.Kind.MIDPOINT, SurveyResponse.Kind.END]
    if index % 3 != 2:  # fewer answer the follow-up
        kinds.append(SurveyResponse.Kind.FOLLOW_UP)
    # Only surveys that have opened, and only while the pair was on.
    until = min(timezone.now(), pair.ended_at or timezone.now())
    opened = {kind for kind, opens, _closes in timeline.survey_windows(round_) if opens and opens <= until}
    if round_.ends > timezone.now() and index % 4 == 3:
        opened.discard(SurveyResponse.Kind.MIDPOINT)  # in a round on, not everyone has answered yet
    for kind in [k for k in kinds if k in opened]:
        for role in services.ROLES:
            if SurveyResponse.objects.filter(pair=pair, role=role, kind=kind).exists():
                continue
            answers, consented = _answers(surveys.questions_for(round_.program, survey=kind), kind, rng)
            services.submit_survey(pair, role=role, kind=kind, answers=answers, consented=consented)


# How demo participants answer the default questions; a program's own questions get a likely answer.
NUMBERS = {
    "satisfaction": [3, 4, 4, 5, 5],
    "changed_perspective": [2, 3, 4, 4, 5],
    "recommend": [6, 8, 9, 9, 10, 10],
}


def _answers(questions, kind: str, rng: random.Random) -> tuple[dict, set[str]]:
    answers, consented = {}, set()
    for question in questions:
        if question.kind == SurveyQuestionKind.SCALE:
            answers[question.key] = rng.choice(NUMBERS.get(question.key, [3, 4, 4, 5]))
        elif question.kind == SurveyQuestionKind.NPS:
            answers[question.key] = rng.choice(NUMBERS.get(question.key, NUMBERS["recommend"]))
        elif question.kind == SurveyQuestionKind.TEXT:
            answers[question.key] = rng.choice(LEARNED)
        elif kind == SurveyResponse.Kind.END and rng.random() < 0.5:  # a quote, at the end, from some
            answers[question.key] = rng.choice(QUOTES)
            if rng.random() < 0.8:
                consented.add(question.key)
    return answers, consented
