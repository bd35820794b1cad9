"""Snapshots of the reviewer screens at 120×36 and 80×24 on a fixed ledger (fixed ids,
dates and timestamps). Update after an intended change: pytest tests/tui --snapshot-update."""

from __future__ import annotations

import pytest
from tui_helpers import add_conflict_and_fact_checks, build_ledger, make_app, settle

from ledger.store.db import open_database

SIZES = [(120, 36), (80, 24)]


@pytest.fixture
def snap_db(sqlite_url):
    db = open_database(sqlite_url)
    build_ledger(db)
    yield db
    db.dispose()


@pytest.fixture
def rated_db(snap_db):
    """The fixed ledger with claim 1 rated 'false' by alice, a conflict and two imported
    fact-checks, and statement 1 leased to bob (a fixed time)."""
    from datetime import UTC, datetime

    from ledger.services.acting import writing_as
    from ledger.services.decisions import rate_claim
    from ledger.store.models import Claim, Statement

    add_conflict_and_fact_checks(snap_db)
    with writing_as(snap_db, "alice") as s:
        rate_claim(s, 1, "false", seen_version=s.get(Claim, 1).version, reviewer="alice")
    with snap_db.write() as s:
        st = s.get(Statement, 1)
        st.lease_owner, st.lease_until = "bob", datetime(2099, 1, 2, 3, 4, tzinfo=UTC)
    return snap_db


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


@pytest.mark.parametrize("size", SIZES, ids=["120x36", "80x24"])
def test_rating_sources_and_footer(snap_compare, rated_db, size):
    """Above the fold at both sizes: the claim's rating, the fact-check on it, the best
    prior check, the lease; the appearances' outlets and dates beside their quotes; the
    footer's words whole."""
    assert snap_compare(make_app(rated_db), terminal_size=size, run_before=_keys())
