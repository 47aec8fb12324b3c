"""Writing templates of your own: start from the shipped ones, check a folder, try one out.

- :func:`export_templates` copies the shipped templates into a folder, as a
  starting point (``followup templates export DIR``);
- :func:`check_templates` reports, one :class:`TemplateProblem` each, what is
  wrong with a folder of templates: syntax errors, names the context does not
  have, and what goes wrong when each template is rendered, in each language
  it serves, for sample facts (``followup templates check DIR``);
- :func:`template_contexts` gives what each template receives for some facts,
  and :func:`preview` renders a template's source with it.

Templates from a folder run as any user's templates do: in the sandbox, in a
child process under CPU and memory limits (see
:mod:`followup.rendering.bounded`); a template that never ends is a problem
like any other.
"""

from __future__ import annotations

import copy
import difflib
import functools
import json
import os
import re
import tempfile
import time
import tomllib
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import jinja2
from jinja2 import meta, nodes

from followup.drafting import draft_all
from followup.errors import (
    ExportError,
    FollowupError,
    LocaleError,
    OptionError,
    TemplateError,
)
from followup.facts import Interview, load, parse
from followup.facts._fields import Outcome
from followup.locales import ResolvedLocale, parse_locale, resolve_locale, shipped_locales
from followup.rendering import Rendered, environment, render
from followup.rendering.bounded import bounded
from followup.strategy import Decision, decide, draft_id, options, person_slugs

__all__ = [
    "KINDS",
    "ExportedTemplate",
    "TemplateContext",
    "TemplateProblem",
    "TemplateReport",
    "check_templates",
    "export_templates",
    "preview",
    "sample_interview",
    "template_contexts",
]

KINDS = ("thank_you", "check_in", "closing", "enclosure")
"""The templates followup renders (``thank_you.j2``, …); the others are partials
(``_letter.j2``) that these import or include."""

Form = Literal["note", "email"]
ExportStatus = Literal["written", "unchanged", "skipped"]

_SHIPPED: Traversable = files("followup.templates")
_TEMPLATE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,96}\.j2")
"""A name the template loader loads (see :mod:`followup.rendering.environment`)."""
_SLOW = 1.0
"""A failed render that took longer than this (seconds) hit a limit: the same
template is not rendered again, so a template that never ends costs one limit."""
CHECK_SECONDS = 60
"""The longest the test renders of one check may take once they are rendered one by
one (after the batch hit a limit); what is left is reported as not checked."""


# --- sample facts and contexts -----------------------------------------------------------------


@functools.cache
def _sample() -> Interview:
    text = files("followup").joinpath("example.toml").read_text(encoding="utf-8")
    return parse(tomllib.loads(text), source="followup's example facts")


def sample_interview() -> Interview:
    """The example facts followup ships (``examples/interview.toml``): two
    interviewers, topics, hobbies, an idea, an article and a tip.

    >>> sample_interview().company
    'Northwind Analytics'
    """
    return _sample()


@dataclass(frozen=True, slots=True)
class TemplateContext:
    """What one template receives for one draft: the variables of its context."""

    kind: str
    """The template rendered: ``"thank_you"``, ``"check_in"``, ``"closing"`` or
    ``"enclosure"``."""
    form: Form
    """``"note"`` (the card or paper) or ``"email"``; ``context["form"]`` says the same."""
    locale: ResolvedLocale
    """The language it is rendered in."""
    formality: Literal["formal", "informal"]
    """How the recipient is addressed (the catalogs' informal wording when informal)."""
    context: Mapping[str, Any]
    """The variables: plain dicts, lists, strings, numbers, dates and ``None``."""
    today: bool = False
    """Whether it is said on the day of what it speaks of (the thank-you e-mail sent
    the day of the interview): the catalogs' wording for that day where a language
    has one."""


def _in_locale(interview: Interview, locale: str) -> Interview:
    """*interview* with every draft written for *locale*."""
    people = tuple(p.model_copy(update={"locale": None}) for p in interview.interviewers)
    return interview.model_copy(update={"locale": parse_locale(locale), "interviewers": people})


