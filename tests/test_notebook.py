"""The quickstart notebook runs top to bottom in a real kernel and shows what it promises."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import followup
from tests.conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

EXAMPLES = ROOT / "examples"
NOTEBOOK = EXAMPLES / "quickstart.ipynb"
CELL_TIMEOUT = 120


def _execute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import sys\nprint(sys.executable)"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the notebook exports into a temp folder
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(EXAMPLES)}},
    )
    client.execute()
    return notebook


def _text(cell: Any) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def _html(cell: Any) -> str:
    return "".join(
        o.get("data", {}).get("text/html", "")
        for o in cell.outputs
        if o.output_type in {"execute_result", "display_data"}
    )


def _code_cell(notebook: Any, starts: str) -> Any:
    return next(c for c in notebook.cells if c.cell_type == "code" and c.source.startswith(starts))


def test_the_quickstart_runs_and_shows_its_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interview: followup.Interview
) -> None:
    notebook = _execute(tmp_path, monkeypatch)
    errors = [
        o
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert errors == []
    assert _text(notebook.cells[-1]).strip() == sys.executable  # the kernel runs this venv
    plan = followup.plan(interview)
    timeline = _html(_code_cell(notebook, "plan = followup.plan"))
    assert 'class="followup-plan"' in timeline
    assert timeline.count("<tr>") == len(plan.drafts) + 1
    assert plan.drafts[0].html in _html(_code_cell(notebook, "plan.drafts[0]"))
    header = _text(_code_cell(notebook, "import tempfile")).splitlines()
    assert header == [
        "Sam Okafor <sam.okafor@example.com> -> Dana Rivera <dana.rivera@northwind.example>",
        plan.drafts[0].subject,
    ]
    (out,) = tmp_path.glob("followup-*")
    assert sorted(p.name for p in out.iterdir()) == ["Drafts", "drafts.mbox", "files", "plan.ics"]
    written = _text(_code_cell(notebook, "plan.write_mbox")).splitlines()
    notes = [d for d in plan.drafts if d.kind == "thank_you"]
    assert len(written) == 2 * len(plan.drafts) + len(notes)  # .txt, .eml, and .html to print
    assert all(line.startswith("written ") for line in written)
    assert sum(line.endswith(".html") for line in written) == len(notes)
    findings = plan.review()
    review = _text(_code_cell(notebook, "findings = plan.review()")).splitlines()
    assert review == [*(str(f) for f in findings), f"{len(findings)} findings"]
