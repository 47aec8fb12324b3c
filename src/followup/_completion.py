"""Shell completion for bash, zsh and fish, generated from the command line's parser.

:func:`script` walks the :mod:`argparse` parser of :mod:`followup.cli` (its
subcommands, their options and arguments) and writes a completion script in
the shell's own language: subcommands, options, option values (choices such
as ``--format text|json``) and file or folder arguments (an argument or
option whose metavar is ``FILE`` completes file names, ``DIR`` folder names).
Nothing is hand-written per command, so the scripts follow the parser.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = ["SHELLS", "Command", "Option", "Shell", "commands", "script"]

Shell = Literal["bash", "zsh", "fish"]
SHELLS: tuple[Shell, ...] = ("bash", "zsh", "fish")
"""The shells :func:`script` writes for."""


@dataclass(frozen=True, slots=True)
class Option:
    """One option of a command."""

    flags: tuple[str, ...]
    """Every way to write it: ``("-h", "--help")``."""
    value: str | None
    """How its value completes: ``"file"``, ``"dir"``, ``"choices:a b"``, ``"any"``
    (a value with nothing to offer), or ``None`` for a flag without a value."""
    help: str


@dataclass(frozen=True, slots=True)
class Command:
    """A command or subcommand: its path (``"templates export"``; ``""`` for
    ``followup`` itself), options, argument and subcommands."""

    path: str
    help: str
    options: tuple[Option, ...]
    argument: str | None
    """How its positional argument completes (as :attr:`Option.value`), or None."""
    subcommands: tuple[tuple[str, str], ...]
    """Each subcommand's name and help."""


def _value(action: argparse.Action) -> str:
    if action.choices is not None:
        return "choices:" + " ".join(str(choice) for choice in action.choices)
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    if metavar.startswith("FILE"):
        return "file"
    if metavar == "DIR":
        return "dir"
    return "any"


def _help(text: str | None) -> str:
    return "" if text is None or text == argparse.SUPPRESS else " ".join(text.split())


def commands(parser: argparse.ArgumentParser, path: str = "") -> Iterator[Command]:
    """Each command of *parser*, the parser's own first, then its subcommands in order."""
    options: list[Option] = []
    argument: str | None = None
    subcommands: list[tuple[str, str]] = []
    children: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: _help(choice.help) for choice in action._choices_actions}
            for name, child in action.choices.items():
                subcommands.append((name, helps.get(name, "")))
                children.append((name, child))
        elif action.option_strings:
            if action.help == argparse.SUPPRESS:
                continue
            value = None if action.nargs == 0 else _value(action)
            options.append(Option(tuple(action.option_strings), value, _help(action.help)))
        elif argument is None:
            argument = _value(action)
    yield Command(
        path,
        _help(parser.description),
        tuple(options),
        argument,
        tuple(subcommands),
    )
    for name, child in children:
        yield from commands(child, f"{path} {name}".strip())


def script(parser: argparse.ArgumentParser, shell: Shell) -> str:
    """The completion script for *shell* of the command line *parser* describes."""
    found = list(commands(parser))
    program = parser.prog
    if shell == "bash":
        return _bash(program, found)
    if shell == "zsh":
        return _zsh(program, found)
    return _fish(program, found)


def _quoted(text: str) -> str:
    """*text* in single quotes, as every one of the three shells reads it."""
    return "'" + text.replace("'", "'\\''") + "'"


def _function(program: str) -> str:
    return "_" + "".join(char if char.isalnum() else "_" for char in program)


