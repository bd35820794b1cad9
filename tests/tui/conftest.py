"""Fixtures for the reviewer UI tests (the helpers are in tui_helpers.py)."""

from __future__ import annotations

import pytest
from tui_helpers import build_ledger


@pytest.fixture
def ledger_db(db):
    build_ledger(db)
    return db
