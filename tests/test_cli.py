"""The followup command line: output, options, exit codes, and errors without tracebacks."""

from __future__ import annotations

import io
import json
import mailbox
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from followup.cli import main
from tests._dovecot import Dovecot
from tests.conftest import EXAMPLE, ROOT, minimal_dict

INTERVIEW_DAY = ("--today", "2026-11-24")
"""The example's interview day: the command line otherwise plans from the real date."""


def run(*argv: str, today: bool = True) -> tuple[int, str, str]:
    """Run the command line; a planning command runs on the example's interview day
    unless *argv* gives a ``--today`` or *today* is false."""
    args = list(argv)
    planning = {"plan", "check", "write", "print", "drafts", "next", "sent"}
    if today and args and args[0] in planning and "--today" not in args:
        args += INTERVIEW_DAY
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


class TestPlan:
    def test_prints_each_note_headed_by_date_kind_and_recipient(self, example_path: Path) -> None:
        code, out, err = run("plan", str(example_path))
        assert code == 0
        assert err == ""
        assert "=== 2026-11-24 · thank-you note · Dana Rivera · due today ===" in out
        assert "=== 2026-11-24 · thank-you note · Lee Chen · due today ===" in out
        assert "Id: thank-you-dana-rivera\n" in out
        assert "Dear Dr. Rivera," in out

    def test_json(self, example_path: Path) -> None:
        code, out, _ = run("plan", str(example_path), "--format", "json")
        assert code == 0
        data = json.loads(out)
        notes = [d for d in data["drafts"] if d["kind"] == "thank_you"]
        assert [d["recipient"]["name"] for d in notes] == ["Dana Rivera", "Lee Chen"]
        assert {d["send_on"] for d in notes} == {"2026-11-24"}

    def test_bad_facts_one_line_per_problem(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.toml"
        path.write_text(
            'company = "Acme"\nrole = "Analyst"\ndate = 2026-11-24\nformality = "casual"\n'
            '[candidate]\nname = "Sam"\n[[interviewers]]\nname = "Dana Rivera"\ngender = "f"\n'
        )
        code, out, err = run("plan", str(path))
        assert code == 2
        assert out == ""
        lines = err.splitlines()
        assert len(lines) == 2
        assert all(line.startswith(f"followup: {path}: ") for line in lines)
        assert any("formality" in line and "'casual'" in line for line in lines)
        assert any("interviewers[0].gender" in line and "'f'" in line for line in lines)

    def test_missing_file(self, tmp_path: Path) -> None:
        code, _, err = run("plan", str(tmp_path / "nope.toml"))
        assert code == 2
        assert err.strip() == f"followup: {tmp_path / 'nope.toml'}: no such file; check the path"

    def test_usage_error_exits_2(self) -> None:
        code, out, err = run("plan")
        assert (code, out) == (2, "")
        assert "FILE" in err


def test_python_dash_m_has_no_traceback_for_user_mistakes(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "followup", "plan", str(tmp_path / "missing.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "no such file" in result.stderr


def test_python_dash_m_prints_the_plan(example_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "followup", "plan", str(example_path), *INTERVIEW_DAY],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "thank-you note · Lee Chen" in result.stdout


def facts_file(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


HEADING = re.compile(r"^=== (\d{4}-\d\d-\d\d) · ([\w -]+) · (.+) ===$", re.MULTILINE)


def test_plan_lists_notes_with_what_they_enclose_and_check_ins_in_date_order(
    example_path: Path,
) -> None:
    code, out, err = run("plan", str(example_path))
    assert (code, err) == (0, "")
    headings = HEADING.findall(out)
    assert [h[0] for h in headings] == sorted(h[0] for h in headings)
    assert [h[1] for h in headings] == ["thank-you note"] * 2 + ["check-in"] * 4
    assert out.count("Encloses: ") == 2
    assert "Encloses: article “The racing rules, explained”\n" in out
    assert "Encloses: a tip about on-call practices\n" in out
    assert "Attached" not in out
    assert "--- enclosed: article “The racing rules, explained” ---\n" in out
    assert "https://example.org/racing-rules" in out


def test_plan_options(example_path: Path) -> None:
    code, out, _ = run(
        "plan", str(example_path), "--every", "21", "--max-check-ins", "2", "--today", "2026-11-25"
    )
    assert code == 0
    check_ins = [h[0] for h in HEADING.findall(out) if h[1] == "check-in"]
    assert check_ins == ["2026-12-15", "2027-01-05"]
    thanks = {h[0] for h in HEADING.findall(out) if h[1] == "thank-you note"}
    assert thanks == {"2026-11-25"}
    code, out, _ = run("plan", str(example_path), "--until", "2026-12-10")
    assert [h[0] for h in HEADING.findall(out) if h[1] == "check-in"] == ["2026-12-08"]


def test_plan_json_has_enclosures(example_path: Path) -> None:
    code, out, _ = run("plan", str(example_path), "--format", "json")
    assert code == 0
    drafts = json.loads(out)["drafts"]
    enclosures = [e for d in drafts for e in d["enclosures"]]
    assert [e["gift"]["kind"] for e in enclosures] == ["article", "tip"]
    assert enclosures[0]["text"].endswith("https://example.org/racing-rules")
    assert all(e["attachments"] == [] for e in enclosures)
    assert all("email_text" in d for d in drafts)


def test_the_date_defaults_to_today_so_a_late_note_is_dated_today(
    example_path: Path, tmp_path: Path
) -> None:
    """The library never reads the clock; the command line plans from the real date."""
    import datetime as dt

    today = dt.date.today()
    code, out, _ = run("plan", str(example_path), "--format", "json", today=False)
    assert code == 0
    data = json.loads(out)
    assert data["today"] == today.isoformat()
    notes = [d for d in data["drafts"] if d["kind"] == "thank_you"]
    assert {d["send_on"] for d in notes} == {max(today, dt.date(2026, 11, 24)).isoformat()}
    # A week after the interview, `check` warns that the notes are late.
    code, out, _ = run("check", str(example_path), "--today", "2026-12-01")
    late = [line for line in out.splitlines() if "not on the interview day" in line]
    assert [line.split(" · ")[-1].split(":")[0] for line in late] == ["Dana Rivera", "Lee Chen"]
    assert all(line.startswith("warning: 2026-12-01 · thank-you note") for line in late)


def test_check_ins_to_all_from_the_command_line(example_path: Path) -> None:
    code, out, _ = run("plan", str(example_path), "--check-ins-to", "all")
    assert code == 0
    people = [h[2] for h in HEADING.findall(out) if h[1] == "check-in"]
    assert people.count("Lee Chen") == people.count("Dana Rivera") == 4
    code, _, err = run("plan", str(example_path), "--check-ins-to", "everyone")
    assert code == 2
    assert "--check-ins-to" in err


def test_print_writes_a_page_per_thank_you_note(example_path: Path, tmp_path: Path) -> None:
    code, out, err = run("print", str(example_path), "--out", str(tmp_path))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in tmp_path.glob("*.html")) == [
        "2026-11-24_thank-you_dana-rivera.html",
        "2026-11-24_thank-you_lee-chen.html",
    ]
    assert out.count("written") == 2
    assert not list(tmp_path.glob("*.txt"))
    code, out, _ = run("print", str(example_path), "--out", str(tmp_path))
    assert out.count("unchanged") == 2


@pytest.mark.parametrize(
    ("option", "value", "needle"),
    [
        ("--every", "fortnight", "--every"),
        ("--every", "0", "--every 0:"),
        ("--every", "-3", "--every -3:"),
        ("--until", "next week", "--until"),
        ("--until", "2026-11-01", "--until 2026-11-01:"),
        ("--max-check-ins", "-1", "--max-check-ins -1:"),
        ("--today", "2026-13-01", "--today"),
    ],
)
def test_bad_option_values(example_path: Path, option: str, value: str, needle: str) -> None:
    for command in ("plan", "check"):
        code, out, err = run(command, str(example_path), option, value)
        assert code == 2
        assert out == ""
        assert err.count("\n") == 1
        assert needle in err
        assert "Traceback" not in err


def test_unknown_option_is_one_line(example_path: Path) -> None:
    code, _, err = run("plan", str(example_path), "--weekly")
    assert code == 2
    assert err.count("\n") == 1
    assert "--weekly" in err


def test_check_example_is_clean(example_path: Path) -> None:
    code, out, err = run("check", str(example_path))
    assert (code, err) == (0, "")
    assert "error" not in out
    assert "warning" not in out


def test_check_exits_1_on_an_error(example_path: Path) -> None:
    code, out, _ = run("check", str(example_path), "--every", "5")
    assert code == 1
    lines = out.splitlines()
    assert lines
    assert all(line.startswith(("error: ", "warning: ", "suggestion: ")) for line in lines)
    assert lines[0].startswith("error: 2026-")
    assert "· check-in · Dana Rivera: " in lines[0]


def test_check_warnings_and_suggestions_exit_0(tmp_path: Path) -> None:
    data = minimal_dict(hobbies=[{"subject": "chess", "person": "Dana Rivera"}])
    code, out, _ = run("check", facts_file(tmp_path, data), "--max-check-ins", "1")
    assert code == 0
    assert out.splitlines() == [
        line for line in out.splitlines() if line.startswith(("warning: ", "suggestion: "))
    ]
    assert any(line.startswith("suggestion: plan: ") for line in out.splitlines())


def test_check_bad_facts_exit_2(tmp_path: Path) -> None:
    code, out, err = run("check", facts_file(tmp_path, {"company": "Acme"}))
    assert code == 2
    assert out == ""
    assert "interviewers" in err


class _GoneReader(io.StringIO):
    """A stdout whose reader has gone away, as with ``followup plan … | head``."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_goes_away_ends_quietly(example_path: Path) -> None:
    err = io.StringIO()
    code = main(["plan", str(example_path)], stdout=_GoneReader(), stderr=err)
    assert code == 141
    assert err.getvalue() == ""


def test_a_terminal_without_unicode_gets_escapes_not_a_traceback(example_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "followup", "plan", str(example_path), *INTERVIEW_DAY],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"2026-11-24 \\xb7 thank-you note" in result.stdout


def test_option_errors_name_the_flag_as_typed(example_path: Path) -> None:
    code, _, err = run("plan", str(example_path), "--until", "2026-11-01")
    assert code == 2
    assert err.startswith("followup: --until 2026-11-01: must be after")
    assert "datetime" not in err


def test_json_says_whether_a_draft_fell_back(example_path: Path) -> None:
    code, out, _ = run("plan", str(example_path), "--format", "json")
    assert code == 0
    assert {d["fell_back"] for d in json.loads(out)["drafts"]} == {False}


def test_write_into_a_file_is_a_clear_error(example_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("mine")
    code, out, err = run("write", str(example_path), "--out", str(target))
    assert (code, out) == (2, "")
    assert "is a file, not a folder" in err
    assert target.read_text() == "mine"


def test_a_macro_a_template_uses_from_yours_and_you_left_out_is_named(
    example_path: Path, tmp_path: Path
) -> None:
    """Used, a macro missing from your _letter.j2 is an error naming your file; asked
    about with ``is defined`` (as followup's templates do for optional ones), it is
    just undefined."""
    letter = tmp_path / "_letter.j2"
    letter.write_text(
        '{% import "^_letter.j2" as shipped %}'
        "{% set colleague = shipped.colleague %}{% set closing = shipped.closing %}"
        "{% macro salutation(person, form) %}Hello {{ person.given_name }},{% endmacro %}",
        encoding="utf-8",
    )
    code, out, err = run("plan", str(example_path), "--templates", str(tmp_path))
    assert (code, out) == (2, "")
    assert f"{letter}" in err
    assert "has no macro or variable 'people'" in err
    (tmp_path / "probe.j2").write_text(
        '{% import "_letter.j2" as letter %}{% set subject %}probe{% endset %}'
        "{{ 'names' if letter.names is defined else 'no names' }}",
        encoding="utf-8",
    )
    from followup.locales import resolve_locale
    from followup.rendering import render

    shown = render("probe", {}, locale=resolve_locale("en_US"), template_dirs=(tmp_path,))
    assert shown.text == "no names"


def test_templates_folder_overrides_the_shipped_wording(
    example_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "_letter.j2").write_text(
        '{% import "^_letter.j2" as shipped %}'
        "{% set colleague = shipped.colleague %}{% set people = shipped.people %}"
        "{% macro salutation(person, form) %}Hello {{ person.given_name }},{% endmacro %}"
        "{% macro closing(person, candidate, form, number=0) %}"
        "Cheers,\n{{ candidate.name }}{% endmacro %}",
        encoding="utf-8",
    )
    code, out, err = run("plan", str(example_path), "--templates", str(tmp_path))
    assert (code, err) == (0, "")
    assert "Hello Dana," in out
    assert "Dear Dr. Rivera," not in out


def test_a_broken_user_template_is_one_line_naming_file_and_line(
    example_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "thank_you.j2").write_text("{% set subject %}s{% endset %}\n{% if %}")
    code, out, err = run("plan", str(example_path), "--templates", str(tmp_path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert f"{tmp_path / 'thank_you.j2'}, line 2:" in err


def test_templates_must_be_a_folder(example_path: Path, tmp_path: Path) -> None:
    code, _, err = run("plan", str(example_path), "--templates", str(tmp_path / "nope"))
    assert code == 2
    assert "--templates" in err


class TestTemplates:
    def test_export_lists_each_file_and_never_clobbers(self, tmp_path: Path) -> None:
        code, out, err = run("templates", "export", str(tmp_path), "--locale", "fr")
        assert (code, err) == (0, "")
        assert out.splitlines()[0] == f"written   {tmp_path / '_enclosure.j2'}"
        assert {line.split()[1] for line in out.splitlines()} >= {
            str(tmp_path / "fr" / "_letter.j2"),
            str(tmp_path / "thank_you.j2"),
        }
        assert not (tmp_path / "de").exists()
        (tmp_path / "thank_you.j2").write_text("mine", encoding="utf-8")
        code, out, _ = run("templates", "export", str(tmp_path))
        assert code == 0
        assert f"skipped   {tmp_path / 'thank_you.j2'}  (exists; force to replace it)" in out
        assert f"unchanged {tmp_path / 'fr' / '_letter.j2'}" in out
        assert f"written   {tmp_path / 'de' / '_letter.j2'}" in out
        code, out, _ = run("templates", "export", str(tmp_path), "--force")
        assert f"written   {tmp_path / 'thank_you.j2'}" in out

    def test_export_into_a_file_is_one_line_exit_2(self, tmp_path: Path) -> None:
        target = tmp_path / "file"
        target.write_text("x", encoding="utf-8")
        code, out, err = run("templates", "export", str(target))
        assert (code, out) == (2, "")
        assert (
            err
            == f"followup: {str(target)!r} is not a folder; give a folder to copy templates into\n"
        )
        code, _, err = run("templates", "export", str(tmp_path), "--locale", "en_US\r\nBcc: x")
        assert code == 2
        assert len(err.splitlines()) == 1

    def test_check_clean_folder(self, tmp_path: Path) -> None:
        (tmp_path / "de").mkdir()
        (tmp_path / "de" / "_letter.j2").write_text(
            (ROOT / "templates" / "de" / "_letter.j2").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        code, out, err = run("templates", "check", str(tmp_path))
        assert (code, err) == (0, "")
        assert out == "1 template checked in 2 languages: no problems\n"

    def test_check_reports_each_problem_and_exits_1(self, tmp_path: Path) -> None:
        (tmp_path / "thank_you.j2").write_text(
            "{% set subject %}Hi{% endset %}\n{{ company[5] }}{{ compnay }}\n", encoding="utf-8"
        )
        (tmp_path / "check_in.j2").write_text("{% if %}\n", encoding="utf-8")
        facts = tmp_path.parent / "short.toml"
        facts.write_text(
            'company = "Acme"\nrole = "Analyst"\ndate = 2026-11-24\n[candidate]\nname = "Sam"\n'
            '[[interviewers]]\nname = "Dana Rivera"\n',
            encoding="utf-8",
        )
        code, out, err = run("templates", "check", str(tmp_path), "--facts", str(facts))
        assert (code, err) == (1, "")
        lines = out.splitlines()
        assert lines[0] == (
            f"{tmp_path / 'check_in.j2'}, line 1: "
            "syntax error: Expected an expression, got 'end of statement block'"
        )
        assert lines[1].startswith(f"{tmp_path / 'thank_you.j2'}, line 2: uses 'compnay'")
        assert lines[-1] == "2 templates checked in 9 languages: 2 problems"

    def test_check_a_missing_folder_or_facts_file_exits_2(self, tmp_path: Path) -> None:
        code, out, err = run("templates", "check", str(tmp_path / "nope"))
        assert (code, out) == (2, "")
        assert err == f"followup: {tmp_path / 'nope'}: is not a folder of templates\n"
        code, _, err = run(
            "templates", "check", str(tmp_path), "--facts", str(tmp_path / "x.toml")
        )
        assert code == 2
        assert err.startswith("followup: ")

    def test_templates_needs_an_action(self) -> None:
        code, out, err = run("templates")
        assert (code, out) == (2, "")
        assert err == "followup templates: the following arguments are required: ACTION\n"


@pytest.mark.parametrize("key", ["\x1b]0;PWNED\x07", "\x1b[2J", "\u202eevil", "a\x9bb"])
def test_nothing_the_command_prints_moves_the_cursor_or_retitles_the_window(
    tmp_path: Path, key: str
) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"company": "Acme", key: 1}), encoding="utf-8")
    code, _, err = run("plan", str(facts))
    assert code == 2
    assert "is not a known field" in err
    assert key not in err
    assert key.encode("unicode_escape").decode("ascii") in err


def test_file_names_in_a_write_report_are_shown_escaped(tmp_path: Path) -> None:
    out_dir = tmp_path / "out\x1b[2J"
    code, out, _ = run("write", str(EXAMPLE), "--out", str(out_dir))
    assert code == 0
    assert "\x1b" not in out
    assert "out\\x1b[2J/2026-11-24_thank-you_dana-rivera.txt" in out


def test_version_is_the_installed_one(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"followup {version('followup')}\n"


def test_templates_fuzz_finds_a_break_and_says_how_to_repeat_it(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thank_you.j2").write_text(
        "{% set subject %}s{% endset %}{{ company[40] }}", encoding="utf-8"
    )
    code, out, _ = run(
        "templates",
        "fuzz",
        str(folder),
        "--seconds",
        "20",
        "--examples",
        "20",
        "--seed",
        "1",
        "--out",
        str(tmp_path),
    )
    assert code == 1
    assert "followup plan" in out
    assert list(tmp_path.glob("fuzz-*.json"))


def test_templates_fuzz_without_hypothesis_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m.startswith("followup.testing")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "hypothesis", None)  # as if not installed
    code, out, err = run("templates", "fuzz", str(tmp_path))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "pip install 'followup[testing]'" in err


def test_write_takes_a_folder_of_facts_and_one_bad_file_stops_nothing(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    for name in ("interview.toml", "interview.de.toml"):
        (facts / name).write_bytes((ROOT / "examples" / name).read_bytes())
    (facts / "broken.toml").write_text('company = "Acme"\n', encoding="utf-8")
    (facts / "notes.txt").write_text("not facts", encoding="utf-8")
    code, out, err = run("write", str(facts), "--out", str(tmp_path / "out"))
    assert code == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["interview", "interview.de"]
    assert all(
        line.startswith("followup: ") and "broken.toml" in line for line in err.splitlines()
    )
    assert "\r" not in err  # no progress bar when standard error is no terminal
    written = len(list((tmp_path / "out").rglob("*.txt")))
    assert out.splitlines()[-1] == (
        f"3 facts files: {written} files written, 0 unchanged, 0 skipped, 0 stale; 1 failed"
    )
    code, out, _ = run("write", str(facts), "--out", str(tmp_path / "out"))
    assert f"0 files written, {written} unchanged" in out.splitlines()[-1]


FAKE = "written   ~ssh-authorized_keys (all good)"
"""A report line a file name must not be able to make."""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.attack("A5-L5")
def test_a_line_break_in_a_file_name_makes_no_line_of_a_report(tmp_path: Path) -> None:
    facts = tmp_path / "nl"
    facts.mkdir()
    (facts / f"x\n{FAKE}\ny.toml").write_bytes(EXAMPLE.read_bytes())
    (facts / f"b\n{FAKE}\troken.toml").write_text('company = "Acme"\n', encoding="utf-8")
    out, err = io.StringIO(), _Terminal()  # a terminal: with the progress bar
    args = ["write", str(facts), "--out", str(tmp_path / "out"), *INTERVIEW_DAY]
    assert main(args, stdout=out, stderr=err) == 2
    for text in (out.getvalue(), err.getvalue()):
        assert not any(part.startswith(FAKE) for part in re.split("[\r\n]", text))
    lines = out.getvalue().splitlines()
    assert all(line.split()[0] == "written" for line in lines[:-1])
    assert lines[-1].startswith("2 facts files:")
    assert f"x\\n{FAKE}\\ny/2026-11-24_thank-you_dana-rivera.txt" in out.getvalue()
    # Each line of standard error, the progress bar's part before it left out.
    errors = [line.rpartition("\x1b[K")[2] for line in err.getvalue().split("\n")]
    assert len(errors) == 6  # five problems and a hint, and the bar that ends it all
    assert errors.pop() == ""
    assert all(line.startswith(f"followup: {facts}/b\\n{FAKE}\\troken.toml: ") for line in errors)


def test_write_a_folder_without_facts_says_so(tmp_path: Path) -> None:
    code, out, err = run("write", str(tmp_path), "--out", str(tmp_path / "out"))
    assert (code, out) == (2, "")
    assert "holds no facts files" in err


# --- write --mbox --maildir -------------------------------------------------------------------


def test_write_mbox_and_maildir_and_a_second_run_adds_nothing(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, err = run("write", str(EXAMPLE), "--out", str(out_dir), "--mbox", "--maildir")
    assert (code, err) == (0, "")
    added = [line for line in out.splitlines() if "/Drafts/cur/" in line]
    assert len(added) == 6
    assert all(line.startswith("written ") and line.endswith(")") for line in added)
    assert f"written   {out_dir / 'drafts.mbox'}" in out.splitlines()
    assert len(mailbox.mbox(out_dir / "drafts.mbox")) == 6
    code, out, err = run(
        "write",
        str(EXAMPLE),
        "--out",
        str(out_dir),
        "--mbox",
        "--maildir",
        "--today",
        "2026-12-01",
    )
    assert (code, err) == (0, "")
    lines = [line for line in out.splitlines() if "/Drafts/cur/" in line]
    # The thank-you notes are late now (other words, same Message-ID): left as they were.
    assert [line.split()[0] for line in lines] == ["skipped"] * 2 + ["unchanged"] * 4
    assert "already in the Maildir with other content" in lines[0]
    assert len(mailbox.Maildir(out_dir / "Drafts")) == 6


# --- drafts: into the Drafts folder over IMAP ---------------------------------------------------


def _imap(dovecot: Dovecot, user: str, *extra: str) -> tuple[int, str, str]:
    return run(
        "drafts",
        str(EXAMPLE),
        "--imap-host",
        dovecot.host,
        "--imap-port",
        str(dovecot.port),
        "--imap-user",
        user,
        "--no-tls",
        *extra,
    )


class TestDrafts:
    def test_stores_the_due_drafts_once_and_says_when_to_run_again(
        self, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("FOLLOWUP_IMAP_PASSWORD", dovecot.password)
        user = dovecot.account()
        code, out, err = _imap(dovecot, user)
        assert (code, err) == (0, "")
        lines = out.splitlines()
        assert re.fullmatch(
            r"stored      2026-11-24 · thank-you note · Dana Rivera  \(UID \d+\)", lines[0]
        )
        assert lines[1].startswith("stored      2026-11-24 · thank-you note · Lee Chen")
        assert lines[2] == (
            f"Drafts on {dovecot.host}: 2 stored, 0 there already; "
            "4 due later, the first on 2026-12-08"
        )
        code, out, err = _imap(dovecot, user, "--today", "2026-12-08")
        assert (code, err) == (0, "")
        assert [line.split()[0] for line in out.splitlines()[:3]] == [
            "present",
            "present",
            "stored",
        ]
        assert "1 stored, 2 there already; 3 due later" in out
        assert dovecot.password not in out + err

    def test_dry_run_stores_nothing(
        self, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("FOLLOWUP_IMAP_PASSWORD", dovecot.password)
        user = dovecot.account()
        code, out, _ = _imap(dovecot, user, "--dry-run")
        assert code == 0
        assert out.startswith("would store 2026-11-24 · thank-you note · Dana Rivera\n")
        assert "2 would be stored (dry run)" in out
        with dovecot.connect(user) as connection:
            assert connection.select("Drafts", readonly=True) == ("OK", [b"0"])

    def test_a_wrong_password_is_one_line_without_it(
        self, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("FOLLOWUP_IMAP_PASSWORD", "Not-The-Pa55word")
        user = dovecot.account()
        code, out, err = _imap(dovecot, user)
        assert (code, out) == (2, "")
        assert err.count("\n") == 1
        assert err.startswith(f"followup: the IMAP server {dovecot.host} refused the login of")
        assert "Not-The-Pa55word" not in err

    def test_the_password_is_asked_for_on_a_terminal(
        self, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("FOLLOWUP_IMAP_PASSWORD", raising=False)
        asked = []

        def getpass(prompt: str) -> str:
            asked.append(prompt)
            return dovecot.password

        monkeypatch.setattr("getpass.getpass", getpass)
        monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
        user = dovecot.account()
        code, out, err = _imap(dovecot, user)
        assert (code, err) == (0, "")
        assert asked == [f"IMAP password for {user} on {dovecot.host}: "]
        assert "2 stored" in out

    def test_no_drafts_folder_is_one_line(
        self, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("FOLLOWUP_IMAP_PASSWORD", dovecot.password)
        code, out, err = _imap(dovecot, dovecot.account(drafts=False))
        assert (code, out) == (2, "")
        assert err.count("\n") == 1
        assert "no folder marked as the Drafts folder" in err
        assert "--folder" in err


def test_drafts_without_a_password_off_a_terminal_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FOLLOWUP_IMAP_PASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    code, out, err = run(
        "drafts", str(EXAMPLE), "--imap-host", "127.0.0.1", "--imap-user", "sam", "--no-tls"
    )
    assert (code, out) == (2, "")
    assert err == (
        "followup: no IMAP password: set FOLLOWUP_IMAP_PASSWORD, or run followup on a "
        "terminal to be asked for it\n"
    )


@pytest.mark.parametrize("host", ["imap.example.com", "192.0.2.1"])
def test_drafts_refuses_no_tls_to_another_machine(host: str) -> None:
    code, out, err = run(
        "drafts", str(EXAMPLE), "--imap-host", host, "--imap-user", "sam", "--no-tls"
    )
    assert (code, out) == (2, "")
    assert err.startswith(f"followup: --no-tls would send the password to {host!r} unencrypted")


def test_drafts_takes_no_password_on_the_command_line() -> None:
    code, _, err = run(
        "drafts", str(EXAMPLE), "--imap-host", "h", "--imap-user", "u", "--imap-password", "x"
    )
    assert code == 2
    assert "unrecognized arguments: --imap-password x" in err


def test_drafts_starttls_and_no_tls_exclude_each_other() -> None:
    code, _, err = run(
        "drafts", str(EXAMPLE), "--imap-host", "h", "--imap-user", "u", "--starttls", "--no-tls"
    )
    assert code == 2
    assert "not allowed with argument" in err


def test_drafts_to_a_port_where_nothing_listens_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FOLLOWUP_IMAP_PASSWORD", "x")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, out, err = run(
        "drafts", str(EXAMPLE), "--imap-host", "127.0.0.1", "--imap-port", str(port),
        "--imap-user", "sam", "--no-tls",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        f"followup: cannot reach the IMAP server 127.0.0.1:{port} (Connection refused); "
        "check the host name, the port and the network\n"
    )


def test_drafts_takes_one_facts_file_not_a_folder(tmp_path: Path) -> None:
    code, out, err = run(
        "drafts", str(tmp_path), "--imap-host", "127.0.0.1", "--imap-user", "u", "--no-tls"
    )
    assert (code, out) == (2, "")
    assert err == f"followup: {tmp_path}: is a folder; drafts takes one facts file\n"


# --- facts from standard input ------------------------------------------------------------------


def run_with_input(*argv: str, stdin: bytes) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([*argv, *INTERVIEW_DAY], stdout=out, stderr=err, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


def test_plan_reads_toml_from_standard_input() -> None:
    code, out, err = run_with_input("plan", "-", stdin=EXAMPLE.read_bytes())
    assert (code, err) == (0, "")
    assert "=== 2026-11-24 · thank-you note · Dana Rivera · due today ===" in out


def test_json_on_standard_input_is_told_by_its_brace() -> None:
    data = json.dumps(minimal_dict()).encode()
    code, out, err = run_with_input("check", "-", stdin=data)
    assert (code, err) == (0, "")
    assert out.startswith(("warning: ", "suggestion: ", "no findings"))
    code, _, err = run_with_input("check", "-", "--facts-format", "toml", stdin=data)
    assert code == 2
    assert "not valid TOML" in err


def test_mistakes_on_standard_input_name_it(tmp_path: Path) -> None:
    code, out, err = run_with_input("plan", "-", stdin=b'company = "Acme"\ndate = 12/03/2026\n')
    assert (code, out) == (2, "")
    assert err == (
        "followup: standard input: date: is not a date; write it as YYYY-MM-DD "
        "(got '12/03/2026')\n"
    )
    code, _, err = run_with_input("plan", "-", stdin=b'{"company": "Acme", "rol": "x"}')
    assert code == 2
    assert all(line.startswith("followup: standard input: ") for line in err.splitlines())
    assert "rol: did you mean role?" in err
    assert "suffix" not in err


def test_write_reads_standard_input_too(tmp_path: Path) -> None:
    code, out, err = run_with_input(
        "write", "-", "--out", str(tmp_path), stdin=EXAMPLE.read_bytes()
    )
    assert (code, err) == (0, "")
    assert out.startswith("written ")
    assert (tmp_path / "2026-11-24_thank-you_dana-rivera.txt").exists()


def test_facts_format_reads_a_file_of_any_name(tmp_path: Path) -> None:
    path = tmp_path / "interview.facts"
    path.write_bytes(EXAMPLE.read_bytes())
    code, _, err = run("plan", str(path))
    assert code == 2
    assert "suffix" in err
    code, _, err = run("plan", str(path), "--facts-format", "toml")
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("argv", "guess"),
    [
        (["plna", "x.toml"], "did you mean plan?"),
        (["templates", "chek", "dir"], "did you mean check?"),
        (["plan", "x.toml", "--format", "jsn"], "did you mean json?"),
        (["plan", "x.toml", "--chek-ins-to", "all"], "did you mean --check-ins-to?"),
    ],
)
def test_a_misspelt_command_option_or_choice_is_guessed(argv: list[str], guess: str) -> None:
    code, out, err = run(*argv, today=False)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.rstrip().endswith(guess)


def test_no_guess_when_nothing_is_close() -> None:
    code, _, err = run("plan", "x.toml", "--zzz", today=False)
    assert code == 2
    assert "did you mean" not in err


class TestNextAndSent:
    """plan → send → record → plan: ``followup next`` and ``followup sent``."""

    @pytest.fixture
    def facts(self, tmp_path: Path) -> Path:
        path = tmp_path / "interview.toml"
        path.write_bytes(EXAMPLE.read_bytes())
        return path

    def test_next_prints_only_what_is_due(self, facts: Path) -> None:
        code, out, err = run("next", str(facts))
        assert (code, err) == (0, "")
        headings = [line for line in out.splitlines() if line.startswith("===")]
        assert headings == [
            "=== 2026-11-24 · thank-you note · Dana Rivera · due today ===",
            "=== 2026-11-24 · thank-you note · Lee Chen · due today ===",
        ]

    def test_the_workflow_plan_send_record_plan(self, facts: Path) -> None:
        before = facts.read_bytes()
        code, out, err = run("sent", str(facts), "thank-you-dana-rivera")
        assert (code, err) == (0, "")
        assert out == f"recorded: thank-you-dana-rivera sent on 2026-11-24 (in {facts})\n"
        table = b'[[events]]\nkind = "sent"\ndate = 2026-11-24\ndraft = "thank-you-dana-rivera"\n'
        assert facts.read_bytes() == before + b"\n" + table
        code, out, _ = run(
            "sent", str(facts), "thank-you-lee-chen", "--on", "2026-11-25", "--today", "2026-11-25"
        )
        assert code == 0
        code, out, _ = run("next", str(facts), "--today", "2026-11-30")
        assert (code, out) == (0, "nothing due until 2026-12-08\n")
        code, out, _ = run("plan", str(facts), "--today", "2026-11-30")
        headings = [line for line in out.splitlines() if line.startswith("===")]
        assert headings[:3] == [
            "=== 2026-11-24 · thank-you note · Dana Rivera · sent on 2026-11-24 ===",
            "=== 2026-11-25 · thank-you note · Lee Chen · sent on 2026-11-25 ===",
            "=== 2026-12-08 · check-in · Dana Rivera · next ===",
        ]
        code, out, _ = run("next", str(facts), "--today", "2026-12-14")
        assert "=== 2026-12-08 · check-in · Dana Rivera · overdue since 2026-12-08 ===" in out
        code, out, _ = run("check", str(facts), "--today", "2026-12-14")
        assert "warning: 2026-12-08 · check-in · Dana Rivera: This check-in was due" in out

    def test_sent_refuses_an_id_not_in_the_plan_with_a_hint(self, facts: Path) -> None:
        before = facts.read_bytes()
        code, out, err = run("sent", str(facts), "thank-you-dana")
        assert (code, out) == (2, "")
        (line,) = err.splitlines()
        assert line.startswith(f"followup: {facts}: 'thank-you-dana' is not a draft of the plan")
        assert "did you mean 'thank-you-dana-rivera'?" in line
        assert facts.read_bytes() == before

    def test_sent_refuses_a_day_after_today(self, facts: Path) -> None:
        before = facts.read_bytes()
        code, out, err = run(
            "sent",
            str(facts),
            "thank-you-dana-rivera",
            "--on",
            "2062-11-24",
            "--today",
            "2026-11-24",
        )
        assert (code, out) == (2, "")
        assert "--on 2062-11-24 is after today (2026-11-24)" in err
        assert facts.read_bytes() == before
        code, _, _ = run(
            "sent",
            str(facts),
            "thank-you-dana-rivera",
            "--on",
            "2026-11-24",
            "--today",
            "2026-11-24",
        )
        assert code == 0
        assert facts.read_bytes() != before

    def test_sent_shows_a_file_name_and_an_id_on_one_line_cut_short(self, tmp_path: Path) -> None:
        path = tmp_path / "a\nb.toml"
        path.write_bytes(EXAMPLE.read_bytes())
        code, out, _ = run("sent", str(path), "thank-you-dana-rivera")
        assert code == 0
        assert out.endswith(f"(in {tmp_path}/a\\nb.toml)\n")
        assert out.count("\n") == 1
        code, out, err = run("sent", str(path), "x" * 100_000)
        assert (code, out) == (2, "")
        (line,) = err.splitlines()
        assert "'" + "x" * 78 + "…" in line
        assert len(line) < 1000

    def test_sent_warns_that_schedule_options_are_not_kept(self, facts: Path) -> None:
        code, out, err = run(
            "sent",
            str(facts),
            "check-in-6-dana-rivera",
            "--on",
            "2027-01-05",
            "--today",
            "2027-01-05",
            "--every",
            "7",
        )
        assert code == 0
        assert out.startswith("recorded: check-in-6-dana-rivera")
        assert err == (
            f"followup: warning: {facts} does not keep --every 7: plan it with the same "
            "options, or its events may name other drafts\n"
        )

    def test_a_draft_table_with_a_date_is_shown_as_written(self, facts: Path) -> None:
        with facts.open("a", encoding="utf-8") as handle:
            handle.write(
                '\n[[events]]\nkind = "sent"\ndate = 2026-12-08\n'
                'draft = { kind = "check_in", date = 2026-12-08, x = 1 }\n'
            )
        code, _, err = run("plan", str(facts))
        assert code == 2
        assert "'date': '2026-12-08'" in err
        assert "datetime" not in err

    def test_sent_adds_the_event_to_a_json_file(self, tmp_path: Path) -> None:
        path = tmp_path / "interview.json"
        text = json.dumps(minimal_dict(), indent=2)
        path.write_text(text, encoding="utf-8")
        code, out, err = run("sent", str(path), "thank-you-dana-rivera", "--today", "2026-11-24")
        assert (code, err) == (0, "")
        assert out.startswith("recorded: thank-you-dana-rivera sent on 2026-11-24")
        written = path.read_text(encoding="utf-8")
        assert written.startswith(text[: text.rindex("\n}")])
        assert json.loads(written)["events"] == [
            {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-dana-rivera"}
        ]

    def test_a_problem_found_while_planning_names_the_file(self, facts: Path) -> None:
        with facts.open("a", encoding="utf-8") as handle:
            handle.write('\n[[events]]\nkind = "sent"\ndate = 2026-12-01\ndraft = "check-in-9"\n')
        code, out, err = run("plan", str(facts), "--today", "2026-12-01")
        assert (code, out) == (2, "")
        assert err.startswith(f"followup: {facts}: events[0].draft: names no draft of the plan")
        code, out, err = run("plan", str(facts), "--today", "2026-11-30")
        assert (code, out) == (2, "")
        assert err.startswith(f"followup: {facts}: events[0].date: is after today (2026-11-30)")
