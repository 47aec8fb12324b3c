"""Rich display in Jupyter: drafts and plans as escaped HTML."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import followup
from tests.conftest import example_dict, minimal_dict
from tests.test_mail import PDF, with_files

EVIL = "<script>alert(1)</script>&\"'"


class _Cells(HTMLParser):
    """Collects the text of every table cell and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        if tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(html: str) -> _Cells:
    cells = _Cells()
    cells.feed(html)
    return cells


def _evil_plan() -> followup.FollowUpPlan:
    interview = followup.parse(
        minimal_dict(role=EVIL, interviewers=[{"name": f"Dana {EVIL}", "email": "d@example.com"}])
    )
    return followup.plan(interview)


def test_a_plan_displays_as_a_timeline(interview: followup.Interview) -> None:
    plan = followup.plan(interview)
    later = plan.drafts[0].model_copy(
        update={"kind": "check_in", "send_on": dt.date(2026, 12, 8), "interest": "sailing"}
    )
    plan = plan.model_copy(update={"drafts": [*plan.drafts, later]})
    rows = _parse(plan._repr_html_()).rows
    assert rows[0] == [
        "Date", "Status", "Kind", "Recipient", "Subject", "Interest", "Encloses", "Id"
    ]  # fmt: skip
    assert rows[1:] == [
        [
            d.send_on.isoformat(),
            "due today" if d.send_on == interview.date else "",
            followup.drafts.KIND_LABELS[d.kind],
            d.recipient.name,
            d.subject,
            d.interest or "",
            "".join(e.label for e in d.enclosures),
            d.id,
        ]
        for d in plan.drafts
    ]


def test_the_timeline_says_where_each_draft_stands() -> None:
    data = example_dict()
    data["events"] = [{"kind": "sent", "date": "2026-11-24", "draft": "thank-you-dana-rivera"}]
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 11, 25))
    rows = {row[-1]: row[1] for row in _parse(plan._repr_html_()).rows[1:]}
    assert rows["thank-you-dana-rivera"] == "sent on 2026-11-24"
    assert rows["thank-you-lee-chen"] == "due today"
    assert rows["check-in-1-dana-rivera"] == ""
    later = followup.plan(followup.parse(data), today=dt.date(2026, 12, 9))
    rows = {row[-1]: row[1] for row in _parse(later._repr_html_()).rows[1:]}
    assert rows["check-in-1-dana-rivera"] == "overdue"


def test_a_draft_displays_its_header_and_wording(interview: followup.Interview) -> None:
    draft = followup.plan(interview).drafts[0]
    html = draft._repr_html_()
    rows = dict(row for row in _parse(html).rows if len(row) == 2)
    assert rows["Date"] == "2026-11-24"
    assert rows["Kind"] == "thank-you note"
    assert rows["To"] == "Dana Rivera <dana.rivera@northwind.example>"
    assert rows["Subject"] == draft.subject
    assert rows["Encloses"] == "article “The racing rules, explained”"
    assert draft.html in html
    assert draft.enclosures[0].html in html
    with_pdf = _parse(with_files(draft, PDF)._repr_html_()).rows
    assert [row[1] for row in with_pdf if row[0] == "Encloses"] == [
        "article “The racing rules, explained”",
        "a tip about sailing",
    ]


def test_facts_are_escaped_in_both_displays() -> None:
    plan = _evil_plan()
    for html in (plan._repr_html_(), plan.drafts[0]._repr_html_()):
        cells = _parse(html)
        assert "script" not in cells.tags
        assert "<script>" not in html
        assert any(EVIL in cell for row in cells.rows for cell in row)
