"""The whole reviewer flow on the seed articles, keyboard only: go through every statement,
verify it, rate its claim, look at its linked appearances, export ClaimReview."""

from __future__ import annotations

import json

import pytest
from tui_helpers import REPO_SEEDS, make_app, settle

from ledger.store.db import open_database


@pytest.mark.slow
def test_keyboard_only_review_of_the_seeds(cli, sqlite_url, tmp_path):
    # SQLite only, to keep the suite within its budget: every key's store work runs on
    # PostgreSQL too in test_actions and test_suggestions; this walks the whole flow
    db_url = sqlite_url
    seeds = sorted(REPO_SEEDS.glob("*.txt"))
    assert seeds, "the repository's seeds/ folder is empty"
    r = cli("import", *seeds, db=db_url)
    assert r.code == 0, r.err
    db = open_database(db_url)
    target = tmp_path / "claimreview.json"
    app = make_app(db, org_name="Seed Desk", org_url="https://desk.example")

    async def scenario(pilot):
        screen = pilot.app.screen
        seen, linked = [], 0
        while True:
            await settle(pilot)
            current = screen.current
            if current["id"] in seen:
                break  # j on the last row stays there
            seen.append(current["id"])
            linked += bool(current["appearances"])
            await pilot.press("v")
            await settle(pilot)
            if (screen.current.get("claim_review") or {}).get("rating") is None:
                await pilot.press("r")
                await settle(pilot)
                await pilot.press("enter")  # the first rating on the scale
                await settle(pilot)
            await pilot.press("j")
        await pilot.press("E")
        await settle(pilot)
        pilot.app.focused.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        return seen, linked, screen.total

    try:
        from tui_helpers import drive

        seen, linked, total = drive(app, scenario)
        assert len(seen) == total and total > 0
        assert linked > 0, "no statement of the seeds showed linked appearances"
        from ledger.services.queue import queue_page

        with db.read() as s:
            rows = queue_page(s, limit=1000)
            assert {r["status"] for r in rows} == {"verified"}
            claims = {r["claim_id"] for r in rows if r["claim_id"] is not None}
        docs = json.loads(target.read_text(encoding="utf-8"))
        assert len(docs) == len(claims)
        assert all(d["reviewRating"]["alternateName"] == "True" for d in docs)
    finally:
        db.dispose()
