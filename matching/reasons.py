"""Plain-language, translated words for the algorithm's reason codes and score components."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .algorithm import HARD_RULES, SCORE_COMPONENTS

COMPONENT_LABELS = {component.name: gettext_lazy(component.label) for component in SCORE_COMPONENTS}

WARNING_LABELS = {
    "lock_breaks_rule": gettext_lazy("A locked pair breaks a hard rule and was not used."),
    "lock_over_capacity": gettext_lazy("A locked pair did not fit the mentor's capacity and was not used."),
    "lock_not_candidate": gettext_lazy("A locked pair involves somebody who is no longer available."),
}


def describe(code: str, params: dict | None = None) -> str:
    """The reason somebody was left unmatched, in the active language."""
    params = params or {}
    simple = {
        "no_mentors": _("There were no mentors available to match with."),
        "no_mentees": _("There were no mentees available to match with."),
        **{rule.reason: _(rule.message) for rule in HARD_RULES},  # marked in algorithm.py
    }
    if code in simple:
        return simple[code]
    if code == "capacity_exhausted":
        mentees = ngettext(
            "%(count)d mentee competed", "%(count)d mentees competed", params.get("mentees", 0)
        ) % {"count": params.get("mentees", 0)}
        places = ngettext("%(count)d mentor place", "%(count)d mentor places", params.get("places", 0)) % {
            "count": params.get("places", 0)
        }
        return _("%(mentees)s for %(places)s.") % {"mentees": mentees, "places": places}
    if code == "round_full":
        return ngettext(
            "Left out because the round is full: its capacity allowed one new pair.",
            "Left out because the round is full: its capacity allowed %(count)d new pairs.",
            params.get("pairs", 0),
        ) % {"count": params.get("pairs", 0)}
    if code == "compatible_mentees_taken":
        return ngettext(
            "The one compatible mentee was a better match with another mentor.",
            "All %(count)d compatible mentees were better matches with other mentors.",
            params.get("mentees", 0),
        ) % {"count": params.get("mentees", 0)}
    return code


def why_lines(breakdown: dict) -> list[str]:
    """Sentences saying why a pair was made, strongest reasons first (for e-mails and pages)."""
    lines = []
    if breakdown.get("wishes", 0) >= 1:
        lines.append(_("One of you asked to be paired with the other."))
    if breakdown.get("topics", 0) >= 0.5:
        lines.append(_("You share the topics you most want to work on."))
    elif breakdown.get("topics", 0) > 0:
        lines.append(_("You share some of the topics you want to work on."))
    if breakdown.get("availability", 0) > 0:
        lines.append(_("You are usually free at the same times of the week."))
    if breakdown.get("distance", 0) >= 1:
        lines.append(_("You are in the same municipality."))
    elif breakdown.get("distance", 0) > 0:
        lines.append(_("You are in the same region."))
    if breakdown.get("industry", 0) >= 1:
        lines.append(_("You work in different industries, so you will learn from each other."))
    if breakdown.get("meeting_format", 0) >= 1:
        lines.append(_("You prefer compatible ways of meeting."))
    return lines
