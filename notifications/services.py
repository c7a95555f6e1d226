"""The outbox: queue an e-mail once per key, deliver it at most once."""

import functools
import hashlib
import logging
import smtplib
import uuid
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.header import Header
from email.policy import Compat32, compat32
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import emails
from .models import Notification
from .smtp import HandedOver, is_permanent

logger = logging.getLogger(__name__)


def queue_email(
    *,
    key: str,
    to: str,
    template: str,
    context: dict[str, Any] | None = None,
    language: str = settings.LANGUAGE_CODE,
    program_id: int | None = None,
) -> Notification:
    """Create the outbox row for `key` unless it exists; send it after commit.

    A second call with the same key returns the existing row and queues nothing.
    `context` must be JSON: ids and plain values, rendered when the e-mail is sent.
    """
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                key=key[:255],
                defaults={
                    "to": to,
                    "template": template,
                    "context": context or {},
                    "language": language or settings.LANGUAGE_CODE,
                    "program_id": program_id,
                },
            )
    except IntegrityError:  # a concurrent writer won the race for the same key
        return Notification.objects.get(key=key[:255])
    if created:
        schedule_delivery(notification)
    return notification


@dataclass(frozen=True)
class Email:
    """One e-mail to queue: its outbox key, recipient, template, JSON context and language."""

    key: str
    to: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    language: str = settings.LANGUAGE_CODE
    program_id: int | None = None  # the program it is sent for: its texts, colours and coordinators


# Rows per INSERT and per key lookup when queueing in bulk.
INSERT_BATCH = 1000


def queue_emails(emails: Iterable[Email]) -> int:
    """Write the outbox rows of `emails` in bulk and queue their send tasks in batches after commit.

    Exactly once as with `queue_email`: a key that is already in the outbox (or twice in
    `emails`) is skipped by the database (INSERT … ON CONFLICT DO NOTHING). Returns how many
    rows are waiting to be sent.
    """
    rows: dict[str, Notification] = {}
    for email in emails:
        key = email.key[:255]
        if key not in rows:
            language = email.language or settings.LANGUAGE_CODE
            rows[key] = Notification(
                key=key,
                to=email.to,
                template=email.template,
                context=email.context,
                language=language,
                program_id=email.program_id,
            )
    keys = list(rows)
    ids: list[int] = []
    with transaction.atomic():
        for start in range(0, len(keys), INSERT_BATCH):
            chunk = keys[start : start + INSERT_BATCH]
            Notification.objects.bulk_create([rows[key] for key in chunk], ignore_conflicts=True)
            pending = Notification.objects.filter(key__in=chunk, status=Notification.Status.PENDING)
            ids.extend(pending.values_list("pk", flat=True))
        schedule_batches(ids)
    return len(ids)


# Rows per send task: one mail connection each, small enough that a retry or a crash repeats little.
SEND_BATCH = 100


def schedule_delivery(notification: Notification) -> None:
    """Queue the send task once the current transaction commits."""
    schedule_batches([notification.pk])


def schedule_batches(ids: list[int]) -> None:
    """Queue send tasks for `ids`, SEND_BATCH rows each, once the current transaction commits."""
    if ids:
        transaction.on_commit(lambda: enqueue(ids))


def enqueue(ids: list[int]) -> int:
    """Publish send tasks for `ids` now; returns how many rows were queued.

    If the broker is down the rows stay pending and the sweep queues them later.
    """
    from . import tasks

    for start in range(0, len(ids), SEND_BATCH):
        try:
            tasks.send_notifications.delay(notification_ids=ids[start : start + SEND_BATCH])
        except Exception:
            logger.warning("could not queue %d notifications; they stay pending", len(ids) - start)
            return start
    return len(ids)


