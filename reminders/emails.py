"""The reminder e-mails. A rule's own subject and message replace these texts for that rule."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.emails import EmailKind, register

COMMON = {
    "greeting": gettext_lazy("“Hello Anna,” (or “Hello,” without a name)"),
    "name": gettext_lazy("The recipient's name"),
    "program": gettext_lazy("The program's name"),
    "round": gettext_lazy("The round's name"),
    "signature": gettext_lazy("“Best regards,” and the program's name"),
}


def _values(context, language):
    name = context.get("name") or ""
    return {
        **dict.fromkeys(PAIR_LINKS, ""),  # an e-mail queued before these links existed
        **{key: value for key, value in context.items() if isinstance(value, str | int)},
        "greeting": _("Hello %(name)s,") % {"name": name} if name else _("Hello,"),
        "name": name,
        "program": context.get("program_name", ""),
        "round": context.get("round_name", ""),
        "signature": _("Best regards,\n%(program)s") % {"program": context.get("program_name", "")},
        "survey_text": _survey_text(context),
    }


def _survey_text(context) -> str:
    if context.get("survey") == "midpoint":
        return _(
            "You are halfway through %(round)s. Please tell us how it is going: the survey takes about "
            "five minutes."
        ) % {"round": context.get("round_name", "")}
    return _(
        "%(round)s has come to an end. Please tell us what it gave you: the survey takes about five minutes."
    ) % {"round": context.get("round_name", "")}


# The lines every reminder to a pair member ends with, in the rule's own words too.
MEETING_LINE = gettext_lazy("Have you met since you last logged a meeting? {meeting_link}")
PAIR_LINE = gettext_lazy("Contact details, the agreement and your meeting log are on {pair_link}.")
PAIR_LINKS = {
    "meeting_link": gettext_lazy("Log it in one click"),
    "pair_link": gettext_lazy("your pair page"),
}


def _pair_lines(links) -> str:
    lines = [
        str(line)
        for name, line in (("meeting_link", MEETING_LINE), ("pair_link", PAIR_LINE))
        if name in links
    ]
    return "\n".join(lines)


def _own_words(links):
    """The rule's subject, and its message between the greeting and the button, pair lines and signature."""
    names = list(links)
    button = "{" + names[0] + "}"

    def own(context):
        message = (context.get("message") or "").strip()
        if not message:
            return context.get("subject") or "", ""
        extra = _pair_lines(names[1:])
        middle = f"{button}\n\n{extra}" if extra else button
        return context.get("subject") or "", f"{{greeting}}\n\n{message}\n\n{middle}\n\n{{signature}}"

    return own


def _reminder(key, label, subject, body, placeholders=None, links=None):
    return register(
        EmailKind(
            key=f"reminder_{key}",
            label=label,
            subject=subject,
            body=body,
            placeholders={**COMMON, **(placeholders or {})},
            links=links or {"link": gettext_lazy("Open")},
            values=_values,
            own_words=_own_words(links or {"link": None}),
        )
    )


