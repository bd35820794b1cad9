"""Hypothesis profiles for the fuzz tests: a few examples by default, 10,000 with
LEDGER_FUZZ_PROFILE=slow (or HYPOTHESIS_PROFILE=slow)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

_COMMON = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)
settings.register_profile("default", max_examples=12, **_COMMON)
settings.register_profile("medium", max_examples=400, **_COMMON)
settings.register_profile("slow", max_examples=10_000, **_COMMON)
settings.load_profile(
    os.environ.get("LEDGER_FUZZ_PROFILE") or os.environ.get("HYPOTHESIS_PROFILE") or "default"
)


class Ledgers:
    """SQLite ledgers for the examples of one test: a fresh one every EVERY examples, so the
    whole-history checks after each example cost as much at the 10,000th as at the first."""

    EVERY = 100

    def __init__(self, folder) -> None:
        self.folder = folder
        self.used = 0
        self.current = ""

    def url(self) -> str:
        if self.used % self.EVERY == 0:
            self.current = f"sqlite:///{self.folder / f'ledger{self.used // self.EVERY}.db'}"
        self.used += 1
        return self.current


@pytest.fixture
def ledgers(tmp_path) -> Ledgers:
    return Ledgers(tmp_path)
