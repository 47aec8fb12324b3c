"""The ``followup`` command: draft a plan from a facts file and print it or write it.

``followup plan FILE`` prints every draft (those already sent as one line each,
what is due marked); ``followup next FILE`` prints only what is due today or
overdue; ``followup sent FILE DRAFT_ID`` records in the facts file that a draft
went out (see :mod:`followup.recording`); ``followup check FILE`` reviews
the plan; ``followup write FILE --out DIR`` writes one file per draft (see
:mod:`followup.export.files`) and ``followup print FILE --out DIR`` a page to
print per thank-you note, each listing what it wrote, left unchanged, or
skipped and why. Unlike the library, which never reads the clock, the
command line plans from today's date unless ``--today`` says otherwise.
``followup templates export DIR`` copies the shipped templates into a folder
to start from, ``followup templates check DIR`` checks a folder of templates
(see :mod:`followup.authoring`) and ``followup templates fuzz DIR`` drafts
plans for drawn facts with them (:mod:`followup.testing.fuzz`). ``write`` and
``print`` also take a folder of facts files; ``-`` as FILE reads the facts from
standard input. ``followup drafts FILE --imap-host HOST --imap-user USER``
stores the drafts due by today in the account's Drafts folder (see
:mod:`followup.imap`), the password taken from ``FOLLOWUP_IMAP_PASSWORD`` or
asked for, never from the command line. ``followup init [FILE]`` starts a
facts file (the questions are :mod:`followup.init`), and ``followup completion
bash|zsh|fish`` prints a completion script made from this parser
(:mod:`followup._completion`). Findings and write reports are coloured by
severity on a terminal, never when piped or with ``NO_COLOR`` set
(:mod:`followup._colour`).

Exit codes: 0 success, 1 the review found an error (``check``) or the
templates have a problem (``templates check``, ``templates fuzz``), 2 a user
mistake (bad facts, also in one file of a folder; a missing file; a bad
option; a file ``init`` would replace) or a mail server that could not be
reached or refused the login or a draft, each problem on its own line on
stderr and never a traceback; 130 when ``init`` is interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, TextIO

from followup._colour import Painter
from followup._text import ShownStream, shown_line
from followup.errors import FactsError, FollowupError, OptionError, Problem, _short_repr, listed
from followup.facts import Interview, load, parse
from followup.facts.loading import MAX_FILE_SIZE, SUFFIXES, loads
from followup.plans import plan

if TYPE_CHECKING:
    from followup.export.files import WriteReport
    from followup.plans import FollowUpPlan

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as shells report a reader that went away

PASSWORD_VARIABLE = "FOLLOWUP_IMAP_PASSWORD"
"""Where ``followup drafts`` finds the IMAP password (else it asks on a terminal)."""


class _UsageError(Exception):
    """A command-line mistake argparse found: reported on one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {_guessed(self, message)}")


def _guessed(parser: argparse.ArgumentParser, message: str) -> str:
    """*message*, with the closest subcommand, choice or option when one was misspelt."""
    from followup._suggest import closest

    choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)$", message)
    if choice is not None:
        suggestion = closest(choice[1], re.findall(r"'([^']*)'", choice[2]))
    else:
        unknown = re.fullmatch(r"unrecognized arguments: (-\S+).*", message)
        suggestion = closest(unknown[1], _option_strings(parser)) if unknown else None
    return f"{message}; did you mean {suggestion}?" if suggestion else message


def _option_strings(parser: argparse.ArgumentParser) -> set[str]:
    """Every long option of *parser* and its subcommands."""
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found |= _option_strings(child)
        found |= {flag for flag in action.option_strings if flag.startswith("--")}
    return found


