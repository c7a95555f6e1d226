"""The welcome e-mail both members get when the pair is confirmed (both said yes)."""

from django.conf import settings

from notifications.services import Email, queue_emails

from . import lifecycle
from .models import Pair

ROLES = ("mentor", "mentee")


def _contact(application) -> dict:
    return {
        "name": application.full_name,
        "title": application.title,
        "organisation": application.organisation_display,
        "email": application.email or (application.applicant.email if application.applicant else ""),
        "phone": application.phone,
    }


def welcome_emails(pair: Pair) -> list[Email]:
    """One welcome e-mail per member with an address, in that member's language."""
    from .services import pair_page_link

    round_, program = pair.round, pair.round.program
    sides = {"mentor": pair.mentor_application, "mentee": pair.mentee_application}
    emails = []
    for role, application in sides.items():
        other_role = "mentee" if role == "mentor" else "mentor"
        user = application.applicant
        to = application.email or (user.email if user else "")
        if not to:
            continue
        context = {
            "name": application.full_name,
            "program": program.name,
            "round": round_.name,
            "other_role_sv": getattr(program, f"{other_role}_label_sv"),
            "other_role_en": getattr(program, f"{other_role}_label_en"),
            "other": _contact(sides[other_role]),
            "kickoff": round_.kickoff.isoformat(),
            "cadence_days": round_.meeting_cadence_days,
            "visits_expected": round_.visits_expected,
            "pair_link": pair_page_link(pair),
        }
        language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
        emails.append(
            Email(
                f"pair-welcome:{pair.pk}:{role}", to, "matching_pair_welcome", context, language, program.pk
            )
        )
    return emails


def queue_welcome(pair: Pair) -> int:
    """Queue the welcome e-mails of a pair just confirmed (once ever per member: keyed outbox)."""
    pair = Pair.objects.select_related(
        "round__program",
        "mentor_application__applicant",
        "mentor_application__organisation",
        "mentee_application__applicant",
        "mentee_application__organisation",
    ).get(pk=pair.pk)
    return queue_emails(welcome_emails(pair))


@lifecycle.on_enter(Pair.State.CONFIRMED)
def _welcome_on_confirm(pair: Pair, transition) -> None:
    """Hook: a pair that has just become confirmed gets its welcome e-mails."""
    queue_welcome(pair)