_reminder(
    "draft",
    gettext_lazy("Reminder: unsubmitted draft"),
    gettext_lazy("Action required: submit your application to {round} by {deadline}"),
    gettext_lazy(
        "{greeting}\n\n"
        "You have started an application as {role} to {round} but not submitted it. The deadline is "
        "{deadline}. Only submitted applications are considered.\n\n{link}\n\n{signature}"
    ),
    {"role": gettext_lazy("The role applied for"), "deadline": gettext_lazy("The deadline")},
    {"link": gettext_lazy("Finish and submit your application")},
)
_reminder(
    "opening",
    gettext_lazy("Applications are open"),
    gettext_lazy("Applications to {round} are open"),
    gettext_lazy(
        "{greeting}\n\n"
        "You asked us to tell you when applications open: you can now apply to {round} of {program}. "
        "The deadline is {deadline}.\n\n{link}\n\n{signature}"
    ),
    {"deadline": gettext_lazy("The deadline")},
    {"link": gettext_lazy("Read more and apply")},
)
_reminder(
    "screening_digest",
    gettext_lazy("Daily screening digest"),
    gettext_lazy("Screening of {round}: {unreviewed} without review, {unreleased} decisions unreleased"),
    gettext_lazy(
        "{greeting}\n\n"
        "The application deadline of {round} has passed. Today {unreviewed} submitted applications have "
        "no review and {unreleased} decisions are recorded but not released.\n\n{link}\n\n{signature}"
    ),
    {
        "unreviewed": gettext_lazy("Applications without a review"),
        "unreleased": gettext_lazy("Decisions not released"),
    },
    {"link": gettext_lazy("Open the round")},
)
_reminder(
    "unconfirmed",
    gettext_lazy("Reminder: pair not confirmed"),
    gettext_lazy("Action required: confirm your pair in {round}"),
    gettext_lazy(
        "{greeting}\n\n"
        "You have been paired with {partner_name} in {round}, but you have not confirmed yet. Please "
        "confirm (or decline) by {confirm_by}.\n\n{link}\n\n"
        "Contact details, the agreement and your meeting log are on {pair_link}.\n\n{signature}"
    ),
    {
        "partner_name": gettext_lazy("The partner's name"),
        "confirm_by": gettext_lazy("The last day to confirm"),
    },
    {"link": gettext_lazy("Confirm or decline"), "pair_link": PAIR_LINKS["pair_link"]},
)
_reminder(
    "unconfirmed_coordinator",
    gettext_lazy("Coordinator: pair not confirmed"),
    gettext_lazy("Pair not confirmed: {mentor_name} & {mentee_name} ({round})"),
    gettext_lazy(
        "{greeting}\n\n"
        "The pair {mentor_name} & {mentee_name} in {round} has still not been confirmed by both. They are "
        "asked to confirm by {confirm_by}. You may want to contact them.\n\n{admin_link}\n\n{signature}"
    ),
    {
        "mentor_name": gettext_lazy("The mentor's name"),
        "mentee_name": gettext_lazy("The mentee's name"),
        "confirm_by": gettext_lazy("The last day to confirm"),
    },
    {"admin_link": gettext_lazy("Open the round")},
)
_reminder(
    "no_meeting",
    gettext_lazy("Reminder: time to meet"),
    gettext_lazy("Time to meet {partner_name}"),
    gettext_lazy(
        "{greeting}\n\n"
        "No meeting with {partner_name} has been logged since {since}. Pairs in {round} meet about every "
        "{cadence_days} days. Book your next meeting, and log it when you have met.\n\n{link}\n\n"
        "Contact details, the agreement and your meeting log are on {pair_link}.\n\n{signature}"
    ),
    {
        "partner_name": gettext_lazy("The partner's name"),
        "since": gettext_lazy("The day of the last meeting (or the kickoff)"),
        "cadence_days": gettext_lazy("Days between meetings"),
    },
    {"link": gettext_lazy("Log a meeting"), "pair_link": PAIR_LINKS["pair_link"]},
)
_reminder(
    "no_meeting_coordinator",
    gettext_lazy("Coordinator: pair without meetings"),
    gettext_lazy("Pair without meetings: {mentor_name} & {mentee_name} ({round})"),
    gettext_lazy(
        "{greeting}\n\n"
        "The pair {mentor_name} & {mentee_name} in {round} has logged no meeting since {since}, twice the "
        "cadence of {cadence_days} days. You may want to contact them.\n\n{admin_link}\n\n{signature}"
    ),
    {
        "mentor_name": gettext_lazy("The mentor's name"),
        "mentee_name": gettext_lazy("The mentee's name"),
        "since": gettext_lazy("The day of the last meeting (or the kickoff)"),
        "cadence_days": gettext_lazy("Days between meetings"),
    },
    {"admin_link": gettext_lazy("Open the round")},
)
_reminder(
    "survey",
    gettext_lazy("Survey is open"),
    gettext_lazy("A short survey about {round}"),
    gettext_lazy(
        "{greeting}\n\n{survey_text}\n\n{link}\n\n"
        "Have you met since you last logged a meeting? {meeting_link}\n"
        "Contact details, the agreement and your meeting log are on {pair_link}.\n\n{signature}"
    ),
    {"survey_text": gettext_lazy("What the survey is about (midpoint or end)")},
    {"link": gettext_lazy("Answer the survey"), **PAIR_LINKS},
)
_reminder(
    "survey_reminder",
    gettext_lazy("Reminder: survey not answered"),
    gettext_lazy("Action required: your answer to the {round} survey"),
    gettext_lazy(
        "{greeting}\n\n"
        "A week ago we asked you about {round} and we have not had your answer yet. It takes about five "
        "minutes and helps the next round.\n\n{link}\n\n"
        "Have you met since you last logged a meeting? {meeting_link}\n"
        "Contact details, the agreement and your meeting log are on {pair_link}.\n\n{signature}"
    ),
    {},
    {"link": gettext_lazy("Answer the survey"), **PAIR_LINKS},
)


def _digest_values(context, language):
    lines = [str(line) for line in context.get("exceptions") or []]
    return {**_values(context, language), "exceptions": lines, "count": len(lines)}


register(
    EmailKind(
        key="exception_digest",
        label=gettext_lazy("Coordinator: daily digest of exceptions"),
        subject=gettext_lazy("{program}: exceptions to look at ({count})"),
        body=gettext_lazy(
            "{greeting}\n\n"
            "Since the last digest, these things happened in {program} that a coordinator may want to act "
            "on:\n\n{exceptions}\n\n"
            "Each is reported once. Open exceptions stay listed on the round's reminders page until you "
            "mark them handled.\n\n{link}\n\n{signature}"
        ),
        placeholders={
            **COMMON,
            "count": gettext_lazy("How many exceptions"),
            "exceptions": gettext_lazy("One line per exception (a list)"),
        },
        links={"link": gettext_lazy("Open the rounds' pages")},
        values=_digest_values,
    )
)