class _Version(argparse.Action):
    """``--version``: the installed version, read only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=str(kwargs.get("help"))
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        import followup

        print(f"followup {followup.__version__}", file=sys.stdout)
        parser.exit()


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD"
        ) from None


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number; write it as digits, such as 14"
        ) from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def _schedule_options() -> _Parser:
    options = _Parser(add_help=False)
    options.add_argument(
        "file",
        metavar="FILE",
        help="the interview facts (.toml or .json; - reads them from standard input); for "
        "write and print also a folder of them, each written into a folder of its own "
        "under --out",
    )
    options.add_argument(
        "--facts-format",
        choices=("toml", "json"),
        help="read FILE as TOML or JSON whatever its name (default: by its suffix; from "
        "standard input, JSON when it starts with {, else TOML)",
    )
    options.add_argument(
        "--every", type=_whole, metavar="DAYS", help="days between check-ins (default 14)"
    )
    options.add_argument(
        "--until",
        type=_date,
        metavar="DATE",
        help="last day for a check-in (default: the day before the decision is expected)",
    )
    options.add_argument(
        "--max-check-ins",
        type=_whole,
        metavar="N",
        help="at most N check-ins (default 4 when no end date is known)",
    )
    options.add_argument(
        "--today",
        type=_date,
        metavar="DATE",
        help="the day it is: nothing is scheduled before it (default: today's date)",
    )
    options.add_argument(
        "--check-ins-to",
        choices=("primary", "all"),
        default="primary",
        help="check in with the primary interviewer only (default) or with all of them",
    )
    options.add_argument(
        "--templates",
        metavar="DIR",
        action="append",
        default=[],
        help="a folder of your own templates, searched before the shipped ones "
        "(may be given more than once; see docs/templates.md)",
    )
    return options


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="followup",
        description="Draft thank-you notes, gifts and check-ins after a job interview.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    schedule = _schedule_options()
    plan_cmd = commands.add_parser(
        "plan",
        parents=[schedule],
        help="print every draft in send-date order",
        description="Print every draft in send-date order.",
    )
    commands.add_parser(
        "next",
        parents=[schedule],
        help="print only what is due today or overdue",
        description="Print the drafts due today or overdue, or one line saying when "
        "the next one is due.",
    )
    sent_cmd = commands.add_parser(
        "sent",
        parents=[schedule],
        help="record in the facts file that a draft went out",
        description="Add a sent event for DRAFT_ID (as followup plan shows it) to the "
        "facts file (TOML or JSON), leaving every other byte of it as it is, and its owner, "
        "permissions and extended attributes (ACL). The schedule options "
        "(--every, --until, --max-check-ins, --check-ins-to) find the draft but are not "
        "kept in the file: plan it with the same ones from then on (it warns when any is "
        "given), as an id may name another draft, or none, under other options.",
    )
    sent_cmd.add_argument("draft_id", metavar="DRAFT_ID", help="the draft's id")
    sent_cmd.add_argument(
        "--on",
        type=_date,
        metavar="DATE",
        help="the day it went out, not after --today (default: --today)",
    )
    commands.add_parser(
        "check",
        parents=[schedule],
        help="review the plan; exit 1 when it has an error",
        description="Review the plan against the follow-up strategy: one line per finding. "
        "Exits 1 when a finding is an error.",
    )
    plan_cmd.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or the plan as JSON",
    )
    write_cmd = commands.add_parser(
        "write",
        parents=[schedule],
        help="write one file per draft into a folder",
        description=(
            "Write one text file per draft into DIR (and .eml files, plan.ics, drafts.mbox "
            "and a Drafts Maildir when asked). Files you edited since followup wrote them are "
            "left alone unless --force; a draft already in the Maildir is never added again."
        ),
    )
    write_cmd.add_argument("--out", metavar="DIR", required=True, help="the folder to write into")
    write_cmd.add_argument("--eml", action="store_true", help="also write an .eml per draft")
    write_cmd.add_argument("--ics", action="store_true", help="also write plan.ics reminders")
    write_cmd.add_argument(
        "--mbox", action="store_true", help="also write every draft into drafts.mbox"
    )
    write_cmd.add_argument(
        "--maildir",
        action="store_true",
        help="also add every draft to the Maildir DIR/Drafts (never twice)",
    )
    write_cmd.add_argument(
        "--html", action="store_true", help="also write a page to print per thank-you note"
    )
    write_cmd.add_argument(
        "--force", action="store_true", help="overwrite files even if they were edited"
    )
    print_cmd = commands.add_parser(
        "print",
        parents=[schedule],
        help="write a page to print per thank-you note into a folder",
        description=(
            "Write into DIR one HTML page per thank-you note, to print from a browser: the "
            "note on a card-sized page to copy out by hand, and each gift on a small page "
            "of its own to put in the envelope (links also as QR codes). Files you edited "
            "since followup wrote them are left alone unless --force."
        ),
    )
    print_cmd.add_argument("--out", metavar="DIR", required=True, help="the folder to write into")
    print_cmd.add_argument(
        "--force", action="store_true", help="overwrite files even if they were edited"
    )
    _drafts_parser(commands, schedule)
    _templates_parser(commands)
    _init_parser(commands)
    _completion_parser(commands)
    return parser


def _port(text: str) -> int:
    port = _whole(text)
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number; use one such as 993")
    return port


def _drafts_parser(commands: argparse._SubParsersAction[_Parser], schedule: _Parser) -> None:
    drafts_cmd = commands.add_parser(
        "drafts",
        parents=[schedule],
        help="store the drafts due by today in your mail account's Drafts folder (IMAP)",
        description="Store each draft due by today (--today) in the Drafts folder of your "
        "mail account over IMAP, flagged as a draft, where every mail program shows it; "
        "a draft already there is never stored again. The password comes from "
        "FOLLOWUP_IMAP_PASSWORD, else it is asked for. Run it again on the day of the next "
        "check-in (it says when).",
    )
    drafts_cmd.add_argument(
        "--imap-host",
        metavar="HOST",
        required=True,
        help="the IMAP server, such as imap.example.com",
    )
    drafts_cmd.add_argument(
        "--imap-user", metavar="USER", required=True, help="the account's user name"
    )
    drafts_cmd.add_argument(
        "--imap-port",
        type=_port,
        metavar="PORT",
        help="the server's port (default 993; 143 with --starttls or --no-tls)",
    )
    security = drafts_cmd.add_mutually_exclusive_group()
    security.add_argument(
        "--starttls",
        action="store_true",
        help="plain IMAP upgraded to TLS with STARTTLS (default: TLS from the start)",
    )
    security.add_argument(
        "--no-tls",
        action="store_true",
        help="plain IMAP without TLS: only to this machine (127.0.0.1, ::1, localhost)",
    )
    drafts_cmd.add_argument(
        "--folder",
        metavar="FOLDER",
        help="the folder to store into (default: the one the server marks as Drafts)",
    )
    drafts_cmd.add_argument(
        "--dry-run",
        action="store_true",
        help="log in and list what would be stored, storing nothing",
    )


def _templates_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    templates_cmd = commands.add_parser(
        "templates",
        help="start templates of your own from the shipped ones, check and fuzz them",
        description="Templates of your own: export the shipped ones to start from, and "
        "check a folder of them (see docs/templates.md).",
    )
    actions = templates_cmd.add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    export_cmd = actions.add_parser(
        "export",
        help="copy the shipped templates into a folder",
        description="Copy the shipped templates (with their locale folders) into DIR, one "
        "line per file: written, unchanged, or skipped because it exists (--force "
        "replaces it).",
    )
    export_cmd.add_argument("dir", metavar="DIR", help="the folder to copy into")
    export_cmd.add_argument(
        "--locale",
        metavar="LOCALE",
        help="only the templates a draft in LOCALE uses (the root ones and its language's)",
    )
    export_cmd.add_argument(
        "--force", action="store_true", help="replace files that are already there"
    )
    check_cmd = actions.add_parser(
        "check",
        help="check a folder of templates; exit 1 on a problem",
        description="Check the templates in DIR: syntax errors, names the context does not "
        "have, and a test render of each template in each language it serves, as a note "
        "and as an e-mail. One line per problem; exits 1 when there is one.",
    )
    check_cmd.add_argument("dir", metavar="DIR", help="the folder of templates")
    fuzz_cmd = actions.add_parser(
        "fuzz",
        help="draft plans for many drawn facts with a folder of templates; exit 1 on a break",
        description="Draft plans for many drawn facts (any size, every script, the attack "
        "corpus) with the templates in DIR, and report the first facts that break them, "
        "written to a file with the command that reproduces it. Needs followup[testing].",
    )
    fuzz_cmd.add_argument("dir", metavar="DIR", help="the folder of templates")
    fuzz_cmd.add_argument(
        "--seconds", type=_seconds, default=10.0, help="how long to run (default 10)"
    )
    fuzz_cmd.add_argument("--examples", type=_whole, metavar="N", help="stop after N facts")
    fuzz_cmd.add_argument("--seed", type=_whole, help="the same seed draws the same facts")
    fuzz_cmd.add_argument(
        "--out", metavar="DIR", default=".", help="where to write the facts that break (default .)"
    )
    check_cmd.add_argument(
        "--facts",
        metavar="FILE",
        help="the facts to render with (.toml or .json; default: followup's example facts)",
    )


def _as_typed(value: object) -> str:
    """An option's value as it was typed on the command line."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value.days)
    return str(value)


