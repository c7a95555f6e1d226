"""The template language of editable e-mail texts: named placeholders and nothing else.

`{first_name}` is replaced by that value. There are no attributes, indexes, format specs or
expressions: `{name:>100000000}` and `{link.__len__}` are not placeholders and stay as typed,
so an edited text can neither build a huge string nor reach into an object. Unknown names stay
as typed when rendering (a text edited before a placeholder was renamed still reads), and
forms reject them with `unknown_placeholders`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,39})\}")
# Anything in braces that an editor may have meant as a placeholder ({förnamn}, {name.__len__}).
LOOKS_LIKE = re.compile(r"\{([^{}\s]{1,60})\}")


def names_in(text: str) -> list[str]:
    """The placeholder names used in `text`, in order of first use."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text or "")))


def unknown_placeholders(text: str, allowed: Iterable[str]) -> list[str]:
    """What `text` writes in braces that is not one of the `allowed` names (for a form to refuse)."""
    allowed = set(allowed)
    return [name for name in dict.fromkeys(LOOKS_LIKE.findall(text or "")) if name not in allowed]


def fill(text: str, values: Mapping[str, object], *, each: Callable[[str, object], str] = None) -> str:
    """`text` with each known `{name}` replaced by `each(name, value)` (default: `str(value)`)."""
    convert = each or (lambda _name, value: str(value))

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        return convert(name, values[name])

    return PLACEHOLDER.sub(replace, str(text or ""))
