"""Every code block in the README and docs runs as written, every file in examples/
runs, and the site's generated references leave nothing out."""

from __future__ import annotations

import argparse
import io
import re
import shlex
import shutil
import tomllib
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import followup
from followup import cli
from followup.authoring import template_contexts
from followup.facts import models
from followup.rendering import environment
from tests.conftest import ROOT, example_dict, load_script

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Blocks that show rather than run: output, folder listings, synopses.
SHOWN = {"text"}


def blocks(language: str) -> list[tuple[str, str]]:
    """Every fenced block of *language* in the README and docs, as (where, code)."""
    found = []
    for path in DOCS:
        fences = _FENCE.finditer(path.read_text(encoding="utf-8"))
        for number, match in enumerate((m for m in fences if m.group(1) == language), 1):
            found.append((f"{path.relative_to(ROOT)}#{number}", match.group(2)))
    return found


def snippets() -> list[tuple[str, str]]:
    return blocks("python")


def test_every_code_block_is_of_a_language_the_tests_run() -> None:
    for path in DOCS:
        for match in _FENCE.finditer(path.read_text(encoding="utf-8")):
            language = match.group(1)
            assert language in {"python", "toml", "sh", "jinja"} | SHOWN, (
                f"{path.name}: a ```{language} block; run it in tests/test_docs.py or mark it text"
            )


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
    # CI installs what the README's command installs, and the site's tools.
    assert ".venv/bin/pip install -q -e '.[test,docs]'" in ci
    assert ".venv/bin/python -m pytest" in readme
    assert ".venv/bin/python -m pytest" in ci
    assert ".venv/bin/mkdocs build --strict" in ci


def test_the_readme_fits_one_screen_and_links_into_the_site() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 50
    linked = set(re.findall(r"\]\((docs/[\w-]+\.md)\)", readme))
    for target in linked:
        assert (ROOT / target).is_file(), f"README links to a missing page {target}"
    for page in ("getting-started", "facts", "strategy", "cli", "api"):
        assert f"docs/{page}.md" in linked


# --- TOML, shell and Jinja blocks ----------------------------------------------------------------

_INCLUDE = re.compile(r'^--8<-- "([^"]+)"$', re.MULTILINE)


def _facts_of(block: str) -> dict[str, Any]:
    """The facts a TOML block stands for: a whole facts file, or a part of one (tables
    to add to the example's, values to replace) in the example facts."""
    text = _INCLUDE.sub(lambda m: (ROOT / m.group(1)).read_text(encoding="utf-8"), block)
    data = tomllib.loads(text)
    if "company" in data:
        return data
    merged = example_dict()
    for key, value in data.items():
        merged[key] = [*merged.get(key, []), *value] if isinstance(value, list) else value
    return merged


@pytest.mark.parametrize(("where", "block"), blocks("toml"), ids=[w for w, _ in blocks("toml")])
def test_toml_block_is_facts_that_plan(where: str, block: str) -> None:
    plan = followup.plan(followup.parse(_facts_of(block), source=where))
    assert plan.drafts


def test_the_gift_example_has_every_kind_and_each_is_enclosed() -> None:
    (block,) = [b for w, b in blocks("toml") if w.startswith("docs/facts.md") and "kind" in b]
    gifts = tomllib.loads(block)["gifts"]
    assert {g["kind"] for g in gifts} == {"article", "contact", "tip"}
    plan = followup.plan(followup.parse(_facts_of(block)))
    enclosed = [e.gift for d in plan.drafts for e in d.enclosures]
    assert all(any(g.kind == gift["kind"] for g in enclosed) for gift in gifts)


# Lines of a shell block that install, build, measure or update the catalogs: .ci/run
# runs them (the install, the tests, the site, the catalog check) or
# tests/test_benchmarks.py does (the benchmarks); an update rewrites the repository.
_NOT_RUN_HERE = (
    ("python3", "-m", "venv"),
    ("pip", "install"),
    (".venv/bin/pip", "install"),
    (".venv/bin/python", "-m", "pytest"),
    (".venv/bin/mkdocs",),
    ("python", "benchmarks/run.py"),
    ("python", "scripts/check_catalogs.py"),
    ("pybabel",),
)


def _commands(block: str) -> Iterator[list[str]]:
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        while words:
            end = words.index("&&") if "&&" in words else len(words)
            yield words[:end]
            words = words[end + 1 :]


@pytest.mark.parametrize(("where", "block"), blocks("sh"), ids=[w for w, _ in blocks("sh")])
def test_shell_block_runs(where: str, block: str, tmp_path: Path, monkeypatch: Any) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    for words in _commands(block):
        if any(tuple(words[: len(p)]) == p for p in _NOT_RUN_HERE):
            continue
        if words[0] == "cp":
            shutil.copy(words[1], words[2])
            continue
        assert words[0] in ("followup", ".venv/bin/followup"), f"{where}: cannot run {words}"
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(words[1:], stdout=out, stderr=err)
        # `check` exits 1 when the review finds an error, as the docs say.
        allowed = {0, 1} if words[1] == "check" else {0}
        assert code in allowed, f"{where}: {shlex.join(words)} exited {code}: {err.getvalue()}"


_NAMED_FILE = re.compile(r"^\{#-? ?([\w./-]+\.j2):")


