"""Templates from a user's folder run in a child process under operating-system limits.

The sandbox (:mod:`followup.rendering.sandbox`) counts a template's steps and
refuses huge values, but accounting in Python is a list of holes to plug one
at a time. A render that may run a user's template therefore happens in a
forked child whose CPU time (:data:`MAX_CPU_SECONDS`) and memory
(:data:`MAX_MEMORY` above what the process already uses) the operating
system caps (``setrlimit``); the parent also stops waiting after
:data:`MAX_WALL_SECONDS`. Whatever the template does, the render ends in a
result or in a :class:`~followup.errors.TemplateError` that says which limit
it hit. The shipped templates are trusted and run in process.

Where the platform has no ``fork`` or no ``resource`` module (Windows), the
render runs in process, bounded by the sandbox alone. Inside a child, a
further bounded call runs in that child, under its limits (a child cannot
raise them), so several renders can share one child and its compiled templates:
:func:`followup.plan` drafts a whole plan in one child, within one budget
(:func:`followup.plans.plan_seconds`). The child tells the parent, through a
small piece of shared memory, which template it is rendering, so that a limit
it hits names that template.
"""

from __future__ import annotations

import contextlib
import gc
import json
import mmap
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from followup.errors import FollowupError, TemplateError

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]

__all__ = ["MAX_CPU_SECONDS", "MAX_MEMORY", "MAX_WALL_SECONDS", "bounded", "isolated"]

MAX_CPU_SECONDS = 5
"""The most CPU time one render of a user's template may take."""
MAX_MEMORY = 256 * 2**20
"""The most memory (address space) one render of a user's template may add."""
MAX_WALL_SECONDS = 15
"""How long the parent waits for a render before it stops the child."""
MAX_RESULT = 64 * 2**20
"""The most bytes a child may send back (drafts are letters, never this long)."""
_MAX_MESSAGE = 2000

T = TypeVar("T")
_inside = False
"""Whether this process is a bounded child already."""
_NOTE_SIZE = 4096
_note: mmap.mmap | None = None
"""Memory the child shares with its parent, holding the template it is rendering."""


_spent: dict[str, float] = {}
"""In a bounded child, the CPU time each template has taken so far."""
_current: tuple[str, float] | None = None
"""In a bounded child, the template it renders now and the CPU time when it began."""


def rendering(filename: str) -> None:
    """Say which template this child renders now, and which has taken the most CPU time
    so far, so that a limit the plan hits names the template that spent it (not the
    one that happened to be rendering: a shipped one, after a user's slow ones)."""
    global _current
    if _note is None:
        return
    now = time.process_time()
    if _current is not None:
        _spent[_current[0]] = _spent.get(_current[0], 0.0) + now - _current[1]
    _current = (filename, now)
    heaviest = max(_spent, key=_spent.__getitem__) if _spent else filename
    data = json.dumps([filename[:1000], now, heaviest[:1000], _spent.get(heaviest, 0.0)]).encode(
        "utf-8"
    )[: _NOTE_SIZE - 2]
    _note.seek(0)
    _note.write(len(data).to_bytes(2, "big") + data)


def _noted(note: mmap.mmap, default: str, cpu: float | None = None) -> str:
    """The template to name: the one that took the most CPU time when the child's total
    is known (*cpu*), else the one it was rendering."""
    size = int.from_bytes(note[:2], "big")
    try:
        now, since, heaviest, spent = json.loads(note[2 : 2 + size].decode("utf-8"))
    except ValueError:
        return default
    if cpu is not None and heaviest and spent > cpu - since:
        return str(heaviest)
    return str(now) or default


def isolated() -> bool:
    """Whether renders of user templates run in a child process on this platform."""
    return hasattr(os, "fork") and resource is not None


def bounded(call: Callable[[], T], *, name: str, seconds: int = MAX_CPU_SECONDS) -> T:
    """The result of *call*, run in a child process under the limits above (*seconds*
    of CPU time); a :class:`~followup.errors.FollowupError` it raises is raised here
    the same way, and a limit it hits is a :class:`~followup.errors.TemplateError`
    naming the template *name*. If this process is interrupted while it waits, the
    child is stopped too."""
    if not isolated() or _inside:
        return call()
    note = mmap.mmap(-1, _NOTE_SIZE)  # shared with the child
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, measured by the parent's tests
        os.close(read_end)
        _child(call, write_end, seconds, note)
    os.close(write_end)
    try:
        result: T = _wait(pid, read_end, name, seconds, note)
        return result
    finally:
        note.close()


