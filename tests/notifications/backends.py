"""E-mail backends for delivery tests: they fail in the ways real SMTP and workers do."""

from smtplib import SMTPServerDisconnected

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from notifications import smtp


class WorkerDied(BaseException):
    """Stands for the worker process being killed (not an Exception: nothing catches it)."""


class SendThenDie(BaseEmailBackend):
    """The message goes out, then the worker dies before the row is marked sent."""

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        raise WorkerDied


class FailOnce(BaseEmailBackend):
    """The SMTP server drops the first connection; later sends succeed."""

    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls == 1:
            raise SMTPServerDisconnected("connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)


class SendThenHang(BaseEmailBackend):
    """For worker subprocesses: log the message to a file, then hang (until killed) if asked."""

    def send_messages(self, messages):
        import os
        import time

        with open(os.environ["CRASH_MAIL_LOG"], "a") as log:
            log.write("".join(f"{','.join(m.to)}\n" for m in messages))
            log.flush()
            os.fsync(log.fileno())
        if os.environ.get("CRASH_HANG") == "1":
            time.sleep(600)  # the test kills the worker here: sent, not yet marked
        return len(messages)


class HandOverThenTimeLimit(BaseEmailBackend):
    """The server has answered DATA with 354, then the task's soft time limit strikes mid-body."""

    reports_handover = True
    on_handover = None

    def send_messages(self, messages):
        from celery.exceptions import SoftTimeLimitExceeded

        self.on_handover()
        mail.outbox.extend(messages)
        raise SoftTimeLimitExceeded()


class DiesAtTheLastLine(smtp.EmailBackend):
    """The worker dies once the body is at the server, before the line that completes it (as a
    SIGKILL there would), before or after writing the handover (`records`). Its connection then
    closes as the kernel closes a dead process's: no QUIT, the socket just goes."""

    records = False
    dead = False

    def _send(self, email_message):
        handover = self.on_handover

        def die():
            if self.records:
                handover()
            self.dead = True
            raise WorkerDied

        self.on_handover = die
        return super()._send(email_message)

    def close(self):
        if self.dead and self.connection is not None:
            self.connection.sock.close()
            self.connection = None
        super().close()


class DiesAfterRecordingTheHandover(DiesAtTheLastLine):
    records = True
