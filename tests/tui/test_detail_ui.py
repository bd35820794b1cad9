"""What a decision needs, in the reviewer UI: notes, evidence, corrections and the lease in
the detail; `u` naming what it undid (a verdict, a rating); the detail scrolled from the
keyboard; others' decisions shown after the history head is polled (and nothing reloaded
when it did not move); a footer whose words are whole at 80 columns."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from ledger.tui import backend
from tui_helpers import (
    add_conflict_and_fact_checks,
    build_ledger,
    drive,
    key_and_text,
    keys,
    log_of,
    make_app,
    notices,
    settle,
    until,
)

from ledger.services.acting import writing_as
from ledger.services.decisions import add_note, decide
from ledger.store.db import open_database
from ledger.store.models import Statement


@pytest.fixture
def two_sessions(sqlite_url):
    """The fixed ledger opened twice, as two reviewers' processes hold it."""
    mine, theirs = open_database(sqlite_url), open_database(sqlite_url)
    build_ledger(mine)
    yield mine, theirs
    mine.dispose()
    theirs.dispose()


def _lease(db, sid: int, owner: str) -> None:
    with db.write() as s:
        st = s.get(Statement, sid)
        st.lease_owner = owner
        st.lease_until = datetime(2099, 1, 2, 3, 4, tzinfo=UTC)


def _seen(s, sid: int) -> int:
    return s.get(Statement, sid).version


def test_detail_shows_notes_evidence_corrections_and_lease(ledger_db):
    from ledger.tui.widgets import DetailHead, DetailPane

    _lease(ledger_db, 1, "bob")
    app = make_app(ledger_db)

    async def scenario(pilot):
        await key_and_text(pilot, "d", "the ministry said June [bold]")
        await key_and_text(pilot, "e", "https://gov.example/notice statement:2")
        # the claim's text, corrected at once by an editor
        await key_and_text(pilot, "C", "the harbour bridge reopens in may")
        screen = pilot.app.screen
        return screen.query_one(DetailHead).text.plain, screen.query_one(DetailPane).text.plain

    head, body = drive(app, scenario)
    assert "held by bob until 2099-01-02 03:04 UTC" in head
    assert "Notes and evidence (2):" in body
    assert "alice" in body and "[disputed]: the ministry said June [bold]" in body
    assert "evidence: https://gov.example/notice" in body
    assert "evidence: statement:2" in body
    assert "Corrections (1):" in body and "claim-text applied by alice" in body


