"""The e-mails of applications: the confirmation of a submit and the three decisions."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.emails import EmailKind, register
from notifications.formatting import when

from .models import State


def _submitted_values(context, language):
    return {
        "name": context.get("full_name", ""),
        "program": context.get("program", ""),
        "round": context.get("round", ""),
        "role": context.get("role", ""),
        "deadline": when(context.get("deadline"), language),
        "screening_ends": when(context.get("screening_ends"), language, with_time=False),
        "pairs_announced": when(context.get("pairs_announced"), language, with_time=False),
        "eligibility_note": ""
        if context.get("is_eligible", True)
        else str(
            _(
                "According to the round's rules you may not be eligible for this role. Your application "
                "is submitted all the same: the coordinators read it and decide. You do not need to do "
                "anything."
            )
        ),
        "link": settings.SITE_URL + context.get("path", "/"),
    }


COMMON = {
    "name": _("The applicant's name"),
    "program": _("The program's name"),
    "round": _("The round's name"),
    "role": _("The role applied for, in the program's words"),
}

APPLICATION_SUBMITTED = register(
    EmailKind(
        key="application_submitted",
        label=_("Application submitted"),
        subject=_("Your application to {program} – {round} is submitted"),
        body=_(
            "Hello {name},\n\n"
            "Thank you! Your application as {role} to {program} – {round} is submitted.\n\n"
            "You can change or withdraw it until the deadline, {deadline}.\n\n"
            "{link}\n\n"
            "{eligibility_note}\n\n"
            "What happens next: the coordinators read every application after the deadline. You will "
            "hear from us by {screening_ends}, and pairs are announced by {pairs_announced}."
        ),
        placeholders={
            **COMMON,
            "deadline": _("The deadline of the role"),
            "screening_ends": _("When screening ends"),
            "pairs_announced": _("When pairs are announced"),
            "eligibility_note": _("A note when the applicant may not be eligible (empty otherwise)"),
        },
        links={"link": _("See your application")},
        values=_submitted_values,
    )
)


def _decision_values(context, language):
    return {
        "name": context.get("name", ""),
        "program": context.get("program", ""),
        "round": context.get("round", ""),
        "role": context.get("role", ""),
        "link": settings.SITE_URL + reverse("applications:mine"),
    }


def _decision(state: str, label, subject, body) -> EmailKind:
    return register(
        EmailKind(
            key=f"decision_{state}",
            label=label,
            subject=subject,
            body=body,
            placeholders=COMMON,
            links={"link": _("Your application")},
            values=_decision_values,
        )
    )


DECISION_KINDS = {
    State.ACCEPTED: _decision(
        State.ACCEPTED,
        _("Decision: accepted"),
        _("Welcome to {program}, {round}"),
        _(
            "Hello {name},\n\n"
            "We are happy to tell you that you have been accepted as {role} in {program}, {round}.\n\n"
            "We will soon propose a pair for you and tell you about the kickoff. "
            "You can follow your application here: {link}\n\n"
            "Welcome!\nThe {program} team"
        ),
    ),
    State.WAITLISTED: _decision(
        State.WAITLISTED,
        _("Decision: waiting list"),
        _("Your application to {program}: you are on the waiting list"),
        _(
            "Hello {name},\n\n"
            "Thank you for applying as {role} to {program}, {round}. We received more applications "
            "than there are places, and you are on our waiting list. If a place opens up, we will "
            "contact you as soon as possible.\n\n"
            "You can follow your application here: {link}\n\n"
            "Best regards,\nThe {program} team"
        ),
    ),
    State.REJECTED: _decision(
        State.REJECTED,
        _("Decision: not accepted"),
        _("Your application to {program}, {round}"),
        _(
            "Hello {name},\n\n"
            "Thank you for applying as {role} to {program}, {round}. We received many strong "
            "applications and unfortunately we cannot offer you a place this time.\n\n"
            "We hope you will apply again to a coming round.\n\n"
            "Best regards,\nThe {program} team"
        ),
    ),
}
