"""Reads: which reminders are due (or coming), one planner per kind of rule.

A rule is *due* for an application, pair or person when `anchor + offset <= at`, counted on the
Swedish wall clock, and it is not stale: reminders more than `STALE_AFTER` overdue are never
sent, so a round created (or a rule added) late does not fire all its past reminders at once.
The coordinators' screening digest is daily: one per day from the due instant, at the first run
after `DIGEST_HOUR` Swedish time, while its condition holds.
"""

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone, translation

from accounts.models import User
from applications.models import Application, State
from matching.models import Pair
from mentorship.timezones import STOCKHOLM
from notifications import formatting
from notifications.models import Notification
from pairs.models import SurveyResponse
from programs import selectors as programs_selectors
from programs import timeline
from programs.models import Role, Round, RoundInterest

from . import links
from .models import Anchor, Audience, Kind, ReminderRule

STALE_AFTER = timedelta(days=2)
# Rules stay in play this long after the follow-up: its survey is reminded a week after it opens.
AFTER_FOLLOW_UP = timedelta(days=31)
DIGEST_HOUR = 8
KEY_PREFIX = "reminder:"


@dataclass
class Reminder:
    """One e-mail a rule would send: to whom, when it fell due, and its outbox key."""

    rule: ReminderRule
    due_at: datetime
    recipient: str  # "user12", "interest3": stable ids, never addresses
    occasion: str  # what it is about: "application5", "pair7", "2026-03-02" …
    to: str
    language: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{KEY_PREFIX}{self.rule.pk}:{self.recipient}:{self.occasion}"

    @property
    def template(self) -> str:
        coordinator = self.rule.audience == Audience.COORDINATORS and self.rule.kind != Kind.SCREENING_DIGEST
        return f"reminder_{self.rule.kind}" + ("_coordinator" if coordinator else "")


@dataclass(frozen=True)
class Window:
    """Due now (`due <= at < due + STALE_AFTER`), or, `ahead`, still to come (`due > at`)."""

    at: datetime
    ahead: bool = False

    def __contains__(self, due: datetime) -> bool:
        if self.ahead:
            return due > self.at
        return due <= self.at < due + STALE_AFTER


def shift(instant: datetime, offset: timedelta) -> datetime:
    """`instant + offset` on the Swedish wall clock (a day is a calendar day across DST)."""
    local = timezone.localtime(instant, STOCKHOLM).replace(tzinfo=None)
    return timezone.make_aware(local + offset, STOCKHOLM)


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0)), STOCKHOLM)


def format_instant(instant: datetime, language: str) -> str:
    """A date and time in Swedish time, written in `language`."""
    return formatting.when(instant, language)


def format_day(day: date, language: str) -> str:
    return formatting.day(day, language)


def _language(code: str | None) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _common(rule: ReminderRule, language: str) -> dict[str, Any]:
    """Context every reminder template gets: the round and the rule's own wording, if any."""
    round_ = rule.round
    return {
        "round_name": round_.name,
        "program_name": round_.program.name,
        "subject": getattr(rule, f"subject_{language}", "") or rule.subject_sv,
        "message": getattr(rule, f"message_{language}", "") or rule.message_sv,
    }


class Builder:
    """Makes Reminders of one rule, computing per-language context once."""

    def __init__(self, rule: ReminderRule, extra: Callable[[str], dict[str, Any]] | None = None):
        self.rule = rule
        self.extra = cache(lambda language: {**_common(rule, language), **(extra(language) if extra else {})})

    def for_user(self, user: User, due: datetime, occasion: str, **more: Any) -> Reminder:
        language = _language(user.preferred_language)
        more = {key: value(language) if callable(value) else value for key, value in more.items()}
        context = {**self.extra(language), "name": user.full_name, **more}
        return Reminder(self.rule, due, f"user{user.pk}", occasion, user.email, language, context)


def coordinators(round_: Round) -> QuerySet[User]:
    """Active coordinators of the round's program."""
    return programs_selectors.coordinators(round_.program_id)


