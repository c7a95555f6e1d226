"""Django's SMTP backend, telling apart failures before and after the server has the message.

A message is *handed over* once the server has answered 354 to DATA and the body goes out:
from then on a broken connection may or may not have delivered it (the server may have
queued it before the line dropped), so it must not be retried automatically. Failures before
that point (connect, EHLO, AUTH, MAIL, RCPT, DATA refused) mean the server never took it.
"""

import smtplib

from django.core.mail.backends import smtp


class HandedOver(Exception):
    """The connection failed after the message body went to the server: maybe delivered.

    Deliberately not an SMTPException or OSError, so nothing retries it by accident.
    """


class _ReportsHandover:
    """Mixin for smtplib.SMTP: calls `on_handover()` when DATA is answered with 354."""

    on_handover = None
    _in_data = False
    _handed_over = False

    def data(self, msg):
        self._in_data, self._handed_over = True, False
        try:
            return super().data(msg)
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            if self._handed_over:
                raise HandedOver(f"{type(exc).__name__}: {exc}") from exc
            raise
        finally:
            self._in_data = False

    def getreply(self):
        reply = super().getreply()
        if self._in_data and not self._handed_over and reply[0] == 354:
            if self.on_handover is not None:
                self.on_handover()
            self._handed_over = True
        return reply


class SMTP(_ReportsHandover, smtplib.SMTP):
    pass


class SMTP_SSL(_ReportsHandover, smtplib.SMTP_SSL):  # noqa: N801 (smtplib's name)
    pass


class EmailBackend(smtp.EmailBackend):
    """SMTP backend whose connection reports the handover (see `HandedOver`).

    Set `on_handover` before sending a message; it is called once the server is about to
    receive that message's body.
    """

    reports_handover = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_handover = None

    @property
    def connection_class(self):
        return SMTP_SSL if self.use_ssl else SMTP

    def _send(self, email_message):
        self.connection.on_handover = self.on_handover
        try:
            return super()._send(email_message)
        finally:
            if self.connection is not None:
                self.connection.on_handover = None


def is_permanent(exc: BaseException) -> bool:
    """A 5xx answer from the server (refused for good), as opposed to a temporary 4xx or a lost line."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return False