_FLAGS = {
    "template_dirs": "--templates",
    "host": "--imap-host",
    "port": "--imap-port",
    "username": "--imap-user",
    "password": PASSWORD_VARIABLE,
}
"""The command-line flag of each option whose name differs from it."""


def _report(error: FollowupError, stderr: TextIO) -> None:
    """*error* on standard error: each problem one line (a file name or a value with a
    line break in it cannot start another), the first twenty problems of the facts."""
    lines: list[str]
    if isinstance(error, FactsError):
        prefix = f"{error.source}: " if error.source else ""
        shown, rest = listed(error.problems)
        lines = [f"{prefix}{problem}" for problem in shown]
        lines += [f"{prefix}{extra}" for extra in (rest, error.hint) if extra]
    elif isinstance(error, OptionError) and error.option == "folder":
        lines = [f"{error.value}: {error.reason}"]
    elif isinstance(error, OptionError):
        flag = _FLAGS.get(error.option, "--" + error.option.replace("_", "-"))
        lines = [f"{flag} {_as_typed(error.value)}: {error.reason}"]
    else:
        lines = [str(error)]
    for line in lines:
        print(f"followup: {shown_line(line)}", file=stderr)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: BinaryIO | None = None,
) -> int:
    """Run the command line; return the exit code. *stdin* is where ``-`` reads facts
    from (default: standard input)."""
    out: TextIO = ShownStream(stdout or _tolerant(sys.stdout))  # type: ignore[assignment]
    err: TextIO = ShownStream(stderr or _tolerant(sys.stderr))  # type: ignore[assignment]
    try:
        return _run(argv, out, err, stdin)
    except MemoryError:
        # Under a memory limit (ulimit -v) that the facts or options exceed.
        print("followup: ran out of memory; give it more, or use smaller facts", file=err)
        return EXIT_USAGE
    except RecursionError:
        print("followup: the input nests too deeply; simplify it", file=err)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`followup plan … | head`): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit.
        if stdout is None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _tolerant(stream: TextIO) -> TextIO:
    """*stream*, writing what its encoding cannot hold as escapes instead of failing."""
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        stream.reconfigure(errors="backslashreplace")
    return stream