def _drafts(rule: ReminderRule, window: Window) -> Iterator[Reminder]:
    round_ = rule.round
    for role in Role.values:
        deadline = round_.deadline_for(role)
        due = shift(deadline, rule.offset)
        if due not in window or (not window.ahead and window.at >= deadline):
            continue
        builder = Builder(
            rule,
            lambda language, role=role, deadline=deadline: {
                "deadline": format_instant(deadline, language),
                "role": _role_label(round_, role, language),
                "link": links.application_url(),
            },
        )
        drafts = Application.objects.filter(
            round=round_, role=role, state=State.DRAFT, applicant__is_active=True
        ).select_related("applicant")
        for application in drafts.order_by("pk"):
            yield builder.for_user(application.applicant, due, f"application{application.pk}")


def _role_label(round_: Round, role: str, language: str) -> str:
    with translation.override(language):
        return round_.program.role_label(role)


def _opening(rule: ReminderRule, window: Window) -> Iterator[Reminder]:
    round_ = rule.round
    due = shift(round_.applications_open, rule.offset)
    if due not in window or not round_.is_published or window.at >= round_.application_deadline:
        return
    applied = {
        email.lower()
        for email in Application.objects.filter(round=round_).values_list("applicant__email", flat=True)
        if email
    }
    builder = Builder(
        rule,
        lambda language: {
            "deadline": format_instant(round_.application_deadline, language),
            "link": links.signup_url(round_),
        },
    )
    for interest in RoundInterest.objects.filter(round=round_).order_by("pk"):
        if interest.email.lower() in applied:
            continue
        language = _language(interest.language)
        context = {**builder.extra(language), "name": ""}
        yield Reminder(rule, due, f"interest{interest.pk}", "open", interest.email, language, context)


def _next_digest(due: datetime, window: Window) -> datetime | None:
    """The digest's occasion for this window: today's (due now) or the next one (ahead)."""
    start = max(due, window.at) if window.ahead else window.at
    day = timezone.localtime(start, STOCKHOLM).date()
    occasion = max(due, local_midnight(day) + timedelta(hours=DIGEST_HOUR))
    if window.ahead and occasion <= window.at:
        occasion = max(due, local_midnight(day + timedelta(days=1)) + timedelta(hours=DIGEST_HOUR))
    if window.ahead or due <= occasion <= window.at:
        return occasion
    return None


def screening_backlog(round_: Round) -> dict[str, int]:
    """How many submitted applications lack a review, and how many decisions are unreleased."""
    applications = Application.objects.filter(round=round_)
    return {
        "unreviewed": applications.filter(state=State.SUBMITTED, reviews__isnull=True).count(),
        "unreleased": applications.decision_pending().count(),
    }


def _screening_digest(rule: ReminderRule, window: Window) -> Iterator[Reminder]:
    round_ = rule.round
    occasion = _next_digest(shift(round_.application_deadline, rule.offset), window)
    if occasion is None or occasion >= round_.ends:
        return
    backlog = screening_backlog(round_)
    if not any(backlog.values()):
        return
    builder = Builder(rule, lambda language: {**backlog, "link": links.round_admin_url(round_)})
    day = timezone.localtime(occasion, STOCKHOLM).date().isoformat()
    for user in coordinators(round_):
        yield builder.for_user(user, occasion, day)


def _members(pair: Pair) -> Iterator[tuple[str, Application, Application]]:
    """(role, own application, partner's application) for both sides of a pair."""
    yield Role.MENTOR, pair.mentor_application, pair.mentee_application
    yield Role.MENTEE, pair.mentee_application, pair.mentor_application


def _pairs(round_: Round, states) -> QuerySet[Pair]:
    return (
        Pair.objects.filter(round=round_, state__in=states)
        .select_related("mentor_application__applicant", "mentee_application__applicant")
        .order_by("pk")
    )


def _pair_names(pair: Pair) -> dict[str, str]:
    return {
        "mentor_name": pair.mentor_application.full_name,
        "mentee_name": pair.mentee_application.full_name,
    }


