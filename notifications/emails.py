"""Every e-mail kind, its default texts, and the one layout they are all rendered in.

An app declares its e-mails in its own `emails.py` (found at start-up like `admin.py`):

    register(EmailKind(
        key="sign_in_link", label=_("Sign-in link"),
        subject=_("Your sign-in link"),
        body=_("Hello,\\n\\n{link}\\n\\nThe link works once, for {minutes} minutes."),
        placeholders={"minutes": _("How long the link works")},
        links={"link": _("Sign in")},
        values=lambda context, language: {...},
    ))

Texts are in the placeholder language of `placeholders.py`. A body is paragraphs separated by
blank lines; a paragraph that is only a link placeholder (`{link}`) becomes a button with the
link's words, a link placeholder inside a sentence becomes a link with those words, a paragraph
whose lines start with "- " is a list, and a paragraph that is only an empty placeholder is left
out (how optional paragraphs are written). A program may replace subject and body per language
(`EmailTemplate`); the code's texts are the defaults.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import placeholders

DEFAULT_COLOUR = "#0b5ed7"
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class EmailKind:
    key: str
    label: Promise | str
    subject: Promise | str
    body: Promise | str
    values: Callable[[Mapping[str, Any], str], dict[str, Any]]
    placeholders: Mapping[str, Promise | str] = field(default_factory=dict)
    links: Mapping[str, Promise | str] = field(default_factory=dict)
    # Words that replace subject and/or body for this one e-mail (a reminder rule's own wording):
    # (context) -> (subject or "", body or ""); they win over the program's and the code's texts.
    own_words: Callable[[Mapping[str, Any]], tuple[str, str]] | None = None
    # False for e-mails whose words are always written for the occasion (a message to a group).
    editable: bool = True
    # Files sent with the e-mail (a calendar invitation): (context, language) -> MIME parts.
    attachments: Callable[[Mapping[str, Any], str], list] | None = None

    @property
    def names(self) -> list[str]:
        """Every placeholder an editor may use (plain ones, then links)."""
        return [*self.placeholders, *self.links]

    def describe(self) -> list[tuple[str, str]]:
        return [(name, str(text)) for name, text in {**self.placeholders, **self.links}.items()]


KINDS: dict[str, EmailKind] = {}


def register(kind: EmailKind) -> EmailKind:
    KINDS[kind.key] = kind
    return kind


def kind_of(key: str) -> EmailKind | None:
    return KINDS.get(key)


@dataclass(frozen=True)
class Brand:
    """What the layout shows of the program an e-mail is sent for."""

    name: str
    colour: str = DEFAULT_COLOUR
    logo_url: str = ""

    @classmethod
    def of(cls, program) -> Brand:
        if program is None:
            return cls(name=_("Mentorship"))
        logo = getattr(program, "logo_path", "")
        return cls(
            name=program.name,
            colour=getattr(program, "accent_colour", "") or DEFAULT_COLOUR,
            logo_url=settings.SITE_URL + logo if logo else "",
        )


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def default_texts(kind: EmailKind, language: str) -> tuple[str, str]:
    with translation.override(language):
        return str(kind.subject), str(kind.body)


def texts_for(kind: EmailKind, program, language: str) -> tuple[str, str]:
    """(subject, body) the program has written for `kind` in `language`, or the code's."""
    if program is not None:
        from .models import EmailTemplate

        custom = EmailTemplate.objects.filter(program=program, kind=kind.key, language=language).first()
        if custom is not None:
            return custom.subject, custom.body
    return default_texts(kind, language)


class Texts(dict):
    """`texts_for` remembered per (program, kind, language): one query each for a batch of e-mails."""

    def get_for(self, kind: EmailKind, program, language: str) -> tuple[str, str]:
        key = (getattr(program, "pk", None), kind.key, language)
        if key not in self:
            self[key] = texts_for(kind, program, language)
        return self[key]


def render(
    kind: EmailKind,
    context: Mapping[str, Any],
    *,
    language: str,
    program=None,
    texts: Texts | None = None,
) -> Rendered:
    """Subject, plain text and HTML (CSS inlined) of one e-mail of `kind` for `context`.

    `texts` remembers the program's texts across the e-mails of one batch.
    """
    subject, body = (Texts() if texts is None else texts).get_for(kind, program, language)
    with translation.override(language):  # own words may add translated lines around the message
        if kind.own_words:
            own_subject, own_body = kind.own_words(context)
            subject, body = own_subject or subject, own_body or body
        values = kind.values(context, language)
    return compose(kind, values, subject=subject, body=body, language=language, program=program)


def compose(
    kind: EmailKind, values: Mapping[str, Any], *, subject: str, body: str, language: str, program=None
) -> Rendered:
    """Fill `subject` and `body` with `values` and lay them out (HTML with CSS inlined, and text)."""
    with translation.override(language):
        subject_line = " ".join(placeholders.fill(subject, values, each=_plain).split())
        blocks = _blocks(body, values, kind)
        html, text = layout(Brand.of(program), language, subject_line, blocks)
    return Rendered(subject_line, text.strip() + "\n", css_inline.inline(html))