def _run(argv: Sequence[str] | None, out: TextIO, err: TextIO, stdin: BinaryIO | None) -> int:
    try:
        args = _parser().parse_args(argv)
    except _UsageError as error:
        print(error, file=err)
        return EXIT_USAGE
    args.stdin = stdin
    if args.command == "templates":
        return _templates(args, out, err)
    if args.command == "init":
        return _init(args, out, err)
    if args.command == "completion":
        return _completion(args, out)
    options = {
        name: value
        for name in ("every", "until", "max_check_ins")
        if (value := getattr(args, name)) is not None
    }
    today = args.today or dt.date.today()
    if args.command == "drafts":
        return _drafts(args, options, today, out, err)
    if args.command in ("write", "print") and args.file != "-" and Path(args.file).is_dir():
        return _write_batch(args, options, today, out, err)
    if args.command == "sent":
        return _sent(args, options, today, out, err)
    try:
        if args.command in ("write", "print"):
            report = _write_one(args, args.file, Path(args.out), options, today)
        else:
            result = _plan(args, args.file, options, today, err=err)
    except FollowupError as error:
        _report(_sourced(error, args.file), err)
        return EXIT_USAGE
    if args.command in ("write", "print"):
        _show_report(report, Painter(out))
        return EXIT_OK
    if args.command == "next":
        return _next(result, out)
    if args.command == "check":
        findings = result.review()
        painter = Painter(out)
        for finding in findings:
            painter.line(str(finding), finding.severity)
        if not findings:
            print("no findings", file=out)
        return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK
    if args.format == "json":
        data = json.loads(result.model_dump_json())
        for draft, dumped in zip(result.drafts, data["drafts"], strict=True):
            dumped["fell_back"] = draft.fell_back
            dumped["status"] = result.status(draft)
        out.write(json.dumps(data, indent=2, ensure_ascii=False))
        out.write("\n")
    else:
        out.write(result.as_text())
    return EXIT_OK


