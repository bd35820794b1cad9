"""Two reviewer apps on one database deciding on the same statement: the second sees the
conflict (who changed what), the item reloads, and after deciding again both decisions are
in the history. Runs on SQLite (one file, two Database objects) and on PostgreSQL."""

from __future__ import annotations

import asyncio

from ledger.tui.app import ReviewApp
from tui_helpers import build_ledger, log_of, notices, settle

from ledger.store.db import open_database


def test_second_reviewer_sees_the_conflict_and_nothing_is_lost(db_url):
    first_db = open_database(db_url)
    second_db = open_database(db_url)
    build_ledger(first_db)
    try:

        async def main():
            # no head poll: bob acts on the version he saw before any refresh could show
            # him alice's decision (the poll's own tests are in test_detail_ui.py)
            alice = ReviewApp(first_db, "alice", poll_seconds=3600)
            bob = ReviewApp(second_db, "bob", poll_seconds=3600)
            async with alice.run_test(size=(120, 36)) as a, bob.run_test(size=(120, 36)) as b:
                await settle(a)
                await settle(b)
                seen_by_bob = b.app.screen.current["review"]["version"]
                await a.press("v")
                await settle(a)
                await b.press("d")
                b.app.focused.value = "wrong month"
                await b.press("enter")
                await settle(b)
                conflict = [m for m in notices(b.app) if "was changed after version" in m]
                reloaded = b.app.screen_stack[-2].current["review"]  # under the dialog
                # the refused decision and its note are offered again on the new version
                assert b.app.focused.value == "wrong month"
                await b.press("enter")
                await settle(b)
                return seen_by_bob, conflict, reloaded

        seen, conflict, reloaded = asyncio.run(main())
        assert len(conflict) == 1
        assert "alice decided 'verified'" in conflict[0]
        assert reloaded["version"] > seen and reloaded["status"] == "verified"
        log = log_of(first_db, statement_id=1)
        assert [(e["reviewer"], e["verdict"], e["note"]) for e in log] == [
            ("alice", "verified", None),
            ("bob", "disputed", "wrong month"),
        ]
    finally:
        first_db.dispose()
        second_db.dispose()