def layout(brand: Brand, language: str, subject: str, blocks: list[Block]) -> tuple[str, str]:
    """The HTML and text layouts (`emails/layout.*`) around `blocks`, with `subject` as the title."""
    if not blocks:  # the frames below assume at least one block
        return _render_layout(brand, subject, [b.html() for b in blocks], [b.text() for b in blocks])
    html, text = _frames(brand, language, settings.SITE_URL)
    escaped = str(escape(subject))
    html_blocks, text_blocks = "\n".join(b.html() for b in blocks), "\n\n".join(b.text() for b in blocks)
    fill = {_SUBJECT: escaped, _BLOCKS: html_blocks}
    html = "".join(fill.get(part, part) for part in html)
    fill = {_SUBJECT: subject, _BLOCKS: text_blocks}
    text = "".join(fill.get(part, part) for part in text)
    return html, text


def _render_layout(
    brand: Brand, subject: str, html_blocks: list[str], text_blocks: list[str]
) -> tuple[str, str]:
    page = {"brand": brand, "site_url": settings.SITE_URL, "subject": subject}
    html = render_to_string("emails/layout.html", {**page, "blocks": html_blocks})
    text = render_to_string("emails/layout.txt", {**page, "blocks": text_blocks})
    return html, text


# Markers where a layout rendered once per brand and language takes an e-mail's subject and
# blocks (characters of Unicode's private use area, which no template writes).
_SUBJECT, _BLOCKS = "\ue000subject\ue000", "\ue000blocks\ue000"
_MARKERS = re.compile(f"({_SUBJECT}|{_BLOCKS})")


@functools.lru_cache(maxsize=128)
def _frames(brand: Brand, language: str, site_url: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Both layouts rendered with one marker block and the marker subject, split at the markers.

    Rendering the templates cost more than anything else in building an e-mail; a batch shares
    its brand and language, so each e-mail only fills in its own parts.
    """
    with translation.override(language):
        html, text = _render_layout(brand, _SUBJECT, [mark_safe(_BLOCKS)], [_BLOCKS])
    # The templates end each block with a line break (HTML) or a blank line (text): the blocks
    # joined by the same take the one marker's place, before its line break.
    return tuple(_MARKERS.split(html)), tuple(_MARKERS.split(text))


def _plain(_name: str, value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


# --- blocks of a body -------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # "p", "list", "button"
    lines: list[str]  # text lines (p), items (list), [label, url] (button)
    html_lines: list[str] = field(default_factory=list)

    def html(self) -> str:
        if self.kind == "button":
            label, url = self.lines
            return mark_safe(
                '<table role="presentation" class="button"><tr><td>'
                f'<a href="{escape(url)}">{escape(label)}</a></td></tr></table>'
            )
        if self.kind == "list":
            items = "".join(f"<li>{line}</li>" for line in self.html_lines)
            return mark_safe(f"<ul>{items}</ul>")
        return mark_safe("<p>" + "<br>".join(self.html_lines) + "</p>")

    def text(self) -> str:
        if self.kind == "button":
            label, url = self.lines
            return f"{label}:\n{url}"
        if self.kind == "list":
            return "\n".join(f"- {line}" for line in self.lines)
        return "\n".join(self.lines)


def _blocks(body: str, values: Mapping[str, Any], kind: EmailKind) -> list[Block]:
    blocks = []
    for chunk in _PARAGRAPHS.split(str(body).replace("\r\n", "\n").strip()):
        chunk = chunk.strip()
        block = _single(chunk, values, kind) if chunk else None
        if block is not None or not chunk:
            if block is not None and block.lines:
                blocks.append(block)
            continue
        lines = chunk.split("\n")
        if all(line.lstrip().startswith("- ") for line in lines):
            items = [line.lstrip()[2:] for line in lines]
            blocks.append(_filled("list", items, values, kind))
        else:
            blocks.append(_filled("p", lines, values, kind))
    return blocks


def _single(chunk: str, values: Mapping[str, Any], kind: EmailKind) -> Block | None:
    """A paragraph that is one placeholder: a button, a list, or nothing when empty."""
    match = placeholders.PLACEHOLDER.fullmatch(chunk)
    if match is None or match.group(1) not in values:
        return None
    name, value = match.group(1), values[match.group(1)]
    if name in kind.links:
        return Block("button", [str(kind.links[name]), str(value)] if value else [])
    if isinstance(value, list | tuple):
        return _filled("list", [str(item) for item in value], {}, kind)
    if not str(value).strip():
        return Block("p", [])
    return None


def _filled(block_kind: str, lines: list[str], values: Mapping[str, Any], kind: EmailKind) -> Block:
    def as_html(name: str, value: Any) -> str:
        if name in kind.links:
            return f'<a href="{escape(value)}">{escape(kind.links[name])}</a>'
        return escape(_plain(name, value))

    html_lines = [_fill_escaped(line, values, as_html) for line in lines]
    text_lines = [placeholders.fill(line, values, each=_plain) for line in lines]
    return Block(block_kind, text_lines, html_lines)


def _fill_escaped(line: str, values: Mapping[str, Any], as_html) -> str:
    """Escape the typed text and insert the values' HTML, without escaping it twice."""
    parts, last = [], 0
    for match in placeholders.PLACEHOLDER.finditer(line):
        parts.append(escape(line[last : match.start()]))
        name = match.group(1)
        parts.append(as_html(name, values[name]) if name in values else escape(match.group(0)))
        last = match.end()
    parts.append(escape(line[last:]))
    return "".join(parts)


def preview_values(kind: EmailKind, context: Mapping[str, Any] | None, language: str) -> dict[str, Any]:
    """Values for a preview: from a real e-mail's context with its links made harmless."""
    with translation.override(language):
        if context:
            values = kind.values(context, language)
        else:
            values = {name: f"«{text}»" for name, text in kind.describe()}
    return {**values, **dict.fromkeys(kind.links, settings.SITE_URL + "/#")}
