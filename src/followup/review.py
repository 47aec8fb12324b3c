"""The review of a plan against the follow-up strategy: what is wrong, and what to do.

:func:`review` runs every check in :data:`CHECKS` over a plan and returns its
:class:`Finding` values, errors first. A check is a function from a plan to
findings; a new check is written as one more function and added to
:data:`CHECKS`. Each finding carries a stable :attr:`Finding.code` that
programs and tests match on; its message is for people.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from babel import Locale
from pydantic import BaseModel, ConfigDict

from followup._names import before_family, first_surname, name_words, spanish_name_parts
from followup._scripts import mixed_scripts
from followup._text import ascii_domain, unicode_domain
from followup.drafts import KIND_LABELS, Draft
from followup.facts import ContactGift, TipGift
from followup.facts._fields import SHORT_NAME_WORDS
from followup.facts.models import DecisionEvent, ReplyEvent
from followup.facts.phrases import Phrase
from followup.locales import resolve_locale, shipped_locales
from followup.rendering.conventions import conventions
from followup.rendering.languages.base import FactKind
from followup.strategy import (
    draft_id,
    gift_recipient,
    interview_rounds,
    person_slugs,
    shared_interests,
)

if TYPE_CHECKING:
    from followup.plans import FollowUpPlan

__all__ = [
    "CHECKS",
    "MAX_IDEA_WORDS",
    "MAX_OVERDUE",
    "MIN_CHECK_IN_GAP",
    "SHORT_NAME_WORDS",
    "Check",
    "Finding",
    "Severity",
    "check_in_after_reply",
    "check_in_before_decision",
    "check_in_spacing",
    "closing_sent",
    "decision_passed",
    "draft_overdue",
    "fact_shape",
    "gift_fit",
    "gift_placement",
    "gift_presence",
    "gift_timing",
    "idea_length",
    "interest_rotation",
    "interest_supply",
    "language_fallback",
    "lookalikes",
    "missing_address",
    "review",
    "spanish_surnames",
    "thank_you_length",
    "thank_you_timing",
    "topic_short_name",
]

Severity = Literal["error", "warning", "suggestion"]
"""How much a finding matters: an error breaks the strategy, a warning weakens
it, a suggestion would improve it."""
_RANK: dict[str, int] = {"error": 0, "warning": 1, "suggestion": 2}

MIN_CHECK_IN_GAP = dt.timedelta(days=7)
"""Check-ins closer together than this read as pushy."""
MAX_IDEA_WORDS = 40
"""The most words an idea may have to be told on a card: two short sentences."""
MAX_OVERDUE = dt.timedelta(days=3)
"""A draft still to send this long after its day is worth a finding."""


class Finding(BaseModel):
    """One thing the review found: how much it matters, where, and what to do."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    code: str
    """A stable identifier of the kind of finding, such as ``"check_in_too_close"``."""
    message: str
    """One sentence: what is wrong and what to do about it."""
    draft: Draft | None = None
    """The draft the finding concerns, or ``None`` when it concerns the whole plan."""

    def __str__(self) -> str:
        where = self.draft.label if self.draft is not None else "plan"
        return f"{self.severity}: {where}: {self.message}"


Check = Callable[["FollowUpPlan"], Iterable[Finding]]
"""A check of a plan: yields a finding for each problem it sees."""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _check_ins(plan: FollowUpPlan) -> list[Draft]:
    """The check-ins that went out or are still to send (not those left behind)."""
    return sorted(
        (d for d in plan.drafts if d.kind == "check_in" and d.id not in plan.skipped),
        key=lambda d: d.send_on,
    )


def _pending(plan: FollowUpPlan) -> list[Draft]:
    """The drafts still to send."""
    return [d for d in plan.drafts if d.sent_on is None and d.id not in plan.skipped]


def _pairs(drafts: list[Draft]) -> Iterator[tuple[Draft, Draft]]:
    """Consecutive check-ins to the same person."""
    last: dict[str, Draft] = {}
    for draft in drafts:
        previous = last.get(draft.recipient.name)
        if previous is not None:
            yield previous, draft
        last[draft.recipient.name] = draft


def _replies(plan: FollowUpPlan) -> list[ReplyEvent]:
    return [e for e in plan.interview.events if isinstance(e, ReplyEvent)]


def _replier(plan: FollowUpPlan, reply: ReplyEvent) -> str:
    return reply.person or plan.interview.primary.name


