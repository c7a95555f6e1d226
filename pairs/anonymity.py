"""The anonymity rule: the one owner of which result figures staff may see.

Every place that shows what participants answered (dashboards, the program overview, the round
report, CSV downloads, charts, quotes, meeting pulses) asks this module, so the promise made on
the survey ("no one can be recognised") holds everywhere or nowhere.

A figure is shown only when the group behind it has at least the program's minimum number of
answers (`Program.min_group_size`). And no two shown figures may be subtracted to reveal a
hidden group (complementary suppression): a total over parts (a survey's two roles) is shown
only when the parts it hides, taken together, are a group of the minimum size themselves.
With 5 mentors and 1 mentee answering, the mentors' figure is shown, the mentee's is hidden,
and so is the combined one, since combined minus mentors would be the lone mentee.
"""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Disclosure:
    """Which parts of a breakdown, and whether their total, may be shown."""

    parts: Mapping[str, bool]
    total: bool

    def shown(self, part: str) -> bool:
        return self.parts.get(part, False)


def group_shown(answers: int, minimum: int) -> bool:
    """A group's figure may be shown: at least `minimum` answers."""
    return answers >= max(minimum, 1)


def disclose(answers: Mapping[str, int], minimum: int) -> Disclosure:
    """Apply the rule to a breakdown: answers per part (e.g. per role) of one figure.

    A part is shown when it is large enough. The total is shown when it is large enough and
    the answers of the hidden parts together are too, so subtracting the shown parts from the
    total recovers no group smaller than the minimum. A part with no answers hides nothing.
    """
    parts = {key: group_shown(n, minimum) for key, n in answers.items()}
    hidden = sum(n for key, n in answers.items() if not parts[key])
    total = group_shown(sum(answers.values()), minimum) and (hidden == 0 or group_shown(hidden, minimum))
    return Disclosure(parts=parts, total=total)