def _cases(program: str, found: list[Command]) -> str:
    """The functions both bash and zsh use: for a command path, its subcommands,
    options, how an option's value completes, and how its argument completes."""
    name = _function(program)
    subcommands = "".join(
        f"        {_quoted(c.path)}) echo {_quoted(' '.join(n for n, _ in c.subcommands))} ;;\n"
        for c in found
        if c.subcommands
    )
    options = "".join(
        f"        {_quoted(c.path)}) echo "
        f"{_quoted(' '.join(flag for o in c.options for flag in o.flags))} ;;\n"
        for c in found
    )
    values = "".join(
        f"        {_quoted(c.path + ':' + flag)}) echo {_quoted(o.value)} ;;\n"
        for c in found
        for o in c.options
        if o.value is not None
        for flag in o.flags
    )
    arguments = "".join(
        f"        {_quoted(c.path)}) echo {_quoted(c.argument)} ;;\n"
        for c in found
        if c.argument is not None and not c.subcommands
    )
    return (
        f'{name}_subcommands() {{\n    case "$1" in\n{subcommands}    esac\n}}\n'
        f'{name}_options() {{\n    case "$1" in\n{options}    esac\n}}\n'
        f"# How the value of option $2 of command $1 completes; nothing for a flag.\n"
        f'{name}_value() {{\n    case "$1:$2" in\n{values}    esac\n}}\n'
        f'{name}_argument() {{\n    case "$1" in\n{arguments}    esac\n}}\n'
    )


def _walk(name: str, first: int, last: str, words: str) -> str:
    """Shell code (bash and zsh alike) that finds the command path the words before
    the cursor give, skipping option values."""
    return f"""    local cmdpath="" word how i={first}
    while (( i < {last} )); do
        word="${{{words}[i]}}"
        if [[ $word == -* ]]; then
            how="$({name}_value "$cmdpath" "$word")"
            if [[ -n $how && $word != *=* ]]; then (( i++ )); fi
        elif [[ " $({name}_subcommands "$cmdpath") " == *" $word "* ]]; then
            cmdpath="${{cmdpath:+$cmdpath }}$word"
        fi
        (( i++ ))
    done"""


def _bash(program: str, found: list[Command]) -> str:
    name = _function(program)
    walk = _walk(name, 1, "COMP_CWORD", "COMP_WORDS")
    return f"""# bash completion for {program}, generated by `{program} completion bash`.
# Load it in ~/.bashrc with:  source <({program} completion bash)
{_cases(program, found)}{name}_offer() {{
    case "$1" in
        file) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
        dir) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
        choices:*) mapfile -t COMPREPLY < <(compgen -W "${{1#choices:}}" -- "$cur") ;;
        *) COMPREPLY=() ;;
    esac
}}
{name}() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}"
{walk}
    if (( COMP_CWORD > 1 )) && [[ ${{COMP_WORDS[COMP_CWORD-1]}} == -* ]]; then
        how="$({name}_value "$cmdpath" "${{COMP_WORDS[COMP_CWORD-1]}}")"
        if [[ -n $how ]]; then {name}_offer "$how"; return; fi
    fi
    if [[ $cur == -* ]]; then
        {name}_offer "choices:$({name}_options "$cmdpath")"
        return
    fi
    local subcommands="$({name}_subcommands "$cmdpath")"
    if [[ -n $subcommands ]]; then
        {name}_offer "choices:$subcommands"
        return
    fi
    {name}_offer "$({name}_argument "$cmdpath")"
}}
complete -F {name} {program}
"""


def _zsh_described(pairs: list[tuple[str, str]]) -> str:
    """``name:help`` entries for ``_describe``, quoted."""
    return " ".join(_quoted(f"{n.replace(':', chr(92) + ':')}:{h}") for n, h in pairs)


