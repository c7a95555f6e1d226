"""Exceptions the coordinators hear about: found by the beat, one daily digest each, open until handled.

An exception is a decline, a withdrawal, a pair ended early, a pair still unconfirmed past its
date, a meeting with a pulse of 1–2, or an e-mail that failed for good. `record_exceptions` keeps
one row per exception (unique by kind and object); `send_exception_digests` mails every
coordinator of a program the rows not yet reported, once a day from `DIGEST_HOUR` Swedish time,
and marks them reported, so each is told once. Nothing is sent when there is nothing new.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from applications.models import Application, State
from matching.models import EndReason, Pair
from mentorship.timezones import STOCKHOLM
from notifications import formatting
from notifications.models import Notification
from notifications.services import Email, queue_emails
from pairs.models import Meeting
from programs.models import Program, Role, Round
from programs.selectors import coordinators

from .models import ExceptionKind, ReportedException

# Events older than this when first seen are not reported (a first run, or a beat that was down).
LOOKBACK = timedelta(days=7)
DIGEST_HOUR = 8
KEY_PREFIX = "exceptions:"


@dataclass(frozen=True)
class Found:
    kind: str
    subject: str
    program_id: int
    round_id: int | None
    occurred_at: datetime


# --- finding ----------------------------------------------------------------------------------


def _rounds_in_play(at: datetime) -> QuerySet[Round]:
    return Round.objects.filter(follow_up__gte=at - timedelta(days=2))


def _pair_events(rounds, at, state: str, field: str, kind: str) -> Iterator[Found]:
    pairs = Pair.objects.filter(round__in=rounds, state=state, **{f"{field}__range": (at - LOOKBACK, at)})
    # A pair ended by a withdrawal is told once, as the withdrawal (which says the pair ended).
    pairs = pairs.exclude(state=Pair.State.ENDED_EARLY, end_reason=EndReason.WITHDREW)
    for pk, program_id, round_id, when in pairs.values_list("pk", "round__program_id", "round_id", field):
        yield Found(kind, f"pair{pk}", program_id, round_id, when)


def _unconfirmed(rounds, at) -> Iterator[Found]:
    """Proposed pairs past their own confirm-by date (a coordinator may have given one a later one)."""
    deadline = Coalesce("confirm_by_override", "round__confirm_by")
    pairs = Pair.objects.filter(round__in=rounds, state=Pair.State.PROPOSED, published_at__isnull=False)
    pairs = pairs.annotate(deadline=deadline).filter(deadline__lt=at)
    for pk, program_id, round_id, when in pairs.values_list(
        "pk", "round__program_id", "round_id", "deadline"
    ):
        yield Found(ExceptionKind.UNCONFIRMED, f"pair{pk}", program_id, round_id, when)


def _withdrawals(rounds, at) -> Iterator[Found]:
    applications = Application.objects.filter(
        round__in=rounds,
        state=State.WITHDRAWN,
        submitted_at__isnull=False,  # a draft given up is nobody's concern
        withdrawn_at__range=(at - LOOKBACK, at),
    )
    for pk, program_id, round_id, when in applications.values_list(
        "pk", "round__program_id", "round_id", "withdrawn_at"
    ):
        yield Found(ExceptionKind.WITHDRAWN, f"application{pk}", program_id, round_id, when)


def _low_pulses(rounds, at) -> Iterator[Found]:
    meetings = Meeting.objects.filter(
        pair__round__in=rounds,
        pulse__lte=2,
        pair__state__in=Pair.LIVE_STATES,
        created_at__range=(at - LOOKBACK, at),
    )
    for pk, program_id, round_id, when in meetings.values_list(
        "pk", "pair__round__program_id", "pair__round_id", "created_at"
    ):
        yield Found(ExceptionKind.LOW_PULSE, f"meeting{pk}", program_id, round_id, when)


def _failed_emails(at) -> Iterator[Found]:
    rows = Notification.objects.filter(
        status=Notification.Status.FAILED, program__isnull=False, updated_at__range=(at - LOOKBACK, at)
    ).exclude(key__startswith=KEY_PREFIX)  # a failed digest is not itself news for the next one
    for pk, program_id, when in rows.values_list("pk", "program_id", "updated_at"):
        yield Found(ExceptionKind.EMAIL_FAILED, f"notification{pk}", program_id, None, when)


def find_exceptions(at: datetime) -> list[Found]:
    """Every exception in rounds not over (events of the last LOOKBACK), reported or not."""
    rounds = _rounds_in_play(at)
    found = [
        *_pair_events(rounds, at, Pair.State.DECLINED, "declined_at", ExceptionKind.DECLINED),
        *_pair_events(rounds, at, Pair.State.ENDED_EARLY, "ended_at", ExceptionKind.ENDED_EARLY),
        *_unconfirmed(rounds, at),
        *_withdrawals(rounds, at),
        *_low_pulses(rounds, at),
        *_failed_emails(at),
    ]
    return sorted(found, key=lambda item: (item.occurred_at, item.kind, item.subject))


def record_exceptions(at: datetime) -> int:
    """Keep a row for every exception not seen before (one per kind and object); returns the count found."""
    found = find_exceptions(at)
    ReportedException.objects.bulk_create(
        [
            ReportedException(
                kind=f.kind,
                subject=f.subject,
                program_id=f.program_id,
                round_id=f.round_id,
                occurred_at=f.occurred_at,
                found_at=at,
            )
            for f in found
        ],
        ignore_conflicts=True,
    )
    return len(found)


# --- describing -------------------------------------------------------------------------------


def _ids(rows, prefix: str) -> list[int]:
    return [int(row.subject[len(prefix) :]) for row in rows if row.subject.startswith(prefix)]


def _loaded(rows) -> dict[str, object]:
    """The objects the rows name, in one query per kind of object."""
    pairs = Pair.objects.select_related("mentor_application", "mentee_application", "round")
    withdrew = Pair.objects.filter(end_reason=EndReason.WITHDREW).select_related(
        "mentor_application", "mentee_application"
    )
    applications = Application.objects.select_related("round__program").prefetch_related(
        Prefetch("pairs_as_mentor", withdrew, to_attr="ended_as_mentor"),
        Prefetch("pairs_as_mentee", withdrew, to_attr="ended_as_mentee"),
    )
    meetings = Meeting.objects.select_related("pair__mentor_application", "pair__mentee_application")
    objects: dict[str, object] = {}
    for prefix, queryset in (
        ("pair", pairs),
        ("application", applications),
        ("meeting", meetings),
        ("notification", Notification.objects.all()),
    ):
        ids = _ids(rows, prefix)
        if ids:
            objects.update({f"{prefix}{obj.pk}": obj for obj in queryset.filter(pk__in=ids)})
    return objects


def _names(pair: Pair) -> str:
    return f"{pair.mentor_application.full_name} & {pair.mentee_application.full_name}"


def _describe_one(row: ReportedException, obj, language: str) -> str:
    day = formatting.when(row.occurred_at, language, with_time=False)
    if obj is None:
        return _("%(kind)s (no longer in the system)") % {"kind": row.get_kind_display()}
    if row.kind == ExceptionKind.DECLINED:
        side = obj.declined_by if obj.declined_by in Role.values else Role.MENTEE
        return _("%(pair)s: %(name)s (%(role)s) declined on %(day)s") % {
            "pair": _names(obj),
            "name": getattr(obj, f"{side}_application").full_name,
            "role": obj.round.program.role_label(side).lower(),
            "day": day,
        }
    if row.kind == ExceptionKind.ENDED_EARLY:
        return _("%(pair)s: ended early on %(day)s") % {"pair": _names(obj), "day": day}
    if row.kind == ExceptionKind.UNCONFIRMED:
        return _("%(pair)s: not confirmed by both by %(day)s") % {"pair": _names(obj), "day": day}
    if row.kind == ExceptionKind.WITHDRAWN:
        text = _("%(name)s (%(role)s) withdrew the application on %(day)s") % {
            "name": obj.full_name,
            "role": obj.round.program.role_label(obj.role).lower(),
            "day": day,
        }
        ended = [*obj.ended_as_mentor, *obj.ended_as_mentee]
        if ended:
            text += "; " + _("the pair %(pair)s has ended and the partner has been told") % {
                "pair": ", ".join(_names(pair) for pair in ended)
            }
        return text
    if row.kind == ExceptionKind.LOW_PULSE:
        return _("%(pair)s: the meeting on %(day)s went poorly (pulse %(pulse)s of 5)") % {
            "pair": _names(obj.pair),
            "day": formatting.day(obj.date, language),
            "pulse": obj.pulse,
        }
    return _("An e-mail to %(to)s could not be delivered (%(subject)s)") % {
        "to": obj.to,
        "subject": obj.subject or obj.template,
    }


def describe(rows: list[ReportedException], language: str) -> list[str]:
    """One line per row in `language`, with the round's name first where there is one."""
    objects = _loaded(rows)
    lines = []
    with translation.override(language):
        for row in rows:
            text = _describe_one(row, objects.get(row.subject), language)
            lines.append(f"{row.round.name}: {text}" if row.round_id else text)
    return lines


