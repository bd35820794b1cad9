"""Snapshots of the reviewer screens at 120×36 and 80×24 on a fixed ledger (fixed ids,
dates and timestamps). Update after an intended change: pytest tests/tui --snapshot-update."""

from __future__ import annotations

import pytest
from tui_helpers import build_ledger, make_app, settle

from ledger.store.db import open_database

SIZES = [(120, 36), (80, 24)]


@pytest.fixture
def snap_db(sqlite_url):
    db = open_database(sqlite_url)
    build_ledger(db)
    yield db
    db.dispose()


def _keys(*keys):
    async def run_before(pilot):
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["120x36", "80x24"])
def test_main_screen(snap_compare, snap_db, size):
    assert snap_compare(make_app(snap_db), terminal_size=size, run_before=_keys())


@pytest.mark.parametrize("size", SIZES, ids=["120x36", "80x24"])
def test_altered_quote_with_diff(snap_compare, snap_db, size):
    assert snap_compare(make_app(snap_db), terminal_size=size, run_before=_keys("j", "tab"))


@pytest.mark.parametrize("size", SIZES, ids=["120x36", "80x24"])
def test_help_screen(snap_compare, snap_db, size):
    assert snap_compare(make_app(snap_db), terminal_size=size, run_before=_keys("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=["120x36", "80x24"])
def test_filters_dialog(snap_compare, snap_db, size):
    assert snap_compare(make_app(snap_db), terminal_size=size, run_before=_keys("f"))


def test_markup_quote_screen(snap_compare, snap_db):
    assert snap_compare(make_app(snap_db), terminal_size=(120, 36), run_before=_keys("j", "j"))
