"""The ``followup`` command: plan options and ``followup check``."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from followup.cli import main
from tests.conftest import minimal_dict


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def facts_file(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


HEADING = re.compile(r"^=== (\d{4}-\d\d-\d\d) · ([\w -]+) · (.+) ===$", re.MULTILINE)


def test_plan_lists_gifts_and_check_ins_in_date_order(example_path: Path) -> None:
    code, out, err = run("plan", str(example_path))
    assert (code, err) == (0, "")
    headings = HEADING.findall(out)
    assert [h[0] for h in headings] == sorted(h[0] for h in headings)
    assert [h[1] for h in headings].count("gift") == 2
    assert [h[1] for h in headings].count("check-in") == 4
    assert "Attached: the-racing-rules-explained.txt" in out


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


def test_plan_json_has_attachments(example_path: Path) -> None:
    code, out, _ = run("plan", str(example_path), "--format", "json")
    assert code == 0
    drafts = json.loads(out)["drafts"]
    gifts = [d for d in drafts if d["kind"] == "gift"]
    assert [a["filename"] for g in gifts for a in g["attachments"]] == [
        "the-racing-rules-explained.txt",
        "tip-on-call-practices.txt",
    ]


@pytest.mark.parametrize(
    ("option", "value", "needle"),
    [
        ("--every", "fortnight", "--every"),
        ("--every", "0", "every=0"),
        ("--every", "-3", "every=-3"),
        ("--until", "next week", "--until"),
        ("--until", "2026-11-01", "until="),
        ("--max-check-ins", "-1", "max_check_ins=-1"),
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
