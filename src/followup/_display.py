"""Rich display in Jupyter: a draft as its rendered wording, a plan as a timeline."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup.drafts import Draft
    from followup.plans import FollowUpPlan

__all__ = ["KINDS", "draft_html", "plan_html", "status_label"]

KINDS = {"thank_you": "thank-you note", "check_in": "check-in", "closing": "closing note"}
"""How each kind of draft is named in listings."""


def _recipient(draft: Draft) -> str:
    person = draft.recipient
    if person.email:
        return f"{escape(person.name)} &lt;{escape(person.email)}&gt;"
    return escape(person.name)


def draft_html(draft: Draft) -> str:
    """A small header (date, kind, recipient, subject) above the note and its inserts."""
    rows = [
        ("Date", escape(draft.send_on.isoformat())),
        ("Kind", escape(KINDS.get(draft.kind, draft.kind))),
        ("To", _recipient(draft)),
        ("Subject", escape(draft.subject)),
    ]
    if draft.fell_back:
        rows.append(
            ("Language", f"{escape(draft.locale)} (asked for {escape(draft.requested_locale)})")
        )
    rows.extend(("Encloses", escape(e.label)) for e in draft.enclosures)
    header = "\n".join(
        f'<tr><th style="text-align:left">{name}</th><td>{value}</td></tr>' for name, value in rows
    )
    # The note and inserts are already escaped by the renderer: they are embedded as is.
    inserts = "".join(
        f'\n<div class="followup-enclosure">\n{e.html}\n</div>' for e in draft.enclosures
    )
    return (
        '<div class="followup-draft">\n'
        f'<table class="followup-draft-header">\n{header}\n</table>\n'
        f"{draft.html}{inserts}\n</div>"
    )


def status_label(plan: FollowUpPlan, draft: Draft, *, next_day: object = None) -> str:
    """Where *draft* stands on the plan's day, in a few words: "sent on 2026-11-24",
    "skipped", "overdue", "due today", "next" (the next day something is due, given as
    *next_day*) or "" (upcoming)."""
    state = plan.status(draft)
    if state == "sent":
        return f"sent on {draft.sent_on}"
    if state == "upcoming":
        return "next" if draft.send_on == next_day else ""
    return {"due": "due today"}.get(state, state)


def plan_html(plan: FollowUpPlan) -> str:
    """The plan as a timeline table: date, status, kind, recipient, subject, interest,
    enclosures and the draft's id (which ``followup sent`` takes)."""
    interview = plan.interview
    caption = f"Follow-ups for {interview.role} at {interview.company}"
    head = "".join(
        f'<th style="text-align:left">{name}</th>'
        for name in (
            "Date",
            "Status",
            "Kind",
            "Recipient",
            "Subject",
            "Interest",
            "Encloses",
            "Id",
        )
    )
    upcoming = plan.next_due() if not plan.due() else None
    body = "\n".join(
        "<tr>"
        f"<td>{escape(d.send_on.isoformat())}</td>"
        f"<td>{escape(status_label(plan, d, next_day=upcoming))}</td>"
        f"<td>{escape(KINDS.get(d.kind, d.kind))}</td>"
        f"<td>{escape(d.recipient.name)}</td>"
        f"<td>{escape(d.subject)}</td>"
        f"<td>{escape(d.interest or '')}</td>"
        f"<td>{'<br>'.join(escape(e.label) for e in d.enclosures)}</td>"
        f"<td><code>{escape(d.id)}</code></td>"
        "</tr>"
        for d in plan.drafts
    )
    return (
        '<table class="followup-plan">\n'
        f"<caption>{escape(caption)}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )
