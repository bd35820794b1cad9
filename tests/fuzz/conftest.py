"""Hypothesis profiles for the fuzz tests: a few examples by default, 10,000 with
LEDGER_FUZZ_PROFILE=slow (or HYPOTHESIS_PROFILE=slow)."""

from __future__ import annotations

import os

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
