"""``plan()``: from interview facts to every dated draft, and the plan that holds them.

:class:`FollowUpPlan` is the value users hold: the interview, its drafts in
send-date order, and the options it was made with. Its methods reach the
review and the exporters, each a function of :mod:`followup.review` or
:mod:`followup.export` that takes the plan; those modules know plans only as
a type, so nothing imports backwards. The exporters are imported when first
used, which keeps ``import followup`` light.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from followup import _display
from followup.drafting import AsSent, drafted
from followup.drafts import Draft
from followup.errors import FactsError, OptionError
from followup.facts import Event, Interview, PausedEvent, SecondInterviewEvent, SentEvent
from followup.rendering.bounded import MAX_CPU_SECONDS, bounded
from followup.review import Finding, review
from followup.strategy import DEFAULT_EVERY, CheckInsTo, Decision, Options, decide, options

if TYPE_CHECKING:
    from email.message import EmailMessage

    from followup.export.files import WriteReport
    from followup.export.mail import MailOptions
    from followup.export.printing import PrintPage

__all__ = ["DraftState", "FollowUpPlan", "plan"]

DraftState = Literal["sent", "skipped", "overdue", "due", "upcoming"]
"""Where a draft stands on the plan's day: sent (a ``sent`` event records it), skipped (no
longer to send: a later draft to the same person went out before it, a later interview's
note thanks them, or the decision came), overdue (its day has passed), due (today), or
upcoming."""


class FollowUpPlan(BaseModel):
    """Every draft for one interview, ordered by send date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    interview: Interview
    drafts: tuple[Draft, ...] = ()
    today: dt.date | None = None
    """The earliest send date the plan was made for, if one was given."""
    check_ins_to: CheckInsTo = "primary"
    """Who the plan's check-ins go to."""
    skipped: tuple[str, ...] = ()
    """The ids of the drafts left behind: not sent, and no longer to send (a later draft
    to the same person went out before them, a later interview's note thanks them, or
    the decision came)."""

    @property
    def day(self) -> dt.date:
        """The day the plan was made for: :attr:`today`, else the interview day."""
        return self.today or self.interview.date

    def status(self, draft: Draft) -> DraftState:
        """Where *draft* stands on the plan's :attr:`day`.

        >>> import followup
        >>> plan = followup.plan(followup.load("examples/interview.toml"))
        >>> [plan.status(d) for d in plan.drafts[:3]]
        ['due', 'due', 'upcoming']
        """
        if draft.sent_on is not None:
            return "sent"
        if draft.id in self.skipped:
            return "skipped"
        if draft.send_on < self.day:
            return "overdue"
        return "due" if draft.send_on == self.day else "upcoming"

    def due(self) -> tuple[Draft, ...]:
        """What to send on the plan's :attr:`day`: the drafts due then or overdue, the
        longest overdue first."""
        return tuple(d for d in self.drafts if self.status(d) in ("overdue", "due"))

    def next_due(self) -> dt.date | None:
        """The first day after the plan's :attr:`day` that a draft is due, or ``None``
        when nothing is left to send after it."""
        days = [d.send_on for d in self.drafts if self.status(d) == "upcoming"]
        return min(days, default=None)

    def draft(self, draft_id: str) -> Draft:
        """The draft with the id *draft_id*; raises ``KeyError`` if the plan has none."""
        for draft in self.drafts:
            if draft.id == draft_id:
                return draft
        raise KeyError(draft_id)

    def __repr__(self) -> str:
        return (
            f"FollowUpPlan(company={self.interview.company!r}, role={str(self.interview.role)!r}, "
            f"drafts={len(self.drafts)})"
        )

    def review(self) -> list[Finding]:
        """Findings against the follow-up strategy; see :func:`followup.review.review`."""
        return review(self)

    def as_text(self, drafts: Sequence[Draft] | None = None) -> str:
        """Every draft (or those of *drafts*) as plain text, each headed by its date,
        kind and recipient, with the inserts it encloses. A draft already sent (or
        skipped) is one heading that says so; what is due or overdue says so in its
        heading, and when nothing is, the drafts of the next day something is due are
        marked "next"."""
        upcoming = self.next_due() if not self.due() else None
        listed = self.drafts if drafts is None else drafts
        return "\n".join(self._listed(draft, next_day=upcoming) for draft in listed)

    def _listed(self, draft: Draft, *, next_day: dt.date | None) -> str:
        state = self.status(draft)
        heading = f"=== {draft.label} ==="
        if state == "sent":
            return f"=== {draft.label} · sent on {draft.sent_on} ===\nId: {draft.id}\n"
        if state == "skipped":
            return f"=== {draft.label} · skipped: no longer to send ===\nId: {draft.id}\n"
        mark = {
            "overdue": f"overdue since {draft.send_on.isoformat()}",
            "due": "due today",
        }.get(state)
        if mark is None and draft.send_on == next_day:
            mark = "next"
        text = str(draft)
        if mark is None:
            return text
        return text.replace(heading, f"=== {draft.label} · {mark} ===", 1)

    def __str__(self) -> str:
        return self.as_text()

    def to_email(self, draft: Draft, *, options: MailOptions | None = None) -> EmailMessage:
        """*draft* as an unsent, checked e-mail message, with its ``Message-ID`` and, for
        a check-in, the thank-you note it follows.

        See :func:`followup.export.mail.to_email` and :func:`followup.export.mail.thread`.
        """
        from followup.export.mail import thread, to_email

        return to_email(draft, options=options, thread=thread(self, draft))

    def messages(self, *, options: MailOptions | None = None) -> list[EmailMessage]:
        """One checked e-mail message per draft, in send-date order."""
        from followup.export.mail import messages

        return messages(self, options=options)

    def write_mbox(
        self, path: str | os.PathLike[str], *, options: MailOptions | None = None
    ) -> Path:
        """Write every draft to a new mbox file; see :func:`followup.export.mailbox.write_mbox`."""
        from followup.export.mailbox import write_mbox

        return write_mbox(self, path, options=options)

    def write_maildir(
        self, path: str | os.PathLike[str], *, options: MailOptions | None = None
    ) -> list[str]:
        """Add every draft to a Maildir as a draft.

        See :func:`followup.export.mailbox.write_maildir`.
        """
        from followup.export.mailbox import write_maildir

        return write_maildir(self, path, options=options)

    def to_ics(self) -> str:
        """The plan as an iCalendar document; see :func:`followup.export.calendar.to_ics`."""
        from followup.export.calendar import to_ics

        return to_ics(self)

    def to_print_html(self) -> tuple[PrintPage, ...]:
        """One page to print per thank-you note, with its inserts.

        See :func:`followup.export.printing.print_pages`.
        """
        from followup.export.printing import print_pages

        return print_pages(self)

    def write_files(
        self,
        folder: str | os.PathLike[str],
        *,
        txt: bool = True,
        eml: bool = False,
        ics: bool = False,
        html: bool = False,
        mbox: bool = False,
        maildir: bool = False,
        force: bool = False,
    ) -> WriteReport:
        """Write the plan's files into *folder*; see :func:`followup.export.files.write_plan`."""
        from followup.export.files import write_plan

        return write_plan(
            self,
            folder,
            txt=txt,
            eml=eml,
            ics=ics,
            html=html,
            mbox=mbox,
            maildir=maildir,
            force=force,
        )

    def _repr_html_(self) -> str:
        return _display.plan_html(self)


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


