"""The e-mails of matching: a proposed pair introduced, declined, ended, or its welcome."""

from django.utils.translation import gettext_lazy as _

from notifications.emails import EmailKind, register
from notifications.formatting import when


def reasons(breakdown: dict) -> list[str]:
    """Why we think the two are a good pair, in words, from the score breakdown."""
    said = []
    if breakdown.get("wishes", 0) >= 1:
        said.append(_("One of you asked to be paired with the other."))
    topics = breakdown.get("topics", 0)
    if topics >= 0.5:
        said.append(_("You share the topics you most want to work on."))
    elif topics > 0:
        said.append(_("You share some of the topics you want to work on."))
    if breakdown.get("availability", 0) > 0:
        said.append(_("You are usually free at the same times of the week."))
    distance = breakdown.get("distance", 0)
    if distance >= 1:
        said.append(_("You are in the same municipality."))
    elif distance > 0:
        said.append(_("You are in the same region."))
    if breakdown.get("industry", 0) >= 1:
        said.append(_("You work in different industries, so you will learn from each other."))
    if breakdown.get("meeting_format", 0) >= 1:
        said.append(_("You prefer compatible ways of meeting."))
    return [str(reason) for reason in said]


def _introduction_values(context, language):
    other = context.get("other") or {}
    about = ", ".join(
        part for part in (other.get("name"), other.get("title"), other.get("organisation")) if part
    )
    return {
        "name": context.get("name", ""),
        "program": context.get("program", ""),
        "round": context.get("round", ""),
        "partner_name": other.get("name", ""),
        "partner": about,
        "partner_role": context.get(f"other_role_{language}") or context.get("other_role_sv", ""),
        "reasons": reasons(context.get("breakdown") or {}),
        "confirm_by": when(context.get("confirm_by"), language),
        "link": context.get("link", ""),
        "pair_link": context.get("pair_link", ""),
    }


PAIR_INTRODUCTION = register(
    EmailKind(
        key="matching_pair_introduction",
        label=_("Introduction of a proposed pair"),
        subject=_("Your proposed pair in {program} – {round}"),
        body=_(
            "Hello {name},\n\n"
            "We propose that you and {partner_name} become a pair in {program} – {round}. "
            "Your {partner_role}: {partner}.\n\n"
            "Why we think you are a good pair:\n\n"
            "{reasons}\n\n"
            "Please confirm or decline by {confirm_by}.\n\n"
            "{link}\n\n"
            "When you have both confirmed, you will hear from us about the kickoff. Your contact details, "
            "the pair agreement and your meeting log are on {pair_link} (sign in with your e-mail address)."
        ),
        placeholders={
            "name": _("The recipient's name"),
            "program": _("The program's name"),
            "round": _("The round's name"),
            "partner_name": _("The proposed partner's name"),
            "partner": _("The partner's name, title and organisation"),
            "partner_role": _("The partner's role, in the program's words"),
            "reasons": _("Why they make a good pair (a list)"),
            "confirm_by": _("The last day to confirm"),
        },
        links={"link": _("Confirm or decline"), "pair_link": _("your pair page")},
        values=_introduction_values,
    )
)


def _declined_values(context, language):
    role = context.get(f"other_role_{language}") or context.get("other_role_sv", "")
    return {
        "name": context.get("name", ""),
        "program": context.get("program", ""),
        "round": context.get("round", ""),
        "partner_name": context.get("other_name", ""),
        "partner_role": role.lower(),
    }


PAIR_DECLINED = register(
    EmailKind(
        key="matching_pair_declined",
        label=_("Proposed pair declined"),
        subject=_("Your proposed pair in {program} – {round} will not go ahead"),
        body=_(
            "Hello {name},\n\n"
            "{partner_name}, your proposed {partner_role} in {program} – {round}, has declined the pair.\n\n"
            "This says nothing about you: schedules and circumstances change. You remain in the round, "
            "and the coordinator will look for a new match for you. You will get a new introduction "
            "e-mail when there is one."
        ),
        placeholders={
            "name": _("The recipient's name"),
            "program": _("The program's name"),
            "round": _("The round's name"),
            "partner_name": _("The name of the one who declined"),
            "partner_role": _("Their role, in the program's words"),
        },
        values=_declined_values,
    )
)