def _unconfirmed(rule: ReminderRule, window: Window) -> Iterator[Reminder]:
    round_ = rule.round
    builder = Builder(
        rule,
        lambda language: {"admin_link": links.round_admin_url(round_)},
    )
    staff = list(coordinators(round_)) if rule.audience == Audience.COORDINATORS else []
    for pair in _pairs(round_, [Pair.State.PROPOSED]).filter(published_at__isnull=False):
        due = shift(pair.published_at, rule.offset)
        if due not in window:
            continue
        occasion = f"pair{pair.pk}"
        deadline = pair.confirm_by_override or round_.confirm_by  # the pair's own date, if given
        for user in staff:
            yield builder.for_user(
                user,
                due,
                occasion,
                confirm_by=lambda language, deadline=deadline: format_instant(deadline, language),
                **_pair_names(pair),
            )
        if rule.audience != Audience.PAIR_MEMBERS:
            continue
        for role, own, partner in _members(pair):
            if getattr(pair, f"{role}_confirmed_at") is None and own.applicant and own.applicant.is_active:
                more = {
                    "partner_name": partner.full_name,
                    "link": links.pair_url(pair, role),
                    "confirm_by": lambda language, deadline=deadline: format_instant(deadline, language),
                    "pair_link": links.pair_page_url(pair),
                }
                yield builder.for_user(own.applicant, due, occasion, **more)


def _no_meeting(rule: ReminderRule, window: Window) -> Iterator[Reminder]:
    round_ = rule.round
    cadences = 2 if rule.anchor == Anchor.MEETING_OVERDUE else 1
    builder = Builder(rule, lambda language: {"cadence_days": round_.meeting_cadence_days})
    staff = list(coordinators(round_)) if rule.audience == Audience.COORDINATORS else []
    pairs = _pairs(round_, [Pair.State.CONFIRMED, Pair.State.ACTIVE])
    for pair in pairs.annotate(last_meeting=Max("meetings__date")):
        base = round_.kickoff
        if pair.last_meeting and local_midnight(pair.last_meeting) > base:
            base = local_midnight(pair.last_meeting)
        due = shift(shift(base, timedelta(days=round_.meeting_cadence_days * cadences)), rule.offset)
        if due not in window or due >= round_.ends:
            continue
        since = timezone.localtime(base, STOCKHOLM).date()
        occasion = f"pair{pair.pk}:{since.isoformat()}"
        more = {"since": lambda language, since=since: format_day(since, language), **_pair_names(pair)}
        for user in staff:
            yield builder.for_user(user, due, occasion, admin_link=links.round_admin_url(round_), **more)
        if rule.audience != Audience.PAIR_MEMBERS:
            continue
        for role, own, partner in _members(pair):
            if own.applicant and own.applicant.is_active:
                own_more = {
                    **more,
                    "partner_name": partner.full_name,
                    "link": links.meeting_url(pair, role),
                    "pair_link": links.pair_page_url(pair),
                }
                yield builder.for_user(own.applicant, due, occasion, **own_more)


def _survey(rule: ReminderRule, window: Window) -> Iterator[Reminder]:
    round_ = rule.round
    kind = timeline.BY_FIELD[rule.anchor].survey.kind
    due = shift(getattr(round_, rule.anchor), rule.offset)
    if due not in window:
        return
    answered = set(
        SurveyResponse.objects.filter(pair__round=round_, kind=kind).values_list("pair_id", "role")
    )
    builder = Builder(rule, lambda language: {"survey": kind})
    states = [Pair.State.CONFIRMED, Pair.State.ACTIVE, Pair.State.COMPLETED]
    for pair in _pairs(round_, states):
        for role, own, _partner in _members(pair):
            if (pair.pk, role) in answered or not own.applicant or not own.applicant.is_active:
                continue
            link = links.survey_url(pair, role, kind)
            more = links.pair_member_links(pair, role)
            yield builder.for_user(own.applicant, due, f"pair{pair.pk}", link=link, **more)


