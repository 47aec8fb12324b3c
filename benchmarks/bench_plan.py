"""How fast followup drafts a plan, as ratios measured side by side in one run.

Run: ``python benchmarks/bench_plan.py``. It prints, for each shipped locale,
the cost of the first plan in that language (catalogs and CLDR data loaded,
templates compiled) against a warm plan, and how plan time grows with the size
of a committee. Absolute times are printed for orientation only: the machine
is shared, so compare the ratios.
"""

from __future__ import annotations

import copy
import statistics
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import babel.localedata

import followup
from followup import locales, rendering

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "interview.toml"


def _facts(locale: str, people: int = 2) -> followup.Interview:
    with EXAMPLE.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    data = copy.deepcopy(data)
    data["locale"] = locale
    extra = [{"name": f"Panel Member{n}", "gender": "unspecified"} for n in range(people - 2)]
    data["interviewers"] = [*data["interviewers"], *extra][:people]
    for person in data["interviewers"]:
        person.pop("locale", None)
    return followup.parse(data)


def _cold() -> None:
    """Forget every cache followup and Babel keep, as in a fresh process."""
    for module in (rendering, locales):
        for value in vars(module).values():
            if (
                callable(getattr(value, "cache_clear", None))
                and value is not locales.shipped_locales
            ):
                value.cache_clear()
    babel.localedata._cache.clear()


REPEAT = 15


def _median(run: Callable[[], object], repeat: int | None = None) -> float:
    times = []
    for _ in range(repeat or REPEAT):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(*, sizes: tuple[int, ...] = (2, 5, 10, 20)) -> None:
    """Print the ratios; *sizes* are the committee sizes compared."""
    print(f"{'locale':8} {'first plan':>12} {'warm plan':>12} {'first/warm':>11}")
    for locale in followup.shipped_locales():
        interview = _facts(locale if "_" in locale or locale != "en" else "en_US")
        _cold()
        start = time.perf_counter()
        followup.plan(interview)
        first = time.perf_counter() - start
        warm = _median(lambda i=interview: followup.plan(i))
        print(f"{locale:8} {first * 1e3:10.1f}ms {warm * 1e3:10.2f}ms {first / warm:10.1f}x")
    print()
    pair = _facts("en_US", 2)
    base = _median(lambda: followup.plan(pair))
    print(f"{'committee':10} {'plan':>10} {'vs 2 people':>12}")
    for size in sizes:
        interview = _facts("en_US", size)
        took = _median(lambda i=interview: followup.plan(i))
        print(f"{size:10} {took * 1e3:8.2f}ms {took / base:11.2f}x")


if __name__ == "__main__":
    main()
