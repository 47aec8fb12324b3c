"""Every Python snippet in the README and docs runs as written."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator

import pytest

import followup
from followup.authoring import template_contexts
from followup.rendering import environment
from tests.conftest import ROOT, example_dict, minimal_dict

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


# --- docs/templates.md: every variable, filter and function, each with an example ----------------

TEMPLATES = ROOT / "docs" / "templates.md"


def _paths(value: object, prefix: str = "") -> Iterator[str]:
    """The dotted paths of a context's values, ``[]`` standing for any list item."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        yield prefix
        for item in value:
            yield from _paths(item, prefix + "[]")
    else:
        yield prefix


def _context_paths() -> set[str]:
    """Every variable a template receives, for facts with every kind of gift."""
    data = example_dict()
    data["gifts"] += [
        {"kind": "contact", "about": "jazz piano", "contact": {"name": "Kim", "phone": "123"}},
        {"kind": "website", "about": "sailing", "title": "Sails", "url": "https://e.org/"},
    ]
    found = set()
    for context in template_contexts(followup.parse(data)):
        for path in _paths(dict(context.context)):
            # Documented once: the other interviewers are people like the recipient,
            # a draft's enclosures gifts like an insert's.
            for alias, same in (("others[].", "recipient."), ("enclosures[].", "gift.")):
                if path.startswith(alias):
                    path = same + path.removeprefix(alias)
            found.add(path)
    return found


def _section(title: str) -> str:
    text = TEMPLATES.read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _examples() -> str:
    return "\n".join(code for where, code in snippets() if where.startswith("docs/templates.md"))


def test_the_template_variables_in_the_docs_are_the_ones_templates_receive() -> None:
    tables = _section("A draft's context") + _section("An insert's context")
    documented = set(re.findall(r"^\| `([\w.\[\]]+)` \|", tables, re.MULTILINE))
    real = _context_paths()
    assert not real - documented, f"document these in docs/templates.md: {real - documented}"
    assert not documented - real, f"templates no longer receive: {documented - real}"


@pytest.mark.parametrize("path", sorted(_context_paths()))
def test_each_template_variable_has_an_example_the_tests_run(path: str) -> None:
    pattern = re.escape(path).replace(r"\[\]", r"\[\d+\]")
    assert re.search(rf"(?<![\w.]){pattern}(?!\w)", _examples()), f"add an example of {path}"


def test_each_filter_and_function_has_an_example_the_tests_run() -> None:
    env = environment()
    examples = _examples()
    for name in env.filters:
        used = re.search(rf"(\||{{% filter)\s*{name}\b", examples)
        assert used, f"add an example of the filter {name}"
    for name in env.globals:
        if not name.startswith("__"):
            assert re.search(rf"\b{name}\(", examples), f"add an example of {name}()"
    text = TEMPLATES.read_text(encoding="utf-8")
    for name in env.tests:
        assert f"`{name}`" in text, f"name the test {name} in docs/templates.md"


def test_the_templates_page_is_linked() -> None:
    for page in (ROOT / "README.md", ROOT / "docs" / "index.md"):
        assert "templates.md" in page.read_text(encoding="utf-8")
