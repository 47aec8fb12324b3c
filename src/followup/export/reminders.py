"""Reminders for the candidate: what to do, for whom, in the candidate's own language.

A draft speaks to its recipient in the recipient's language; its reminder
speaks to the candidate, in :attr:`Candidate.locale <followup.Candidate.locale>`
or else the interview's locale: "Send the thank-you note to Dana Rivera",
"Check in with Tomás Ortega Ruiz — about sailing". The phrases are messages of
the shipped catalogs (``babel.cfg`` extracts them from this module), looked up
along the candidate's locale chain. Within one plan no two reminders share a
title: where two would, each is numbered ("… (2 of 3)").
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from followup.locales import ResolvedLocale, resolve_locale
from followup.rendering.i18n import translations

if TYPE_CHECKING:
    from followup.drafts import Draft
    from followup.plans import FollowUpPlan

__all__ = ["INTEREST_MAX", "description", "reminder_locale", "titles"]


def N_(message: str) -> str:  # noqa: N802 - the marker pybabel extracts by default
    """Mark *message* for the catalogs; it is looked up when a reminder is made."""
    return message


# Translators: a calendar reminder for the job candidate: send the
# thank-you note (a card or an e-mail) to this interviewer today.
# Word it as a to-do list says it (imperative or infinitive).
THANK_YOU = N_("Send the thank-you note to %(name)s")
# Translators: the same reminder for the thank-you note after a later
# interview with the same company (a second round).
THANK_YOU_AGAIN = N_("Send the thank-you note for the follow-up interview to %(name)s")
# Translators: a calendar reminder for the job candidate: send this
# interviewer a short, friendly message today, to stay in touch
# until the hiring decision.
CHECK_IN = N_("Check in with %(name)s")
# Translators: the same reminder with what the message is about:
# a hobby or topic as the candidate wrote it (often with its
# article), so put it where it needs no agreement (after a colon).
CHECK_IN_ABOUT = N_("Check in with %(name)s — about %(interest)s")
# Translators: a calendar reminder for the job candidate: send this
# interviewer the last message, which answers the hiring decision (an
# acceptance, a reply to a rejection, or a withdrawal).
CLOSING = N_("Send the closing note to %(name)s")
# Translators: a reminder's title where a plan has several with the
# same words, numbered in date order ("… (2 of 3)").
NUMBERED = N_("%(title)s (%(number)s of %(count)s)")

INTEREST_MAX = 60
"""The most characters of an interest a title shows; a longer one (an idea) is cut
at a word and ends in "…"."""


def reminder_locale(plan: FollowUpPlan) -> ResolvedLocale:
    """The language the candidate reads reminders in: their own locale, else the
    interview's, resolved to a shipped language."""
    interview = plan.interview
    return resolve_locale(interview.candidate.locale or interview.locale)


def titles(plan: FollowUpPlan) -> list[str]:
    r"""One title per draft of *plan*, in order, each saying what to do and for whom in
    the candidate's language; no two alike.

    >>> import followup
    >>> interview = followup.parse({
    ...     "company": "Northwind", "role": "Data Engineer", "date": "2026-11-24",
    ...     "candidate": {"name": "Sam Okafor", "locale": "de_DE"},
    ...     "interviewers": [{"name": "Dana Rivera"}, {"name": "Lee Chen"}],
    ...     "hobbies": [{"subject": {"en": "sailing", "de": "das Segeln"}, "person": "Lee Chen"}],
    ... })
    >>> for title in titles(followup.plan(interview, max_check_ins=1, check_ins_to="all")):
    ...     print(title)
    Dankesschreiben an Dana Rivera senden
    Dankesschreiben an Lee Chen senden
    Bei Dana Rivera melden
    Bei Lee Chen melden \u2013 Thema: das Segeln
    """
    locale = reminder_locale(plan)
    wording = translations(locale.chain)

    def say(message: str, **values: object) -> str:
        return (wording.find(None, message) or message) % values

    base = []
    for draft in plan.drafts:
        message, values = _phrase(plan, draft, locale)
        base.append(say(message, **values))
    counts = Counter(base)
    numbers: Counter[str] = Counter()
    found: list[str] = []
    for title in base:
        if counts[title] > 1:
            numbers[title] += 1
            title = say(NUMBERED, title=title, number=numbers[title], count=counts[title])
        found.append(title)
    # A fact may itself end like a numbered title: make sure, in any language.
    seen: set[str] = set()
    for index, title in enumerate(found):
        unique, extra = title, 1
        while unique in seen:
            extra += 1
            unique = f"{title} ({extra})"
        seen.add(unique)
        found[index] = unique
    return found


def _phrase(
    plan: FollowUpPlan, draft: Draft, locale: ResolvedLocale
) -> tuple[str, dict[str, str]]:
    """The message of *draft*'s reminder and its values (as keyword arguments)."""
    name = draft.recipient.name
    if draft.kind == "thank_you":
        return (THANK_YOU if draft.id in _first_notes(plan) else THANK_YOU_AGAIN), {"name": name}
    if draft.kind == "closing":
        return CLOSING, {"name": name}
    interest = _interest(plan, draft, locale)
    if interest is None:
        return CHECK_IN, {"name": name}
    return CHECK_IN_ABOUT, {"name": name, "interest": interest}


def _first_notes(plan: FollowUpPlan) -> frozenset[str]:
    """The ids of the thank-you notes after the first interview."""
    from followup.strategy import draft_id, person_slugs

    return frozenset(draft_id("thank_you", slug) for slug in person_slugs(plan.interview).values())


def _interest(plan: FollowUpPlan, draft: Draft, locale: ResolvedLocale) -> str | None:
    """What a check-in is about, in the candidate's language when the fact has a text
    in it, on one line and at most :data:`INTEREST_MAX` characters."""
    if draft.interest is None:
        return None
    interview = plan.interview
    facts = [
        *(t.subject for t in interview.topics),
        *(h.subject for h in interview.hobbies),
        *(i.summary for i in interview.ideas),
    ]
    phrase = next((fact for fact in facts if fact == draft.interest), None)
    text = draft.interest
    if phrase is not None:
        text = phrase.text_for(locale.chain, default=interview.locale) or text
    text = " ".join(text.split())
    if len(text) <= INTEREST_MAX:
        return text
    cut = text[: INTEREST_MAX - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def description(draft: Draft) -> str:
    """What a reminder holds: the draft's subject, its text, and each insert it encloses,
    to read (or copy) when the reminder goes off."""
    inserts = "".join(f"\n\n---\n\n{enclosure.text}" for enclosure in draft.enclosures)
    return f"{draft.subject}\n\n{draft.text}{inserts}"
