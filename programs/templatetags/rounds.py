"""Template helpers for rounds: Swedish time and a countdown that reads right without JavaScript."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, ngettext

register = template.Library()

# Placeholder the JavaScript replaces with a number; the same in every language.
COUNT = "%(count)d"


def _unit(singular: str, plural: str, number: int) -> str:
    return ngettext(singular, plural, number) % {"count": number}


def _days(n: int) -> str:
    return _unit("%(count)d day", "%(count)d days", n)


def _hours(n: int) -> str:
    return _unit("%(count)d hour", "%(count)d hours", n)


def _minutes(n: int) -> str:
    return _unit("%(count)d minute", "%(count)d minutes", n)


def time_left(deadline: datetime, now: datetime | None = None) -> str:
    """“3 days, 4 hours left” (or hours and minutes on the last day); passed when it has."""
    now = now or timezone.now()
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return gettext("The deadline has passed.")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        parts = [_days(days), _hours(hours)]
    elif hours:
        parts = [_hours(hours), _minutes(minutes)]
    else:
        parts = [_minutes(max(minutes, 1))]
    return gettext("%(time)s left") % {"time": ", ".join(parts)}


@register.filter
def countdown(deadline: datetime | None) -> str:
    """`{{ round.mentor_deadline|countdown }}` → “3 days, 4 hours left”."""
    if deadline is None:
        return ""
    return time_left(deadline)


@register.inclusion_tag("programs/includes/_countdown.html")
def countdown_for(deadline: datetime):
    """The countdown with the words the live-updating script needs, as data attributes."""
    return {
        "deadline": deadline,
        "text": time_left(deadline),
        "labels": {
            "day": ngettext("%(count)d day", "%(count)d days", 1),
            "days": ngettext("%(count)d day", "%(count)d days", 2),
            "hour": ngettext("%(count)d hour", "%(count)d hours", 1),
            "hours": ngettext("%(count)d hour", "%(count)d hours", 2),
            "minute": ngettext("%(count)d minute", "%(count)d minutes", 1),
            "minutes": ngettext("%(count)d minute", "%(count)d minutes", 2),
            "left": gettext("%(time)s left"),
            "passed": gettext("The deadline has passed."),
        },
    }


@register.filter
def instant(value: str | datetime | None) -> datetime | None:
    """An ISO-8601 string (as stored in an e-mail's JSON context) back to an aware datetime."""
    if value is None or isinstance(value, datetime):
        return value
    return parse_datetime(value)
