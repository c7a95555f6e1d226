"""Reads of communication."""

from django.db.models import Case, IntegerField, Value, When

from notifications.models import Notification


def latest_email_context(program, kind_key: str, language: str) -> Notification | None:
    """The newest outbox row of `kind_key` for the program (same language first): real data for a preview."""
    rows = Notification.objects.filter(program=program, template=kind_key).exclude(context={})
    same_language_first = Case(
        When(language=language, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return rows.order_by(same_language_first, "-created_at", "-pk").first()
