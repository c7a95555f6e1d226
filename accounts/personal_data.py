"""The account and its sign-in attempts; export and erasure hooks. Runs last: rows point at it."""

from datetime import datetime
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Q

from privacy.hooks import Person

ERASURE_ORDER = 100


def export_person(person: Person) -> dict[str, Any]:
    user = person.user
    if user is None:
        return {}
    return {
        "user": {
            "email": user.email,
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
    }


def erase_person(person: Person, *, at: datetime) -> dict[str, int]:
    """Forget the sign-in attempts under the person's addresses and delete their account.

    Staff accounts stay: they own reviews and runs, and an administrator removes them.
    """
    if not person.whole:
        return {}
    usernames = Q(pk__in=[])
    for email in person.emails_lower:
        usernames |= Q(username__iexact=email)
    attempts = sum(
        model.objects.filter(usernames).delete()[0] for model in (AccessAttempt, AccessLog, AccessFailureLog)
    )
    user = person.user
    accounts = 0
    if user is not None and not (user.is_staff or user.is_superuser):
        user.delete()
        accounts = 1
    return {"sign_in_attempts": attempts, "accounts": accounts}
