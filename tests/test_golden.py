"""Golden files: each draft template, shipped language, formality and gender, on the example
facts (the closing note once for each outcome of the decision), per language and formality a
variant of the facts with a gift of every kind, one of them riding with a check-in
(``variants/``), and the notes after a second interview (``second_interview/``). A thank-you
note is shown as the note on its card and as its e-mail; the ``enclosure`` files hold the
inserts that go in the envelope.

Templates come from ``templates/<kind>.j2`` and languages from
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
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import followup
from tests._i18n import draft_kinds, golden_locales
from tests.conftest import OUTCOMES, decided, example_dict, interviewed_again

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FOLLOWUP_UPDATE_GOLDEN") == "1"
FORMALITIES = ("formal", "informal")
GENDERS = ("female", "male", "unspecified")


def _addressed(locale: str, formality: str, gender: str) -> dict[str, Any]:
    """The example facts with every interviewer addressed in *locale*, *formality*, *gender*."""
    data = example_dict()
    data["locale"] = locale
    data["formality"] = formality
    for person in data["interviewers"]:
        person["gender"] = gender
    return data


@functools.cache
def _drafts(locale: str, formality: str, gender: str) -> tuple[followup.Draft, ...]:
    """The example plan with every interviewer addressed in *locale*, *formality*, *gender*,
    then the closing note of each outcome of the decision."""
    data = _addressed(locale, formality, gender)
    closings = tuple(
        draft
        for outcome in OUTCOMES
        for draft in followup.plan(followup.parse(decided(data, outcome))).drafts
        if draft.kind == "closing"
    )
    return tuple(followup.plan(followup.parse(data)).drafts) + closings


def _golden_text(drafts: list[followup.Draft], *, email: bool = False) -> str:
    """The drafts' notes (and with *email*, their e-mail form when it differs)."""
    blocks = []
    for draft in drafts:
        heading = f"=== {draft.recipient.name} · {draft.send_on.isoformat()} · {draft.locale} ==="
        blocks.append(f"{heading}\nSubject: {draft.subject}\n\n{draft.text}\n")
        if email and draft.email_text != draft.text:
            blocks.append(f"--- the same as an e-mail ---\n\n{draft.email_text}\n")
    return "\n".join(blocks)


def _inserts(drafts: list[followup.Draft]) -> str:
    """The inserts the drafts enclose, each headed by whom it goes to."""
    return "\n".join(
        f"=== {d.recipient.name} · {d.send_on.isoformat()} · {e.gift.kind} ===\n\n{e.text}\n"
        for d in drafts
        for e in d.enclosures
    )


def _golden(kind: str, drafts: list[followup.Draft]) -> str:
    if kind == "enclosure":
        return _inserts(drafts)
    return _golden_text(
        [d for d in drafts if d.kind == kind], email=kind in ("thank_you", "closing")
    )


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
    drafts = list(_drafts(locale, formality, gender))
    for draft in drafts:
        assert not draft.fell_back, f"{draft.kind} in {locale} fell back to {draft.locale}"
    actual = _golden(kind, drafts)
    assert actual, (
        f"the example facts render no {kind!r} template; extend examples/interview.toml "
        "so that every template is shown"
    )
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


def _variant_dict() -> dict[str, Any]:
    """The example facts with one gift of every kind and contact detail, and two ideas,
    so that every sentence of a gift and of a thank-you note's enclosures is rendered."""
    data = example_dict()
    data["ideas"].append({"summary": "a shared glossary of the warehouse's metrics."})
    data["hobbies"][2]["detail"] = "playing in a trio on Friday nights"
    data["gifts"] += [
        {
            "kind": "article",
            "about": "sourdough baking",
            "title": "Starter maintenance, simplified",
            "url": "https://example.org/starter",
            "when": "check_in",
        },
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
            "contact": {"name": "Jo Lane", "gender": "female", "phone": "+1 206 555 0199"},
        },
        {
            "kind": "contact",
            "about": "sourdough baking",
            "to": "Dana Rivera",
            "contact": {"name": "Max Roe", "gender": "male", "email": "max@roe.example"},
        },
    ]
    return data


def _matches_golden(actual: str, path: Path) -> None:
    """*actual* is the golden file at *path* (written first with FOLLOWUP_UPDATE_GOLDEN=1)."""
    name = str(path.relative_to(GOLDEN.parent.parent))
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    if not path.is_file():
        pytest.fail(f"no golden file {name}; create it as for the other golden files")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, _diff(expected, actual, name)


