"""Shared fixtures: the shipped example facts and small builders of variants."""

from __future__ import annotations

import copy
import importlib.util
import os
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import followup
from tests import _dovecot

ROOT = Path(__file__).resolve().parent.parent

# Compiled templates go to a folder of this test run, not the user's cache (the
# command-line tests' processes inherit it).
os.environ.setdefault("FOLLOWUP_CACHE_DIR", tempfile.mkdtemp(prefix="followup-cache-"))
EXAMPLE = ROOT / "examples" / "interview.toml"


@pytest.fixture(scope="session")
def example_path() -> Path:
    """The path of the shipped example facts file."""
    return EXAMPLE


@pytest.fixture
def example_data() -> dict[str, Any]:
    """The example facts as a fresh, mutable dict."""
    return example_dict()


@pytest.fixture(scope="session")
def interview() -> followup.Interview:
    """The example facts, validated."""
    return followup.load(EXAMPLE)


def example_dict() -> dict[str, Any]:
    """The example facts as a fresh, mutable dict (for building variants)."""
    with EXAMPLE.open("rb") as handle:
        return copy.deepcopy(tomllib.load(handle))


def minimal_dict(**overrides: Any) -> dict[str, Any]:
    """The smallest valid facts: one interviewer, nothing else; *overrides* replace keys."""
    data: dict[str, Any] = {
        "company": "Acme",
        "role": "Analyst",
        "date": "2026-11-24",
        "candidate": {"name": "Sam Okafor"},
        "interviewers": [{"name": "Dana Rivera"}],
    }
    data.update(overrides)
    return data


def load_script(relative: str) -> ModuleType:
    """A script of the repository (not part of the package) loaded as a module."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(path.stem, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def dovecot() -> Iterator[_dovecot.Dovecot]:
    """A Dovecot IMAP server of this test run's own on loopback (see tests/_dovecot.py).

    Without Dovecot the tests that use it are skipped, but not when
    ``FOLLOWUP_REQUIRE_DOVECOT=1`` (``.ci/run`` installs it and sets that).
    """
    program = _dovecot.installed()
    if program is None:
        if os.environ.get("FOLLOWUP_REQUIRE_DOVECOT") == "1":
            pytest.fail("dovecot is not installed; .ci/run installs it (Debian dovecot-imapd)")
        pytest.skip("dovecot is not installed (Debian: dovecot-imapd)")
    with _dovecot.running(program) as server:
        yield server


OUTCOMES = ("offer", "rejection", "withdrawn")
"""The outcomes a decision may have: each has its closing note."""


def decided(data: dict[str, Any], outcome: str, *, on: str = "2027-01-20") -> dict[str, Any]:
    """*data* with a decision recorded on *on*: its plan ends with a closing note."""
    changed = copy.deepcopy(data)
    changed["events"] = [
        *changed.get("events", []),
        {"kind": "decision", "date": on, "outcome": outcome},
    ]
    return changed


def interviewed_again(data: dict[str, Any], *, on: str = "2026-12-15") -> dict[str, Any]:
    """*data* (the example facts or a variant) with a second interview on *on*: the first
    interviewer again, and Pat Kim met for the first time, about the first topic."""
    changed = copy.deepcopy(data)
    first = changed["interviewers"][0]
    newcomer = {"name": "Pat Kim", "gender": first.get("gender", "unspecified")}
    changed["events"] = [
        *changed.get("events", []),
        {
            "kind": "second_interview",
            "date": on,
            "interviewers": [first["name"], newcomer],
            "topics": [changed["topics"][0]["subject"]],
        },
    ]
    return changed
