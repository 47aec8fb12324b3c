"""followup drafts the correspondence that keeps a hiring manager's attention
after a job interview: thank-you notes, information gifts and check-ins.

>>> import datetime as dt
>>> import followup
>>> interview = followup.parse({
...     "company": "Northwind", "role": "Data Engineer", "date": "2026-11-24",
...     "candidate": {"name": "Sam Okafor"},
...     "interviewers": [{"name": "Dana Rivera", "gender": "female"}],
...     "topics": [{"subject": "streaming pipelines"}],
... })
>>> for draft in followup.plan(interview, max_check_ins=2).drafts:
...     print(draft.label)
2026-11-24 · thank-you note · Dana Rivera
2026-12-08 · check-in · Dana Rivera
2026-12-22 · check-in · Dana Rivera

Optional parts (e-mail, mail folders, calendars, pages to print, files) live in
:mod:`followup.export` and are imported when first used. Templates of your own:
:mod:`followup.authoring` (export the shipped ones, check a folder) and
:mod:`followup.testing` (hypothesis strategies and a fuzzer; ``followup[testing]``).
"""

import importlib
from typing import TYPE_CHECKING

from followup.drafts import Attachment, Draft, Enclosure
from followup.errors import (
    ExportError,
    FactsError,
    FollowupError,
    LocaleError,
    MissingDependencyError,
    OptionError,
    Problem,
    TemplateError,
    TemplateNotFoundError,
)
from followup.facts import (
    ArticleGift,
    Candidate,
    Contact,
    ContactGift,
    DecisionEvent,
    DraftKind,
    DraftRef,
    Event,
    Formality,
    Gender,
    Gift,
    Hobby,
    Idea,
    Interview,
    Interviewer,
    Outcome,
    PausedEvent,
    ReplyEvent,
    SecondInterviewEvent,
    SentEvent,
    TipGift,
    Topic,
    WebsiteGift,
    load,
    loads,
    parse,
)
from followup.locales import shipped_locales
from followup.plans import DraftState, FollowUpPlan, plan
from followup.review import Finding, Severity
from followup.strategy import CheckInsTo

if TYPE_CHECKING:
    from followup.authoring import (
        TemplateProblem,
        TemplateReport,
        check_templates,
        export_templates,
    )
    from followup.imap import (
        ImapConnectionError,
        ImapError,
        ImapFolderError,
        ImapLoginError,
    )
    from followup.recording import record_sent

_AUTHORING = frozenset(
    {"TemplateProblem", "TemplateReport", "check_templates", "export_templates"}
)
_IMAP = frozenset({"ImapConnectionError", "ImapError", "ImapFolderError", "ImapLoginError"})


def __getattr__(name: str) -> object:
    """``followup.__version__``, read from the installed metadata when first asked for
    (reading it imports :mod:`importlib.metadata` and :mod:`email`), the template kit
    of :mod:`followup.authoring`, the errors of :mod:`followup.imap` and
    :func:`~followup.recording.record_sent`, each module imported when first used."""
    if name in _AUTHORING or name in _IMAP:
        module = importlib.import_module(
            "followup.authoring" if name in _AUTHORING else "followup.imap"
        )
        value: object = getattr(module, name)
        globals()[name] = value
        return value
    if name == "record_sent":
        value = importlib.import_module("followup.recording").record_sent
        globals()[name] = value
        return value
    if name != "__version__":
        raise AttributeError(f"module 'followup' has no attribute {name!r}")
    from importlib import metadata

    try:
        version = metadata.version("followup")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        version = "0.0.0"
    globals()["__version__"] = version
    return version


__all__ = [
    "ArticleGift",
    "Attachment",
    "Candidate",
    "CheckInsTo",
    "Contact",
    "ContactGift",
    "DecisionEvent",
    "Draft",
    "DraftKind",
    "DraftRef",
    "DraftState",
    "Enclosure",
    "Event",
    "ExportError",
    "FactsError",
    "Finding",
    "FollowUpPlan",
    "FollowupError",
    "Formality",
    "Gender",
    "Gift",
    "Hobby",
    "Idea",
    "ImapConnectionError",
    "ImapError",
    "ImapFolderError",
    "ImapLoginError",
    "Interview",
    "Interviewer",
    "LocaleError",
    "MissingDependencyError",
    "OptionError",
    "Outcome",
    "PausedEvent",
    "Problem",
    "ReplyEvent",
    "SecondInterviewEvent",
    "SentEvent",
    "Severity",
    "TemplateError",
    "TemplateNotFoundError",
    "TemplateProblem",
    "TemplateReport",
    "TipGift",
    "Topic",
    "WebsiteGift",
    "__version__",
    "check_templates",
    "export_templates",
    "load",
    "loads",
    "parse",
    "plan",
    "record_sent",
    "shipped_locales",
]