def _event(rule: ReminderRule, window: Window) -> Iterator[Reminder]:
    """Before (or after) each event of the round that went out and is not cancelled: everyone
    invited who has not said no and is still in the program. A moved event is reminded again."""
    from communication.models import Event, Invitation

    events = Event.objects.filter(round=rule.round, cancelled_at__isnull=True, invited_at__isnull=False)
    builder = Builder(rule)
    for event in events.order_by("starts_at", "pk"):
        due = shift(event.starts_at, rule.offset)
        if due not in window:
            continue
        invitations = (
            event.invitations.exclude(answer=Invitation.Answer.NO)
            .exclude(application__state=State.WITHDRAWN)
            .filter(application__anonymised_at__isnull=True, application__applicant__is_active=True)
            .select_related("application__applicant")
            .order_by("pk")
        )
        occasion = f"event{event.pk}:{event.starts_at:%Y%m%d%H%M}"
        for invitation in invitations:
            yield builder.for_user(invitation.application.applicant, due, occasion, invitation=invitation.pk)


PLANNERS: dict[str, Callable[[ReminderRule, Window], Iterator[Reminder]]] = {
    Kind.DRAFT: _drafts,
    Kind.OPENING: _opening,
    Kind.SCREENING_DIGEST: _screening_digest,
    Kind.UNCONFIRMED: _unconfirmed,
    Kind.NO_MEETING: _no_meeting,
    Kind.SURVEY: _survey,
    Kind.SURVEY_REMINDER: _survey,
    Kind.EVENT: _event,
}


def plan(rule: ReminderRule, window: Window) -> Iterator[Reminder]:
    """The reminders `rule` sends in `window`, whether or not they have gone out already."""
    return PLANNERS[rule.kind](rule, window)


class BrokenRule(Exception):
    """The rule cannot be planned (its offset takes the date out of range)."""


def plan_checked(rule: ReminderRule, window: Window) -> list[Reminder]:
    """`plan` as a list, or BrokenRule for a rule whose offset is invalid or overflows the calendar."""
    if not rule.offset_is_valid:
        raise BrokenRule(rule.pk)
    try:
        return list(plan(rule, window))
    except (OverflowError, ValueError) as exc:
        raise BrokenRule(rule.pk) from exc


def rules_in_play(at: datetime) -> QuerySet[ReminderRule]:
    """Active rules of rounds not over (follow-up not long past)."""
    return (
        ReminderRule.objects.filter(active=True, round__follow_up__gte=at - STALE_AFTER - AFTER_FOLLOW_UP)
        .select_related("round__program")
        .order_by("round_id", "pk")
    )


def rounds_without_rules(at: datetime) -> QuerySet[Round]:
    """Rounds not over that have no reminder rules yet (defaults are due)."""
    return Round.objects.filter(follow_up__gte=at - STALE_AFTER, reminder_rules__isnull=True).select_related(
        "program"
    )


def reminder_keys(rule: ReminderRule) -> set[str]:
    """Keys of the outbox rows this rule has already made."""
    if rule.pk is None:
        return set()
    prefix = f"{KEY_PREFIX}{rule.pk}:"
    return set(Notification.objects.filter(key__startswith=prefix).values_list("key", flat=True))


def schedule_ahead(round_: Round, at: datetime | None = None) -> list[dict[str, Any]]:
    """What the round's active rules would send after `at`, as things stand: (when, rule, count)."""
    at = at or timezone.now()
    rows: Counter = Counter()
    active = round_.reminder_rules.filter(active=True).select_related("round__program")
    rules = {rule.pk: rule for rule in active}
    broken = []
    for rule in rules.values():
        try:
            planned = plan_checked(rule, Window(at, ahead=True))
        except BrokenRule:
            broken.append({"due_at": None, "rule": rule, "count": None, "broken": True})
            continue
        for reminder in planned:
            rows[(reminder.due_at, rule.pk)] += 1
    return broken + [
        {"due_at": due_at, "rule": rules[rule_pk], "count": count}
        for (due_at, rule_pk), count in sorted(rows.items(), key=lambda item: (item[0][0], item[0][1]))
    ]


def sent_reminders(round_: Round, limit: int = 200) -> QuerySet[Notification]:
    """The newest outbox rows made by the round's rules."""
    rule_ids = list(round_.reminder_rules.values_list("pk", flat=True))
    if not rule_ids:
        return Notification.objects.none()
    query = Q()
    for pk in rule_ids:
        query |= Q(key__startswith=f"{KEY_PREFIX}{pk}:")
    return Notification.objects.filter(query).order_by("-created_at", "-pk")[:limit]