def render(notification: Notification, *, texts: emails.Texts | None = None) -> tuple[str, str, str]:
    """Subject, text and HTML of an outbox row, in the recipient's language.

    A registered kind (`emails.KINDS`) is rendered in the base layout with its program's texts
    (remembered in `texts` across a batch); any other template name from its Django templates
    `emails/<name>.{subject.txt,txt,html}`.
    """
    kind = emails.kind_of(notification.template)
    if kind is not None:
        program = notification.program if notification.program_id else None
        rendered = emails.render(
            kind, notification.context, language=notification.language, program=program, texts=texts
        )
        return rendered.subject, rendered.text, rendered.html
    context = {**notification.context, "site_url": settings.SITE_URL}
    base = f"emails/{notification.template}"
    with translation.override(notification.language):
        subject = render_to_string(f"{base}.subject.txt", context).strip()
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    return " ".join(subject.split()), text, html


# The first try and eight retries; after that a row that keeps failing is failed for good.
MAX_ATTEMPTS = 9
HANDED_OVER = "The connection broke after the message was handed to the mail server: it may have arrived."


@dataclass
class Outcome:
    """What one delivery did with each row it claimed (ids)."""

    sent: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)  # failed before the server took it: try again
    failed: list[int] = field(default_factory=list)  # for good: refused, or too many attempts
    uncertain: list[int] = field(default_factory=list)  # maybe sent: left for a person


def key_digest(key: str, length: int = 32) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:length]


def message_id(key: str) -> str:
    """The Message-ID of the e-mail with outbox key `key`: the same on every attempt."""
    return f"<{key_digest(key)}@{_message_id_domain(settings.DEFAULT_FROM_EMAIL)}>"


@functools.lru_cache(maxsize=8)
def _message_id_domain(from_email: str) -> str:
    return parseaddr(from_email)[1].rpartition("@")[2] or DNS_NAME.get_fqdn()


class OutboxMessage(EmailMultiAlternatives):
    """An e-mail whose non-ASCII subject is encoded once per distinct subject line, and whose
    MIME boundaries come from its outbox key.

    The standard library's header encoder tries every split of the line in pure Python (about
    half the cost of building a message); a batch of reminders mostly shares one subject. A
    random boundary costs a regular expression compiled per message to check the body for it;
    one made from the key's digest cannot occur in the body, and every attempt sends the same bytes.
    """

    def __init__(self, *args, boundary: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.boundary = boundary

    def message(self):
        subject = self.subject
        self.subject = encoded_subject(subject)
        try:
            message = super().message()
        finally:
            self.subject = subject
        if self.boundary:
            for n, part in enumerate(part for part in message.walk() if part.is_multipart()):
                part.set_boundary(f"=_{self.boundary}.{n}")
        message.policy = OUTBOX_POLICY  # the generator writes every part's headers with it
        return message


class OutboxPolicy(Compat32):
    """The policy Django's messages use (compat32), writing a header that needs no folding or
    encoding (ASCII on one line that fits) as it is, byte for byte what compat32 writes for it,
    and remembering the folding of the others.

    compat32 runs every header through `email.header.Header`, a pure-Python line breaker: a
    dozen headers per message cost as much as rendering the e-mail's templates.
    """

    def fold_binary(self, name, value):
        if (
            isinstance(value, str)
            and value.isascii()
            and "\r" not in value
            and "\n" not in value
            and (self.max_line_length is None or len(name) + 2 + len(value) <= self.max_line_length)
        ):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        if isinstance(value, str):  # mostly the subject, the same across a batch
            return _folded(self.linesep, self.max_line_length, self.cte_type, name, value)
        return super().fold_binary(name, value)


@functools.lru_cache(maxsize=256)
def _folded(linesep: str, max_line_length: int | None, cte_type: str, name: str, value: str) -> bytes:
    policy = compat32.clone(linesep=linesep, max_line_length=max_line_length, cte_type=cte_type)
    return policy.fold_binary(name, value)


OUTBOX_POLICY = OutboxPolicy()


@functools.lru_cache(maxsize=512)
def encoded_subject(subject: str) -> str:
    """`subject` as RFC 2047 encoded words on one line (what Django would write, unfolded)."""
    if subject.isascii():
        return subject
    return Header(subject, settings.DEFAULT_CHARSET).encode(linesep="")


def build_message(notification: Notification, *, texts: emails.Texts | None = None) -> EmailMultiAlternatives:
    """The e-mail of an outbox row, rendered, with its stable Message-ID."""
    subject, text, html = render(notification, texts=texts)
    message = OutboxMessage(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [notification.to],
        headers={"Message-ID": message_id(notification.key)},
        boundary=key_digest(notification.key, 24),  # short enough for its header to fit one line
    )
    message.attach_alternative(html, "text/html")
    kind = emails.kind_of(notification.template)
    if kind is not None and kind.attachments is not None:
        with translation.override(notification.language):
            for part in kind.attachments(notification.context, notification.language):
                message.attach(part)
    return message


def claim(ids: list[int], *, token: str, at: datetime) -> list[int]:
    """Mark pending rows as being sent by `token`; returns the ids it holds now.

    Rows `token` claimed before and never handed over (its worker died first) are claimed again;
    those it had handed over become *maybe sent*. A row held by another delivery is left alone.
    """
    Status = Notification.Status
    own = Notification.objects.filter(pk__in=ids, status=Status.SENDING, claimed_by=token)
    own.filter(handed_over_at__isnull=False).update(status=Status.UNCERTAIN, last_error=HANDED_OVER)
    claimable = Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_by=token)
    Notification.objects.filter(claimable, pk__in=ids).update(
        status=Notification.Status.SENDING,
        claimed_by=token,
        sending_since=at,
        handed_over_at=None,
        attempts=F("attempts") + 1,
    )
    return list(own.order_by("pk").values_list("pk", flat=True))


