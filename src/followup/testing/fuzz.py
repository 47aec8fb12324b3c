"""Fuzzing templates: render a folder of templates for many drawn facts, and keep the
facts that break them.

``python -m followup.testing.fuzz --templates DIR --seconds 60`` draws facts
from :func:`followup.testing.facts` (every script, the attack corpus, any
size), now and then with :func:`~followup.testing.hostile_text` in a field,
and drafts the whole plan for each with the templates in *DIR* (without
``--templates``: the shipped ones). Facts the validation refuses end in a
:class:`~followup.FactsError`, as they should; anything else that goes wrong
for facts that validate is a failure: a template that breaks on some input
(``{{ company[5] }}`` for a short company name) or a crash of followup
itself. The first failure is shrunk to small facts, written as a JSON facts
file, and reported with the command that reproduces it. Exit codes: 0 no
failure, 1 a failure, 2 a usage mistake.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TextIO

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as seeded
from hypothesis import strategies as st

from followup._text import ShownStream
from followup.errors import FactsError, FollowupError, OptionError
from followup.facts import parse
from followup.plans import plan
from followup.testing import facts, hostile_text

__all__ = ["FuzzFailure", "FuzzReport", "fuzz", "main"]

_CHUNK = 10
"""Examples per hypothesis run; runs repeat, each with a new seed, until the time is up."""


@dataclass(frozen=True, slots=True)
class FuzzFailure:
    """Facts that validate and yet could not be drafted."""

    error: str
    """What went wrong: the template error (file, line, message) or the crash."""
    facts: dict[str, Any]
    """The facts, as a facts file holds them."""
    path: Path
    """The JSON facts file they were written to."""
    command: str
    """The command that reproduces the failure."""

    def __str__(self) -> str:
        return (
            f"{self.error}\nthe facts that cause it are in {self.path}; reproduce with:\n"
            f"  {self.command}"
        )


@dataclass(frozen=True, slots=True)
class FuzzReport:
    """What a fuzzing run did: how many facts it drew, and the failure it found."""

    examples: int
    """How many facts were drawn."""
    refused: int
    """How many of them the validation refused (with a FactsError, as it should)."""
    seconds: float
    failure: FuzzFailure | None = None

    def summary(self) -> str:
        """One line: how much was tried, and whether anything failed."""
        tried = f"{self.examples} facts ({self.refused} refused) in {self.seconds:.1f} s"
        return f"{tried}: " + ("1 failure" if self.failure else "no failures")


class _FailedError(Exception):
    """Facts that validate could not be drafted (raised for hypothesis to shrink)."""


@st.composite
def _drawn(draw: st.DrawFn) -> dict[str, Any]:
    """Valid facts, sometimes with hostile text in one field (then maybe invalid)."""
    data = draw(facts())
    if draw(st.integers(0, 4)) == 0:
        field = draw(st.sampled_from(["company", "role", "candidate", "interviewers"]))
        text = draw(hostile_text())
        if field == "candidate":
            data["candidate"]["name"] = text
        elif field == "interviewers":
            data["interviewers"][0]["name"] = text
        else:
            data[field] = text
    return data


def _draft(data: dict[str, Any], dirs: tuple[Path, ...]) -> str | None:
    """Draft the plan of *data*: None when it works or the facts are refused ("refused"),
    else what went wrong."""
    try:
        interview = parse(data)
    except FactsError:
        return "refused"
    try:
        # With templates of the user's, the whole plan is drafted in one child process,
        # within the CPU time budget plan() gives it.
        plan(interview, template_dirs=dirs)
    except FollowupError as err:
        return str(err)
    except Exception as err:
        return f"followup crashed: {type(err).__name__}: {err}"
    return None


def _write(data: dict[str, Any], out: Path) -> Path:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"fuzz-{digest}.json"
    path.write_text(text, encoding="utf-8")
    return path


def fuzz(
    templates: str | os.PathLike[str] | None = None,
    *,
    seconds: float = 10.0,
    max_examples: int | None = None,
    out: str | os.PathLike[str] = ".",
    seed: int | None = None,
) -> FuzzReport:
    """Draft plans for drawn facts with the templates in the folder *templates*
    (default: only the shipped ones) for about *seconds* (or *max_examples* facts,
    whichever comes first), and stop at the first failure: facts that validate
    and yet could not be drafted. The failing facts are shrunk and written as a
    JSON facts file into the folder *out*. *seed* makes a run repeatable.
    """
    dirs = (Path(templates),) if templates is not None else ()
    if dirs and not dirs[0].is_dir():
        raise OptionError("templates", str(dirs[0]), "is not a folder of templates")
    started = time.monotonic()
    deadline = started + seconds
    counts = {"examples": 0, "refused": 0}
    failures: list[tuple[dict[str, Any], str]] = []

    def attempt(data: dict[str, Any]) -> None:
        if failures and time.monotonic() > deadline:
            return  # out of time while shrinking: the smallest failure so far is kept
        counts["examples"] += 1
        problem = _draft(data, dirs)
        if problem == "refused":
            counts["refused"] += 1
        elif problem is not None:
            failures.append((data, problem))
            raise _FailedError(problem)

    run = 0
    while time.monotonic() < deadline and not failures:
        if max_examples is not None and counts["examples"] >= max_examples:
            break
        budget = _CHUNK if max_examples is None else min(_CHUNK, max_examples - counts["examples"])
        test = settings(
            max_examples=budget,
            deadline=None,
            database=None,
            # No explaining phase: it traces every line run (into the child process
            # that drafts with the user's templates, slowing it past its CPU budget).
            phases=[phase for phase in Phase if phase is not Phase.explain],
            suppress_health_check=list(HealthCheck),
        )(given(_drawn())(attempt))
        if seed is not None:
            test = seeded(seed + run)(test)
        run += 1
        try:
            test()
        except Exception:
            if not failures:
                raise
    failure = None
    if failures:
        data, problem = failures[-1]
        path = _write(data, Path(out))
        # Quoted for the shell: a folder named "$(…)" is a name, not a command.
        command = shlex.join(
            ["followup", "plan", str(path), "--today", str(data["date"])]
            + [part for d in dirs for part in ("--templates", str(d))]
        )
        failure = FuzzFailure(error=problem, facts=data, path=path, command=command)
    return FuzzReport(
        examples=counts["examples"],
        refused=counts["refused"],
        seconds=time.monotonic() - started,
        failure=failure,
    )


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the fuzzer from the command line; return the exit code."""
    # What a template prints in an error is shown, never obeyed, by the terminal.
    out: TextIO = ShownStream(stdout or sys.stdout)  # type: ignore[assignment]
    err: TextIO = ShownStream(stderr or sys.stderr)  # type: ignore[assignment]
    parser = _Parser(
        prog="python -m followup.testing.fuzz",
        description="Draft plans for many drawn facts with a folder of templates, and "
        "report the first facts that break them.",
    )
    parser.add_argument("--templates", metavar="DIR", help="the folder of your templates")
    parser.add_argument(
        "--seconds", type=_positive, default=10.0, help="how long to run (default 10)"
    )
    parser.add_argument("--examples", type=int, metavar="N", help="stop after N facts")
    parser.add_argument(
        "--out", metavar="DIR", default=".", help="where to write the failing facts (default .)"
    )
    parser.add_argument("--seed", type=int, help="repeat a run: the same seed, the same facts")
    try:
        args = parser.parse_args(argv)
        report = fuzz(
            args.templates,
            seconds=args.seconds,
            max_examples=args.examples,
            out=args.out,
            seed=args.seed,
        )
    except _UsageError as error:
        print(error, file=err)
        return 2
    except OptionError as error:
        print(f"followup fuzz: {error.value}: {error.reason}", file=err)
        return 2
    if report.failure is not None:
        print(report.failure, file=out)
    print(report.summary(), file=out)
    return 1 if report.failure else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
