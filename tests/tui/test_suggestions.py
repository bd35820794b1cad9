"""Issue 12 in the reviewer UI, driven with the keyboard at 80×24 on a real database:
conflict suggestions (shown with the differing words, confirmed and rejected through the
link decision door, never joining a claim), the best prior fact-checks of a statement
(and linking it to one, after which it is in that rated claim), dates as precise as they
are known, and errors shown without losing what the reviewer typed."""

from __future__ import annotations

import pytest
from screen_text import screen_lines
from sqlalchemy import select
from tui_helpers import (
    add_conflict_and_fact_checks,
    drive,
    log_of,
    make_app,
    notices,
    settle,
    type_text,
)

from ledger.errors import InputError, LedgerError
from ledger.store.models import Link, Statement


def _screen(app) -> str:
    return "\n".join(line for line in screen_lines(app.export_screenshot()) if line.strip())


def _link(db, a, b):
    with db.read() as s:
        lk = s.scalar(select(Link).where(Link.a_id == a, Link.b_id == b))
        return lk.decided, lk.decided_by


def _claims(db, *ids):
    with db.read() as s:
        return [s.get(Statement, i).claim_id for i in ids]


def _add_markup_conflict(db) -> None:
    """A second, weaker conflict of statement 1: statement 3, whose quote is markup (its
    diff written by hand, so that it holds the markup as written)."""
    diff = [
        {"op": "equal", "a": "The bridge", "b": "The bridge"},
        {"op": "replace", "a": "will likely", "b": "[bold]not bold[/x] \x1b[31mred"},
    ]
    with db.write() as s:
        s.add(
            Link(
                a_id=1,
                b_id=3,
                relation="conflicts",
                score=0.41,
                method="test",
                diff=diff,
                decided="suggested",
            )
        )


def test_conflicts_are_shown_and_decided_at_80x24(ledger_db):
    from ledger.tui.widgets import ConflictsView

    add_conflict_and_fact_checks(ledger_db)
    _add_markup_conflict(ledger_db)
    app = make_app(ledger_db)

    async def scenario(pilot):
        screen = pilot.app.screen
        view = screen.query_one(ConflictsView)
        seen = {
            "first": _screen(pilot.app),
            "title": screen.query_one("#detail-scroll").border_title,
            "text": view.text.copy(),
            "selected": view.current()["id"],
        }
        await pilot.press("right_square_bracket")
        await settle(pilot)
        seen["next"] = view.current()["id"]
        seen["scrolled"] = _screen(pilot.app)
        await pilot.press("right_square_bracket")  # back to statement 4
        await pilot.press("y")
        await settle(pilot)
        seen["after_yes"] = view.text.plain
        seen["title_after"] = screen.query_one("#detail-scroll").border_title
        while view.current()["id"] != 3:
            await pilot.press("right_square_bracket")
        await pilot.press("N")
        await settle(pilot)
        seen["after_no"] = view.text.plain
        return seen

    seen = drive(app, scenario, size=(80, 24))
    first = seen["first"]
    # the decision essentials are still in view at 80×24, the conflicts signalled above them
    for essential in ("#1 unreviewed", "bridge will likely reopen", "Speaker: Jane Roe"):
        assert essential in first
    assert "Stated: 2024-03-01" in first
    assert "2 conflicts" in seen["title"]
    assert "2024-W09" in first  # the queue's date of statement 4 ("last week")
    # the strongest conflict first: the other statement's speaker, source, date and quote
    text = seen["text"]
    assert seen["selected"] == 4
    plain = text.plain
    assert "#4 John Doe · Harbour Radio · week of 2024-02-26 · suggested 0.87" in plain
    # the differing word highlighted as an insertion (styled, not markup)
    at = plain.index("+not")
    assert any(
        sp.start <= at and sp.end >= at + 4 and "green" in str(sp.style) for sp in text.spans
    )
    # a markup quote in a conflict is shown as written
    assert "+[bold]not bold[/x] \\x1b[31mred" in plain
    # `]` selects the next conflict and scrolls the detail to it
    assert seen["next"] == 3
    assert "▸ 2/2 #3 John Doe" in seen["scrolled"]
    # y: a confirmed conflict; the two statements stay in different claims
    assert _link(ledger_db, 1, 4) == ("confirmed", "alice")
    c1, c4, c2 = _claims(ledger_db, 1, 4, 2)
    assert c1 is not None and c1 == c2 and c4 != c1
    assert "confirmed: they conflict by alice" in seen["after_yes"]
    assert "1 conflict " in seen["title_after"]
    # N: rejected, and statement 1's claim is as it was
    assert _link(ledger_db, 1, 3) == ("rejected", "alice")
    assert _claims(ledger_db, 1, 2, 3)[:2] == [c1, c1] and _claims(ledger_db, 3)[0] != c1
    assert "Conflicts: 0 to decide" in seen["after_no"]
    assert any("#1–#3 rejected: not a conflict" in n for n in notices(app))


