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


def event_attendance(round_, *, organisation=None) -> list:
    """The round's events (not cancelled) with how many were invited, said yes and came. One query.

    With `organisation`, only the invited people from that organisation are counted (the
    sponsor report); counts of people, never names.
    """
    from django.db.models import Count, Q

    from .models import Event, Invitation

    mine = Q(invitations__application__organisation=organisation) if organisation is not None else Q()
    return list(
        Event.objects.filter(round=round_, cancelled_at__isnull=True)
        .annotate(
            n_invited=Count("invitations", filter=mine),
            n_coming=Count("invitations", filter=mine & Q(invitations__answer=Invitation.Answer.YES)),
            n_attended=Count("invitations", filter=mine & Q(invitations__attended=True)),
        )
        .order_by("starts_at", "pk")
    )