def _contact_lines(other: dict) -> list[str]:
    about = ", ".join(
        part for part in (other.get("name"), other.get("title"), other.get("organisation")) if part
    )
    lines = [about] if about else []
    if other.get("email"):
        lines.append(_("E-mail: %(email)s") % {"email": other["email"]})
    if other.get("phone"):
        lines.append(_("Phone: %(phone)s") % {"phone": other["phone"]})
    return [str(line) for line in lines]


def _welcome_values(context, language):
    from .agreement import agreement_lines

    other = context.get("other") or {}
    role = context.get(f"other_role_{language}") or context.get("other_role_sv", "")
    return {
        "name": context.get("name", ""),
        "program": context.get("program", ""),
        "round": context.get("round", ""),
        "partner_name": other.get("name", ""),
        "partner_role": role.lower(),
        "partner_contact": _contact_lines(other),
        "kickoff": when(context.get("kickoff"), language),
        "agreement": agreement_lines(
            cadence_days=int(context.get("cadence_days") or 30),
            visits_expected=int(context.get("visits_expected") or 1),
        ),
        "pair_link": context.get("pair_link", ""),
    }


PAIR_WELCOME = register(
    EmailKind(
        key="matching_pair_welcome",
        label=_("Welcome to a confirmed pair"),
        subject=_("Welcome: you and {partner_name} are a pair in {program} – {round}"),
        body=_(
            "Hello {name},\n\n"
            "You and {partner_name} have both confirmed: you are a pair in {program} – {round}. Welcome!\n\n"
            "The round starts with the kickoff on {kickoff}.\n\n"
            "How to reach your {partner_role}:\n\n"
            "{partner_contact}\n\n"
            "Your pair agreement:\n\n"
            "{agreement}\n\n"
            "After each meeting, log it on your pair page: the day, the kind of meeting and how it went. "
            "It takes a minute, and it is how the program sees that pairs keep meeting. Your private notes "
            "stay between the two of you.\n\n"
            "{pair_link}"
        ),
        placeholders={
            "name": _("The recipient's name"),
            "program": _("The program's name"),
            "round": _("The round's name"),
            "partner_name": _("The partner's name"),
            "partner_role": _("The partner's role, in the program's words"),
            "partner_contact": _("The partner's name, title, organisation, e-mail and phone (a list)"),
            "kickoff": _("The kickoff's date and time, in Swedish time"),
            "agreement": _("The pair agreement (a list)"),
        },
        links={"pair_link": _("Open your pair page and log a meeting")},
        values=_welcome_values,
    )
)


def _ended_values(context, language):
    return {
        "name": context.get("name", ""),
        "program": context.get("program", ""),
        "round": context.get("round", ""),
        "partner_name": context.get("other_name", ""),
        "withdrew": str(_("{name} has left the program.")).format(name=context.get("other_name", ""))
        if context.get("withdrew")
        else "",
    }


PAIR_ENDED = register(
    EmailKind(
        key="matching_pair_ended",
        label=_("Pair ended early"),
        subject=_("Your pair in {program} – {round} has ended"),
        body=_(
            "Hello {name},\n\n"
            "Your pair with {partner_name} in {program} – {round} has ended.\n\n"
            "{withdrew}\n\n"
            "If you are still in the round, the coordinator will be in touch about what happens next. "
            "Thank you for the time you have given."
        ),
        placeholders={
            "name": _("The recipient's name"),
            "program": _("The program's name"),
            "round": _("The round's name"),
            "partner_name": _("The partner's name"),
            "withdrew": _("“The partner has left the program”, when a withdrawal ended the pair"),
        },
        values=_ended_values,
    )
)
