"""A real SMTP server on loopback (aiosmtpd) that fails the way real servers and networks do.

`faults[address]` is a list of faults used up one per attempt for that recipient:
- "drop-before-data": the line drops at RCPT (the server never took the message);
- "drop-after-data": the server takes the message, then the line drops before the reply;
- "451": a temporary refusal after the body (not taken);
- "550": a permanent refusal at RCPT (used up never: the address stays refused).
"""

import socket
from dataclasses import dataclass, field
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    to: str
    message_id: str
    subject: str
    peer: tuple  # (host, port): one per connection


@dataclass
class Sink:
    messages: list[Received] = field(default_factory=list)  # taken by the server
    attempts: list[Received] = field(default_factory=list)  # every body seen, taken or not
    faults: dict[str, list[str]] = field(default_factory=dict)

    def _fault(self, address: str, *kinds: str) -> str:
        pending = self.faults.get(address) or []
        if pending and pending[0] == "550" and "550" in kinds:
            return "550"
        if pending and pending[0] in kinds:
            return pending.pop(0)
        return ""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's hook name)
        fault = self._fault(address, "550", "drop-before-data")
        if fault == "550":
            return "550 5.1.1 No such user"
        if fault:
            server.transport.close()
            return "421 4.3.0 Closing"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        parsed = message_from_bytes(envelope.content)
        for address in envelope.rcpt_tos:
            received = Received(address, parsed["Message-ID"], parsed["Subject"], tuple(session.peer))
            self.attempts.append(received)
            fault = self._fault(address, "drop-after-data", "451")
            if fault == "451":
                return "451 4.3.0 Try again later"
            self.messages.append(received)
            if fault:
                server.transport.close()  # taken; the reply never reaches the client
        return "250 OK"

    def recipients(self) -> list[str]:
        return [m.to for m in self.messages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink(settings):
    """An SMTP server the project's backend sends to; yields its Sink."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "notifications.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield sink
    finally:
        controller.stop()