def open_exceptions(round_: Round) -> list[ReportedException]:
    """What the round's page lists: its exceptions and the program's failed e-mails, not yet handled."""
    rows = ReportedException.objects.filter(program_id=round_.program_id, handled_at__isnull=True)
    rows = rows.filter(round=round_) | rows.filter(round__isnull=True)
    return list(rows.select_related("round").order_by("occurred_at", "pk"))


@transaction.atomic
def mark_handled(row: ReportedException, *, user, at: datetime | None = None) -> ReportedException:
    """A coordinator has dealt with it: it leaves the open list (and any digest not yet sent)."""
    row.handled_at, row.handled_by = at or timezone.now(), user
    row.save(update_fields=["handled_at", "handled_by"])
    return row


# --- the daily digest -------------------------------------------------------------------------


def _language(user: User) -> str:
    code = user.preferred_language
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _digest_link() -> str:
    return settings.SITE_URL + reverse("admin:reminders_roundreminders_changelist")


def _digest_emails(program: Program, rows: list[ReportedException], day: str) -> list[Email]:
    lines: dict[str, list[str]] = {}
    emails = []
    for user in coordinators(program.pk):
        language = _language(user)
        if language not in lines:
            lines[language] = describe(rows, language)
        context = {
            "name": user.full_name,
            "program_name": program.name,
            "round_name": "",
            "count": len(rows),
            "exceptions": lines[language],
            "link": _digest_link(),
        }
        key = f"{KEY_PREFIX}{day}:{program.pk}:user{user.pk}"
        emails.append(Email(key, user.email, "exception_digest", context, language, program.pk))
    return emails