@pytest.mark.parametrize(("where", "block"), blocks("jinja"), ids=[w for w, _ in blocks("jinja")])
def test_jinja_block_is_a_template_that_checks(where: str, block: str, tmp_path: Path) -> None:
    """A template shown in the docs names its file in its first comment; put there, it
    passes ``followup templates check``."""
    named = _NAMED_FILE.match(block)
    assert named, f"{where}: start the template with {{#- folder/name.j2: … -#}}"
    path = tmp_path / named.group(1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block, encoding="utf-8")
    folder = tmp_path / Path(named.group(1)).parts[0]
    report = followup.check_templates(folder)
    assert report.ok, [str(p) for p in report.problems]


# --- examples/ -----------------------------------------------------------------------------------

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_runs(path: Path) -> None:
    if path.suffix == ".ipynb":
        assert (ROOT / "tests" / "test_notebook.py").read_text().count(path.name) >= 1
        return  # run in a real kernel by tests/test_notebook.py
    assert path.suffix == ".toml", f"{path.name}: add a test that runs it"
    plan = followup.plan(followup.load(path))
    assert plan.drafts
    assert not [f for f in plan.review() if f.severity == "error"]


# --- the generated references --------------------------------------------------------------------

hooks = load_script("docs/hooks.py")


def _facts_models() -> list[type[BaseModel]]:
    return [
        model
        for name in models.__all__
        if isinstance(model := getattr(models, name), type) and issubclass(model, BaseModel)
    ]


def _table_section(page: str, anchor: str) -> str:
    return page.split(f"{{#{anchor}}}\n", 1)[1].split("\n### ", 1)[0]


def test_the_facts_reference_lists_every_field_of_every_model() -> None:
    page = hooks.facts_reference()
    tables = {t.model: t.anchor for t in hooks.tables()}
    assert set(tables) == set(_facts_models()), "a facts model is not reached from Interview"
    for model, anchor in tables.items():
        section = _table_section(page, anchor)
        assert f"`{model.__name__}`" in section
        for name, field in model.model_fields.items():
            assert field.description, f"give {model.__name__}.{name} a Field(description=...)"
            row = f"| `{field.alias or name}` |"
            assert row in section, f"{model.__name__}.{name} is not in its table"
            assert " ".join(field.description.split()) in section


def test_each_facts_field_type_reads_as_words() -> None:
    for model in _facts_models():
        for name, hint in typing.get_type_hints(model, include_extras=True).items():
            if name in model.model_fields:
                phrase = hooks.type_phrase(hint)
                assert "typing" not in phrase, (model, name)
                assert "Annotated" not in phrase, (model, name)


def _arguments(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.Action]]:
    """Every command's prog and each of its arguments, walking the subcommands."""
    for action in parser._actions:
        yield parser.prog, action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _arguments(sub)


def test_the_cli_reference_lists_every_command_and_option() -> None:
    page = hooks.cli_reference()
    seen = set()
    for prog, action in _arguments(cli._parser()):
        section = page.split(f"## `{prog}`", 1)[1].split("\n## ", 1)[0]
        if isinstance(action, argparse._SubParsersAction):
            for name in action.choices:
                assert f"## `{prog} {name}`" in page, f"{prog} {name} is not in the reference"
                assert f"[`{name}`]" in section
            continue
        for flag in action.option_strings:
            assert re.search(rf"`{re.escape(flag)}[ `]", section), f"{prog} {flag}"
        if not action.option_strings:
            assert f"`{action.metavar or action.dest}`" in section, f"{prog} {action.dest}"
        if action.help and "%" not in action.help:
            assert " ".join(action.help.split()) in section
        seen.add(prog)
    assert {"followup", "followup plan", "followup templates check"} <= seen


def test_the_reference_pages_hold_an_up_to_date_copy_of_their_reference() -> None:
    for page, marker in (("facts.md", "facts"), ("cli.md", "cli")):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert f"\n<!-- reference: {marker} -->\n" in text
        assert f"\n<!-- end of reference: {marker} -->\n" in text
        assert hooks.on_page_markdown(text) == text, (
            f"docs/{page} holds an old copy of its reference: run python docs/hooks.py"
        )
        stale = text.replace("| `--today DATE` |", "| `--tomorrow DATE` |")
        assert hooks.on_page_markdown(stale) == text  # the site is built from the code


def test_the_review_codes_in_the_docs_are_the_ones_the_checks_emit() -> None:
    documented = re.findall(
        r"^\| (?:error|warning|suggestion) \| `(\w+)` \|",
        (ROOT / "docs" / "strategy.md").read_text(encoding="utf-8"),
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


def test_the_event_examples_plan_with_a_closing_note() -> None:
    (block,) = [b for w, b in blocks("toml") if w.startswith("docs/plan.md") and "events" in b]
    events = tomllib.loads(block)["events"]
    kinds = ["sent", "reply", "second_interview", "paused", "decision"]
    assert [e["kind"] for e in events] == kinds
    plan = followup.plan(followup.parse(_facts_of(block)))
    assert [d.id for d in plan.drafts if d.kind == "closing"] == ["closing-dana-rivera"]
    assert plan.draft("thank-you-dana-rivera").sent_on is not None