def _recorded(interview: Interview) -> list[TemplateContext]:
    found: dict[str, TemplateContext] = {}

    def record(kind: str, context: Mapping[str, Any], **how: Any) -> Rendered:
        result = render(kind, context, **how)
        key = json.dumps([kind, how["locale"].chain, how["formality"], context], default=str)
        found.setdefault(
            key,
            TemplateContext(
                kind=kind,
                form=context["form"],
                locale=how["locale"],
                formality=how["formality"],
                context=context,
                today=how.get("today", False),
            ),
        )
        return result

    decisions = decide(interview, options(interview))
    draft_all([*decisions, *_closings(interview, decisions)], interview, renderer=record)
    return list(found.values())


def _closings(interview: Interview, decisions: Sequence[Decision]) -> list[Decision]:
    """When the facts record no decision, a closing note for each outcome, so that a
    ``closing.j2`` of yours is rendered too."""
    if any(d.kind == "closing" for d in decisions):
        return []
    person = interview.primary
    day = max(d.send_on for d in decisions)
    return [
        Decision(
            kind="closing",
            recipient=person,
            send_on=day,
            id=draft_id("closing", person_slugs(interview)[person.name]),
            outcome=outcome,
        )
        for outcome in typing.get_args(Outcome)
    ]


@functools.lru_cache(maxsize=64)
def _sample_contexts(locale: str | None) -> tuple[TemplateContext, ...]:
    interview = _sample() if locale is None else _in_locale(_sample(), locale)
    return tuple(_recorded(interview))


def template_contexts(
    interview: Interview | None = None, *, locale: str | None = None
) -> list[TemplateContext]:
    """What each template receives when followup drafts the plan for *interview*
    (default: :func:`sample_interview`), one entry per distinct context, in the
    order rendered; with *locale*, as if every draft were written for *locale*.

    The contexts come from a real plan drafted with the shipped templates, so
    they are exactly what a template of yours would receive (a thank-you note
    that is too long for its card is rendered again with less to say: those
    shorter contexts are listed too).

    >>> first = template_contexts()[0]
    >>> first.kind, first.form, first.context["recipient"]["name"]
    ('thank_you', 'note', 'Dana Rivera')
    """
    if interview is None:
        found = _sample_contexts(locale)
    else:
        found = tuple(_recorded(interview if locale is None else _in_locale(interview, locale)))
    return [
        TemplateContext(
            kind=c.kind,
            form=c.form,
            locale=c.locale,
            formality=c.formality,
            context=copy.deepcopy(dict(c.context)),
            today=c.today,
        )
        for c in found
    ]


def preview(
    source: str,
    *,
    kind: str = "thank_you",
    form: Form = "note",
    interview: Interview | None = None,
    locale: str | None = None,
    context: TemplateContext | None = None,
    templates: str | os.PathLike[str] | None = None,
) -> Rendered:
    """Render the template *source* as a template of yours is rendered (in the
    sandbox, under the limits), as ``{kind}.j2`` with the context of the first
    *form* of that kind for *interview* (default: :func:`sample_interview`) in
    *locale* (default: the facts' own), or with *context*, one of
    :func:`template_contexts`. Templates it imports come from the folder
    *templates*, else the shipped ones. A template error raises
    :class:`~followup.errors.TemplateError`; :attr:`Rendered.missing` lists the
    messages followup's catalogs lack in that language.

    >>> preview("{% set subject %}Hello{% endset %}Dear {{ recipient.given_name }},").text
    'Dear Dana,'
    """
    if context is None:
        if kind not in KINDS:
            raise OptionError("kind", kind, f"must be one of {', '.join(map(repr, KINDS))}")
        contexts = template_contexts(interview, locale=locale)
        context = next((c for c in contexts if (c.kind, c.form) == (kind, form)), None)
        if context is None:
            raise OptionError(
                "kind", kind, f"the facts give no {form} of that kind; give facts that do"
            )
    with tempfile.TemporaryDirectory(prefix="followup-preview-") as scratch:
        folder = Path(scratch)
        (folder / f"{context.kind}.j2").write_text(source, encoding="utf-8")
        dirs = (folder, *((Path(templates),) if templates is not None else ()))
        return render(
            context.kind,
            context.context,
            locale=context.locale,
            formality=context.formality,
            today=context.today,
            template_dirs=dirs,
            fallback=False,
        )


# --- export -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportedTemplate:
    """What happened to one template file :func:`export_templates` considered."""

    path: Path
    status: ExportStatus
    reason: str = ""

    def __str__(self) -> str:
        text = f"{self.status:<9} {self.path}"
        return f"{text}  ({self.reason})" if self.reason else text


def _shipped() -> Iterator[tuple[str, Traversable]]:
    """Every shipped template as (its path in the template folder, the file): the
    root's first, then each locale folder's (the catalogs are not templates)."""
    root = sorted(
        (e for e in _SHIPPED.iterdir() if e.is_file() and e.name.endswith(".j2")),
        key=lambda e: e.name,
    )
    yield from ((entry.name, entry) for entry in root)
    folders = sorted(
        (e for e in _SHIPPED.iterdir() if e.is_dir() and e.name not in {"locale", "__pycache__"}),
        key=lambda e: e.name,
    )
    for folder in folders:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_file() and entry.name.endswith(".j2"):
                yield f"{folder.name}/{entry.name}", entry


def export_templates(
    folder: str | os.PathLike[str], *, locale: str | None = None, force: bool = False
) -> list[ExportedTemplate]:
    """Copy the shipped templates into *folder* (created if need be), keeping their
    locale folders, as a starting point for templates of your own.

    With *locale*, only the templates a draft in that language uses: the root
    ones and those of the folders along its chain (``de_CH``: ``de/`` and
    ``de_CH/``). A file that is already there is left alone (``skipped``)
    unless *force*, or ``unchanged`` when it holds the shipped text already.
    Raises :class:`~followup.errors.ExportError` when *folder* cannot be
    written, :class:`~followup.errors.LocaleError` for a bad *locale*.
    """
    target = Path(folder)
    chain = resolve_locale(locale).chain if locale is not None else None
    if target.exists() and not target.is_dir():
        raise ExportError(f"{str(target)!r} is not a folder; give a folder to copy templates into")
    from followup.export._common import write_atomic  # the exporters load when first used

    outcomes = []
    for name, entry in _shipped():
        where, _, _ = name.rpartition("/")
        if chain is not None and where and where not in chain:
            continue
        path = target.joinpath(*name.split("/"))
        data = entry.read_bytes()
        try:
            if path.is_file() and path.read_bytes() == data:
                outcomes.append(ExportedTemplate(path, "unchanged"))
                continue
            if path.exists() and not force:
                outcomes.append(ExportedTemplate(path, "skipped", "exists; force to replace it"))
                continue
            if path.exists() and not path.is_file():
                outcomes.append(ExportedTemplate(path, "skipped", "not a file"))
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        except OSError as err:
            raise ExportError(
                f"cannot write {str(path)!r}: {err.strerror or err}; "
                "choose a folder you can write to"
            ) from err
        outcomes.append(ExportedTemplate(path, "written"))
    return outcomes


# --- check --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    """One thing wrong with a folder of templates: where, and what."""

    path: str
    """The template file (or folder) as found under the folder checked."""
    message: str
    """What is wrong, and what to do."""
    line: int | None = None
    """The line in :attr:`path`, when the problem is on one."""
    locales: tuple[str, ...] = ()
    """The languages whose test render met the problem (none for a problem found
    by reading the template)."""

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else self.path
        during = f" (rendering in {', '.join(self.locales)})" if self.locales else ""
        return f"{where}: {self.message}{during}"


@dataclass(frozen=True, slots=True)
class TemplateReport:
    """What :func:`check_templates` found: the problems, and what it checked."""

    problems: list[TemplateProblem] = field(default_factory=list)
    templates: tuple[str, ...] = ()
    """The templates checked, as paths under the folder."""
    locales: tuple[str, ...] = ()
    """The languages the templates were rendered in."""

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.problems

    def summary(self) -> str:
        """One line: how much was checked, and how many problems were found."""
        count = len(self.templates)
        what = f"{count} template{'s' if count != 1 else ''} checked in "
        what += f"{len(self.locales)} language{'s' if len(self.locales) != 1 else ''}"
        found = len(self.problems)
        return f"{what}: " + (
            "no problems" if not found else f"{found} problem{'s' if found != 1 else ''}"
        )

    def __str__(self) -> str:
        return "\n".join([*(str(p) for p in self.problems), self.summary()])


@dataclass(frozen=True, slots=True)
class _Template:
    name: str
    """The file name (``thank_you.j2``)."""
    where: str
    """Its locale folder, or ``""`` for the folder's root."""
    path: Path


@dataclass(slots=True)
class _Reading:
    """What reading the templates of a folder found (in a child process)."""

    problems: list[TemplateProblem] = field(default_factory=list)
    referenced: set[str] = field(default_factory=set)
    """Every template name a template imports or includes."""
    dynamic: bool = False
    """Whether a template imports or includes a name it computes."""


def _templates(folder: Path) -> tuple[list[_Template], list[TemplateProblem]]:
    """The templates in *folder* and its locale folders, and what is wrong with the
    layout (a folder that is no locale, a name the loader does not load)."""
    found: list[_Template] = []
    problems: list[TemplateProblem] = []
    real = folder.resolve()
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            inside = sorted(entry.rglob("*.j2"))
            if not inside:
                continue
            problem = _locale_folder_problem(entry)
            if problem is not None:
                problems.append(problem)
                continue
            for path in inside:
                if path.parent != entry:
                    problems.append(
                        TemplateProblem(
                            str(path),
                            f"is in a subfolder of {entry.name}/, where followup never looks; "
                            f"move it into {entry.name}/",
                        )
                    )
                else:
                    found.append(_Template(path.name, entry.name, path))
        elif entry.name.endswith(".j2"):
            found.append(_Template(entry.name, "", entry))
    kept = []
    for template in found:
        path = template.path
        if not _TEMPLATE_NAME.fullmatch(template.name):
            problems.append(
                TemplateProblem(
                    str(path),
                    "is not a name followup loads; use letters, digits, _ . and - only",
                )
            )
        elif not path.resolve().is_relative_to(real) or not path.resolve().is_file():
            problems.append(
                TemplateProblem(
                    str(path),
                    "is a link out of the folder or not a file, which followup never loads; "
                    "copy the template into the folder",
                )
            )
        else:
            kept.append(template)
    return kept, problems


def _locale_folder_problem(entry: Path) -> TemplateProblem | None:
    name = entry.name
    try:
        canonical = parse_locale(name)
    except LocaleError:
        return TemplateProblem(
            str(entry),
            "holds templates but is not named after a locale, so followup never looks in it; "
            f"name it after one, such as {', '.join(shipped_locales()[1:4])}",
        )
    if canonical != name:
        return TemplateProblem(
            str(entry),
            f"is not written as followup looks it up; rename it {canonical}",
        )
    resolved = resolve_locale(name)
    if name not in resolved.chain:
        return TemplateProblem(
            str(entry),
            f"followup does not write in {name} (its drafts are written in "
            f"{resolved.language}), so these templates are never used; followup writes "
            f"in {', '.join(shipped_locales())}",
        )
    return None


def _covered(template: _Template) -> list[str]:
    """The languages a template serves: every one for a template at the root, else
    those whose chain goes through its locale folder."""
    if not template.where:
        return list(shipped_locales())
    served = [loc for loc in shipped_locales() if template.where in resolve_locale(loc).chain]
    return served or [template.where]


def _context_names() -> dict[str, frozenset[str]]:
    """The variables each kind of template receives (from the sample plan)."""
    names: dict[str, set[str]] = {}
    for context in _sample_contexts(None):
        names.setdefault(context.kind, set()).update(context.context)
    return {kind: frozenset(found) for kind, found in names.items()}


def _assigned(tree: nodes.Template) -> set[str]:
    """Every name a template sets, loops over, imports or defines as a macro."""
    found = {n.name for n in tree.find_all(nodes.Name) if n.ctx in {"store", "param"}}
    found |= {m.name for m in tree.find_all(nodes.Macro)}
    for node in tree.find_all(nodes.FromImport):
        found |= {name if isinstance(name, str) else name[1] for name in node.names}
    return found


def _first_use(tree: nodes.Template, name: str) -> int | None:
    lines = [n.lineno for n in tree.find_all(nodes.Name) if n.name == name and n.ctx == "load"]
    return min(lines, default=None)