@pytest.mark.parametrize("formality", FORMALITIES)
@pytest.mark.parametrize("locale", golden_locales())
def test_every_gift_and_enclosure_sentence_matches_its_golden_file(
    locale: str, formality: str
) -> None:
    data = _variant_dict()
    data["locale"] = locale
    data["formality"] = formality
    drafts = [d for d in followup.plan(followup.parse(data)).drafts if d.enclosures]
    gifts = {g.kind for d in drafts for g in d.gifts}
    assert gifts == {"article", "website", "contact", "tip"}
    assert {d.kind for d in drafts} == {"thank_you", "check_in"}
    for draft in drafts:
        assert not draft.fell_back, f"{draft.kind} in {locale} fell back to {draft.locale}"
    actual = _golden_text(drafts, email=True) + "\n" + _inserts(drafts)
    path = GOLDEN / "variants" / f"{locale}-{formality}.txt"
    _matches_golden(actual, path)


@pytest.mark.parametrize("formality", FORMALITIES)
@pytest.mark.parametrize("locale", golden_locales())
def test_notes_after_a_second_interview_match_their_golden_file(
    locale: str, formality: str
) -> None:
    """The thank-you notes after a second interview: to the primary interviewer, met
    again, and to Pat Kim, met that day."""
    data = interviewed_again(_addressed(locale, formality, "female"))
    drafts = [
        d for d in followup.plan(followup.parse(data)).drafts if d.id.startswith("thank-you-2-")
    ]
    assert [d.recipient.name for d in drafts] == ["Dana Rivera", "Pat Kim"]
    for draft in drafts:
        assert not draft.fell_back, f"{draft.kind} in {locale} fell back to {draft.locale}"
    _matches_golden(
        _golden_text(drafts, email=True), GOLDEN / "second_interview" / f"{locale}-{formality}.txt"
    )


EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_each_shipped_example_matches_its_golden_file(example: Path) -> None:
    """Every example facts file, written natively in its language (or several), as
    everything it drafts: notes, e-mails and inserts, in every language it uses."""
    interview = followup.load(example)
    plan = followup.plan(interview, today=interview.date)
    drafts = list(plan.drafts)
    assert {d.kind for d in drafts} == {"thank_you", "check_in"}
    for draft in drafts:
        assert not draft.fell_back, f"{draft.kind} in {draft.requested_locale} fell back"
    assert [f.code for f in plan.review()] == [], "an example has nothing to fix"
    actual = _golden_text(drafts, email=True) + "\n" + _inserts(drafts)
    path = GOLDEN / "examples" / f"{example.stem}.txt"
    _matches_golden(actual, path)


def test_the_examples_cover_every_native_language_and_a_mixed_committee() -> None:
    languages = set()
    for example in EXAMPLES:
        interview = followup.load(example)
        drafts = followup.plan(interview, today=interview.date).drafts
        languages |= {d.locale.split("_")[0] for d in drafts}
        if len({d.locale.split("_")[0] for d in drafts}) > 1:
            languages.add("mixed")
    assert languages >= {"en", "de", "fr", "es", "mixed"}


def test_no_golden_file_is_left_over() -> None:
    wanted = (
        {
            GOLDEN / kind / f"{locale}-{formality}-{gender}.txt"
            for kind in draft_kinds()
            for locale in golden_locales()
            for formality in FORMALITIES
            for gender in GENDERS
        }
        | {
            GOLDEN / "variants" / f"{locale}-{formality}.txt"
            for locale in golden_locales()
            for formality in FORMALITIES
        }
        | {
            GOLDEN / "second_interview" / f"{locale}-{formality}.txt"
            for locale in golden_locales()
            for formality in FORMALITIES
        }
        | {GOLDEN / "examples" / f"{example.stem}.txt" for example in EXAMPLES}
    )
    stale = sorted(str(p) for p in GOLDEN.rglob("*.txt") if p not in wanted)
    assert not stale, "golden files for no current kind or language:\n" + "\n".join(stale)


_GLUED = re.compile(r"[^\W\d_][.!?][^\W\d_]{2}")
"""A sentence's end with the next sentence right after it, without a space."""
_ADDRESS = re.compile(r"\S*(?:https?://|www\.|@)\S*")


@pytest.mark.parametrize(
    "path", sorted(GOLDEN.rglob("*.txt")), ids=lambda p: str(p.relative_to(GOLDEN))
)
def test_no_sentence_runs_into_the_next(path: Path) -> None:
    """Templates join a paragraph's sentences with a space: a comment that trims the
    line break between two of them ("{#- … -#}") glues them ("Analytics.I am …")."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = _ADDRESS.sub(" ", line)
        assert not _GLUED.search(text), f"{path.name}:{number}: {line}"
