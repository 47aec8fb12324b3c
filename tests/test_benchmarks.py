"""The benchmark script still runs against the current code (its numbers are not checked)."""

from __future__ import annotations

from types import ModuleType

import pytest

import followup
from tests.conftest import load_script


def load_benchmark() -> ModuleType:
    return load_script("benchmarks/bench_plan.py")


def test_benchmark_prints_a_ratio_per_locale_and_size(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = load_benchmark()
    monkeypatch.setattr(bench, "REPEAT", 1)
    bench.main(sizes=(2, 3))
    out = capsys.readouterr().out
    for locale in followup.shipped_locales():
        assert any(line.startswith(locale + " ") for line in out.splitlines())
    assert out.count("x\n") >= len(followup.shipped_locales()) + 2
