"""Every Python snippet in the README and docs runs as written."""

from __future__ import annotations

import re
import tomllib

import pytest

import followup
from tests.conftest import ROOT, minimal_dict

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def snippets() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        for number, match in enumerate(_BLOCK.finditer(path.read_text(encoding="utf-8")), 1):
            found.append((f"{path.relative_to(ROOT)}#{number}", match.group(1)))
    return found


@pytest.mark.parametrize(("where", "code"), snippets(), ids=[w for w, _ in snippets()])
def test_snippet_runs(where: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, where, "exec"), {"__name__": "__docs__"})


def test_readme_has_a_snippet() -> None:
    assert any(where.startswith("README.md") for where, _ in snippets())


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/pip install -e '.[test]'" in readme
    assert ".venv/bin/pip install -q -e '.[test]'" in ci
    assert ".venv/bin/python -m pytest" in readme
    assert ".venv/bin/python -m pytest" in ci


def test_readme_gift_examples_validate() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```toml\n(.*?)^```", readme, re.MULTILINE | re.DOTALL)
    assert blocks
    gifts = tomllib.loads(blocks[0])["gifts"]
    assert {g["kind"] for g in gifts} == {"article", "contact", "tip"}
    data = minimal_dict(
        topics=[{"subject": "on-call practices"}],
        hobbies=[{"subject": "sailing", "person": "Dana Rivera"}],
        gifts=gifts,
    )
    plan = followup.plan(followup.parse(data))
    assert len([e for d in plan.drafts for e in d.enclosures]) == 3


def test_the_review_codes_in_the_docs_are_the_ones_the_checks_emit() -> None:
    documented = re.findall(
        r"^\| (?:error|warning|suggestion) \| `(\w+)` \|",
        (ROOT / "docs" / "plan.md").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    emitted = re.findall(
        r'code="(\w+)"', (ROOT / "src" / "followup" / "review.py").read_text(encoding="utf-8")
    )
    assert len(documented) == len(set(documented))
    assert set(documented) == set(emitted)
