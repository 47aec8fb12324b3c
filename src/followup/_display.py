"""Rich display in Jupyter: a draft as its rendered wording, a plan as a timeline."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup.drafts import Draft, FollowUpPlan

__all__ = ["draft_html", "plan_html"]


def _kind(draft: Draft) -> str:
    from followup.drafts import KIND_LABELS

    return KIND_LABELS.get(draft.kind, draft.kind)


def _recipient(draft: Draft) -> str:
    person = draft.recipient
    if person.email:
        return f"{escape(person.name)} &lt;{escape(person.email)}&gt;"
    return escape(person.name)


def draft_html(draft: Draft) -> str:
    """A small header (date, kind, recipient, subject) above the draft's HTML wording."""
    rows = [
        ("Date", escape(draft.send_on.isoformat())),
        ("Kind", escape(_kind(draft))),
        ("To", _recipient(draft)),
        ("Subject", escape(draft.subject)),
    ]
    if draft.fell_back:
        rows.append(
            ("Language", f"{escape(draft.locale)} (asked for {escape(draft.requested_locale)})")
        )
    rows.extend(("Attachment", escape(a.filename)) for a in draft.attachments)
    rows.extend(("Encloses", escape(a.filename)) for a in draft.enclosures)
    header = "\n".join(
        f'<tr><th style="text-align:left">{name}</th><td>{value}</td></tr>' for name, value in rows
    )
    # draft.html is already escaped by the renderer: it is embedded as is.
    return (
        '<div class="followup-draft">\n'
        f'<table class="followup-draft-header">\n{header}\n</table>\n'
        f"{draft.html}\n</div>"
    )


def plan_html(plan: FollowUpPlan) -> str:
    """The plan as a timeline table: date, kind, recipient, subject, interest."""
    interview = plan.interview
    caption = f"Follow-ups for {interview.role} at {interview.company}"
    head = "".join(
        f'<th style="text-align:left">{name}</th>'
        for name in ("Date", "Kind", "Recipient", "Subject", "Interest")
    )
    body = "\n".join(
        "<tr>"
        f"<td>{escape(d.send_on.isoformat())}</td>"
        f"<td>{escape(_kind(d))}</td>"
        f"<td>{escape(d.recipient.name)}</td>"
        f"<td>{escape(d.subject)}</td>"
        f"<td>{escape(d.interest or '')}</td>"
        "</tr>"
        for d in plan.drafts
    )
    return (
        '<table class="followup-plan">\n'
        f"<caption>{escape(caption)}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )
