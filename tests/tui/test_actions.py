"""Every reviewer action, driven with the keyboard through Textual's pilot, checked in the
database (SQLite, and PostgreSQL when LEDGER_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import json

from tui_helpers import drive, log_of, make_app, notices, settle, type_text

from ledger.store.models import Link, Speaker, Statement


def _status(db, sid):
    with db.read() as s:
        return s.get(Statement, sid).status


def test_first_screen_shows_queue_and_detail(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        screen = pilot.app.screen
        return [r["id"] for r in screen.rows], screen.current, screen.total

    ids, current, total = drive(app, scenario)
    assert ids == [1, 2, 3] and total == 3
    assert current["id"] == 1
    assert current["speaker"]["role"] == "Transport minister"
    assert current["speaker"]["aliases"] == ["Roe"]
    assert [m["kind"] for m in current["marks"]] == ["cue", "hedge"]
    assert current["appearances"][0]["id"] == 2
    assert current["appearances"][0]["relation"] == "altered"


def test_verify_at_once(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("v")

    drive(app, scenario)
    log = log_of(ledger_db, statement_id=1)
    assert [(e["reviewer"], e["verdict"]) for e in log] == [("alice", "verified")]
    assert _status(ledger_db, 1) == "verified"


def test_move_with_j_and_k_and_arrows(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        seen = []
        for key in ("j", "j", "k", "down", "up", "up"):
            await pilot.press(key)
            await settle(pilot)
            seen.append(pilot.app.screen.current["id"])
        return seen

    assert drive(app, scenario) == [2, 3, 2, 3, 2, 1]


def test_dispute_with_note(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("d")
        await type_text(pilot, "June, not May")
        await pilot.press("enter")

    drive(app, scenario)
    [entry] = log_of(ledger_db, statement_id=2)
    assert (entry["verdict"], entry["note"]) == ("disputed", "June, not May")
    assert _status(ledger_db, 2) == "disputed"


def test_reject_without_note_and_escape_cancels(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("x")
        await pilot.press("escape")  # cancelled: nothing stored
        await settle(pilot)
        await pilot.press("x")
        await pilot.press("enter")

    drive(app, scenario)
    [entry] = log_of(ledger_db, statement_id=1)
    assert (entry["verdict"], entry["note"]) == ("rejected", None)


def test_note_and_evidence(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("n")
        await type_text(pilot, "[b]check[/b] the minutes")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await type_text(pilot, "https://example.org/minutes, source:2")
        await pilot.press("enter")

    drive(app, scenario)
    log = log_of(ledger_db, statement_id=1)
    assert [(e["verdict"], e["note"], e["evidence"]) for e in log] == [
        ("note", "[b]check[/b] the minutes", []),
        ("evidence", None, ["https://example.org/minutes", "source:2"]),
    ]


def test_bad_evidence_is_refused_with_a_message(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("e")
        await type_text(pilot, "not-a-url")
        await pilot.press("enter")
        await settle(pilot)
        return notices(pilot.app)

    messages = drive(app, scenario)
    assert any("neither an http(s) URL" in m for m in messages)
    assert log_of(ledger_db, statement_id=1) == []


def test_rate_claim_from_the_scale(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("down", "enter")  # the second entry: "mostly true"

    drive(app, scenario)
    [entry] = log_of(ledger_db, claim_id=1)
    assert (entry["reviewer"], entry["verdict"]) == ("alice", "mostly true")


def test_assign_and_assigned_to_me_filter(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("a")
        await type_text(pilot, "alice")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        return [r["id"] for r in pilot.app.screen.rows]

    assert drive(app, scenario) == [2]
    with ledger_db.read() as s:
        assert s.get(Statement, 2).assigned_to == "alice"


def test_speaker_edit_and_merge(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("s")
        await type_text(pilot, "Jane A. Roe")
        await pilot.press("tab")
        await type_text(pilot, "Minister of Transport")
        await pilot.press("tab")
        await type_text(pilot, "the minister")
        await pilot.press("enter")
        await settle(pilot)
        # statement 3's speaker (John Doe) folded into Jane Roe
        await pilot.press("j", "j")
        await settle(pilot)
        await pilot.press("s")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "roe")
        await pilot.press("enter")

    drive(app, scenario)
    with ledger_db.read() as s:
        roe = s.get(Speaker, 1)
        aliases = {a.alias for a in roe.aliases}
        assert (roe.name, roe.role) == ("Jane A. Roe", "Minister of Transport")
        assert {"Roe", "Jane Roe", "the minister", "John Doe"} <= aliases
        assert s.get(Speaker, 2) is None
        assert s.get(Statement, 3).speaker_id == 1


def test_undo_my_last_decision(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("u")

    drive(app, scenario)
    log = log_of(ledger_db, statement_id=1)
    assert [e["verdict"] for e in log] == ["verified", "retract"]
    assert log[0]["retracted"] is True
    assert _status(ledger_db, 1) == "unreviewed"


def test_history_shows_the_review_log(ledger_db):
    from ledger.tui.dialogs import HistoryScreen
    from textual.widgets import Static

    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        text = "\n".join(str(w.render()) for w in screen.query(Static))
        await pilot.press("escape")
        return text

    text = drive(app, scenario)
    assert "alice" in text and "verified" in text


def test_search_and_filters(ledger_db):
    from textual.widgets import Select

    app = make_app(ledger_db)

    async def scenario(pilot):
        screen = pilot.app.screen
        await pilot.press("slash")
        await type_text(pilot, "june")
        await pilot.press("enter")
        await settle(pilot)
        after_search = [r["id"] for r in screen.rows]
        await pilot.press("slash")
        await type_text(pilot, "")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.query_one("#hedging", Select).value = "low"
        await pilot.press("ctrl+s")
        await settle(pilot)
        after_hedging = [r["id"] for r in screen.rows]
        await pilot.press("f")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.query_one("#hedging", Select).clear()
        dialog.query_one("#sort", Select).value = "-id"
        dialog.query_one("#speaker").value = "roe"
        await pilot.press("ctrl+s")
        await settle(pilot)
        return after_search, after_hedging, [r["id"] for r in screen.rows], screen.total

    assert drive(app, scenario) == ([2], [1], [2, 1], 2)


def test_bad_filter_date_gives_a_message_and_keeps_the_queue(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("f")
        await settle(pilot)
        pilot.app.screen.query_one("#since").value = "yesterday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the dialog stays open with the message in it (tests/tui/test_corrections.py)
        message = str(pilot.app.screen.query_one("#error").render())
        await pilot.press("escape")
        await settle(pilot)
        return message, [r["id"] for r in pilot.app.screen.rows]

    message, ids = drive(app, scenario)
    assert "'yesterday' is not a date" in message
    assert ids == [1, 2, 3]


def test_confirm_and_reject_link(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("tab")  # to the appearances pane
        await pilot.press("c")
        await settle(pilot)
        with ledger_db.read() as s:
            first = s.query(Link).one().decided
        await pilot.press("b")
        return first

    assert drive(app, scenario) == "confirmed"
    with ledger_db.read() as s:
        link = s.query(Link).one()
        assert (link.decided, link.decided_by) == ("rejected", "alice")


def test_help_and_quit(ledger_db):
    from ledger.tui.dialogs import HelpScreen

    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        shown = isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("q")
        return shown

    assert drive(app, scenario) is True
    assert app.return_code == 0


def test_export_claimreview_from_the_keyboard(ledger_db, tmp_path):
    app = make_app(ledger_db, org_name="Check Desk", org_url="https://check.example")
    target = tmp_path / "claims.json"

    async def scenario(pilot):
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")  # "true"
        await settle(pilot)
        await pilot.press("E")
        await type_text(pilot, str(target))
        await pilot.press("enter")

    drive(app, scenario)
    docs = json.loads(target.read_text())
    assert len(docs) == 1
    assert docs[0]["@type"] == "ClaimReview"
    assert docs[0]["reviewRating"]["alternateName"] == "True"


def test_no_export_without_the_claimreview_builder(ledger_db):
    """The UI does not import ledger.export: an app started without the builder says so."""
    app = make_app(ledger_db, claim_reviews=None)

    async def scenario(pilot):
        await pilot.press("E")
        await settle(pilot)
        return notices(pilot.app), type(pilot.app.screen).__name__

    shown, screen = drive(app, scenario)
    assert "no ClaimReview export in this session" in shown
    assert screen == "ReviewScreen"


def test_command_palette_lists_the_actions(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        titles = [c.title for c in pilot.app.get_system_commands(pilot.app.screen)]
        return titles

    titles = drive(app, scenario)
    for expected in ("Verify (v)", "Dispute (d)", "Confirm link (c)", "Help (?)"):
        assert expected in titles
