"""The followup command line: output, exit codes, and errors without tracebacks."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from followup.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


class TestPlan:
    def test_prints_each_note_headed_by_date_kind_and_recipient(self, example_path: Path) -> None:
        code, out, err = run("plan", str(example_path))
        assert code == 0
        assert err == ""
        assert "=== 2026-11-24 · thank-you note · Dana Rivera ===" in out
        assert "=== 2026-11-24 · thank-you note · Lee Chen ===" in out
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
        with pytest.raises(SystemExit) as caught:
            run("plan")
        assert caught.value.code == 2


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
        [sys.executable, "-m", "followup", "plan", str(example_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "thank-you note · Lee Chen" in result.stdout