def test_prior_fact_checks_and_linking_one_at_80x24(ledger_db):
    from ledger.tui.dialogs import PriorChecksDialog
    from ledger.tui.widgets import DetailHead, PriorView

    ids = add_conflict_and_fact_checks(ledger_db)
    app = make_app(ledger_db)

    async def scenario(pilot):
        screen = pilot.app.screen
        seen = {"pane": screen.query_one(PriorView).text.plain}
        await pilot.press("p")
        await settle(pilot)
        seen["dialog"] = isinstance(pilot.app.screen, PriorChecksDialog)
        seen["dialog_screen"] = _screen(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        seen["detail"] = screen.query_one(DetailHead).text.plain  # above the fold
        seen["pane_after"] = screen.query_one(PriorView).text.plain
        return seen

    seen = drive(app, scenario, size=(80, 24))
    assert "Mostly False · Harbour Checks · Jane Roe · 2024-02-20" in seen["pane"]
    assert seen["dialog"]
    dialog = seen["dialog_screen"]
    for shown in (
        "Checked before? statement #1",
        "Mostly False",
        "Harbour Checks",
        "Jane Roe",
        "https://checks.example/review/1",
        "claimed 2024-02-20",
    ):
        assert shown in dialog
    # Enter linked the statement: it is in the fact-check's claim, with its claim-mate
    c1, c2, fc = _claims(ledger_db, 1, 2, ids["fc1_statement"])
    assert c1 == fc == c2
    assert _link(ledger_db, 1, ids["fc1_statement"]) == ("confirmed", "alice")
    assert "fact-check: Mostly False by Harbour Checks" in seen["detail"]
    assert "✓ linked" in seen["pane_after"]
    assert any(f"#1 is in claim {c1} with fact-check {ids['fc1']}" in n for n in notices(app))


def test_errors_are_shown_and_typing_is_not_lost(ledger_db, monkeypatch):
    from ledger.tui import backend
    from ledger.tui.widgets import PriorView

    def broken(db, sid, top=5):
        import time

        time.sleep(0.3)  # fails while the reviewer is typing a note
        raise LedgerError("fact-check index is unavailable")

    monkeypatch.setattr(backend, "prior", broken)
    app = make_app(ledger_db)

    async def scenario(pilot):
        screen = pilot.app.screen
        await pilot.press("j")  # statement 2: the prior search starts in the background
        await pilot.press("n")
        await type_text(pilot, "keep this note")
        await settle(pilot)
        seen = {"value": pilot.app.focused.value, "pane": screen.query_one(PriorView).text.plain}
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")  # statement 2 has no conflicts
        await pilot.press("p")
        await settle(pilot)
        return seen

    seen = drive(app, scenario, size=(80, 24))
    assert seen["value"] == "keep this note"
    assert "could not load: fact-check index is unavailable" in seen["pane"]
    assert [e["note"] for e in log_of(ledger_db, statement_id=2)] == ["keep this note"]
    shown = notices(app)
    assert any("statement #2 has no conflict suggestions" in n for n in shown)
    assert any("fact-check index is unavailable" in n for n in shown)


def test_suggestion_service_reads_plain_data(ledger_db):
    from ledger.services import suggestions

    ids = add_conflict_and_fact_checks(ledger_db)
    with ledger_db.read() as s:
        [from_1] = suggestions.conflicts_of(s, 1)
        [from_4] = suggestions.conflicts_of(s, 4)
        assert suggestions.conflicts_of(s, 2) == []
        checks = suggestions.claim_fact_checks(s, s.get(Statement, ids["fc2_statement"]).claim_id)
        prior = suggestions.prior_checks(s, 1, top=5)
        with pytest.raises(InputError, match="no statement with id 999"):
            suggestions.conflicts_of(s, 999)
    assert (from_1["id"], from_1["speaker"], from_1["outlet"]) == (4, "John Doe", "Harbour Radio")
    assert (from_1["stated_on"], from_1["stated_on_precision"]) == ("2024-02-26", "week")
    assert {"op": "replace", "a": "likely", "b": "not"} in from_1["diff"]
    # seen from the other side, the diff runs the other way
    assert from_4["id"] == 1 and from_4["speaker"] == "Jane Roe"
    assert {"op": "replace", "a": "not", "b": "likely"} in from_4["diff"]
    assert [(c["rating"], c["rated_by"], c["claimant"]) for c in checks] == [
        ("True", "Harbour Checks", "Otto Lang")
    ]
    assert prior and prior[0]["fact_check_id"] == ids["fc1"]
    assert (prior[0]["claimant"], prior[0]["reviewed_on"]) == ("Jane Roe", "2024-02-25")
    assert prior[0]["stated_on_precision"] == "day" and prior[0]["linked"] is False
    # everything crosses the thread boundary as plain data
    for row in (from_1, *checks, *prior):
        assert all(isinstance(v, (str, int, float, bool, list, type(None))) for v in row.values())


def test_dates_as_precise_as_known():
    from ledger.tui.detail_text import detail_text, score_label, short_date

    assert short_date("2024-02-26", "week") == "2024-W09"
    assert short_date("2024-03-01", "month") == "2024-03"
    assert short_date("2024-01-01", "year") == "2024"
    assert short_date("2024-03-05", "day") == short_date("2024-03-05", None) == "2024-03-05"
    assert short_date(None, None) == ""
    assert (score_label(0.873), score_label(99.26), score_label(None)) == ("0.87", "99", "")
    view = {
        "id": 9,
        "status": "unreviewed",
        "version": 1,
        "stated_on": "2024-03-01",
        "stated_on_precision": "month",
        "source": {"published_on": "2024-04-02"},
        "fact_checks": [],
    }
    assert "Stated: 2024-03  Published: 2024-04-02" in detail_text(view).plain


def test_bindings_reach_the_new_actions():
    from ledger.tui.keys import ACTIONS, parse_keymap

    names = {a.name: a.key for a in ACTIONS}
    assert names["prior_checks"] == "p" and names["confirm_conflict"] == "y"
    assert names["reject_conflict"] == "N" and names["next_conflict"] == "right_square_bracket"
    # remappable like every action
    assert parse_keymap('[keys]\nconfirm_conflict = "Y"\n', "t") == {"confirm_conflict": "Y"}
