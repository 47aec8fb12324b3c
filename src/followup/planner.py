"""``plan()``: from interview facts to every dated draft, in the recipient's language."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from followup._address import honorific
from followup.drafts import Draft, FollowUpPlan
from followup.facts import Gift, Interview, Interviewer
from followup.locales import resolve_locale
from followup.rendering import render
from followup.strategy import Decision, decide

__all__ = ["plan", "render_decision"]


def _person(person: Interviewer, interview: Interview) -> dict[str, Any]:
    return {
        "name": person.name,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "title": person.title,
        "honorific": honorific(person.title),
        "gender": person.gender,
        "position": person.position,
        "formality": person.formality or interview.formality,
    }


def _gift(gift: Gift) -> dict[str, Any]:
    return gift.model_dump(mode="json", by_alias=True)


def _context(decision: Decision, interview: Interview) -> dict[str, Any]:
    """The render context: plain data only, never model instances."""
    return {
        "kind": decision.kind,
        "company": interview.company,
        "role": interview.role,
        "interview_date": interview.date,
        "send_on": decision.send_on,
        "candidate": interview.candidate.model_dump(mode="json"),
        "recipient": _person(decision.recipient, interview),
        "others": [p.name for p in interview.interviewers if p.name != decision.recipient.name],
        "topics": list(decision.topics),
        "hobbies": [h.model_dump(mode="json") for h in decision.hobbies],
        "ideas": [i.model_dump(mode="json") for i in decision.ideas],
        "enclosures": [_gift(g) for g in decision.enclosures],
        "gift": _gift(decision.enclosures[0]) if decision.kind == "gift" else None,
        "interest": decision.interest,
    }


def render_decision(
    decision: Decision, interview: Interview, *, template_dirs: Sequence[Path] = ()
) -> Draft:
    """Render one decision into a draft in its recipient's language."""
    requested = decision.recipient.locale or interview.locale
    locale = resolve_locale(requested)
    rendered = render(
        decision.kind,
        _context(decision, interview),
        locale=locale,
        formality=decision.recipient.formality or interview.formality,
        template_dirs=tuple(template_dirs),
    )
    return Draft(
        kind=decision.kind,
        recipient=decision.recipient,
        send_on=decision.send_on,
        locale=rendered.locale.language,
        requested_locale=locale.requested,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        interest=decision.interest,
        gift=decision.enclosures[0] if decision.kind == "gift" else None,
    )


def plan(
    interview: Interview,
    *,
    today: dt.date | None = None,
    template_dirs: Sequence[str | os.PathLike[str]] = (),
) -> FollowUpPlan:
    """Draft everything the candidate should send after *interview*, ordered by date.

    *today* is the earliest day anything may go out (default: the interview
    day; followup never reads the clock). *template_dirs* are searched before
    the shipped templates.
    """
    dirs = tuple(Path(d) for d in template_dirs)
    drafts = [
        render_decision(decision, interview, template_dirs=dirs)
        for decision in decide(interview, today=today)
    ]
    return FollowUpPlan(interview=interview, drafts=drafts, today=today)
