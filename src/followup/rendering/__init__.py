"""Templates: one sandboxed Environment, the catalogs, and rendering a draft.

Every template, shipped or supplied by the user, is compiled in Jinja's
immutable sandbox with ``StrictUndefined``: a missing fact is an error, never
a blank. Facts reach templates only as plain render context.

- :mod:`~followup.rendering.environment`: the Environment factory and the lookup rule;
- :mod:`~followup.rendering.sandbox`: the sandbox and its bounds;
- :mod:`~followup.rendering.i18n`: catalogs and the gettext callables;
- :mod:`~followup.rendering.conventions`: per-language rules (French elision, card limits);
- :mod:`~followup.rendering.filters`: the filters and globals templates use;
- :mod:`~followup.rendering.renderer`: one draft rendered as text and HTML.
"""

from followup.rendering.conventions import Conventions, conventions
from followup.rendering.environment import environment
from followup.rendering.i18n import INFORMAL, informal_context
from followup.rendering.renderer import MAX_OUTPUT, Rendered, html_attributes, render
from followup.rendering.sandbox import MAX_SECONDS, MAX_STEPS

__all__ = [
    "INFORMAL",
    "MAX_OUTPUT",
    "MAX_SECONDS",
    "MAX_STEPS",
    "Conventions",
    "Rendered",
    "conventions",
    "environment",
    "html_attributes",
    "informal_context",
    "render",
]