def _wait(pid: int, read_end: int, name: str, seconds: int, note: mmap.mmap) -> Any:
    """What the child sends back, or the error for the limit it hit."""
    wall = MAX_WALL_SECONDS * seconds // MAX_CPU_SECONDS
    try:
        data = _read_all(read_end, deadline=time.monotonic() + wall)
    except BaseException:  # interrupted (KeyboardInterrupt): stop the child as well
        _stop(pid)
        raise
    finally:
        os.close(read_end)
    if data is None:
        _stop(pid)
        raise TemplateError(
            f"ran longer than {wall} seconds; simplify it", name=_noted(note, name)
        )
    if len(data) > MAX_RESULT:
        _stop(pid)
        raise TemplateError(
            f"produced more than {MAX_RESULT // 2**20} MB of drafts; simplify it",
            name=_noted(note, name),
        )
    _, status, usage = os.wait4(pid, 0)
    if not data:
        cpu = usage.ru_utime + usage.ru_stime
        raise _ended(status, _noted(note, name, cpu), seconds)
    return _outcome(pickle.loads(data), _noted(note, name))


def _stop(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _child(
    call: Callable[[], Any], write_end: int, seconds: int, note: mmap.mmap
) -> None:  # pragma: no cover
    """Run *call* under the limits and write what came of it; never return."""
    global _inside, _note
    _inside, _note = True, note
    # The objects inherited from the parent are never garbage here: the collector
    # leaves them alone instead of walking (and copying) the whole parent heap, which
    # in a large process costs seconds of the child's CPU time.
    gc.freeze()
    _untraced()
    code = 0
    try:
        _limit(seconds)
        try:
            outcome: tuple[Any, ...] = ("ok", call())
        except FollowupError as err:
            where = (getattr(err, "name", None), getattr(err, "lineno", None))
            outcome = ("error", type(err), _short(str(err)), where)
        except MemoryError:
            outcome = ("memory",)
        except RecursionError:
            outcome = ("recursion",)
        except Exception as err:
            outcome = ("crash", f"{type(err).__name__}: {err}"[:500])
        data = pickle.dumps(outcome)
        view = memoryview(data)
        while view:
            written = os.write(write_end, view)
            view = view[written:]
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _untraced() -> None:  # pragma: no cover - runs in the child
    """Stop any tracer, profiler or monitoring tool the parent runs under (a debugger,
    coverage, Hypothesis explaining a failure): it would spend the child's CPU time,
    and the limits measure the templates' work alone."""
    sys.settrace(None)
    sys.setprofile(None)
    monitoring: Any = getattr(sys, "monitoring", None)  # Python 3.12 and later
    if monitoring is None:
        return
    events = [
        getattr(monitoring.events, name)
        for name in dir(monitoring.events)
        if name.isupper() and name != "NO_EVENTS"
    ]
    for tool in range(6):
        if monitoring.get_tool(tool) is None:
            continue
        monitoring.set_events(tool, 0)
        for event in events:
            with contextlib.suppress(ValueError):
                monitoring.register_callback(tool, event, None)
        monitoring.free_tool_id(tool)


def _short(message: str) -> str:
    """A message of a sensible length (a template can put anything in one)."""
    return message if len(message) <= _MAX_MESSAGE else message[:_MAX_MESSAGE] + "…"


def _limit(seconds: int) -> None:  # pragma: no cover - runs in the child
    assert resource is not None
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + seconds + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    size = _address_space()
    if size is not None:
        limit = size + MAX_MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int | None:
    """The address space this process uses now, where the platform says (Linux)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _read_all(fd: int, *, deadline: float) -> bytes | None:
    """Everything the child writes (stopping past :data:`MAX_RESULT`), or None when
    it takes past *deadline*."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_RESULT:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _ended(status: int, name: str, seconds: int) -> TemplateError:
    """The error for a child that ended without a result."""
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in {signal.SIGXCPU, signal.SIGKILL}:
        return TemplateError(
            f"used more than {seconds} seconds of CPU time; simplify it", name=name
        )
    return TemplateError(
        f"used more than {MAX_MEMORY // 2**20} MB of memory or stopped unexpectedly; simplify it",
        name=name,
    )


def _outcome(outcome: tuple[Any, ...], name: str) -> Any:
    kind = outcome[0]
    if kind == "ok":
        return outcome[1]
    if kind == "error":
        cls, text, (name, lineno) = outcome[1], outcome[2], outcome[3]
        error: FollowupError = cls.__new__(cls)
        Exception.__init__(error, text)
        if isinstance(error, TemplateError):
            error.name, error.lineno = name, lineno
        raise error
    if kind == "memory":
        raise TemplateError(
            f"used more than {MAX_MEMORY // 2**20} MB of memory; simplify it", name=name
        )
    if kind == "recursion":
        raise TemplateError("nests too deeply; simplify it", name=name)
    raise TemplateError(f"failed: {outcome[1]}", name=name)
