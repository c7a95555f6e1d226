"""Dates in e-mails: in words, in Swedish time, saying so."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentorship.timezones import STOCKHOLM


def when(value: datetime | str | None, language: str, *, with_time: bool = True) -> str:
    """“tisdag 3 mars 2026 kl. 18:00 (svensk tid)”; an ISO string is read first.

    Anything else that is not an instant (words written before this helper) comes back as it was.
    """
    instant = parse_datetime(value) if isinstance(value, str) else value
    if not isinstance(instant, datetime):
        return str(value or "")
    local = timezone.localtime(instant, STOCKHOLM)
    with translation.override(language):
        day = date_format(local, "l j F Y")
        if not with_time:
            return day
        return _("%(day)s at %(time)s (Swedish time)") % {"day": day, "time": local.strftime("%H:%M")}


def day(value: date, language: str) -> str:
    """“tisdag 3 mars 2026”."""
    with translation.override(language):
        return date_format(value, "l j F Y")