def _read(
    templates: Sequence[_Template], folder: Path, given: Mapping[str, frozenset[str]]
) -> _Reading:
    """Parse each template: syntax errors, and names the context of its kind
    (*given*) does not have."""
    env = environment((folder,))
    everything = frozenset().union(*given.values())
    known = frozenset(env.globals) | {"caller", "varargs", "kwargs", "loop", "self", "super"}
    reading = _Reading()
    for template in templates:
        path = str(template.path)
        try:
            source = template.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            reading.problems.append(
                TemplateProblem(path, f"is not UTF-8 text (byte {err.start}); save it as UTF-8")
            )
            continue
        except OSError as err:
            reading.problems.append(
                TemplateProblem(path, f"cannot be read: {err.strerror or err}")
            )
            continue
        try:
            tree = env.parse(source, template.name, path)
        except jinja2.TemplateSyntaxError as err:
            reading.problems.append(
                TemplateProblem(path, f"syntax error: {err.message}", line=err.lineno)
            )
            continue
        for referenced in meta.find_referenced_templates(tree):
            if referenced is None:
                reading.dynamic = True
            else:
                reading.referenced.add(referenced.removeprefix("^"))
        stem = template.name.removesuffix(".j2")
        allowed = given.get(stem, everything) | known | _assigned(tree)
        for name in sorted(meta.find_undeclared_variables(tree) - allowed):
            reading.problems.append(
                TemplateProblem(
                    path,
                    _unknown_name(name, stem, given.get(stem, everything)),
                    line=_first_use(tree, name),
                )
            )
    return reading


