"""The one Environment factory, and the lookup rule for templates.

**The lookup rule.** A template named ``thank_you.j2`` for a draft whose
language chain is ``("de_AT", "de")`` is looked for, first match wins, in::

    <user dir>/de_AT/thank_you.j2   <shipped>/de_AT/thank_you.j2
    <user dir>/de/thank_you.j2      <shipped>/de/thank_you.j2
    <user dir>/thank_you.j2         <shipped>/thank_you.j2

and so is every template it imports or includes. Internally each template is
loaded under a name that carries its output mode and chain
(``"text:de_AT,de:thank_you.j2"``, see :func:`template_name`), so the
template cache never hands a German partial to a French draft, and HTML
output is escaped while text output is not.

**The next one along.** A template may import the template it stands in
for, the next match of its own name along the lookup path, as
``"^_letter.j2"``: a regional ``es_AR/_letter.j2`` imports ``es/_letter.j2``
that way and redefines only the macros that differ; a user's override can
build on the shipped template it replaces.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import marshal
import os
import pickle
import re
import stat
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import FunctionType
from typing import Any, Literal

import jinja2
from jinja2.bccache import Bucket, bc_magic
from jinja2.ext import i18n

from followup import _cache
from followup.errors import TemplateError
from followup.rendering.filters import FILTERS, GLOBALS, finalize
from followup.rendering.i18n import gettext_callables
from followup.rendering.sandbox import Sandbox

__all__ = ["Mode", "environment", "split_name", "template_name"]

Mode = Literal["text", "html"]
"""How a template's output is escaped: never (text) or always (HTML)."""

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,96}\.j2")
"""A template's file name: every template ends in ``.j2`` (nothing else is loaded)."""
_NEXT = "@"
"""Internal: ``name@N`` is *name* looked for from position N of the lookup path on."""
_SHIPPED: Traversable = files("followup.templates")


def template_name(mode: Mode, chain: Sequence[str], name: str) -> str:
    """The internal name of template *name* rendered in *mode* along *chain*.

    >>> template_name("text", ("de_AT", "de"), "thank_you.j2")
    'text:de_AT,de:thank_you.j2'
    """
    return f"{mode}:{','.join(chain)}:{name}"


def split_name(name: str) -> tuple[str, str, str]:
    """The mode, chain and template name an internal name is made of."""
    mode, _, rest = name.partition(":")
    chain, _, template = rest.partition(":")
    return mode, chain, template


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _unchanged(path: Path) -> Callable[[], bool]:
    mtime = path.stat().st_mtime
    return lambda: path.is_file() and path.stat().st_mtime == mtime


MAX_TEMPLATE = 1_000_000
"""The largest template file followup reads, in bytes."""


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def _open_inside(real: Path, roots: Sequence[Traversable]) -> int:
    """A descriptor of the file at *real* (a resolved path), opened folder by folder
    from the template folder that holds it without following any link: a folder or
    file swapped for a link since the path was resolved fails to open, so the file
    read is the one inside the folder."""
    flags = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
    for root in roots:
        if not isinstance(root, Path) or not real.is_relative_to(top := root.resolve()):
            continue
        if os.open not in os.supports_dir_fd or not _NOFOLLOW:
            return os.open(real, flags)  # no descriptor-relative opening here (Windows)
        folder = os.open(top, os.O_RDONLY | _DIRECTORY)
        try:
            *parents, name = real.relative_to(top).parts
            for part in parents:
                inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=folder)
                os.close(folder)
                folder = inner
            return os.open(name, flags, dir_fd=folder)
        finally:
            os.close(folder)
    raise FileNotFoundError(f"{real} is in no template folder")


def _read(candidate: Traversable, roots: Sequence[Traversable]) -> str:
    """The text of a template file. A file of a user's folder is opened without
    following links and checked once open (it may have been swapped since it was
    found): a regular file inside its folder, no larger than :data:`MAX_TEMPLATE`,
    with no other name (a hard link, which an archive can make, may name a file
    anywhere)."""
    if not isinstance(candidate, Path):
        return candidate.read_text(encoding="utf-8")
    descriptor = _open_inside(candidate.resolve(), roots)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise TemplateError("is not a regular file; a template is a file", name=str(candidate))
        if info.st_nlink > 1 and not _shipped(candidate):
            raise TemplateError(
                f"is a hard link (the file has {info.st_nlink} names, and another may be "
                "anywhere); a template must be a file of its own: copy it instead",
                name=str(candidate),
            )
        data = handle.read(MAX_TEMPLATE + 1)
    if len(data) > MAX_TEMPLATE:
        raise TemplateError(
            f"is larger than {MAX_TEMPLATE} bytes; a template is a letter", name=str(candidate)
        )
    return data.decode("utf-8-sig")  # editors may begin a file with a byte order mark


def _shipped(path: Path) -> bool:
    return isinstance(_SHIPPED, Path) and path.resolve().is_relative_to(_SHIPPED.resolve())


def _under_shipped(filename: str) -> bool:
    """Whether the loader found *filename* in the shipped templates folder: judged by
    the path it was read at, never by where a link leads now (a file of the user's,
    swapped for a link to a shipped one after it was read, is the user's)."""
    if not isinstance(_SHIPPED, Path):
        return False
    path = Path(filename)
    return ".." not in path.parts and path.is_relative_to(_SHIPPED)


class _Loader(jinja2.BaseLoader):
    """Finds ``mode:chain:name`` along the locale chain, user folders first."""

    def __init__(self, roots: Sequence[Traversable]) -> None:
        self.roots = tuple(roots)
        self.shipped_only = self.roots == (_SHIPPED,)
        """Whether only followup's own templates are on the path: files of the installed
        package, read as the package's code is, without the checks a folder of the
        user's needs (links out of the folder, hard links, files swapped meanwhile)."""

    def candidates(self, name: str) -> Iterator[tuple[int, Traversable]]:
        """Where *name* may be, in lookup order, each with its position on the path;
        a name ending in ``@N`` (the next one along) starts at position N."""
        _, chain, template = split_name(name)
        template, _, skip = template.partition(_NEXT)
        skip = skip or "0"
        if not _NAME.fullmatch(template) or ".." in template or not _ascii_digits(skip):
            return
        position = 0
        for locale in [*filter(None, chain.split(",")), ""]:
            for root in self.roots:
                folder = root.joinpath(locale) if locale else root
                if position >= int(skip):
                    yield position, folder.joinpath(template)
                position += 1

    def _readable(self, candidate: Traversable) -> bool:
        """Whether *candidate* is a regular file inside its template folder once links
        are resolved: a link out of the folder (to /etc, to /proc/self) is no template."""
        if not candidate.is_file():
            return False
        if not isinstance(candidate, Path) or self.shipped_only:
            return True  # a shipped template, read through importlib.resources
        real = candidate.resolve()
        return (
            any(
                isinstance(root, Path) and real.is_relative_to(root.resolve())
                for root in self.roots
            )
            and real.is_file()
        )

    def found_at(self, name: str) -> int | None:
        """The position on the lookup path where *name* is found."""
        return next((at for at, c in self.candidates(name) if self._readable(c)), None)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        for _, candidate in self.candidates(template):
            if self._readable(candidate):
                try:
                    source = (
                        candidate.read_text(encoding="utf-8")
                        if self.shipped_only
                        else _read(candidate, self.roots)
                    )
                except UnicodeDecodeError as err:
                    raise TemplateError(
                        f"is not UTF-8 text (byte {err.start}); save it as UTF-8",
                        name=str(candidate),
                    ) from err
                except OSError as err:
                    raise TemplateError(
                        f"cannot be read: {err.strerror or err}", name=str(candidate)
                    ) from err
                filename = str(candidate)
                if isinstance(candidate, Path):
                    return source, filename, _unchanged(candidate)
                return source, filename, lambda: True
        raise jinja2.TemplateNotFound(template)


class _Paths(jinja2.Environment):
    """How templates name each other, and what they may use, for both kinds of
    environment: the same filters and functions for followup's templates and yours."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        for name in ("safe", "pprint", "random", "urlize", "xmlattr"):
            self.filters.pop(name, None)
        self.globals.pop("lipsum", None)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        # One flat dict, not Jinja's ChainMap over the environment's globals: every
        # render and import reads it whole. followup sets its globals before loading
        # any template and never changes them after.
        return {**self.globals, **(d or {})}

    def join_path(self, template: str, parent: str) -> str:
        # An import or include keeps the mode and chain of the template that asks.
        mode, chain, _ = split_name(parent)
        if _NEXT in template:  # the position is followup's to choose: no such template
            return f"{mode}:{chain}:{template.replace(_NEXT, chr(0xFF20))}"
        if template.startswith("^") and isinstance(self.loader, _Loader):
            found = self.loader.found_at(parent)
            return f"{mode}:{chain}:{template[1:]}@{0 if found is None else found + 1}"
        return f"{mode}:{chain}:{template}"


class _Environment(_Paths, Sandbox):
    """For a configuration with a user's templates: the sandbox, bounded."""


_DICT_ATTRIBUTES = frozenset(dir(dict))


_PASS_CONTEXT = jinja2.utils._PassArg.context


class _TrustedContext(jinja2.runtime.Context):
    """The context of followup's own templates: the two calls they make most, a
    macro and a function that takes the context (gettext), made as Jinja makes
    them without its general inspection; any other call takes Jinja's way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        kind = type(__obj)
        if kind is FunctionType and getattr(__obj, "jinja_pass_arg", None) is _PASS_CONTEXT:
            # Variables set in a loop or block reach the function, not the context.
            context: jinja2.runtime.Context = __self
            if loop_vars := kwargs.get("_loop_vars"):
                context = context.derived(loop_vars)
            if block_vars := kwargs.get("_block_vars"):
                context = context.derived(block_vars)
            args = (context, *args)
        elif kind is not jinja2.runtime.Macro:
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_loop_vars", None)
        kwargs.pop("_block_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class _Trusted(_Paths):
    """For followup's own templates alone: trusted code, rendered without the
    sandbox's accounting (facts are data either way, and escaped in HTML)."""

    context_class = _TrustedContext

    def getattr(self, obj: Any, attribute: str) -> Any:
        # ``person.formality`` on a dict: what Jinja finds after getattr() fails
        # (raising and catching an exception per lookup), found directly. A name
        # dict has as an attribute (``items``) still means the method, as in Jinja.
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