def plan_seconds(drafts: int) -> int:
    """The CPU time a plan of *drafts* drafted with your templates may take: 5 seconds,
    and a quarter of a second more for each draft past the twentieth (the largest
    facts make 170 drafts: 42 seconds).

    >>> plan_seconds(8), plan_seconds(170)
    (5, 42)
    """
    return MAX_CPU_SECONDS + max(0, drafts - 20) // 4


_AsSent = dict[int, dict[str, AsSent]]
"""By the place of a ``sent`` event, the draft it records as the plan made before it
was written down showed it (by id)."""


def _drafted(
    interview: Interview,
    chosen: Options,
    dirs: tuple[Path, ...],
    then: Mapping[int, Mapping[str, AsSent]],
    *,
    upto: str | None = None,
) -> tuple[list[Decision], dict[str, AsSent]]:
    """The decisions of a plan and its drafts, each sent one as *then* gives it."""
    interests = {
        at: {i: sent.draft.interest for i, sent in found.items()} for at, found in then.items()
    }
    decided = decide(interview, chosen, as_sent=interests)
    found = drafted(decided, interview, template_dirs=dirs, as_sent=then, upto=upto)
    return decided, found


def _planned(
    interview: Interview, chosen: Options, dirs: tuple[Path, ...]
) -> tuple[list[Decision], dict[str, AsSent]]:
    """The decisions of the plan and its drafts, each sent one as it went out."""
    return _drafted(interview, chosen, dirs, _as_sent(interview, chosen, dirs))


def _as_sent(interview: Interview, chosen: Options, dirs: tuple[Path, ...]) -> _AsSent:
    """Each draft recorded as sent as the plan showed it the day it went out: the plan
    made that day with the events written down before its ``sent`` event (those that
    had happened by then, and a later interview or a pause planned). With sends of
    that day written just above it, the plan before the first of them when it shows
    it due (drafts sent together went out from one plan), else the plan just before
    it (a draft due only once an earlier one was recorded, or sent early). What
    happens later, or is written down later, never changes what went out. Each of
    those plans keeps its own sent drafts the same way."""
    events = interview.events
    if not any(isinstance(event, SentEvent) for event in events):
        return {}
    recorded = {d.sent_by: d.id for d in decide(interview, chosen) if d.sent_by is not None}
    then: _AsSent = {}
    for at, event in enumerate(events):
        if at not in recorded:
            continue
        together = at
        while together and _sent_on(events[together - 1]) == event.date:
            together -= 1
        # Sent with the drafts recorded just above it, from the plan that showed them
        # all due; else (due only once they were recorded, one draft at a time to each
        # person, or sent early) from the plan just before it.
        shown = None
        for end in dict.fromkeys((together, at)):
            found = _shown(interview, chosen, dirs, then, end, event.date, recorded[at])
            if found is not None:
                shown, due = found
                if due:
                    break
        if shown is not None:
            then[at] = {recorded[at]: shown}
    return then