def _sourced(error: FollowupError, file: str) -> FollowupError:
    """*error*, naming the facts file when it is about facts and does not yet."""
    if isinstance(error, FactsError) and not error.source:
        return FactsError(error.problems, source=file)
    return error


def _next(result: FollowUpPlan, out: TextIO) -> int:
    """``followup next``: the drafts due on the plan's day or overdue, else one line."""
    due = result.due()
    if due:
        out.write(result.as_text(due))
        return EXIT_OK
    upcoming = result.next_due()
    if upcoming is None:
        print("nothing due: every draft of the plan is sent or skipped", file=out)
    else:
        print(f"nothing due until {upcoming.isoformat()}", file=out)
    return EXIT_OK


def _sent(
    args: argparse.Namespace, options: dict[str, Any], today: dt.date, out: TextIO, err: TextIO
) -> int:
    """``followup sent FILE DRAFT_ID``: a sent event appended to the facts file."""
    from followup.recording import record_sent

    if args.file == "-":
        print(
            "followup: sent records the event in the facts file: give its path, not -",
            file=err,
        )
        return EXIT_USAGE
    on = args.on or today
    if on > today:
        # A typo (2062 for 2026) would record a send in the future and drop every
        # check-in before it: a draft goes out today or went out before.
        print(
            f"followup: --on {on.isoformat()} is after today ({today.isoformat()}); record a "
            "draft when it has gone out (--today to plan as on another day)",
            file=err,
        )
        return EXIT_USAGE
    try:
        record_sent(
            args.file,
            args.draft_id,
            on=on,
            today=today,
            check_ins_to=args.check_ins_to,
            format=args.facts_format,
            **options,
        )
    except OptionError as error:
        if error.option != "draft_id":
            _report(error, err)
        else:
            # The id may be anything typed: cut short as every value shown is.
            wrong = _short_repr(error.value)
            print(f"followup: {shown_line(f'{args.file}: {wrong} {error.reason}')}", file=err)
        return EXIT_USAGE
    except FollowupError as error:
        _report(_sourced(error, args.file), err)
        return EXIT_USAGE
    where = shown_line(args.file)
    print(f"recorded: {args.draft_id} sent on {on.isoformat()} (in {where})", file=out)
    given = [
        f"{_FLAGS.get(name, '--' + name.replace('_', '-'))} {_as_typed(value)}"
        for name, value in options.items()
    ]
    if args.check_ins_to != "primary":
        given.append(f"--check-ins-to {args.check_ins_to}")
    if given:
        print(
            f"followup: warning: {where} does not keep {' '.join(given)}: plan it with the "
            "same options, or its events may name other drafts",
            file=err,
        )
    return EXIT_OK