@functools.cache
def _compiled_by() -> str:
    """What compiled code depends on: the versions of Python and Jinja and followup's
    own compiling code (its template transformations), as a short digest."""
    digest = hashlib.sha256(f"{sys.implementation.cache_tag} {jinja2.__version__}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


class _Compiled(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in a folder, each file read whole and its
    code decoded from the bytes (Jinja's own way decodes from the open file, a few
    bytes per read: twice as slow for a large template). A file of another Jinja,
    for another source or damaged is left unread: the template is compiled again."""

    KEEP = 1024
    """The most compiled templates a folder keeps after it is pruned (about 50 KB each;
    it may hold an eighth more between prunings): one copy per template and chain of
    languages (some 170 chains), the least recently used removed past it."""

    def load_bytecode(self, bucket: Bucket) -> None:
        path = self._get_cache_filename(bucket)
        data = _cache.read(path)  # the user's own plain file, or nothing
        if data is None or not data.startswith(bc_magic):
            return
        header = io.BytesIO(data)
        header.seek(len(bc_magic))
        try:
            if pickle.load(header) != bucket.checksum:
                return
            bucket.code = marshal.loads(memoryview(data)[header.tell() :])
        except Exception:  # a damaged file fails in many ways: compiled again
            bucket.reset()
            return
        with contextlib.suppress(OSError):
            os.utime(path)  # used: the last to go when the folder is pruned

    FILES = "__jinja2_*.cache"
    """The files of the folder, as Jinja names them (its ``pattern``; a file being
    written is ``{FILES}*.tmp``)."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        # A folder that cannot be written (read-only, full, another user's) only costs
        # time: the template is compiled again next time.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)
        # Listed again only once this process's writes may have passed the bound by an
        # eighth: a process that compiles more than the folder keeps (a batch in every
        # language) lists it once per 128 templates, not after each.
        kept = self.__dict__.get("kept")
        if kept is None or kept >= self.KEEP + self.KEEP // 8:
            kept = _cache.prune(Path(self.directory), keep=self.KEEP, pattern=self.FILES)
        self.kept = kept + 1


class _ShippedCompiled(_Compiled):
    """:class:`_Compiled` for the sandbox: only followup's own templates are kept (they
    compile the same for every user's folder); a user's templates are compiled anew
    in each process, never written down."""

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        if filename is None or not _under_shipped(filename):
            return Bucket(environment, "", "")  # no key: never loaded, never stored
        return super().get_bucket(environment, name, filename, source)

    def set_bucket(self, bucket: Bucket) -> None:
        if bucket.key:
            super().set_bucket(bucket)


def _bytecode_cache(*, sandboxed: bool = False) -> jinja2.BytecodeCache | None:
    """A cache of the shipped templates compiled, shared by every process of this
    user and version: a first plan loads them instead of compiling (0.5 s). With
    *sandboxed*, the shipped templates as the sandbox compiles them, for plans with a
    user's templates (each drafted in a new child process, which would otherwise
    compile them all again). None when no cache folder can be made."""
    kind = "sandboxed-templates" if sandboxed else "templates"
    where = _cache.versioned(kind, _compiled_by(), files=_Compiled.FILES)
    if where is None:
        return None
    return _ShippedCompiled(str(where)) if sandboxed else _Compiled(str(where))


@functools.lru_cache(maxsize=16)
def environment(template_dirs: tuple[Path, ...] = ()) -> jinja2.Environment:
    """The Environment for one configuration, built once and cached.

    *template_dirs* are searched before the shipped templates, with the same
    lookup rule (see the module documentation).
    """
    kind: type[jinja2.Environment] = _Environment if template_dirs else _Trusted
    env = kind(
        loader=_Loader([*template_dirs, _SHIPPED]),
        undefined=jinja2.StrictUndefined,
        autoescape=lambda name: (name or "").startswith("html:"),
        extensions=[i18n],
        finalize=finalize,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=bool(template_dirs),
        cache_size=1000,
        # Only followup's own templates are kept compiled on disk.
        bytecode_cache=_bytecode_cache(sandboxed=bool(template_dirs)),
    )
    # Runtime and extraction (babel.cfg: trimmed = true) must agree, or lookups miss.
    env.policies["ext.i18n.trimmed"] = True
    # Newstyle gettext (placeholders filled by the call, escaped in HTML), with
    # callables that read the current draft's language: never shared state.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(gettext_callables())
    env.globals.update(GLOBALS)
    env.filters.update(FILTERS)
    if isinstance(env, Sandbox):
        env.plain_filters()
    return env
