"""The wheel: it ships the templates and works from outside the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the working tree."""
    out = tmp_path_factory.mktemp("dist")
    # Build from a copy, so no build/ folder is left in (or reused from) the tree.
    source = tmp_path_factory.mktemp("source") / "followup"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        check=True,
    )
    (found,) = out.glob("followup-*.whl")
    return found


@pytest.mark.slow
def test_wheel_ships_templates_and_typing_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "followup/py.typed" in names
    assert "followup/templates/thank_you.j2" in names
    assert "followup/templates/_letter.j2" in names
    assert "followup/example.toml" in names  # the facts `followup templates check` renders
    assert "followup/testing/fuzz.py" in names
    for language in ("de", "fr", "es", "en_GB"):
        assert f"followup/templates/locale/{language}/LC_MESSAGES/followup.po" in names
    for language in ("de", "fr", "es"):
        assert f"followup/templates/{language}/_letter.j2" in names
    assert not any(name.endswith(".mo") for name in names)


def test_every_template_folder_is_a_listed_package() -> None:
    """setuptools ships a folder's data files only as part of a listed package."""
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    templates = ROOT / "templates"
    folders = [
        templates,
        *(p for p in templates.rglob("*") if p.is_dir() and p.name != "__pycache__"),
    ]
    missing = sorted(
        "followup." + str(f.relative_to(ROOT)).replace("/", ".")
        for f in folders
        if "followup." + str(f.relative_to(ROOT)).replace("/", ".") not in listed
    )
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_every_subpackage_of_the_source_is_listed() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    source = ROOT / "src"
    found = {
        str(init.parent.relative_to(source)).replace("/", ".")
        for init in source.rglob("__init__.py")
    }
    missing = sorted(found - listed)
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {missing}"


@pytest.mark.slow
def test_wheel_ships_every_template_and_catalog(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = ROOT / "templates"
    for path in templates.rglob("*"):
        if path.suffix in {".j2", ".po", ".pot"}:
            assert f"followup/templates/{path.relative_to(templates)}" in names


@pytest.mark.slow
def test_installed_wheel_renders_a_plan_outside_the_repository(
    wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], check=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    facts = work / "interview.toml"
    facts.write_bytes(EXAMPLE.read_bytes())
    clean_env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    script = (
        "import followup, pathlib;"
        "assert 'site-packages' in followup.__file__, followup.__file__;"
        "plan = followup.plan(followup.load('interview.toml'));"
        "print(plan.drafts[0].text)"
    )
    result = subprocess.run(
        [python, "-c", script], cwd=work, env=clean_env, capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("Dear Dr. Rivera,")
    cli = env_dir / ("Scripts/followup.exe" if os.name == "nt" else "bin/followup")
    result = subprocess.run(
        [cli, "plan", "interview.toml"], cwd=work, env=clean_env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "thank-you note · Lee Chen" in result.stdout


def test_import_followup_leaves_the_optional_parts_unimported() -> None:
    """E-mail export, mail folders, IMAP, calendars, pages to print, the command line
    (with its questions, colours and completion), the facts writer and the template
    kit are imported when first used, and so are their dependencies (the IMAP errors
    too, though ``followup`` names them)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    probe = "import sys, followup; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    optional = (
        "followup.export",
        "followup.cli",
        "followup.init",
        "followup._colour",
        "followup._completion",
        "followup.facts.writing",
        "followup.authoring",
        "followup.testing",
        "followup.imap",
        "imaplib",
        "ssl",
        "mailbox",
        "getpass",
        "icalendar",
        "segno",
        "hypothesis",
        "IPython",
    )
    assert [m for m in loaded if m.split(".")[0] in optional or m.startswith(optional)] == []
