"""The bytes of an outbox e-mail: what compat32 would write, and the same on every attempt."""

from email import message_from_bytes
from email.policy import compat32

import pytest
from django.utils import timezone, translation
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from notifications import emails, services
from notifications.services import queue_email

from .broker import CONTEXT

HEADER_TEXT = st.text(st.sampled_from([*'abcXYZ019 \t;,:=?<>@"()-_.', "å", "€", "\n"]), max_size=120)


NAMES = st.sampled_from(["Subject", "To", "Content-Type", "Message-ID", "X-Long-Header-Name"])


@given(name=NAMES, value=HEADER_TEXT)
def test_headers_are_written_byte_for_byte_as_compat32_writes_them_or_refused_alike(name, value):
    ours, standard = services.OUTBOX_POLICY.clone(linesep="\r\n"), compat32.clone(linesep="\r\n")

    assert written(ours, name, value) == written(standard, name, value)


def written(policy, name: str, value: str):
    """The header's bytes, or the kind of refusal (a value with an embedded header)."""
    try:
        return policy.fold_binary(name, value)
    except Exception as exc:
        return type(exc)


@pytest.mark.django_db
def test_every_attempt_sends_the_same_bytes_with_boundaries_from_the_key(clock):
    clock.freeze(timezone.now())  # the Date header is the one thing that would differ
    notification = queue_email(key="test:b", to="a@example.org", template="reminder_draft", context=CONTEXT)

    first = services.build_message(notification).message().as_bytes(linesep="\r\n")
    again = services.build_message(notification).message().as_bytes(linesep="\r\n")

    assert first == again
    parsed = message_from_bytes(first)
    assert parsed.get_boundary() == f"=_{services.key_digest(notification.key, 24)}.0"
    subject, text, html = services.render(notification)
    leaves = [part for part in parsed.walk() if not part.is_multipart()]
    parts = {p.get_content_type(): p.get_payload(decode=True).decode().replace("\r\n", "\n") for p in leaves}
    assert (parts["text/plain"], parts["text/html"]) == (text, html)


def test_nested_parts_get_boundaries_of_their_own():
    message = services.OutboxMessage("Inbjudan", "Text", "x@example.org", ["a@example.org"], boundary="abc")
    message.attach_alternative("<p>Text</p>", "text/html")
    message.attach("event.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")

    parsed = message_from_bytes(message.message().as_bytes(linesep="\r\n"))

    boundaries = [part.get_boundary() for part in parsed.walk() if part.is_multipart()]
    assert boundaries == ["=_abc.0", "=_abc.1"]
    leaves = [part.get_content_type() for part in parsed.walk() if not part.is_multipart()]
    assert leaves == ["text/plain", "text/html", "text/calendar"]


BLOCK_TEXT = st.text(st.sampled_from([*"aZ0 <>&\"'", "å", "\n"]), min_size=1, max_size=30)
BLOCKS = st.lists(
    st.one_of(
        BLOCK_TEXT.map(lambda t: emails.Block("p", [t], [str(escape(t))])),
        st.lists(BLOCK_TEXT, min_size=1, max_size=3).map(
            lambda items: emails.Block("list", items, [str(escape(i)) for i in items])
        ),
        BLOCK_TEXT.map(lambda t: emails.Block("button", [t, "https://example.org/?a=1&b=2"])),
    ),
    max_size=4,
)
BRANDS = st.builds(
    emails.Brand,
    name=BLOCK_TEXT,
    colour=st.sampled_from(["#0b5ed7", "#aa0000"]),
    logo_url=st.sampled_from(["", "https://example.org/logo.png"]),
)


@given(brand=BRANDS, language=st.sampled_from(["sv", "en"]), subject=BLOCK_TEXT, blocks=BLOCKS)
def test_the_layout_filled_in_is_the_layout_rendered_whole(brand, language, subject, blocks):
    with translation.override(language):
        whole = emails._render_layout(brand, subject, [b.html() for b in blocks], [b.text() for b in blocks])

        assert emails.layout(brand, language, subject, blocks) == whole
