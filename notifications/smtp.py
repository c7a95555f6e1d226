"""Django's SMTP backend, telling apart failures before and after the server may have the message.

A server takes a message when it reads the line with a single dot that ends the body
(RFC 5321, 4.1.1.4); a connection that breaks before that line leaves nothing delivered (3.8:
the server acts as on RSET). So the body goes out first, then `on_handover()` records that the
message is about to be complete, and only then the dot. From that call on a broken connection
may or may not have delivered the message (the server may have queued it before the line
dropped), so it must not be retried automatically. Failures before it (connect, EHLO, AUTH,
MAIL, RCPT, DATA refused, the line dropping or the worker dying during the body) mean the
server never took it.
"""

import functools
import smtplib
import socket

from django.conf import settings
from django.core.mail.backends import smtp
from django.core.mail.message import sanitize_address

END_OF_DATA = b"." + smtplib.bCRLF


class HandedOver(Exception):
    """The connection failed once the end of the message was on its way: maybe delivered.

    Deliberately not an SMTPException or OSError, so nothing retries it by accident.
    """


class _ReportsHandover:
    """Mixin for smtplib.SMTP: sends a message's body, calls `on_handover()`, then the final dot."""

    on_handover = None
    _in_data = False
    _body_next = False  # DATA was answered with 354: the next send is the body and its dot
    _handed_over = False

    def data(self, msg):
        self._in_data, self._body_next, self._handed_over = True, False, False
        try:
            return super().data(msg)
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            if self._handed_over:
                raise HandedOver(f"{type(exc).__name__}: {exc}") from exc
            raise
        finally:
            self._in_data = self._body_next = False

    def getreply(self):
        reply = super().getreply()
        if self._in_data and not self._handed_over and reply[0] == 354:
            self._body_next = True
        return reply

    def send(self, s):
        if not self._body_next:
            return super().send(s)
        self._body_next = False
        body, end = s[: -len(END_OF_DATA)], s[-len(END_OF_DATA) :]  # smtplib always ends it so
        super().send(body)
        if self.on_handover is not None:
            self.on_handover()
        self._handed_over = True
        return super().send(end)

    def _get_socket(self, host, port, timeout):
        # The dot follows the body as a small write of its own: without this, Nagle's algorithm
        # would hold it until the server acknowledges the body (up to a delayed-ACK timeout).
        sock = super()._get_socket(host, port, timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock


class SMTP(_ReportsHandover, smtplib.SMTP):
    pass


class SMTP_SSL(_ReportsHandover, smtplib.SMTP_SSL):  # noqa: N801 (smtplib's name)
    pass


class EmailBackend(smtp.EmailBackend):
    """SMTP backend whose connection reports the handover (see `HandedOver`).

    Set `on_handover` before sending a message; it is called once the server has the body
    and before the line that completes it.
    """

    reports_handover = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_handover = None

    @property
    def connection_class(self):
        return SMTP_SSL if self.use_ssl else SMTP

    def _send(self, email_message):
        """Django's `_send`, parsing the sender's address once per process instead of per message."""
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = _sanitized(email_message.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in email_message.recipients()]
        message = email_message.message()
        self.connection.on_handover = self.on_handover
        try:
            self.connection.sendmail(from_email, recipients, message.as_bytes(linesep="\r\n"))
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        finally:
            if self.connection is not None:
                self.connection.on_handover = None
        return True


_sanitized = functools.lru_cache(maxsize=64)(sanitize_address)


def is_permanent(exc: BaseException) -> bool:
    """A 5xx answer from the server (refused for good), as opposed to a temporary 4xx or a lost line."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return False
