"""``plan()``: from interview facts to every dated draft, in the recipient's language."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from followup._names import honorific
from followup.attachments import attachments_for
from followup.drafts import Draft, FollowUpPlan
from followup.errors import OptionError
from followup.facts import Gift, Idea, Interview, Interviewer
from followup.locales import resolve_locale
from followup.rendering import render
from followup.strategy import DEFAULT_EVERY, Decision, decide

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


def _phrase(text: str) -> str:
    """A fact a template ends with its own full stop: without one of its own."""
    return text.rstrip(" .!?;:…")


def _idea(idea: Idea) -> dict[str, Any]:
    return {"summary": _phrase(idea.summary), "topic": idea.topic}


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
        "ideas": [_idea(i) for i in decision.ideas],
        "enclosures": [_gift(g) for g in decision.enclosures],
        "gift": _gift(decision.enclosures[0]) if decision.kind == "gift" else None,
        "interest": decision.interest,
        "number": decision.number,
    }


def render_decision(
    decision: Decision, interview: Interview, *, template_dirs: Sequence[Path] = ()
) -> Draft:
    """Render one decision into a draft in its recipient's language."""
    gift = decision.enclosures[0] if decision.kind == "gift" else None
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
        gift=gift,
        attachments=attachments_for(gift) if gift is not None else (),
        enclosures=(
            tuple(a for g in decision.enclosures for a in attachments_for(g))
            if decision.kind == "thank_you"
            else ()
        ),
        candidate=interview.candidate,
    )


def _template_dirs(template_dirs: Sequence[str | os.PathLike[str]]) -> tuple[Path, ...]:
    if isinstance(template_dirs, str | os.PathLike):
        raise OptionError(
            "template_dirs", template_dirs, 'must be a list of folders, such as ["my-templates"]'
        )
    dirs = tuple(Path(d) for d in template_dirs)
    for folder in dirs:
        if not folder.is_dir():
            raise OptionError("template_dirs", str(folder), "is not a folder of templates")
    return dirs


def plan(
    interview: Interview,
    *,
    today: dt.date | None = None,
    every: int | dt.timedelta = DEFAULT_EVERY,
    until: dt.date | None = None,
    max_check_ins: int | None = None,
    template_dirs: Sequence[str | os.PathLike[str]] = (),
) -> FollowUpPlan:
    """Draft everything the candidate should send after *interview*, ordered by date.

    *today* is the earliest day anything may go out (default: the interview
    day; followup never reads the clock): a late thank-you note goes out
    *today*, check-ins before it are left out. Check-ins go out *every* so
    many days (an ``int`` or a ``timedelta``; default 14) counted from the
    interview day, until *until* (default: the day before the decision is
    expected), at most *max_check_ins* of them (default: 4 when there is no
    end date). A bad option raises :class:`~followup.errors.OptionError`.
    *template_dirs* are searched before the shipped templates.
    """
    if not isinstance(interview, Interview):
        raise TypeError(
            f"plan() needs an Interview, not {type(interview).__name__}; "
            "pass followup.load(path) or followup.parse(data)"
        )
    dirs = _template_dirs(template_dirs)
    decisions = decide(
        interview, today=today, every=every, until=until, max_check_ins=max_check_ins
    )
    drafts = [render_decision(decision, interview, template_dirs=dirs) for decision in decisions]
    return FollowUpPlan(interview=interview, drafts=drafts, today=today)
