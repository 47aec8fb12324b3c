"""A scripted IMAP server on loopback that misbehaves on purpose, for the tests of what a
hostile server can and cannot make followup do.

It answers as a small IMAP4rev1 server with SPECIAL-USE, UIDPLUS and AUTH=PLAIN:
one folder, ``Drafts``, marked ``\\Drafts``; every search finds nothing; every
message appended is stored with UID 7. A test replaces any answer:
``answers={"LIST": ...}`` maps a command (``UID SEARCH`` for a UID command) to the
bytes to send, with ``{tag}`` standing for the command's tag, or to a function
that is given the tag, the server and a function that sends, and may send without
end: the server stops when followup hangs up, or once it has sent :data:`MAX_SENT`
bytes. The server keeps every line and literal it received, and counts what it sent.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

MAX_SENT = 64 * 1024 * 1024
"""The most bytes the server sends on one connection before it gives up."""


@dataclass
class Hostile:
    """A running server: its port, what it received and how much it sent."""

    port: int
    received: list[bytes] = field(default_factory=list)
    sent: int = 0

    def commands(self) -> list[str]:
        """Each command line received, without its tag, as text."""
        return [
            line.rstrip(b"\r\n").partition(b" ")[2].decode("utf-8", "replace")
            for line in self.received
            if re.match(rb"[A-Za-z0-9]+ [A-Za-z]", line)
        ]


Send = Callable[[bytes], None]
Answer = bytes | Callable[[bytes, Hostile, Send], None]

GREETING = b"* OK [CAPABILITY IMAP4rev1 SPECIAL-USE UIDPLUS AUTH=PLAIN] hostile\r\n"
ANSWERS: Mapping[str, bytes] = {
    "CAPABILITY": b"* CAPABILITY IMAP4rev1 SPECIAL-USE UIDPLUS AUTH=PLAIN\r\n{tag} OK done\r\n",
    "LOGIN": b"{tag} OK logged in\r\n",
    "AUTHENTICATE": b"{tag} OK logged in\r\n",
    "LIST": b'* LIST (\\Drafts) "/" Drafts\r\n{tag} OK done\r\n',
    "EXAMINE": b"* 0 EXISTS\r\n{tag} OK [READ-ONLY] done\r\n",
    "SELECT": b"* 0 EXISTS\r\n{tag} OK [READ-WRITE] done\r\n",
    "UID SEARCH": b"* SEARCH\r\n{tag} OK done\r\n",
    "APPEND": b"{tag} OK [APPENDUID 1 7] stored\r\n",
    "LOGOUT": b"* BYE\r\n{tag} OK bye\r\n",
}
"""What a well-behaved server answers to each command followup sends."""


def drip(data: bytes, *, every: float = 0.1, lasting: float = 20.0) -> Answer:
    """An answer that sends *data* one byte at a time, again and again, for *lasting*
    seconds: each byte comes long before any socket timeout."""

    def answer(_tag: bytes, _server: Hostile, send: Send) -> None:
        end = time.monotonic() + lasting
        while time.monotonic() < end:
            for byte in data:
                send(bytes([byte]))
                time.sleep(every)

    return answer


def stream(head: bytes, chunk: bytes) -> Answer:
    """An answer that sends *head*, then *chunk* again and again without end."""

    def answer(_tag: bytes, _server: Hostile, send: Send) -> None:
        send(head)
        while True:
            send(chunk)

    return answer


def nth(answers: Mapping[int, Answer], otherwise: Answer) -> Answer:
    """An answer that differs by call: ``answers[n]`` the n-th time (from 1)."""
    calls = 0

    def answer(tag: bytes, server: Hostile, send: Send) -> None:
        nonlocal calls
        calls += 1
        _answer(answers.get(calls, otherwise), tag, server, send)

    return answer


def _answer(answer: Answer, tag: bytes, server: Hostile, send: Send) -> None:
    if isinstance(answer, bytes):
        send(answer.replace(b"{tag}", tag))
    else:
        answer(tag, server, send)


@contextlib.contextmanager
def hostile(
    answers: Mapping[str, Answer] | None = None, *, greeting: Answer = GREETING
) -> Iterator[Hostile]:
    """A server on 127.0.0.1 that answers as :data:`ANSWERS` does, but for *answers*;
    stopped when the block ends."""
    chosen = {**ANSWERS, **(answers or {})}
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    server = Hostile(listener.getsockname()[1])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(
                target=_session, args=(connection, server, chosen, greeting), daemon=True
            ).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def _session(
    connection: socket.socket, server: Hostile, answers: Mapping[str, Answer], greeting: Answer
) -> None:
    def send(data: bytes) -> None:
        if server.sent > MAX_SENT:
            raise OSError("sent enough")
        connection.sendall(data)
        server.sent += len(data)

    with connection, connection.makefile("rb") as incoming:
        try:
            _answer(greeting, b"*", server, send)
            while line := incoming.readline(1_000_000):
                server.received.append(line)
                tag, _, rest = line.rstrip(b"\r\n").partition(b" ")
                words = rest.upper().split(b" ")
                command = b" ".join(words[:2] if words[0] == b"UID" else words[:1]).decode()
                literal = re.search(rb"\{(\d+)\}\r\n$", line)
                if literal is not None:  # APPEND's message
                    send(b"+ go on\r\n")
                    server.received.append(incoming.read(int(literal[1])))
                    incoming.readline()
                elif command == "AUTHENTICATE":
                    send(b"+ \r\n")
                    server.received.append(incoming.readline())
                _answer(answers.get(command, b"{tag} BAD unknown command\r\n"), tag, server, send)
                if command == "LOGOUT":
                    return
        except OSError:
            return  # followup hung up
