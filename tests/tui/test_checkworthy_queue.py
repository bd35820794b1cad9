"""The queue shows each statement's check-worthiness and starts most check-worthy unreviewed
first (the `queue_order` setting); `o` switches to oldest first and back; the detail pane
names the cues that raised the score. At 80×24, through Textual's pilot."""

from __future__ import annotations

from sqlalchemy import update
from tui_helpers import drive, make_app, notices, settle

from ledger.services import settings
from ledger.store.models import Statement

# statement id -> (score, cues): statement 2 first, then 1; 3 never scored
SCORES = {1: (0.41, ["named actor"]), 2: (0.87, ["number", "[bold]trend[/bold]"]), 3: (None, None)}


def _score(db):
    with db.write() as s:
        for sid, (value, cues) in SCORES.items():
            s.execute(
                update(Statement)
                .where(Statement.id == sid)
                .values(checkworthiness=value, checkworthy_cues=cues)
            )


def _cells(screen):
    from ledger.tui.widgets import QueueTable

    table = screen.query_one(QueueTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def test_queue_starts_check_worthy_first_and_o_switches(ledger_db):
    _score(ledger_db)
    app = make_app(ledger_db)

    async def scenario(pilot):
        screen = pilot.app.screen
        out = {"start": [r["id"] for r in screen.rows], "cells": _cells(screen)}
        out["detail"] = str(screen.query_one("#detail").text)
        out["bar"] = str(screen.query_one("#bar").render())
        await pilot.press("o")
        await settle(pilot)
        out["oldest"] = [r["id"] for r in screen.rows]
        out["sort"] = screen.query_state.sort
        await pilot.press("o")
        await settle(pilot)
        out["back"] = [r["id"] for r in screen.rows]
        return out

    out = drive(app, scenario, size=(80, 24))
    assert out["start"] == [2, 1, 3]
    assert out["oldest"] == [1, 2, 3] and out["sort"] == "id"
    assert out["back"] == [2, 1, 3]
    assert out["cells"][0][1] == "0.87" and out["cells"][2][1] == ""
    # the detail pane of statement 2: its score and cues, markup in a cue shown as text
    assert "Check-worthy: 0.87" in out["detail"]
    assert "raised by: number, [bold]trend[/bold]" in out["detail"]
    assert "check-worthy first" in out["bar"]
    assert any("oldest first" in n for n in notices(app))


def test_setting_oldest_starts_oldest_first_and_unscored_say_so(ledger_db):
    _score(ledger_db)
    with ledger_db.write() as s:
        settings.set_setting(s, "queue_order", "oldest")
    app = make_app(ledger_db)

    async def scenario(pilot):
        screen = pilot.app.screen
        ids = [r["id"] for r in screen.rows]
        await pilot.press("j", "j")
        await settle(pilot)
        return ids, screen.current_id, str(screen.query_one("#detail").text)

    ids, current, detail = drive(app, scenario, size=(80, 24))
    assert ids == [1, 2, 3] and current == 3
    assert "Check-worthy: not scored (ledger rescore)" in detail
