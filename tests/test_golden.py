"""Golden files: each draft kind, shipped language, formality and gender, on the example facts.

Kinds come from ``templates/<kind>.j2`` and languages from
:func:`followup.shipped_locales`, so a new template or catalog is covered as
soon as it exists; its golden files are missing until someone writes them::

    FOLLOWUP_UPDATE_GOLDEN=1 pytest tests/test_golden.py

and reads every new or changed file as a native speaker would before
committing it.
"""

from __future__ import annotations

import difflib
import functools
import os
import unicodedata
from pathlib import Path

import pytest

import followup
from tests._i18n import draft_kinds, golden_locales
from tests.conftest import example_dict

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FOLLOWUP_UPDATE_GOLDEN") == "1"
FORMALITIES = ("formal", "informal")
GENDERS = ("female", "male", "unspecified")


@functools.cache
def _drafts(locale: str, formality: str, gender: str) -> tuple[followup.Draft, ...]:
    """The example plan with every interviewer addressed in *locale*, *formality*, *gender*."""
    data = example_dict()
    data["locale"] = locale
    data["formality"] = formality
    for person in data["interviewers"]:
        person["gender"] = gender
    return tuple(followup.plan(followup.parse(data)).drafts)


def _golden_text(drafts: list[followup.Draft]) -> str:
    blocks = []
    for draft in drafts:
        heading = f"=== {draft.recipient.name} · {draft.send_on.isoformat()} · {draft.locale} ==="
        blocks.append(f"{heading}\nSubject: {draft.subject}\n\n{draft.text}\n")
    return "\n".join(blocks)


def _visible(line: str) -> str:
    """A line with every space other than U+0020 named, so a diff shows it."""
    return "".join(
        f"<U+{ord(c):04X}>" if unicodedata.category(c) == "Zs" and c != " " else c for c in line
    )


def _diff(expected: str, actual: str, name: str) -> str:
    lines = difflib.unified_diff(
        [_visible(x) for x in expected.splitlines()],
        [_visible(x) for x in actual.splitlines()],
        f"{name} (golden)",
        f"{name} (rendered)",
        lineterm="",
    )
    hint = ""
    if " ".join(expected.split()) == " ".join(actual.split()):
        hint = "only whitespace differs (see <U+…> marks)\n"
    return hint + "\n".join(lines)


@pytest.mark.parametrize("gender", GENDERS)
@pytest.mark.parametrize("formality", FORMALITIES)
@pytest.mark.parametrize("locale", golden_locales())
@pytest.mark.parametrize("kind", draft_kinds())
def test_drafts_match_their_golden_file(
    kind: str, locale: str, formality: str, gender: str
) -> None:
    drafts = [d for d in _drafts(locale, formality, gender) if d.kind == kind]
    assert drafts, (
        f"the example facts produce no {kind!r} draft; extend examples/interview.toml "
        "so that every draft kind is shown"
    )
    for draft in drafts:
        assert not draft.fell_back, f"{kind} in {locale} fell back to {draft.locale}"
    actual = _golden_text(drafts)
    path = GOLDEN / kind / f"{locale}-{formality}-{gender}.txt"
    name = str(path.relative_to(GOLDEN.parent.parent))
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    if not path.is_file():
        pytest.fail(
            f"no golden file {name}; create it with FOLLOWUP_UPDATE_GOLDEN=1 pytest "
            "tests/test_golden.py, then read it as a native speaker before committing"
        )
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, _diff(expected, actual, name)


def test_no_golden_file_is_left_over() -> None:
    wanted = {
        GOLDEN / kind / f"{locale}-{formality}-{gender}.txt"
        for kind in draft_kinds()
        for locale in golden_locales()
        for formality in FORMALITIES
        for gender in GENDERS
    }
    stale = sorted(str(p) for p in GOLDEN.rglob("*.txt") if p not in wanted)
    assert not stale, "golden files for no current kind or language:\n" + "\n".join(stale)