def deliver_batch(ids: list[int], *, token: str | None = None) -> Outcome:
    """Send the rows `ids` over one mail connection; each row is marked by its own outcome.

    Exactly once: a row is claimed before it is sent, and a failure after the server may have
    taken the message leaves it *maybe sent* (never retried by itself). Failures before that are
    retried (`Outcome.retry`), 5xx answers fail for good. When no connection can be opened at
    all, the rows not tried yet are retried with it instead of each waiting for its own timeout.
    """
    token = token or uuid.uuid4().hex
    outcome = Outcome()
    with running_alone(token) as alone:
        if not alone:  # the same task, handed out twice, is still running elsewhere: it sends these
            logger.warning("delivery %s is running elsewhere; this copy sends nothing", token)
            return outcome
        return _deliver_claimed(claim(ids, token=token, at=timezone.now()), outcome)


# Advisory locks of the outbox (the first key; the second is the delivery's token).
LOCK_SPACE = 17_001


@contextmanager
def running_alone(token: str):
    """Yields whether no other delivery with `token` is running (PostgreSQL; elsewhere True).

    A redelivered task has its predecessor's id, which is how it finds the rows a dead worker
    held; should the predecessor still be alive (its message came back from the broker before it
    finished), both would take the same rows. The lock dies with the predecessor's connection.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", [LOCK_SPACE, token])
        alone = cursor.fetchone()[0]
    try:
        yield alone
    finally:
        if alone:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [LOCK_SPACE, token])
            except DatabaseError:  # the connection is gone, and the lock with it
                logger.warning("could not release the delivery lock of %s", token)


def _deliver_claimed(claimed: list[int], outcome: Outcome) -> Outcome:
    if not claimed:
        return outcome
    backend = get_connection()
    texts = emails.Texts()
    rows = Notification.objects.filter(pk__in=claimed).select_related("program").order_by("pk")
    try:
        for notification in rows:
            try:
                result = _send_one(backend, notification, texts)
            except NoConnection as exc:
                _put_back([pk for pk in claimed if pk not in _done(outcome)], exc.cause, outcome)
                break
            getattr(outcome, result).append(notification.pk)
    finally:
        _close(backend)
    return outcome


def _put_back(ids: list[int], exc: BaseException, outcome: Outcome) -> None:
    """Rows not handed to a server that could not be reached: pending to retry (failed after the last try)."""
    logger.warning("no mail connection, %d notifications not sent: %s", len(ids), exc)
    rows = Notification.objects.filter(pk__in=ids)
    exhausted = list(rows.filter(attempts__gte=MAX_ATTEMPTS).values_list("pk", flat=True))
    _mark(rows.filter(pk__in=exhausted), Notification.Status.FAILED, exc)
    _mark(rows.exclude(pk__in=exhausted), Notification.Status.PENDING, exc, outcome="retry")
    outcome.failed.extend(exhausted)
    outcome.retry.extend(pk for pk in ids if pk not in exhausted)


class NoConnection(Exception):
    """The mail server could not be reached at all (connect, TLS, EHLO, AUTH)."""

    def __init__(self, cause: BaseException):
        super().__init__(str(cause))
        self.cause = cause


def _done(outcome: Outcome) -> set[int]:
    return {*outcome.sent, *outcome.retry, *outcome.failed, *outcome.uncertain}


def _send_one(backend, notification: Notification, texts: emails.Texts) -> str:
    """Send one claimed row on `backend` and mark it; returns the name of its Outcome list.

    Raises NoConnection, leaving the row as it is, when the connection cannot be opened.
    """
    rows = Notification.objects.filter(pk=notification.pk)
    try:
        message = build_message(notification, texts=texts)
    except Exception as exc:  # a broken template or context: retrying would not help
        logger.exception("could not render notification %s", notification.pk)
        return _mark(rows, Notification.Status.FAILED, exc)
    try:
        backend.open()
    except Exception as exc:
        _close(backend)
        raise NoConnection(exc) from exc
    handed_over = []  # once the server has the body, before the line completing it (backends that tell)

    def handover():
        _mark_handed_over(notification.pk)
        handed_over.append(True)

    if getattr(backend, "reports_handover", False):
        backend.on_handover = handover
    else:  # a backend that cannot tell: should its worker die from the call on, the message may be out
        _mark_handed_over(notification.pk)
    try:
        backend.send_messages([message])
    except Exception as exc:
        _close(backend)
        # After the handover anything (a dropped line, a time limit) may come after the server took it.
        if isinstance(exc, HandedOver) or (handed_over and not _refused_after_body(exc)):
            return _mark(rows, Notification.Status.UNCERTAIN, exc)
        # The server never took it (MAIL, RCPT, DATA refused, or a 4xx/5xx answer to the body).
        if is_permanent(exc) or notification.attempts >= MAX_ATTEMPTS:
            return _mark(rows, Notification.Status.FAILED, exc)
        logger.warning("notification %s not sent, will retry: %s", notification.pk, exc)
        return _mark(rows, Notification.Status.PENDING, exc, outcome="retry")
    _mark_sent(notification.pk, subject=message.subject)
    return "sent"


def _mark_handed_over(pk: int) -> None:
    """Record that the row's message may be complete at the server from now on (committed and
    flushed before the line that completes it goes out). One statement: it runs once per e-mail."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET handed_over_at = %s WHERE id = %s", [timezone.now(), pk])


