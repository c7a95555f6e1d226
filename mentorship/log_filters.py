"""Logging filters: keep personal data out of log files."""

import logging
import re

# Loose on purpose: anything that looks like local@domain is masked, even inside URLs.
EMAIL_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def mask_emails(text: str) -> str:
    """Replace every e-mail address in `text` by a mask that keeps only its first letter."""
    return EMAIL_RE.sub(lambda m: _mask(m.group(0)), text)


def _mask(address: str) -> str:
    # The domain goes too: a small company's domain plus an initial can name a person.
    return f"{address[:1]}***@***"


class MaskEmailAddressesFilter(logging.Filter):
    """Mask e-mail addresses in a record's message, arguments and exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave the record as it is
            return True
        record.msg = mask_emails(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_emails(record.exc_text)
        return True