def _zsh(program: str, found: list[Command]) -> str:
    name = _function(program)
    walk = _walk(name, 2, "CURRENT", "words")
    described = "".join(
        f"        {_quoted(c.path)}) entries=({_zsh_described(list(c.subcommands))}) ;;\n"
        for c in found
        if c.subcommands
    )
    option_help = "".join(
        f"        {_quoted(c.path)}) entries=("
        f"{_zsh_described([(flag, o.help) for o in c.options for flag in o.flags])}) ;;\n"
        for c in found
    )
    return f"""#compdef {program}
# zsh completion for {program}, generated by `{program} completion zsh`.
# Load it in ~/.zshrc (after compinit) with:  source <({program} completion zsh)
{_cases(program, found)}{name}_offer() {{
    case "$1" in
        file) _files ;;
        dir) _files -/ ;;
        choices:*) compadd -- ${{=1#choices:}} ;;
    esac
}}
{name}() {{
    local -a entries
{walk}
    if (( CURRENT > 2 )) && [[ ${{words[CURRENT-1]}} == -* ]]; then
        how="$({name}_value "$cmdpath" "${{words[CURRENT-1]}}")"
        if [[ -n $how ]]; then {name}_offer "$how"; return; fi
    fi
    if [[ ${{words[CURRENT]}} == -* ]]; then
        case "$cmdpath" in
{option_help}        esac
        _describe option entries
        return
    fi
    case "$cmdpath" in
{described}        *) {name}_offer "$({name}_argument "$cmdpath")"; return ;;
    esac
    _describe command entries
}}
if [[ $funcstack[1] == {name} ]]; then
    {name} "$@"
else
    compdef {name} {program}
fi
"""


def _fish_quoted(text: str) -> str:
    """*text* in single quotes as fish reads them (a backslash escapes ' and itself)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish(program: str, found: list[Command]) -> str:
    name = "__" + _function(program).lstrip("_")
    _quoted = _fish_quoted
    takes_value = " ".join(
        _quoted(f"{c.path}:{flag}")
        for c in found
        for o in c.options
        if o.value
        for flag in o.flags
    )
    steps = " ".join(_quoted(f"{c.path}:{n}") for c in found for n, _ in c.subcommands)
    lines = [
        f"# fish completion for {program}, generated by `{program} completion fish`.",
        f"# Load it with:  {program} completion fish | source",
        f"# (or save it as ~/.config/fish/completions/{program}.fish)",
        f"function {name}_at --argument-names wanted",
        f"    # whether the subcommands given so far are $wanted ('' for {program} alone)",
        "    set -l cmdpath ''",
        "    set -l skip 0",
        "    set -l words (commandline -opc)",
        "    set -e words[1]",
        "    for word in $words",
        "        if test $skip = 1",
        "            set skip 0",
        "            continue",
        "        end",
        f'        if contains -- "$cmdpath:$word" {takes_value}',
        "            set skip 1",
        f'        else if contains -- "$cmdpath:$word" {steps}',
        '            set cmdpath (string trim -- "$cmdpath $word")',
        "        end",
        "    end",
        '    test "$cmdpath" = "$wanted"',
        "end",
        f"complete -c {program} -f",
    ]
    for command in found:
        when = f"-n {_quoted(f'{name}_at {_quoted(command.path)}')}"
        for sub, text in command.subcommands:
            lines.append(f"complete -c {program} {when} -a {_quoted(sub)} -d {_quoted(text)}")
        for option in command.options:
            flags = " ".join(
                f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}"
                for flag in option.flags
            )
            value = ""
            if option.value == "file":
                value = " -r -F"
            elif option.value == "dir":
                value = " -x -a '(__fish_complete_directories)'"
            elif option.value and option.value.startswith("choices:"):
                value = f" -x -a {_quoted(option.value.removeprefix('choices:'))}"
            elif option.value:
                value = " -x"
            lines.append(f"complete -c {program} {when} {flags}{value} -d {_quoted(option.help)}")
        if command.argument and not command.subcommands:
            if command.argument == "file":
                lines.append(f"complete -c {program} {when} -F")
            elif command.argument == "dir":
                lines.append(f"complete -c {program} {when} -a '(__fish_complete_directories)'")
            elif command.argument.startswith("choices:"):
                choices = command.argument.removeprefix("choices:")
                lines.append(f"complete -c {program} {when} -a {_quoted(choices)}")
    return "\n".join(lines) + "\n"