def check_in_spacing(plan: FollowUpPlan) -> Iterator[Finding]:
    """Error: two check-ins to one person less than a week apart (unless they replied
    in between: then the next check-in keeps to what they said)."""
    for previous, draft in _pairs(_check_ins(plan)):
        if any(
            _replier(plan, r) == draft.recipient.name and previous.send_on <= r.date
            for r in _replies(plan)
            if r.date < draft.send_on
        ):
            continue
        gap = (draft.send_on - previous.send_on).days
        if draft.send_on - previous.send_on < MIN_CHECK_IN_GAP:
            yield Finding(
                severity="error",
                code="check_in_too_close",
                draft=draft,
                message=(
                    f"This check-in goes out only {_count(gap, 'day')} after the previous one "
                    f"on {previous.send_on.isoformat()}; space check-ins at least "
                    f"{MIN_CHECK_IN_GAP.days} days apart (plan with a larger 'every')."
                ),
            )


def check_in_before_decision(plan: FollowUpPlan) -> Iterator[Finding]:
    """Error: a check-in on or after the day the decision is expected."""
    decision = plan.interview.expected_decision
    if decision is None:
        return
    for draft in _check_ins(plan):
        if draft.send_on >= decision and draft.sent_on is None:
            yield Finding(
                severity="error",
                code="check_in_after_decision",
                draft=draft,
                message=(
                    f"This check-in goes out on or after the expected decision date "
                    f"{decision.isoformat()}; drop it or plan with an earlier 'until'."
                ),
            )


def interest_rotation(plan: FollowUpPlan) -> Iterator[Finding]:
    """Error: two check-ins in a row about the same interest."""
    for previous, draft in _pairs(_check_ins(plan)):
        if draft.interest is not None and draft.interest == previous.interest:
            yield Finding(
                severity="error",
                code="interest_repeated",
                draft=draft,
                message=(
                    f"This check-in is about {draft.interest!r} again, like the one before it; "
                    "write it about another shared interest or add a hobby, topic or idea "
                    "to the facts."
                ),
            )


def _interview_days(plan: FollowUpPlan) -> dict[str, dt.date]:
    """The day of the interview each thank-you note thanks for, by the note's id."""
    slugs = person_slugs(plan.interview)
    return {
        draft_id("thank_you", slugs[person.name], round=r.number): r.day
        for r in interview_rounds(plan.interview)
        for person in r.people
    }