def _plan(
    args: argparse.Namespace,
    facts: str | Path,
    options: dict[str, Any],
    today: dt.date,
    *,
    err: TextIO | None = None,
) -> FollowUpPlan:
    """The plan of the facts file *facts* (``-``: standard input), with the command
    line's options."""
    return plan(
        _facts(args, facts, err),
        today=today,
        check_ins_to=args.check_ins_to,
        template_dirs=args.templates,
        **options,
    )


def _write_one(
    args: argparse.Namespace,
    facts: str | Path,
    folder: Path,
    options: dict[str, Any],
    today: dt.date,
) -> WriteReport:
    result = _plan(args, facts, options, today)
    if args.command == "print":
        return result.write_files(folder, txt=False, html=True, force=args.force)
    return result.write_files(
        folder,
        eml=args.eml,
        ics=args.ics,
        html=args.html,
        mbox=args.mbox,
        maildir=args.maildir,
        force=args.force,
    )


def _drafts(
    args: argparse.Namespace, options: dict[str, Any], today: dt.date, out: TextIO, err: TextIO
) -> int:
    """``followup drafts``: the plan's due drafts into the account's Drafts folder."""
    from followup.imap import _loopback, save_drafts

    if args.no_tls and not _loopback(args.imap_host):
        print(
            f"followup: --no-tls would send the password to {args.imap_host!r} unencrypted; "
            "it is only for this machine (127.0.0.1, ::1, localhost): leave it out (TLS, "
            "port 993) or use --starttls (port 143)",
            file=err,
        )
        return EXIT_USAGE
    if Path(args.file).is_dir():
        print(f"followup: {args.file}: is a folder; drafts takes one facts file", file=err)
        return EXIT_USAGE
    tls = not args.starttls and not args.no_tls
    try:
        result = _plan(args, Path(args.file), options, today)
        password = _password(args)
        if password is None:
            print(
                f"followup: no IMAP password: set {PASSWORD_VARIABLE}, or run followup on a "
                "terminal to be asked for it",
                file=err,
            )
            return EXIT_USAGE
        report = save_drafts(
            result,
            host=args.imap_host,
            port=args.imap_port or (993 if tls else 143),
            username=args.imap_user,
            password=password,
            folder=args.folder,
            ssl=tls,
            starttls=args.starttls,
            today=today,
            dry_run=args.dry_run,
        )
    except FollowupError as error:
        _report(error, err)
        return EXIT_USAGE
    except (KeyboardInterrupt, EOFError):  # at the password prompt, or while storing
        print("\nfollowup: stopped", file=err)
        return EXIT_USAGE
    for saved in report.drafts:
        print(saved, file=out)
    print(report.summary(), file=out)
    return EXIT_OK


