"""Fixtures for the review tests: the small ledger of `review_seed`."""

from __future__ import annotations

import pytest
from review_seed import build


@pytest.fixture
def ledger(db):
    """(db, ids): the small ledger; ids["statements"], ids["claims"]."""
    return db, build(db)