def thank_you_timing(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: a thank-you note not mailed on the interview day."""
    days = _interview_days(plan)
    for draft in _pending(plan):
        day = days.get(draft.id, plan.interview.date)
        if draft.kind == "thank_you" and draft.send_on != day:
            yield Finding(
                severity="warning",
                code="thank_you_late",
                draft=draft,
                message=(
                    f"This thank-you note goes out on {draft.send_on.isoformat()}, not on the "
                    f"interview day {day.isoformat()}; send it as soon as you can."
                ),
            )


def _words(text: str) -> int:
    return len(text.split())


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _long_facts(plan: FollowUpPlan, draft: Draft) -> list[tuple[str, str, int]]:
    """The facts the candidate wrote that a note to *draft*'s recipient tells, longest first."""
    interview = plan.interview
    person = draft.recipient
    facts = [("topic", t.subject) for t in interview.topics_with(person)]
    facts += [("hobby", h.subject) for h in interview.hobbies_of(person)]
    facts += [("idea", i.summary) for i in interview.ideas_for(person)]
    facts += [("company", interview.company), ("role", interview.role)]
    found = [(kind, text, _words(text)) for kind, text in facts if text in draft.text]
    return sorted(found, key=lambda fact: -fact[2])


def thank_you_length(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: a thank-you note too long for its card even with every optional sentence
    left out: the candidate's own facts are too long, and the finding names them."""
    for draft in plan.drafts:
        rules = conventions(draft.locale)
        if draft.kind != "thank_you" or rules.fits_card(draft.text):
            continue
        longest = " and ".join(
            f"the {kind} {_short(text)!r} ({_count(n, 'word')})"
            for kind, text, n in _long_facts(plan, draft)[:2]
        )
        yield Finding(
            severity="warning",
            code="thank_you_too_long",
            draft=draft,
            message=(
                f"This thank-you note has {draft.word_count} words ({len(draft.text)} "
                "characters) even with everything optional left out, more than a card "
                f"holds ({rules.card_words} words, {rules.card_characters} characters); "
                f"shorten {longest or 'the facts it tells'} in the facts file."
            ),
        )


def idea_length(plan: FollowUpPlan) -> Iterator[Finding]:
    """Suggestion: an idea too long to tell on a card."""
    for index, idea in enumerate(plan.interview.ideas):
        count = _words(idea.summary)
        if count > MAX_IDEA_WORDS:
            yield Finding(
                severity="suggestion",
                code="idea_too_long",
                message=(
                    f"The idea ideas[{index}] has {count} words, more than a card can tell; "
                    f"shorten it to at most {MAX_IDEA_WORDS} words and keep the rest for a "
                    "second interview."
                ),
            )


def topic_short_name(plan: FollowUpPlan) -> Iterator[Finding]:
    """Suggestion: a long topic without a short name, named in full in more than one
    draft to the same person: a native writer names it in full once."""
    for index, topic in enumerate(plan.interview.topics):
        count = _words(topic.subject)
        if count <= SHORT_NAME_WORDS:
            continue
        names = topic.subject.names
        told: dict[str, int] = {}
        languages: set[str] = set()
        for draft in plan.drafts:
            if any(name in draft.email_text for name in names):
                told[draft.recipient.name] = told.get(draft.recipient.name, 0) + 1
                if draft.kind != "thank_you":
                    languages.add(_language_name(draft.locale))
        if topic.short is not None and languages:
            # A short name without a text in these drafts' language(s).
            todo = f"give its short name a text in {' and '.join(sorted(languages))}"
        elif topic.short is None and max(told.values(), default=0) >= 2:
            todo = 'give it a short name for later mentions, such as short = "…" under that topic'
        else:
            continue
        yield Finding(
            severity="suggestion",
            code="topic_short_name",
            message=(
                f"The topic topics[{index}] {_short(str(topic.subject))!r} ({count} words) is "
                f"named in full in {_count(sum(told.values()), 'draft')}; {todo} (a few "
                "words, in the same shape as its subject)."
            ),
        )


def interest_supply(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: more check-ins to a person than interests shared with them."""
    counts: dict[str, int] = {}
    for draft in _check_ins(plan):
        counts[draft.recipient.name] = counts.get(draft.recipient.name, 0) + 1
    people = {person.name: person for person in plan.interview.interviewers}
    for name, count in counts.items():
        person = people.get(name)
        if person is None:
            continue  # an edited plan writing to someone the facts do not know
        available = len(shared_interests(plan.interview, person))
        if available < count:
            supply = (
                "nothing shared with them to write about"
                if available == 0
                else f"only {_count(available, 'shared interest')} to write about"
            )
            yield Finding(
                severity="warning",
                code="too_few_interests",
                message=(
                    f"The plan has {_count(count, 'check-in')} to {name} but {supply}; "
                    "add hobbies, topics or ideas to the facts, or plan fewer check-ins."
                ),
            )


def decision_passed(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: the plan is made on or after the day the decision was expected, and
    the facts record no decision."""
    decision = plan.interview.expected_decision
    if any(isinstance(e, DecisionEvent) for e in plan.interview.events):
        return
    if plan.today is not None and decision is not None and plan.today >= decision:
        yield Finding(
            severity="warning",
            code="decision_passed",
            message=(
                f"The hiring decision was expected on {decision.isoformat()}, which is not "
                f"after today ({plan.today.isoformat()}); ask where things stand instead of "
                "sending these drafts as they are."
            ),
        )


def _untranslated(
    plan: FollowUpPlan, draft: Draft, locale: str | None = None
) -> list[tuple[str, Phrase]]:
    """The facts *draft*'s recipient hears about that have no text in *locale*'s
    language (default: the recipient's), each with its place in the facts file."""
    interview = plan.interview
    person = draft.recipient
    chain = resolve_locale(locale or draft.requested_locale).chain
    places: list[tuple[str, Phrase | None]] = [("role", interview.role)]
    # By identity, each worked out once: comparing the models field by field is slow.
    discussed = {id(t) for t in interview.topics_with(person)}
    for index, topic in enumerate(interview.topics):
        if id(topic) in discussed:
            places.append((f"topics[{index}].subject", topic.subject))
    for index, hobby in enumerate(interview.hobbies):
        if hobby.person == person.name:
            places += [
                (f"hobbies[{index}].subject", hobby.subject),
                (f"hobbies[{index}].detail", hobby.detail),
            ]
    ideas = {id(i) for i in interview.ideas_for(person)}
    for index, idea in enumerate(interview.ideas):
        if id(idea) in ideas:
            places.append((f"ideas[{index}].summary", idea.summary))
    # A gift's subject is a topic's or a hobby's: the text to add goes there.
    named = {
        str(t.subject): (f"topics[{i}].subject", t.subject) for i, t in enumerate(interview.topics)
    }
    named.update(
        (str(h.subject), (f"hobbies[{i}].subject", h.subject))
        for i, h in enumerate(interview.hobbies)
    )
    for gift in draft.gifts:
        if gift.about in named and named[gift.about] not in places:
            places.append(named[gift.about])
    for index, gift in enumerate(interview.gifts):
        if gift in draft.gifts:
            field, text = (
                ("contact.note", gift.contact.note)
                if isinstance(gift, ContactGift)
                else ("text", gift.text)
                if isinstance(gift, TipGift)
                else ("title", gift.title)
            )
            places.append((f"gifts[{index}].{field}", text))
    return [
        (place, phrase)
        for place, phrase in places
        if phrase is not None
        and (place != "role" or phrase.variants)  # a plain role is fine in any language
        and phrase.text_for(chain, default=interview.locale) is None
    ]


def language_fallback(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: a draft written in another language than its recipient's, because
    followup has no wording for it, or because facts it tells have no text in it;
    or a draft that tells facts with no text in the language it is written in."""
    shipped = ", ".join(shipped_locales())
    seen: set[tuple[str, ...]] = set()
    for draft in plan.drafts:
        if not draft.fell_back:
            yield from _mixed(plan, draft, seen)
            continue
        missing = _untranslated(plan, draft)
        if resolve_locale(draft.requested_locale).fell_back or not missing:
            yield Finding(
                severity="warning",
                code="language_fallback",
                draft=draft,
                message=(
                    f"This draft is written in {_language_name(draft.locale)} because followup "
                    f"has no complete wording for {draft.requested_locale!r}; translate it "
                    f"yourself, or set the recipient's locale to one of {shipped}."
                ),
            )
            continue
        language = draft.requested_locale.split("_")[0]
        asked = _language_name(language)
        place, phrase = missing[0]
        field = place.rsplit(".", 1)[-1]
        others = "".join(f", {p}" for p, _ in missing[1:])
        yield Finding(
            severity="warning",
            code="untranslated_fact",
            draft=draft,
            message=(
                f"This draft is written in {_language_name(draft.locale)}, not {asked}, because "
                f"facts it tells have no {asked} text: {place}{others}; give each a text per "
                f"language, such as {field} = {{ {_key(draft.locale)} = "
                f'{json.dumps(str(phrase), ensure_ascii=False)}, {language} = "…" }}.'
            ),
        )


def _shaped_facts(plan: FollowUpPlan) -> Iterator[tuple[str, FactKind, Phrase]]:
    """Every fact whose shape its language prescribes, with its place and kind."""
    interview = plan.interview
    for index, topic in enumerate(interview.topics):
        yield f"topics[{index}].subject", "topic", topic.subject
        if topic.short is not None:
            yield f"topics[{index}].short", "topic", topic.short
    for index, hobby in enumerate(interview.hobbies):
        yield f"hobbies[{index}].subject", "hobby", hobby.subject
        if hobby.detail is not None:
            yield f"hobbies[{index}].detail", "detail", hobby.detail
    for index, idea in enumerate(interview.ideas):
        yield f"ideas[{index}].summary", "idea", idea.summary


def fact_shape(plan: FollowUpPlan) -> Iterator[Finding]:
    """Suggestion: a fact not written in the shape its language's sentences need
    (docs/languages.md), with the fact rewritten where that can be computed."""
    default = plan.interview.locale
    for place, kind, phrase in _shaped_facts(plan):
        for locale, text in (phrase.variants or {default: str(phrase)}).items():
            if resolve_locale(locale).fell_back:
                continue  # followup writes no drafts in that language
            advice = conventions(resolve_locale(locale).formatting).advise(kind, text)
            if advice is None:
                continue
            where = f"{place}.{locale}" if phrase.variants else place
            todo = (
                f"write {json.dumps(advice.better, ensure_ascii=False)}"
                if advice.better
                else "see docs/languages.md for the shape"
            )
            yield Finding(
                severity="suggestion",
                code="fact_shape",
                message=(
                    f"{where} {json.dumps(text, ensure_ascii=False)} may read wrong in "
                    f"{_language_name(locale)} drafts: {advice.reason}; {todo}."
                ),
            )


def _mixed(plan: FollowUpPlan, draft: Draft, seen: set[tuple[str, ...]]) -> Iterator[Finding]:
    """A draft whose facts have no text in its language: they appear as written.
    Reported once per recipient and set of facts (*seen*), on the first draft."""
    missing = _untranslated(plan, draft, draft.locale)
    key = (draft.recipient.name, *(place for place, _ in missing))
    if not missing or key in seen:
        return
    seen.add(key)
    language = _language_name(draft.locale)
    place, phrase = missing[0]
    field = place.rsplit(".", 1)[-1]
    others = "".join(f", {p}" for p, _ in missing[1:])
    written = next(iter(phrase.variants), plan.interview.locale)
    yield Finding(
        severity="warning",
        code="untranslated_fact",
        draft=draft,
        message=(
            f"This draft is in {language} but tells facts that have no {language} text, "
            f"so they appear in another language: {place}{others}; give each a text per "
            f"language, such as {field} = {{ {_key(written)} = "
            f'{json.dumps(str(phrase), ensure_ascii=False)}, {_key(draft.locale)} = "…" }}.'
        ),
    )


def _key(locale: str) -> str:
    return locale.split("_")[0]


def _language_name(locale: str) -> str:
    return Locale.parse(locale).get_display_name("en") or locale


def missing_address(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: a recipient without an e-mail address (their messages have no To)."""
    seen: set[str] = set()
    for draft in plan.drafts:
        name = draft.recipient.name
        if draft.recipient.email is None and name not in seen:
            seen.add(name)
            yield Finding(
                severity="warning",
                code="no_email_address",
                draft=draft,
                message=(
                    f"{name} has no e-mail address in the facts, so e-mail drafts to them "
                    "have no To; add their email to the facts or fill it in your mail client."
                ),
            )


def spanish_surnames(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: a formal Spanish draft to someone whose name has words the facts
    give to neither the given nor the family name: "Rafael Ortega Ruiz" is greeted by
    its last word ("Estimado Sr. Ruiz:"), where a Spanish name often ends in two
    surnames and a letter greets by the first."""
    seen: set[str] = set()
    for draft in plan.drafts:
        person = draft.recipient
        formality = person.formality or plan.interview.formality
        if person.name in seen or formality != "formal" or not draft.locale.startswith("es"):
            continue
        seen.add(person.name)
        if person.gender == "unspecified" and not person.title:
            continue  # greeted "Estimado/a" with the whole name
        words = name_words(person.name)
        given = str(person.given_name).split()
        before = before_family(words, str(person.family_name))  # else one of their choosing
        if len(words) < 3 or before is None or len(given) >= len(before):
            continue
        given_name, family_name = spanish_name_parts(words, given)
        fix = f'family_name = "{family_name}"'
        if given_name != " ".join(given):
            fix = f'given_name = "{given_name}" and {fix}'
        yield Finding(
            severity="warning",
            code="surnames_unclear",
            draft=draft,
            message=(
                f"{person.name} is greeted by the last word of the name, "
                f"{str(person.family_name)!r}; a Spanish name often ends in two surnames, "
                "and a letter greets by the first. If that is how the name divides, set "
                f"{fix} (the greeting then says {first_surname(family_name)!r}); "
                "otherwise set given_name and family_name as the person uses them."
            ),
        )


def topic_presence(plan: FollowUpPlan) -> Iterator[Finding]:
    """Suggestion: a thank-you note to someone who, as the facts say, discussed no
    topic: it thanks them for their questions in general."""
    seen: set[str] = set()
    for draft in plan.drafts:
        name = draft.recipient.name
        if draft.kind != "thank_you" or name in seen:
            continue
        seen.add(name)
        person = next((p for p in plan.interview.interviewers if p.name == name), None)
        if person is None or plan.interview.topics_with(person):
            continue
        yield Finding(
            severity="suggestion",
            code="no_topic",
            draft=draft,
            message=(
                f"No topic in the facts was discussed with {name}, so the thank-you note "
                "to them speaks of their questions in general; add their name to the "
                "`with` of a topic they took part in (or leave `with` out for a topic "
                "everyone discussed)."
            ),
        )


def gift_presence(plan: FollowUpPlan) -> Iterator[Finding]:
    """Suggestion: no gift at all."""
    if not any(draft.enclosures for draft in plan.drafts):
        yield Finding(
            severity="suggestion",
            code="no_gift",
            message=(
                "The plan encloses no gift; add an article, web site, contact or tip "
                "about something you discussed to make your thank-you note stand out."
            ),
        )


def gift_timing(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: a gift meant for a check-in that goes with the thank-you note instead,
    because no check-in of the plan goes to its recipient."""
    interview = plan.interview
    for draft in plan.drafts:
        if draft.kind != "thank_you" or draft.id in plan.skipped:
            continue  # a note left unsent: its gifts go with a check-in (or gift_left_out)
        for gift in draft.gifts:
            if gift.when != "check_in":
                continue
            index = next(n for n, g in enumerate(interview.gifts) if g is gift or g == gift)
            why, todo = _no_check_in_for(plan, gift_recipient(interview, gift).name)
            yield Finding(
                severity="warning",
                code="gift_moved_to_note",
                draft=draft,
                message=(
                    f"The gift gifts[{index}] about {gift.about!r} was meant for a check-in, "
                    f"but {why}, so it goes with this thank-you note; "
                    f'{todo + ", or " if todo else ""}set its when to "note".'
                ),
            )


def _no_check_in_for(plan: FollowUpPlan, name: str) -> tuple[str, str | None]:
    """Why no check-in to *name* carries a gift meant for one, and what planning would
    give it one (None: nothing, the decision is near)."""
    if any(d.kind == "check_in" and d.recipient.name == name for d in plan.drafts):
        return (
            f"the check-ins to {name} cannot carry it (each carries one gift, and none is "
            "about the subject of the one before)",
            "plan more check-ins (--every, --until, --max-check-ins)",
        )
    if plan.check_ins_to == "primary" and name != plan.interview.primary.name:
        return f"no check-in goes to {name}", 'plan with check_ins_to="all" (--check-ins-to all)'
    return f"no check-in to {name} is left in the plan before the decision", None


def gift_placement(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: a gift that goes with no draft. What happened after the plan was made
    (a pause, a reply, a later interview) can leave fewer check-ins than the gifts for
    them, or only check-ins that cannot carry one: a check-in carries one gift, and is
    never about what the one before it was about. Once the decision is recorded,
    nothing is missing."""
    interview = plan.interview
    if any(isinstance(event, DecisionEvent) for event in interview.events):
        return
    enclosed = [g for d in plan.drafts if d.id not in plan.skipped for g in d.gifts]
    for index, gift in enumerate(interview.gifts):
        if gift in enclosed:
            enclosed.remove(gift)  # two equal gifts are two gifts
            continue
        why, todo = _no_check_in_for(plan, gift_recipient(interview, gift).name)
        yield Finding(
            severity="warning",
            code="gift_left_out",
            message=(
                f"The gift gifts[{index}] about {gift.about!r} goes with no draft: {why}; "
                f"{todo + ', or ' if todo else ''}enclose it yourself with a draft still to "
                "send."
            ),
        )


def gift_fit(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: a gift given (``to``) to someone who never mentioned the hobby, or never
    discussed the topic, it is about: its note would say they did ("You mentioned …",
    "Our conversation about …")."""
    interview = plan.interview
    for index, gift in enumerate(interview.gifts):
        if gift.to is None:
            continue
        person = interview.interviewer(gift.to)
        hobby = next((h for h in interview.hobbies if h.subject == gift.about), None)
        if hobby is not None and hobby.person != person.name:
            whose, what = hobby.person, "mentioned"
        elif hobby is None and not any(
            t.subject == gift.about for t in interview.topics_with(person)
        ):
            whose, what = None, "discussed"
        else:
            continue
        todo = (
            f"it is {whose}'s hobby; give it to {whose} (or leave out its to)"
            if whose
            else f"give it to someone who did, or add {person.name} to that topic's with"
        )
        yield Finding(
            severity="warning",
            code="gift_not_theirs",
            message=(
                f"The gift gifts[{index}] is for {person.name}, who never {what} "
                f"{gift.about!r}, yet its note would say they did; {todo}."
            ),
        )


_LOOKALIKE_FIELDS = frozenset({"name", "company", "email", "url"})


def _strings(value: object, path: str) -> Iterator[tuple[str, str, str]]:
    """Every name, company, address and URL of the facts: (path, field, value)."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(item, str) and key in _LOOKALIKE_FIELDS:
                yield where, key, item
            else:
                yield from _strings(item, where)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def lookalikes(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: a name, or the domain of an address or link, whose letters mix scripts
    that are not written together (``n\u043erthwind``, a Cyrillic o): what
    lookalikes of another name or domain are made of."""
    for where, key, value in _strings(plan.interview.model_dump(), ""):
        if key == "url":
            value = urlsplit(value).hostname or ""
        elif key == "email":
            value = value.rpartition("@")[2]
        if key in ("url", "email"):
            value = unicode_domain(value)  # mail clients show xn-- labels decoded
        # A domain's label is one name however its hyphens split it.
        domain = key in ("url", "email")
        found = mixed_scripts(value, separators=".") if domain else mixed_scripts(value)
        if found is None:
            continue
        word, scripts = found
        what = "domain" if key in ("url", "email") else "name"
        shown = " and ".join(sorted(scripts))
        goes = "mail to it goes" if key == "email" else "the link goes"
        sent = f" ({goes} to {ascii_domain(value)})" if what == "domain" else ""
        yield Finding(
            severity="warning",
            code="mixed_script",
            message=(
                f"{where}: the {what} {value!r} mixes {shown} letters in {word!r}, as "
                f"lookalikes of other names do{sent}; check it letter by letter, or retype "
                "it in one script."
            ),
        )


def check_in_after_reply(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: a check-in due within a week of a reply from its recipient (other than
    on the day they named)."""
    for reply in _replies(plan):
        name = _replier(plan, reply)
        for draft in _pending(plan):
            if draft.kind != "check_in" or draft.recipient.name != name:
                continue
            if reply.next_contact is not None and draft.send_on >= reply.next_contact:
                continue
            gap = (draft.send_on - reply.date).days
            if 0 <= gap < MIN_CHECK_IN_GAP.days:
                yield Finding(
                    severity="warning",
                    code="check_in_after_reply",
                    draft=draft,
                    message=(
                        f"This check-in goes out {_count(gap, 'day')} after {name} replied on "
                        f"{reply.date.isoformat()}; let a reply rest at least "
                        f"{MIN_CHECK_IN_GAP.days} days (plan with a larger 'every', or record "
                        "the day they named as the reply's next_contact)."
                    ),
                )


def draft_overdue(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: a draft still to send whose day is more than :data:`MAX_OVERDUE` past."""
    for draft in plan.due():
        late = (plan.day - draft.send_on).days
        if late > MAX_OVERDUE.days:
            yield Finding(
                severity="warning",
                code="draft_overdue",
                draft=draft,
                message=(
                    f"This {KIND_LABELS[draft.kind]} was due on {draft.send_on.isoformat()}, "
                    f"{_count(late, 'day')} ago; send it now and record it (followup sent "
                    f"FILE {draft.id}), or record the day it went out with --on."
                ),
            )


def closing_sent(plan: FollowUpPlan) -> Iterator[Finding]:
    """Warning: the facts record a decision, and its closing note is not recorded as sent."""
    for draft in plan.drafts:
        if draft.kind == "closing" and draft.sent_on is None:
            yield Finding(
                severity="warning",
                code="closing_not_sent",
                draft=draft,
                message=(
                    "The facts record the decision, but not that this closing note went out; "
                    f"send it and record it (followup sent FILE {draft.id})."
                ),
            )


CHECKS: tuple[Check, ...] = (
    check_in_spacing,
    check_in_before_decision,
    check_in_after_reply,
    draft_overdue,
    closing_sent,
    interest_rotation,
    thank_you_timing,
    thank_you_length,
    idea_length,
    topic_short_name,
    interest_supply,
    decision_passed,
    language_fallback,
    missing_address,
    spanish_surnames,
    topic_presence,
    gift_presence,
    gift_timing,
    gift_placement,
    gift_fit,
    fact_shape,
    lookalikes,
)
"""Every check :func:`review` runs, in order."""


def review(plan: FollowUpPlan, *, checks: Iterable[Check] = CHECKS) -> list[Finding]:
    """Review *plan* against the follow-up strategy: errors, then warnings, then suggestions.

    *checks* replaces the default :data:`CHECKS`.
    """
    findings = [finding for check in checks for finding in check(plan)]
    return sorted(findings, key=lambda finding: _RANK[finding.severity])
