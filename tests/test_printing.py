"""Pages to print: each thank-you note on a card page, each gift insert on a small page.

The browser test prints every page to PDF with headless Chromium and reads it back with
``pdftotext``; ``.ci/run`` installs both (Debian ``chromium`` and ``poppler-utils``) and
sets ``FOLLOWUP_REQUIRE_BROWSER=1``, so there the test cannot be skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import followup
from followup.export.printing import print_pages
from tests._i18n import golden_locales
from tests.conftest import example_dict, minimal_dict

EVIL = "<script>alert(1)</script>&\"'"


def test_one_page_per_thank_you_note(interview: followup.Interview) -> None:
    plan = followup.plan(interview)
    pages = plan.to_print_html()
    notes = [d for d in plan.drafts if d.kind == "thank_you"]
    assert [p.draft for p in pages] == notes
    assert [p.filename for p in pages] == [
        "2026-11-24_thank-you_dana-rivera.html",
        "2026-11-24_thank-you_lee-chen.html",
    ]
    for page in pages:
        assert page.html.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
        assert page.draft.html in page.html
        assert page.html.count('<section class="insert">') == len(page.draft.enclosures)
        for enclosure in page.draft.enclosures:
            assert enclosure.html in page.html
        assert "@page card" in page.html
        assert "@page insert" in page.html


def test_links_are_also_qr_codes_and_other_gifts_are_not() -> None:
    data = example_dict()
    data["gifts"].append(
        {"kind": "contact", "about": "sailing", "contact": {"name": "Kim Park", "phone": "1234"}}
    )
    dana, lee = print_pages(followup.plan(followup.parse(data)))
    assert dana.html.count("<svg") == 1  # the article; not the contact
    assert lee.html.count("<svg") == 0  # a tip
    assert print_pages(followup.plan(followup.parse(data))) == (dana, lee)  # deterministic


def test_facts_are_escaped_on_the_page() -> None:
    data = minimal_dict(
        role=EVIL,
        topics=[{"subject": EVIL}],
        gifts=[{"kind": "article", "about": EVIL, "title": EVIL, "url": "https://e.org/?a=<b>"}],
    )
    (page,) = print_pages(followup.plan(followup.parse(data)))
    assert "<script>" not in page.html
    assert "&lt;script&gt;" in page.html


def test_every_language_sets_its_lang() -> None:
    for locale in golden_locales():
        data = example_dict()
        data["locale"] = locale
        (page, _) = print_pages(followup.plan(followup.parse(data)))
        lang = page.draft.locale.replace("_", "-")
        assert page.html.startswith(f'<!DOCTYPE html>\n<html lang="{lang}"')


# --- printed by a browser ---------------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("FOLLOWUP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{name} is not installed; .ci/run installs it")
        pytest.skip(f"{name} is not installed (Debian: chromium, poppler-utils)")
    return found


def _print_to_pdf(page: Path, pdf: Path, profile: Path) -> None:
    subprocess.run(
        [
            _tool("chromium"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def _pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        [_tool("pdfinfo"), "-f", "1", "-l", "999", str(pdf)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (float(w), float(h))
        for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    ]


def _pdf_text(pdf: Path, page: int) -> str:
    text = subprocess.run(
        [_tool("pdftotext"), "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return _words(text)


def _words(text: str) -> str:
    # pdftotext joins a word broken after a hyphen at the end of a line ("on-" "call"
    # reads back "oncall"): compare without hyphens.
    return " ".join(text.replace("-", "").split())


CARD = (360.0, 504.0)  # 5 by 7 inches, in points
INSERT = (420.0, 298.08)  # A6 landscape


def _big_facts(locale: str) -> dict[str, Any]:
    """Six topics, three hobbies, three ideas, three gifts: more than a card holds."""
    data = example_dict()
    data["locale"] = locale
    data["topics"] += [
        {"subject": "data contracts between teams", "with": ["Dana Rivera"]},
        {"subject": "the cost of the warehouse", "with": ["Dana Rivera", "Lee Chen"]},
        {"subject": "hiring for the platform team"},
        {"subject": "the migration of the reporting stack", "with": ["Dana Rivera"]},
    ]
    data["ideas"] += [
        {"summary": "a shared glossary of the warehouse's metrics"},
        {"summary": "alerts that link to their runbook", "topic": "on-call practices"},
    ]
    data["gifts"].append(
        {
            "kind": "contact",
            "about": "data contracts between teams",
            "contact": {
                "name": "Kim Park",
                "email": "kim@contoso.example",
                "phone": "+1 206 555 0100",
            },
        }
    )
    return data


@pytest.mark.slow
@pytest.mark.parametrize("locale", golden_locales())
def test_a_browser_prints_each_note_on_one_card_and_each_insert_on_its_own_page(
    locale: str, tmp_path: Path
) -> None:
    plan = followup.plan(followup.parse(_big_facts(locale)))
    for page in plan.to_print_html():
        html = tmp_path / page.filename
        html.write_text(page.html, encoding="utf-8")
        pdf = tmp_path / (page.filename + ".pdf")
        _print_to_pdf(html, pdf, tmp_path / "profile")
        sizes = _pdf_pages(pdf)
        assert len(sizes) == 1 + len(page.draft.enclosures), page.filename
        assert sizes[0] == CARD
        assert sizes[1:] == [INSERT] * len(page.draft.enclosures)
        card = _pdf_text(pdf, 1)
        assert _words(page.draft.text) == card
        for number, enclosure in enumerate(page.draft.enclosures, start=2):
            insert = _pdf_text(pdf, number)
            assert _words(f"{enclosure.text} \u2013 {plan.interview.candidate.name}") == insert


def test_a_check_in_that_carries_a_gift_is_printed_too() -> None:
    data = example_dict()
    data["gifts"][0]["when"] = "check_in"
    plan = followup.plan(followup.parse(data))
    pages = print_pages(plan)
    assert [p.draft.kind for p in pages] == ["thank_you", "thank_you", "check_in"]
    assert pages[2].filename == "2026-12-08_check-in_dana-rivera.html"
    assert pages[2].html.count('<section class="insert">') == 1


def test_a_link_too_long_for_a_qr_code_is_printed_without_one() -> None:
    url = "https://example.org/" + "ж" * 1200
    data = minimal_dict(
        topics=[{"subject": "x"}],
        gifts=[{"kind": "article", "about": "x", "title": "Long", "url": url}],
    )
    (page,) = print_pages(followup.plan(followup.parse(data)))
    assert "<svg" not in page.html
    assert url in page.html


def test_each_slip_says_whom_it_is_from(interview: followup.Interview) -> None:
    (dana, _) = print_pages(followup.plan(interview))
    assert dana.html.count('<p class="from">&#8211; Sam Okafor</p>') == len(dana.draft.enclosures)