def _password(args: argparse.Namespace) -> str | None:
    """The IMAP password: from the environment, else asked for on a terminal (never
    a command-line argument, which other users of the machine can read)."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(f"IMAP password for {args.imap_user} on {args.imap_host}: ")


STDIN = "standard input"
"""How messages name facts read from standard input (``FILE`` given as ``-``)."""


def _facts(args: argparse.Namespace, file: str | Path, err: TextIO | None) -> Interview:
    """The facts of *file*, or of standard input when it is ``-`` (a hint on *err* when
    that is a terminal, which waits for them)."""
    if str(file) != "-":
        return load(file, format=args.facts_format)
    stream: BinaryIO = args.stdin or sys.stdin.buffer
    if err is not None and stream.isatty():
        print("followup: reading the facts from standard input; end them with Ctrl-D", file=err)
    try:
        data = stream.read(MAX_FILE_SIZE + 1)
    except OSError as error:
        raise FactsError(
            [Problem("", f"cannot be read: {error.strerror or error}")], source=STDIN
        ) from error
    return loads(data, format=args.facts_format, source=STDIN)


def _show_report(report: WriteReport, painter: Painter) -> None:
    """A write report: one line per file, then one per draft that needs a decision."""
    for outcome in report.outcomes:
        painter.line(str(outcome), outcome.status)
    for conflict in report.conflicts:
        painter.line(str(conflict), "decide")


def _facts_files(folder: Path) -> list[Path]:
    return sorted(
        path for path in folder.iterdir() if path.suffix.lower() in SUFFIXES and path.is_file()
    )


def _write_batch(
    args: argparse.Namespace, options: dict[str, Any], today: dt.date, out: TextIO, err: TextIO
) -> int:
    """``followup write FOLDER``: each facts file of the folder into a folder of its own
    under ``--out``, named after the file; one bad file never stops the rest."""
    files = _facts_files(Path(args.file))
    if not files:
        print(f"followup: {args.file}: holds no facts files (*.toml, *.json)", file=err)
        return EXIT_USAGE
    stems = [path.stem for path in files]
    progress = _Progress(err, len(files))
    painter = Painter(out)
    counts = {"written": 0, "unchanged": 0, "skipped": 0, "stale": 0}
    failed = decisions = 0
    for path in files:
        progress.show(path.name)
        name = path.stem if stems.count(path.stem) == 1 else path.name
        try:
            report = _write_one(args, path, Path(args.out) / name, options, today)
        except FollowupError as error:
            progress.clear()
            _report(error, err)
            failed += 1
            continue
        progress.clear()
        _show_report(report, painter)
        for outcome in report.outcomes:
            counts[outcome.status] += 1
        decisions += len(report.conflicts)
    progress.done()
    need = "draft needs" if decisions == 1 else "drafts need"
    undecided = f", {decisions} {need} a decision" if decisions else ""
    print(
        f"{len(files)} facts files: {counts['written']} files written, "
        f"{counts['unchanged']} unchanged, {counts['skipped']} skipped, "
        f"{counts['stale']} stale{undecided}; {failed} failed",
        file=out,
    )
    return EXIT_USAGE if failed else EXIT_OK


class _Progress:
    """A one-line progress bar on a terminal's standard error; nothing elsewhere."""

    WIDTH = 24

    def __init__(self, err: TextIO, total: int) -> None:
        raw = getattr(err, "stream", err)
        self.stream: TextIO | None = raw if raw.isatty() else None
        self.total = total
        self.done_count = 0

    def show(self, name: str) -> None:
        if self.stream is None:
            return
        filled = self.WIDTH * self.done_count // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(
            f"\r[{bar}] {self.done_count}/{self.total} {shown_line(name)[:40]}\x1b[K"
        )
        self.stream.flush()
        self.done_count += 1

    def clear(self) -> None:
        if self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def done(self) -> None:
        self.clear()