def _sent_on(event: Event) -> dt.date | None:
    return event.date if isinstance(event, SentEvent) else None


def _shown(
    interview: Interview,
    chosen: Options,
    dirs: tuple[Path, ...],
    then: _AsSent,
    end: int,
    day: dt.date,
    draft: str,
) -> tuple[AsSent, bool] | None:
    """The draft *draft* in the plan made on *day* with the events written down before
    the *end*-th (those that had happened by *day*, and those planned), and whether
    it is due (or overdue) in that plan; None when that plan has no such draft or
    cannot be made (events written out of order)."""
    events = interview.events
    known = [
        place
        for place, earlier in enumerate(events[:end])
        if earlier.date <= day or isinstance(earlier, SecondInterviewEvent | PausedEvent)
    ]
    # Valid facts already: pydantic's copy, which keeps every other fact as it is (the
    # drafts name their gifts by identity).
    before = BaseModel.model_copy(
        interview, update={"events": tuple(events[place] for place in known)}
    )
    # The facts' topics include those a later interview, written down since, named:
    # never the first day's, even in a plan that did not know that interview yet.
    kept_places = set(known)
    before._discussed_later = frozenset(
        topic
        for place, later in enumerate(events)
        if isinstance(later, SecondInterviewEvent) and place not in kept_places
        for topic in later.topics
    )
    # The sends among those events keep what they said (known already: each was
    # written down earlier and went out on or before *day*).
    kept = {index: then[place] for index, place in enumerate(known) if place in then}
    try:
        decided, found = _drafted(
            before, dataclasses.replace(chosen, today=day), dirs, kept, upto=draft
        )
    except FactsError:  # events written down out of order: that plan cannot be made
        return None
    if draft not in found:
        return None
    due = any(d.id == draft and d.status == "pending" and d.send_on <= day for d in decided)
    return found[draft], due


def plan(
    interview: Interview,
    *,
    today: dt.date | None = None,
    every: int | dt.timedelta = DEFAULT_EVERY,
    until: dt.date | None = None,
    max_check_ins: int | None = None,
    check_ins_to: CheckInsTo = "primary",
    template_dirs: Sequence[str | os.PathLike[str]] = (),
) -> FollowUpPlan:
    """Draft everything the candidate should send after *interview*, ordered by date.

    *today* is the earliest day anything may go out (default: the interview
    day; followup never reads the clock): a late thank-you note goes out
    *today*, check-ins before it are left out. Check-ins go out *every* so
    many days (an ``int`` or a ``timedelta``; default 14) counted from the
    interview day and moved off weekends and public holidays, until *until*
    (default: the day before the decision is expected), at most
    *max_check_ins* of them (default: 4 when there is no end date), to the
    primary interviewer or, with *check_ins_to* ``"all"``, to every
    interviewer. A bad option raises :class:`~followup.errors.OptionError`.
    *template_dirs* are searched before the shipped templates.

    A draft recorded as sent (a ``sent`` event) says what the plan showed the day
    it went out, made with the events written above its ``sent`` event (see "What
    went out stays as it went out" in docs/plan.md). What is recorded later never
    changes it, and the drafts after it follow from it.
    """
    if not isinstance(interview, Interview):
        raise TypeError(
            f"plan() needs an Interview, not {type(interview).__name__}; "
            "pass followup.load(path) or followup.parse(data)"
        )
    dirs = _template_dirs(template_dirs)
    chosen = options(
        interview,
        today=today,
        every=every,
        until=until,
        max_check_ins=max_check_ins,
        check_ins_to=check_ins_to,
    )
    if dirs:
        # Your templates draft the whole plan in one child process, within one CPU time
        # and memory budget: however many renders the plan takes, it ends. (Each draft
        # recorded as sent is drafted once more, as the plan it went out from showed it.)
        folders = ", ".join(str(folder) for folder in dirs)
        sends = sum(isinstance(event, SentEvent) for event in interview.events)
        seconds = plan_seconds(len(decide(interview, chosen)) + 2 * sends)
        decided, found = bounded(
            functools.partial(_planned, interview, chosen, dirs),
            name=f"the templates in {folders}",
            seconds=seconds,
        )
    else:
        decided, found = _planned(interview, chosen, dirs)
    return FollowUpPlan(
        interview=interview,
        drafts=tuple(sent.draft for sent in found.values()),
        today=chosen.today,
        check_ins_to=check_ins_to,
        skipped=tuple(d.id for d in decided if d.status == "skipped"),
    )
