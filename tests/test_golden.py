"""Golden files: each draft kind, shipped language, formality and gender, on the example facts,
and per language and formality a variant of the facts with a gift of every kind (``variants/``).

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
from typing import Any

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


VARIANT_KINDS = ("gift", "thank_you")
"""The kinds whose wording depends on which gifts and how many ideas there are."""


def _variant_dict() -> dict[str, Any]:
    """The example facts with one gift of every kind and contact detail, and two ideas,
    so that every sentence of a gift and of a thank-you note's enclosures is rendered."""
    data = example_dict()
    data["ideas"].append({"summary": "a shared glossary of the warehouse's metrics."})
    data["gifts"] += [
        {
            "kind": "website",
            "about": "on-call practices",
            "to": "Lee Chen",
            "title": "Incident Review Library",
            "url": "https://example.org/incident-reviews",
        },
        {
            "kind": "contact",
            "about": "moving the nightly batch jobs to streaming",
            "to": "Dana Rivera",
            "contact": {
                "name": "Kim Park",
                "organization": "Contoso",
                "email": "kim.park@contoso.example",
                "phone": "+1 206 555 0100",
                "note": "Kim moved Contoso's nightly batch jobs to streaming last year.",
            },
        },
        {
            "kind": "contact",
            "about": "on-call practices",
            "to": "Lee Chen",
            "contact": {"name": "Jo Lane", "phone": "+1 206 555 0199"},
        },
        {
            "kind": "contact",
            "about": "sourdough baking",
            "to": "Dana Rivera",
            "contact": {"name": "Max Roe", "email": "max@roe.example"},
        },
    ]
    return data


@pytest.mark.parametrize("formality", FORMALITIES)
@pytest.mark.parametrize("locale", golden_locales())
def test_every_gift_and_enclosure_sentence_matches_its_golden_file(
    locale: str, formality: str
) -> None:
    data = _variant_dict()
    data["locale"] = locale
    data["formality"] = formality
    drafts = [d for d in followup.plan(followup.parse(data)).drafts if d.kind in VARIANT_KINDS]
    gifts = {d.gift.kind for d in drafts if d.gift is not None}
    assert gifts == {"article", "website", "contact", "tip"}
    for draft in drafts:
        assert not draft.fell_back, f"{draft.kind} in {locale} fell back to {draft.locale}"
    actual = _golden_text(drafts)
    path = GOLDEN / "variants" / f"{locale}-{formality}.txt"
    name = str(path.relative_to(GOLDEN.parent.parent))
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    if not path.is_file():
        pytest.fail(f"no golden file {name}; create it as for the other golden files")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, _diff(expected, actual, name)


def test_no_golden_file_is_left_over() -> None:
    wanted = {
        GOLDEN / kind / f"{locale}-{formality}-{gender}.txt"
        for kind in draft_kinds()
        for locale in golden_locales()
        for formality in FORMALITIES
        for gender in GENDERS
    } | {
        GOLDEN / "variants" / f"{locale}-{formality}.txt"
        for locale in golden_locales()
        for formality in FORMALITIES
    }
    stale = sorted(str(p) for p in GOLDEN.rglob("*.txt") if p not in wanted)
    assert not stale, "golden files for no current kind or language:\n" + "\n".join(stale)
