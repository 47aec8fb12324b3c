"""Every message of a plan, sent through a real SMTP server on loopback, arrives as built."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest

import followup
from tests.test_mail import NOTE, PDF, with_gift

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")

TIMEOUT = 10.0


class _Inbox:
    """An aiosmtpd handler that keeps every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.envelopes.append(envelope)
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, int, _Inbox]]:
    """A real SMTP server on 127.0.0.1, stopped after the test."""
    inbox = _Inbox()
    controller = aiosmtpd_controller.Controller(
        inbox, hostname="127.0.0.1", port=_free_port(), ready_timeout=TIMEOUT
    )
    controller.start()
    try:
        yield "127.0.0.1", controller.port, inbox
    finally:
        controller.stop()


def _summary(message: EmailMessage) -> dict[str, Any]:
    plain = message.get_body(("plain",))
    rich = message.get_body(("html",))
    assert plain is not None
    assert rich is not None
    return {
        "from": message["From"].addresses,
        "to": message["To"].addresses,
        "subject": str(message["Subject"]),
        "headers": sorted(k.lower() for k in message),
        # SMTP carries lines with CRLF (RFC 5321); the wording must be the same.
        "text": plain.get_content().replace("\r\n", "\n"),
        "html": rich.get_content().replace("\r\n", "\n"),
        "attachments": [
            (p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
            for p in message.iter_attachments()
        ],
    }


def test_each_message_arrives_as_built(
    smtp_server: tuple[str, int, _Inbox], interview: followup.Interview
) -> None:
    host, port, inbox = smtp_server
    data = interview.model_dump(mode="json", by_alias=True)
    data["candidate"]["name"] = "Zoë Okafor"
    data["interviewers"].append(
        {"name": 'Ng, Kim "K" <k@evil.example>', "email": "kim@ex.example"}
    )
    plan = with_gift(followup.plan(followup.parse(data)))
    built = plan.messages()
    with smtplib.SMTP(host, port, timeout=TIMEOUT) as client:
        for message in built:
            client.send_message(message)
    assert len(inbox.envelopes) == len(built)
    for message, envelope in zip(built, inbox.envelopes, strict=True):
        arrived = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(arrived, EmailMessage)
        assert envelope.mail_from == message["From"].addresses[0].addr_spec
        assert envelope.rcpt_tos == [message["To"].addresses[0].addr_spec]
        assert _summary(arrived) == _summary(message)
    carried = [a[2] for m in built for a in _summary(m)["attachments"]]
    gifts = [a.data for d in plan.drafts for a in d.attachments]
    assert PDF.data in carried
    assert NOTE.data in carried
    assert sorted(carried) == sorted(gifts)