def _mark_sent(pk: int, *, subject: str) -> None:
    """Mark a row sent, without waiting for the database to flush the commit to disk.

    Safe for exactly-once: should the database crash and lose this write, the row is still
    *sending* and handed over (that write was flushed before the message went out), so it
    becomes *maybe sent*, never sent again.
    """
    now = timezone.now()
    values = {"status": Notification.Status.SENT, "subject": subject[:300], "sent_at": now, "updated_at": now}
    if connection.vendor != "postgresql":
        Notification.objects.filter(pk=pk).update(**values, last_error="")
    elif connection.in_atomic_block:  # inside a caller's transaction, which commits
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        Notification.objects.filter(pk=pk).update(**values, last_error="")
    else:  # one round trip instead of four (BEGIN, SET, UPDATE, COMMIT): this runs once per e-mail
        table = connection.ops.quote_name(Notification._meta.db_table)
        with connection.cursor() as cursor:
            try:
                cursor.execute(
                    f"BEGIN; SET LOCAL synchronous_commit TO OFF; UPDATE {table} SET status = %s,"
                    " subject = %s, sent_at = %s, updated_at = %s, last_error = '' WHERE id = %s; COMMIT",
                    [str(values["status"]), values["subject"], now, now, pk],
                )
            except DatabaseError:
                cursor.execute("ROLLBACK")  # the failed statement left the transaction open
                raise