def _unknown_name(name: str, stem: str, given: frozenset[str]) -> str:
    whose = f"a {stem}.j2 template" if stem in KINDS else "a template"
    close = difflib.get_close_matches(name, sorted(given), n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"it has {', '.join(sorted(given))}"
    return (
        f"uses {name!r}, which the context of {whose} does not have; {hint} "
        "(see docs/templates.md)"
    )


def _unused(templates: Sequence[_Template], reading: _Reading) -> list[TemplateProblem]:
    """Templates that are neither rendered nor imported or included by any template."""
    if reading.dynamic:
        return []
    shipped: set[str] = set()
    env = environment(())
    for _, entry in _shipped():
        tree = env.parse(entry.read_text(encoding="utf-8"))
        shipped.update(n.removeprefix("^") for n in meta.find_referenced_templates(tree) if n)
    used = {f"{kind}.j2" for kind in KINDS} | shipped | reading.referenced
    return [
        TemplateProblem(
            str(t.path),
            "is never used: followup renders "
            + ", ".join(f"{kind}.j2" for kind in KINDS)
            + " and what they import or include; rename it or import it",
        )
        for t in templates
        if t.name not in used
    ]


@dataclass(frozen=True, slots=True)
class _Result:
    """What came of one test render: an error, or messages the catalogs lack."""

    name: str | None = None
    line: int | None = None
    error: str | None = None
    missing: tuple[str, ...] = ()


def _render_one(context: TemplateContext, folder: Path) -> _Result:
    try:
        rendered = render(
            context.kind,
            context.context,
            locale=context.locale,
            formality=context.formality,
            today=context.today,
            template_dirs=(folder,),
            fallback=False,
        )
    except TemplateError as err:
        return _Result(err.name, err.lineno, _bare(err))
    return _Result(missing=rendered.missing)


def _bare(error: TemplateError) -> str:
    """A template error's message without the file and line it starts with."""
    text = str(error)
    if error.name:
        where = f"{error.name}, line {error.lineno}: " if error.lineno else f"{error.name}: "
        text = text.removeprefix(where)
    return text


def _render_all(contexts: Sequence[TemplateContext], folder: Path) -> list[_Result]:
    """Each context rendered; after an error, the other contexts of the same kind and
    form are not (they would mostly meet it again, each at a cost)."""
    failed: set[tuple[str, str]] = set()
    results = []
    for context in contexts:
        if (context.kind, context.form) in failed:
            results.append(_Result())
            continue
        result = _render_one(context, folder)
        if result.error is not None:
            failed.add((context.kind, context.form))
        results.append(result)
    return results


def _replay(contexts: Sequence[TemplateContext], folder: Path) -> list[_Result]:
    """Each context rendered with the folder's templates, in one bounded child (the
    templates compile once), or one child per render when the batch hits a limit."""
    try:
        return bounded(functools.partial(_render_all, contexts, folder), name=str(folder))
    except FollowupError:
        pass
    results: list[_Result] = []
    slow: set[str] = set()
    deadline = time.monotonic() + CHECK_SECONDS
    for context in contexts:
        if context.kind in slow:
            results.append(_Result())
            continue
        if time.monotonic() > deadline:
            results.append(
                _Result(
                    name=f"{context.kind}.j2",
                    error=f"not checked in {context.locale.language}: the test renders took "
                    f"longer than {CHECK_SECONDS} seconds in all; make the templates faster",
                )
            )
            slow.add(context.kind)
            continue
        started = time.monotonic()
        result = _render_one(context, folder)
        if time.monotonic() - started > _SLOW:  # slow, whether it failed or not
            slow.add(context.kind)
        results.append(result)
    return results


def _own_file(name: str | None, kind: str, locale: ResolvedLocale, folder: Path) -> str:
    """The file an error names, as found under *folder*: a bare template name (a
    limit the render hit) is the one the lookup finds for *locale*."""
    name = name or f"{kind}.j2"
    if os.sep in name or "/" in name:
        return name
    for where in (*locale.chain, ""):
        path = folder / where / name if where else folder / name
        if path.is_file():
            return str(path)
    return name


def _message_line(templates: Sequence[_Template], message: str) -> tuple[str, int | None] | None:
    """The template and line where a message to translate is written."""
    words = message.split()[:4]
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    for template in templates:
        try:
            source = template.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found = pattern.search(source)
        if found is not None:
            return str(template.path), source.count("\n", 0, found.start()) + 1
    return None


def _untranslated(message: str) -> str:
    return (
        f"the message {message!r} has no translation in followup's catalogs, so the "
        "draft falls back to English; in a template for one language, write its words "
        "without {% trans %}"
    )


def check_templates(
    folder: str | os.PathLike[str], *, facts: Interview | str | os.PathLike[str] | None = None
) -> TemplateReport:
    """Check a folder of templates (``thank_you.j2``, ``de/_letter.j2``, …) the way
    followup will use them, and report every problem found.

    Each template is read for syntax errors (with file and line) and for names
    that its context does not have; then every template is rendered, as a note
    and as an e-mail, for each draft of the plan of *facts* (an
    :class:`~followup.facts.Interview` or a facts file; default:
    :func:`sample_interview`), in each language it serves: a template at the
    root of *folder* serves every language followup writes in, one in
    ``de/`` serves ``de`` and ``de_CH``. A render that fails, or a message
    that the catalogs lack (the draft would fall back to English), is a
    problem. Partials (``_letter.j2``) are checked through the templates that
    import them. Renders run under the limits of user templates, so a
    template that never ends is reported, not waited for.

    Raises :class:`~followup.errors.OptionError` when *folder* is not a
    folder, :class:`~followup.errors.FactsError` for bad *facts*.
    """
    root = Path(folder)
    if not root.is_dir():
        raise OptionError("folder", str(root), "is not a folder of templates")
    interview = load(facts) if isinstance(facts, str | os.PathLike) else facts
    templates, problems = _templates(root)
    if not templates and not problems:
        problems.append(
            TemplateProblem(
                str(root),
                "holds no templates (.j2 files); start from the shipped ones with "
                "`followup templates export`",
            )
        )
    given = _context_names()
    reading = bounded(functools.partial(_read, templates, root, given), name=str(root))
    problems += reading.problems + _unused(templates, reading)
    served = {loc for t in templates for loc in _covered(t)}
    locales = [loc for loc in shipped_locales() if loc in served]
    locales += sorted(served - set(locales))
    # One problem per line: a name reading found unknown fails the render there too.
    seen = {(p.path, p.line) for p in problems if p.line is not None}
    found: dict[tuple[str, int | None, str], list[str]] = {}
    for locale in locales:
        contexts = template_contexts(interview, locale=locale)
        for context, result in zip(contexts, _replay(contexts, root), strict=True):
            keys = []
            for message in result.missing:
                place = _message_line(templates, message)
                path, line = place or (_own_file(None, context.kind, context.locale, root), None)
                keys.append((path, line, _untranslated(message)))
            if result.error is not None:
                path = _own_file(result.name, context.kind, context.locale, root)
                keys.append((path, result.line, result.error))
            for key in keys:
                if key[:2] in seen or locale in found.setdefault(key, []):
                    continue
                found[key].append(locale)
    problems += [
        TemplateProblem(path, message, line=line, locales=tuple(where))
        for (path, line, message), where in found.items()
    ]
    return TemplateReport(
        problems=problems,
        templates=tuple(str(t.path) for t in templates),
        locales=tuple(locales),
    )
