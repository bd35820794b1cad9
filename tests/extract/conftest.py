"""Helpers shared by the extractor tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.extract import ExtractedStatement, extract

SHARED = Path(__file__).resolve().parents[3] / "shared"


def find(statements: list[ExtractedStatement], needle: str) -> ExtractedStatement:
    """The statement whose quote contains `needle` (fails the test when there is none)."""
    hits = [s for s in statements if needle in s.quote]
    assert hits, f"no statement contains {needle!r}: {[s.quote for s in statements]}"
    return hits[0]


@pytest.fixture
def run():
    """Extract and check the offset invariant on every statement."""

    def _run(text: str, published_on=None) -> list[ExtractedStatement]:
        out = extract(text, published_on)
        for s in out:
            assert 0 <= s.start < s.end <= len(text)
            assert text[s.start : s.end] == s.quote
        assert [s.start for s in out] == sorted(s.start for s in out)
        return out

    return _run
