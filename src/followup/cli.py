"""The ``followup`` command: draft a plan from a facts file and print it or write it.

``followup plan FILE`` prints every draft; ``followup write FILE --out DIR``
writes one file per draft (see :mod:`followup.files`) and lists what it
wrote, left unchanged, or skipped and why.

Exit codes: 0 success, 1 the review found an error (``check``), 2 a user
mistake (bad facts, missing file, bad option), each problem on its own line
on stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from followup import __version__
from followup.errors import FactsError, FollowupError
from followup.facts import load
from followup.files import write_plan
from followup.planner import plan

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="followup",
        description="Draft thank-you notes, gifts and check-ins after a job interview.",
    )
    parser.add_argument("--version", action="version", version=f"followup {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    plan_cmd = commands.add_parser(
        "plan", help="print every draft in send-date order", description="Print every draft."
    )
    plan_cmd.add_argument("file", metavar="FILE", help="the interview facts (.toml or .json)")
    plan_cmd.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or the plan as JSON",
    )
    write_cmd = commands.add_parser(
        "write",
        help="write one file per draft into a folder",
        description=(
            "Write one text file per draft into DIR (and .eml files and plan.ics when asked). "
            "Files you edited since followup wrote them are left alone unless --force."
        ),
    )
    write_cmd.add_argument("file", metavar="FILE", help="the interview facts (.toml or .json)")
    write_cmd.add_argument("--out", metavar="DIR", required=True, help="the folder to write into")
    write_cmd.add_argument("--eml", action="store_true", help="also write an .eml per draft")
    write_cmd.add_argument("--ics", action="store_true", help="also write plan.ics reminders")
    write_cmd.add_argument(
        "--force", action="store_true", help="overwrite files even if they were edited"
    )
    return parser


def _report(error: FollowupError, stderr: TextIO) -> None:
    if isinstance(error, FactsError):
        prefix = f"{error.source}: " if error.source else ""
        for problem in error.problems:
            print(f"followup: {prefix}{problem}", file=stderr)
    else:
        print(f"followup: {error}", file=stderr)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; return the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        interview = load(args.file)
        result = plan(interview)
        if args.command == "write":
            report = write_plan(result, args.out, eml=args.eml, ics=args.ics, force=args.force)
    except FollowupError as error:
        _report(error, err)
        return EXIT_USAGE
    if args.command == "write":
        for outcome in report.outcomes:
            print(outcome, file=out)
        return EXIT_OK
    if args.format == "json":
        out.write(json.dumps(json.loads(result.model_dump_json()), indent=2, ensure_ascii=False))
        out.write("\n")
    else:
        out.write(result.as_text())
    return EXIT_OK