def test_undo_names_what_it_undid_and_undoes_a_rating(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await keys(pilot, "v", "r", "enter")  # verified, then the scale's first step
        rated = pilot.app.screen.current["claim_review"]["rating"]
        await keys(pilot, "u")  # the rating came last: it goes first
        after_one = pilot.app.screen.current["claim_review"]["rating"]
        await keys(pilot, "u")
        return rated, after_one, pilot.app.screen.current["review"]["status"]

    rated, after_one, status = drive(app, scenario)
    assert rated and after_one is None and status == "unreviewed"
    said = notices(app)
    assert f"undid your rating {rated!r} of claim 1" in said
    assert "undid your verify of statement 1" in said
    [rating, retraction] = log_of(ledger_db, claim_id=1)
    assert rating["retracted"] and retraction["verdict"] == "retract"


def test_undo_with_nothing_to_undo_says_so(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await keys(pilot, "u")

    drive(app, scenario)
    assert any("alice has no decision to undo on statement 1" in n for n in notices(app))


def test_detail_pane_scrolls_by_keyboard(ledger_db):
    with writing_as(ledger_db, "alice") as s:  # enough notes to overflow the pane
        for n in range(12):
            add_note(
                s, 1, f"note number {n} on the date", seen_version=_seen(s, 1), reviewer="alice"
            )
    app = make_app(ledger_db)

    async def scenario(pilot):
        screen = pilot.app.screen
        pane = screen.query_one("#detail-scroll")
        await pilot.press("tab")
        focused = pilot.app.focused
        start = pane.scroll_y
        await pilot.press("j", "j", "j")
        await settle(pilot)
        after_j = pane.scroll_y
        await pilot.press("pagedown")
        await settle(pilot)
        after_page = pane.scroll_y
        await pilot.press("k")
        await settle(pilot)
        after_k = pane.scroll_y
        await pilot.press("tab")
        on_links = pilot.app.focused.id
        await pilot.press("tab")
        on_diff = pilot.app.focused.id
        await pilot.press("tab")
        back = (on_diff, pilot.app.focused.id, screen.current_id)
        return focused.id, start, after_j, after_page, after_k, on_links, back

    focused, start, after_j, after_page, after_k, links, back = drive(app, scenario)
    assert focused == "detail-scroll"
    assert start == 0 and after_j == 3 and after_page > after_j and after_k == after_page - 1
    # back on the queue, still on statement 1: j/k scrolled the detail, not the queue
    assert (links, back) == ("appearances", ("diff-scroll", "queue", 1))


def test_screen_follows_another_reviewers_decision_after_the_poll(two_sessions):
    mine, theirs = two_sessions
    said: list[str] = []

    async def main():
        app = make_app(mine, poll_seconds=0.2)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("j")  # on statement 2
            await settle(pilot)
            await asyncio.sleep(0.7)  # polls with nothing new: nothing reloads
            await settle(pilot)
            idle = list(app.shown)
            with writing_as(theirs, "bob") as s:
                decide(
                    s,
                    2,
                    "disputed",
                    seen_version=_seen(s, 2),
                    reviewer="bob",
                    note="bob's note",
                )
                decide(s, 3, "verified", seen_version=_seen(s, 3), reviewer="bob")
            await until(pilot, lambda: app.screen.current["review"]["status"] == "disputed")
            await asyncio.sleep(0.5)  # more polls: the head is where it was read
            await settle(pilot)
            screen = app.screen
            table = screen.query_one("#queue")
            said.extend(notices(app))
            return (
                idle,
                list(app.shown),
                screen.current,
                table.cursor_row,
                {r["id"]: r["status"] for r in screen.rows},
                str(table.get_row_at(2)[0]),
            )

    idle, shown, current, cursor, statuses, cell = asyncio.run(main())
    assert idle == [1, 2]
    assert shown == [1, 2, 2]  # statement 2 reloaded once, the queue not at all
    assert current["id"] == 2 and current["review"]["status"] == "disputed"
    assert any(n["note"] == "bob's note" for n in current["notes"])
    assert cursor == 1  # still on statement 2
    assert statuses == {1: "unreviewed", 2: "disputed", 3: "verified"}
    assert cell == "verified"  # another loaded row's status, updated in place
    assert "#2 was changed by someone else: shown as it is now" in said


def test_changes_report_nothing_when_the_head_did_not_move(ledger_db):
    head = backend.head(ledger_db)
    assert backend.changes(ledger_db, head, [1, 2, 3], 1) == (head, set(), {})
    with writing_as(ledger_db, "bob") as s:
        decide(s, 3, "verified", seen_version=_seen(s, 3), reviewer="bob")
    now, touched, statuses = backend.changes(ledger_db, head, [1, 2, 3], 1)
    assert now[0] > head[0] and touched == {"statement:3"} and statuses == {3: "verified"}
    # another history than the one seen (a restore): everything reloads
    assert backend.changes(ledger_db, (head[0], "0" * 64), [1], None)[1] is None


def test_footer_keeps_whole_words_at_80_columns(ledger_db):
    from ledger.tui.widgets import KeyBar

    app = make_app(ledger_db)

    async def scenario(pilot):
        bar = pilot.app.screen.query_one(KeyBar)
        seen = [bar.text.plain]
        for width in (40, 16):
            await pilot.resize_terminal(width, 24)
            await settle(pilot)
            seen.append(bar.text.plain)
        return seen

    footer, at_40, at_16 = drive(app, scenario, size=(80, 24))
    assert len(footer) <= 80
    assert footer.startswith("v Verify  d Dispute  x Reject  r Rate")
    assert footer.rstrip().endswith("? help  ^p palette")
    assert "▏" not in footer
    words = footer.split()
    for word in ("Verify", "Dispute", "Reject", "Rate", "Note", "help", "palette"):
        assert word in words
    # narrower: fewer keys, each whole; the help key stays while it fits
    assert len(at_40) <= 40 and at_40.split()[:4] == ["v", "Verify", "d", "Dispute"]
    assert at_40.rstrip().endswith("? help  ^p palette")
    assert len(at_16) <= 16 and at_16.split() == ["?", "help"]


def test_no_reload_under_an_open_dialog(two_sessions):
    """A note typed in a dialog is checked against the version the reviewer saw: the poll
    waits until the dialog is closed, then shows the other reviewer's decision."""
    mine, theirs = two_sessions

    async def main():
        app = make_app(mine, poll_seconds=0.2)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            with writing_as(theirs, "bob") as s:
                decide(s, 1, "verified", seen_version=_seen(s, 1), reviewer="bob")
            await asyncio.sleep(0.8)
            await settle(pilot)
            under_dialog = list(app.shown)
            await pilot.press("escape")
            await until(pilot, lambda: len(app.shown) > len(under_dialog))
            return under_dialog, list(app.shown), app.screen.current["review"]["status"]

    under_dialog, shown, status = asyncio.run(main())
    assert under_dialog == [1]
    assert shown == [1, 1] and status == "verified"


def test_a_refresh_keeps_the_appearance_selected(two_sessions):
    from ledger.tui.widgets import AppearancesTable, DiffView

    mine, theirs = two_sessions
    add_conflict_and_fact_checks(mine)  # statement 1: two appearances (#4 and #2)

    async def main():
        app = make_app(mine, poll_seconds=0.2)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await keys(pilot, "tab", "tab", "j")  # the appearances, their second row
            links = app.screen.query_one(AppearancesTable)
            before = links.selected()["id"]
            with writing_as(theirs, "bob") as s:
                decide(s, 1, "verified", seen_version=_seen(s, 1), reviewer="bob")
            await until(pilot, lambda: app.screen.current["review"]["status"] == "verified")
            diff = str(app.screen.query_one(DiffView).render())
            return before, links.selected()["id"], app.focused.id, diff

    before, after, focused, diff = asyncio.run(main())
    assert before == after == 2 and focused == "appearances"
    assert diff.startswith("#2 Jane Roe")
