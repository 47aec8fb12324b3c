"""Colour: findings and write reports by severity on a terminal; never piped or with NO_COLOR."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from followup._colour import Painter, wanted
from followup._text import ShownStream
from followup.cli import main
from tests._pty import on_terminal
from tests.conftest import EXAMPLE

LATE = ("--today", "2026-11-30")
"""Six days after the example's interview: the review warns that the notes are late."""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "terminal", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # set but empty: no-color.org says it does not count
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "0"}, False, False),
        ({"TERM": "dumb"}, True, False),
    ],
)
def test_when_colour_is_wanted(env: dict[str, str], terminal: bool, expected: bool) -> None:
    stream = _Terminal() if terminal else io.StringIO()
    assert wanted(stream, env) is expected


def test_only_the_first_word_is_coloured_and_the_rest_is_shown_safely() -> None:
    raw = io.StringIO()
    Painter(ShownStream(raw), colour=True).line("warning: a\x1b[2Jb", "warning")
    assert raw.getvalue() == "\x1b[33mwarning\x1b[0m: a\\x1b[2Jb\n"
    plain = io.StringIO()
    Painter(ShownStream(plain), colour=False).line("warning: x", "warning")
    assert plain.getvalue() == "warning: x\n"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out, stderr=io.StringIO())
    return code, out.getvalue()


def test_no_escape_codes_when_piped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    code, out = run("check", str(EXAMPLE), *LATE)
    assert code == 0
    assert out.startswith("warning: ")
    assert "\x1b" not in out
    code, out = run("write", str(EXAMPLE), "--out", str(tmp_path), *LATE)
    assert out.startswith("written ")
    assert "\x1b" not in out


def test_force_color_colours_a_pipe_and_no_color_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert run("check", str(EXAMPLE), *LATE)[1].startswith("\x1b[33mwarning\x1b[0m: ")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in run("check", str(EXAMPLE), *LATE)[1]


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")
def test_colour_on_a_terminal_and_none_with_no_color(tmp_path: Path) -> None:
    code, shown = on_terminal(["check", str(EXAMPLE), *LATE])
    assert code == 0
    assert "\x1b[33mwarning\x1b[0m: " in shown
    code, shown = on_terminal(["write", str(EXAMPLE), "--out", str(tmp_path), *LATE])
    assert code == 0
    assert "\x1b[32mwritten\x1b[0m " in shown
    env = {**os.environ, "NO_COLOR": "1"}
    code, shown = on_terminal(["check", str(EXAMPLE), *LATE], env=env)
    assert code == 0
    assert "warning: " in shown
    assert "\x1b[" not in shown