def send_exception_digests(at: datetime | None = None, *, dry_run: bool = False) -> list[Email]:
    """Record new exceptions, then (from DIGEST_HOUR Swedish time, once a day per program) mail each
    coordinator the program's exceptions not yet reported and mark them reported; returns the e-mails.

    Running it again the same day, or at the same instant, sends nothing more. With `dry_run`
    nothing is written: the e-mails that would go out now are returned.
    """
    at = at or timezone.now()
    if not dry_run:
        record_exceptions(at)
    local = timezone.localtime(at, STOCKHOLM)
    if local.hour < DIGEST_HOUR:
        return []
    day = local.date().isoformat()
    waiting = ReportedException.objects.filter(reported_at__isnull=True, handled_at__isnull=True)
    pending = _as_unsaved(find_exceptions(at), waiting) if dry_run else list(waiting.select_related("round"))
    sent_today = set(
        Notification.objects.filter(key__startswith=f"{KEY_PREFIX}{day}:").values_list(
            "program_id", flat=True
        )
    )
    queued: list[Email] = []
    for program in Program.objects.filter(pk__in={row.program_id for row in pending}).order_by("pk"):
        if program.pk in sent_today:
            continue
        rows = sorted(
            (r for r in pending if r.program_id == program.pk), key=lambda r: (r.occurred_at, r.pk or 0)
        )
        emails = _digest_emails(program, rows, day)
        if not emails:
            continue  # no coordinator: the rows wait, and the round's page shows them
        if not dry_run:
            with transaction.atomic():
                queue_emails(emails)
                ReportedException.objects.filter(pk__in=[r.pk for r in rows]).update(reported_at=at)
        queued.extend(emails)
    return queued


def _as_unsaved(found: list[Found], pending: QuerySet[ReportedException]) -> list[ReportedException]:
    """For a dry run: the rows that exist and are pending, plus those a real run would add."""
    known = set(ReportedException.objects.values_list("kind", "subject"))
    rows = list(pending.select_related("round"))
    for f in found:
        if (f.kind, f.subject) not in known:
            rows.append(
                ReportedException(
                    kind=f.kind,
                    subject=f.subject,
                    program_id=f.program_id,
                    round_id=f.round_id,
                    occurred_at=f.occurred_at,
                    found_at=f.occurred_at,
                )
            )
    return rows


def digest_step(at: datetime, *, dry_run: bool = False) -> list[str]:
    """The tick's step: the day's exception digests, a line per e-mail (see send_exception_digests)."""
    lines = []
    for email in send_exception_digests(at, dry_run=dry_run):
        count = len(email.context["exceptions"])
        lines.append(
            f"{email.to}\t"
            + ngettext("%(count)d exception", "%(count)d exceptions", count) % {"count": count}
        )
    return lines
