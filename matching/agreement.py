"""The pair agreement: what both members accept, shown on the pair page and in the welcome e-mail."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def agreement_lines(*, cadence_days: int, visits_expected: int) -> list[str]:
    """The agreement's points in the active language, for a round's cadence and visits."""
    return [
        _("Confidentiality: what we share in our meetings stays between us unless we both agree otherwise."),
        ngettext(
            "Cadence: we meet at least every %(days)d day, in person or online.",
            "Cadence: we meet at least every %(days)d days, in person or online.",
            cadence_days,
        )
        % {"days": cadence_days},
        ngettext(
            "Visits: we visit each other's workplace at least %(n)d time during the round.",
            "Visits: we visit each other's workplace at least %(n)d times during the round.",
            visits_expected,
        )
        % {"n": visits_expected},
        _("We log our meetings on the pair page so the program can see that pairs keep meeting; "
          "private notes stay between us."),
    ]  # fmt: skip


def for_round(round_) -> list[str]:
    return agreement_lines(cadence_days=round_.meeting_cadence_days, visits_expected=round_.visits_expected)