def _templates(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from followup.authoring import check_templates, export_templates

    try:
        if args.action == "export":
            for outcome in export_templates(args.dir, locale=args.locale, force=args.force):
                print(outcome, file=out)
            return EXIT_OK
        if args.action == "fuzz":
            from followup.testing import fuzz

            argv = ["--templates", args.dir, "--seconds", str(args.seconds), "--out", args.out]
            for flag, value in (("--examples", args.examples), ("--seed", args.seed)):
                argv += [flag, str(value)] if value is not None else []
            return fuzz.main(argv, stdout=out, stderr=err)
        report = check_templates(args.dir, facts=args.facts)
    except FollowupError as error:
        _report(error, err)
        return EXIT_USAGE
    for problem in report.problems:
        print(problem, file=out)
    print(report.summary(), file=out)
    return EXIT_OK if report.ok else EXIT_FINDINGS


# --- followup init ------------------------------------------------------------------------------


def _init_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    init_cmd = commands.add_parser(
        "init",
        help="start a facts file: answer a few questions, or give the facts as JSON",
        description="Write a commented TOML facts file to FILE (default interview.toml). On "
        "a terminal it asks for the essentials one at a time, each checked as you type; "
        "otherwise it reads the facts as JSON (--from-json, or piped into it). "
        "--example writes followup's example facts to edit instead. An existing FILE is "
        "never replaced unless --force.",
    )
    init_cmd.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        default="interview.toml",
        help="the facts file to write (default interview.toml)",
    )
    source = init_cmd.add_mutually_exclusive_group()
    source.add_argument(
        "--from-json",
        metavar="FILE_OR_-",
        help="write the facts of a JSON file (- for standard input) instead of asking",
    )
    source.add_argument(
        "--example", action="store_true", help="write followup's example facts to edit"
    )
    init_cmd.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _init(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``followup init``: ask for the facts (or read them as JSON) and write FILE."""
    from followup.facts.writing import save

    target = Path(args.file)
    if target.suffix.lower() != ".toml":
        print(f"followup: {args.file}: name the facts file *.toml", file=err)
        return EXIT_USAGE
    if target.exists() and not args.force:
        print(
            f"followup: {args.file}: exists; give another name, or use --force to replace it",
            file=err,
        )
        return EXIT_USAGE
    stream: BinaryIO = args.stdin or sys.stdin.buffer
    try:
        if args.example:
            from importlib.resources import files

            # Its opening comment names the file it is in: now the one written.
            example = files("followup").joinpath("example.toml").read_text(encoding="utf-8")
            data: str | Interview = example.replace(
                "`followup plan examples/interview.toml`", f"`followup plan {target}`", 1
            )
        elif args.from_json is None and stream.isatty():
            from followup.init import StreamTerminal, ask_facts

            # The questions go where they are seen, when the answers come from a terminal.
            questions = out if out.isatty() else err
            answers = ask_facts(StreamTerminal(stream, questions), today=dt.date.today())
            data = parse(answers)  # checked as typed; checked as a whole here
        else:
            data = _json_facts(args.from_json, stream)
        save(data, target, force=args.force)
    except KeyboardInterrupt:
        print("\nfollowup: init stopped; nothing written", file=err)
        return EXIT_INTERRUPTED
    except FollowupError as error:
        _report(error, err)
        return EXIT_USAGE
    print(f"wrote {target}; next: followup plan {target}", file=out)
    return EXIT_OK


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _json_facts(name: str | None, stream: BinaryIO) -> Interview:
    """The facts of a JSON file, or of standard input (``-``, or piped in), validated."""
    if name is not None and name != "-":
        return load(name, format="json")
    data = stream.read(MAX_FILE_SIZE + 1)
    if not data.strip():
        raise FactsError(
            [
                Problem(
                    "",
                    "is empty; pipe the facts in as JSON, or run followup init on a terminal "
                    "to be asked for them",
                )
            ],
            source=STDIN,
        )
    return loads(data, format="json", source=STDIN)


# --- followup completion ------------------------------------------------------------------------


def _completion_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    completion_cmd = commands.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print a completion script for SHELL: subcommands, options, their "
        "values and file names complete with Tab. Load it with "
        "`source <(followup completion bash)` in ~/.bashrc, "
        "`source <(followup completion zsh)` in ~/.zshrc (after compinit), or "
        "`followup completion fish | source` in ~/.config/fish/config.fish.",
    )
    completion_cmd.add_argument(
        "shell", metavar="SHELL", choices=("bash", "zsh", "fish"), help="bash, zsh or fish"
    )


def _completion(args: argparse.Namespace, out: TextIO) -> int:
    from followup._completion import script

    out.write(script(_parser(), args.shell))
    return EXIT_OK
