"""followup drafts the correspondence that keeps a hiring manager's attention
after a job interview: thank-you notes, information gifts and check-ins.

>>> import followup
>>> interview = followup.load("examples/interview.toml")  # doctest: +SKIP
>>> for draft in followup.plan(interview).drafts:  # doctest: +SKIP
...     print(draft.label)
"""

from importlib import metadata as _metadata

from followup.drafts import Attachment, Draft, FollowUpPlan
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
    Gift,
    Hobby,
    Idea,
    Interview,
    Interviewer,
    TipGift,
    Topic,
    WebsiteGift,
    load,
    parse,
)
from followup.locales import shipped_locales
from followup.planner import plan
from followup.review import Finding

try:
    __version__ = _metadata.version("followup")
except _metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "ArticleGift",
    "Attachment",
    "Candidate",
    "Contact",
    "ContactGift",
    "Draft",
    "ExportError",
    "FactsError",
    "Finding",
    "FollowUpPlan",
    "FollowupError",
    "Gift",
    "Hobby",
    "Idea",
    "Interview",
    "Interviewer",
    "LocaleError",
    "MissingDependencyError",
    "OptionError",
    "Problem",
    "TemplateError",
    "TemplateNotFoundError",
    "TipGift",
    "Topic",
    "WebsiteGift",
    "__version__",
    "load",
    "parse",
    "plan",
    "shipped_locales",
]