def _refused_after_body(exc: BaseException) -> bool:
    """The server answered the body with a refusal (4xx/5xx): it did not take the message."""
    return isinstance(exc, smtplib.SMTPResponseException)


def _mark(rows, status: str, exc: BaseException, *, outcome: str = "") -> str:
    rows.update(status=status, last_error=f"{type(exc).__name__}: {exc}"[:2000], updated_at=timezone.now())
    return (
        outcome or {Notification.Status.FAILED: "failed", Notification.Status.UNCERTAIN: "uncertain"}[status]
    )


def _close(backend) -> None:
    """Drop the connection (it may be broken); the next message opens a new one."""
    try:
        backend.close()
    except Exception:
        backend.connection = None


def deliver(notification_id: int, *, token: str | None = None) -> bool:
    """Send one outbox row if nobody has (see `deliver_batch`); True when it went out now."""
    return bool(deliver_batch([notification_id], token=token).sent)


def retry(notifications) -> int:
    """Put failed or maybe-sent rows back to pending and queue them (a person checked first)."""
    retryable = [Notification.Status.FAILED, Notification.Status.UNCERTAIN]
    ids = [n.pk for n in notifications if n.status in retryable]
    Notification.objects.filter(pk__in=ids, status__in=retryable).update(
        status=Notification.Status.PENDING, attempts=0, updated_at=timezone.now()
    )
    schedule_batches(ids)
    return len(ids)


# A delivery holding a row this long has died (the task time limit is 5 minutes).
STUCK_AFTER = timedelta(minutes=15)
# Rows younger than this may still have their first task on the way from `queue_email`.
PENDING_GRACE = timedelta(minutes=2)


def settle_abandoned(at: datetime) -> list[int]:
    """Rows held past STUCK_AFTER by a dead delivery: pending again if it never handed them over,
    else *maybe sent* (for a person). Returns the ids that are pending again."""
    held = Notification.objects.filter(status=Notification.Status.SENDING, sending_since__lt=at - STUCK_AFTER)
    held.filter(handed_over_at__isnull=False).update(
        status=Notification.Status.UNCERTAIN, last_error=HANDED_OVER, updated_at=at
    )
    released = list(held.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=released, status=Notification.Status.SENDING).update(
        status=Notification.Status.PENDING, claimed_by="", updated_at=at
    )
    return released


def requeue_pending(*, older_than: timedelta = PENDING_GRACE, limit: int = 10_000) -> int:
    """Queue the send tasks again for rows still *pending* (e.g. after a broker outage); returns how many.

    Safe to repeat: a row is claimed before it is sent, so a second task for it sends nothing.
    Stops at the first failure to reach the broker (the rows stay pending for the next sweep).
    """
    at = timezone.now()
    released = settle_abandoned(at)
    pending = Notification.objects.filter(status=Notification.Status.PENDING, updated_at__lt=at - older_than)
    waiting = list(pending.exclude(pk__in=released).order_by("pk").values_list("pk", flat=True)[:limit])
    return enqueue(released + waiting)
