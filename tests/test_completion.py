"""followup completion: bash, zsh and fish scripts generated from the parser, that complete."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from followup._completion import SHELLS, commands
from followup.cli import _parser, main


def script(shell: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["completion", shell], stdout=out, stderr=err) == 0
    assert err.getvalue() == ""
    return out.getvalue()


SUBCOMMANDS = [name for name, _ in next(commands(_parser())).subcommands]


def test_the_parser_is_walked_whole() -> None:
    found = {command.path: command for command in commands(_parser())}
    assert {"plan", "check", "write", "print", "init", "completion"} <= set(SUBCOMMANDS)
    assert {"templates export", "templates check", "templates fuzz"} <= set(found)
    plan = found["plan"]
    assert plan.argument == "file"
    values = {flag: option.value for option in plan.options for flag in option.flags}
    assert values["--format"] == "choices:text json"
    assert values["--templates"] == "dir"
    assert values["--every"] == "any"
    assert values["--help"] is None  # a flag takes no value
    assert found["completion"].argument == "choices:bash zsh fish"


def test_an_unknown_shell_is_a_usage_error() -> None:
    err = io.StringIO()
    assert main(["completion", "tcsh"], stdout=io.StringIO(), stderr=err) == 2
    assert "invalid choice: 'tcsh'" in err.getvalue()


# --- bash ---------------------------------------------------------------------------------------

bash = shutil.which("bash")


def complete_in_bash(tmp_path: Path, *words: str) -> list[str]:
    """What Tab offers after *words* (the last one is being typed), run in *tmp_path*."""
    (tmp_path / "completion.bash").write_text(script("bash"), encoding="utf-8")
    quoted = " ".join(f"'{word}'" for word in words)
    program = (
        "source ./completion.bash\n"
        f"COMP_WORDS=(followup {quoted}); COMP_CWORD={len(words)}\n"
        "_followup\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    assert bash is not None
    result = subprocess.run(
        [bash, "--norc", "-c", program], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.skipif(bash is None, reason="bash is not installed")
class TestBash:
    def test_registers_itself(self, tmp_path: Path) -> None:
        (tmp_path / "completion.bash").write_text(script("bash"), encoding="utf-8")
        assert bash is not None
        result = subprocess.run(
            [bash, "--norc", "-c", "source ./completion.bash && complete -p followup"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == "complete -F _followup followup"

    def test_subcommands(self, tmp_path: Path) -> None:
        assert complete_in_bash(tmp_path, "") == SUBCOMMANDS
        assert complete_in_bash(tmp_path, "pl") == ["plan"]
        assert complete_in_bash(tmp_path, "templates", "") == ["export", "check", "fuzz"]
        assert complete_in_bash(tmp_path, "--version", "in") == ["init"]

    def test_options_and_their_values(self, tmp_path: Path) -> None:
        assert complete_in_bash(tmp_path, "plan", "--fo") == ["--format"]
        assert complete_in_bash(tmp_path, "plan", "--format", "") == ["text", "json"]
        assert complete_in_bash(tmp_path, "plan", "--every", "3", "--check-ins-to", "") == [
            "primary",
            "all",
        ]
        assert complete_in_bash(tmp_path, "completion", "") == ["bash", "zsh", "fish"]
        assert "--eml" in complete_in_bash(tmp_path, "write", "x.toml", "--")
        assert "--eml" not in complete_in_bash(tmp_path, "plan", "x.toml", "--")

    def test_file_and_folder_arguments(self, tmp_path: Path) -> None:
        (tmp_path / "interview.toml").write_text("", encoding="utf-8")
        (tmp_path / "drafts").mkdir()
        assert complete_in_bash(tmp_path, "plan", "inter") == ["interview.toml"]
        assert complete_in_bash(tmp_path, "write", "interview.toml", "--out", "") == ["drafts"]
        assert complete_in_bash(tmp_path, "templates", "check", "--facts", "i") == [
            "interview.toml"
        ]


# --- zsh and fish -------------------------------------------------------------------------------

zsh = shutil.which("zsh")
fish = shutil.which("fish")


@pytest.mark.skipif(zsh is None, reason="zsh is not installed")
def test_zsh_script_parses_and_completes(tmp_path: Path) -> None:
    path = tmp_path / "_followup"
    path.write_text(script("zsh"), encoding="utf-8")
    assert zsh is not None
    subprocess.run([zsh, "-n", str(path)], check=True)
    # zsh's completion functions, stood in for by ones that print what they were given.
    program = f"""
compdef() {{ : }}
_describe() {{ print -r -- "${{(j: :)${{(P)2}}}}" }}
compadd() {{ shift; print -r -- "$*" }}
_files() {{ print -r -- "files $*" }}
source {path}
words=(followup templates ""); CURRENT=3; _followup
words=(followup plan --format ""); CURRENT=4; _followup
words=(followup write x.toml --out ""); CURRENT=5; _followup
"""
    result = subprocess.run([zsh, "-f", "-c", program], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("export:copy the shipped templates")
    assert lines[1] == "text json"
    assert lines[2] == "files -/"


@pytest.mark.skipif(fish is None, reason="fish is not installed")
def test_fish_script_parses_and_completes(tmp_path: Path) -> None:
    path = tmp_path / "followup.fish"
    path.write_text(script("fish"), encoding="utf-8")
    assert fish is not None
    subprocess.run([fish, "--no-config", "-n", str(path)], check=True)

    def offered(line: str) -> list[str]:
        result = subprocess.run(
            [fish, "--no-config", "-c", f"source {path}; complete -C '{line}'"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        return [entry.split("\t")[0] for entry in result.stdout.splitlines()]

    assert sorted(offered("followup ")) == sorted(SUBCOMMANDS)
    assert sorted(offered("followup templates ")) == ["check", "export", "fuzz"]
    assert sorted(offered("followup plan --format ")) == ["json", "text"]
    assert "--eml" in offered("followup write x.toml --e")


@pytest.mark.parametrize("shell", SHELLS)
def test_every_subcommand_is_in_every_script(shell: str) -> None:
    text = script(shell)
    for name in SUBCOMMANDS:
        assert name in text
