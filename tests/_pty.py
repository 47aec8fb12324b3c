"""Running the command line on a pseudo-terminal, as a person at a terminal would."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

TIMEOUT = 60.0
"""Seconds to wait for a prompt or for the command to end (a loaded machine is slow)."""


class Session:
    """``python -m followup ARGV`` with a pseudo-terminal as its standard input, output
    and error: :meth:`expect` waits for text, :meth:`answer` types a line."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.master, slave = os.openpty()
        if env is None:  # as a plain terminal: no colour setting of the test run's
            environment = {
                k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")
            }
        else:
            environment = dict(env)
        environment.setdefault("TERM", "xterm")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "followup", *argv],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=environment,
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        self.output = b""
        self.seen = 0

    def _read(self, deadline: float) -> bool:
        """Read what is there; False at the end of the output."""
        ready, _, _ = select.select([self.master], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the other side is closed
            return False
        self.output += chunk
        return bool(chunk)

    def expect(self, text: str) -> str:
        """Wait for *text* after what was expected last; return the output up to it."""
        needle = text.encode("utf-8")
        deadline = time.monotonic() + TIMEOUT
        while (found := self.output.find(needle, self.seen)) < 0:
            if time.monotonic() > deadline or not self._read(deadline):
                shown = self.output[self.seen :].decode("utf-8", "replace")
                raise AssertionError(f"{text!r} did not come; the terminal shows:\n{shown}")
        before = self.output[self.seen : found].decode("utf-8", "replace")
        self.seen = found + len(needle)
        return before

    def answer(self, line: str) -> None:
        """Type *line* and Enter."""
        os.write(self.master, line.encode("utf-8") + b"\r")

    def end_of_input(self) -> None:
        """Type Ctrl-D at the start of a line."""
        os.write(self.master, b"\x04")

    def finish(self) -> tuple[int, str]:
        """Wait for the command to end: its exit code and everything it showed."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and self._read(deadline):
            pass  # until the end of the output (EIO once the command is gone)
        code = self.process.wait(timeout=TIMEOUT)
        os.close(self.master)
        return code, self.output.decode("utf-8", "replace")


def on_terminal(
    argv: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> tuple[int, str]:
    """Run the command line on a pseudo-terminal without typing anything."""
    return Session(argv, cwd=cwd, env=env).finish()
