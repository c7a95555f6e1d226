from django.db.models import QuerySet
from django.utils import timezone

from .models import Program, Round


def public_rounds() -> QuerySet[Round]:
    """Published rounds with their program, newest first."""
    return Round.objects.published().select_related("program")


def open_and_upcoming_rounds(at=None) -> QuerySet[Round]:
    """Published rounds whose last deadline has not passed."""
    at = at or timezone.now()
    return public_rounds().filter(mentor_deadline__gt=at) | public_rounds().filter(mentee_deadline__gt=at)


def public_programs() -> QuerySet[Program]:
    return Program.objects.filter(rounds__is_published=True).distinct()
