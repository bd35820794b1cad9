"""Corrections in the reviewer UI at 80×24, driven through Textual's pilot and checked in the
database: speaker, span, a statement added from the source, retraction, claim text, a
reviewer's proposal accepted by an editor with one key; and every dialog's error path
(the fields are kept, the error shown inline; a conflict offers the refused note again)."""

from __future__ import annotations

import pytest
from tui_helpers import PARAGRAPHS, drive, log_of, make_app, settle, type_text

from ledger.services import corrections, decisions, roles, settings
from ledger.store.models import Claim, Statement


@pytest.fixture
def db_url(sqlite_url):
    """SQLite only: what each correction stores runs on PostgreSQL in
    tests/review/test_corrections*.py; these tests drive the UI (8-11 s each on PostgreSQL
    on the shared machine, where they passed too)."""
    return sqlite_url


def _statement(db, sid):
    with db.read() as s:
        st = s.get(Statement, sid)
        return {
            "speaker_id": st.speaker_id,
            "mention": st.speaker_mention,
            "quote": st.quote,
            "start": st.start,
            "end": st.end,
            "status": st.status,
            "claim_id": st.claim_id,
            "version": st.version,
        }


def _error(pilot) -> str:
    line = pilot.app.screen.query_one("#error")
    return str(line.render()) if line.display else ""


async def _select(pilot, start: int, end: int) -> None:
    from textual.widgets.text_area import Selection

    area = pilot.app.screen.query_one("#source")
    doc = area.document
    area.selection = Selection(doc.get_location_from_index(start), doc.get_location_from_index(end))
    await pilot.pause()


def test_set_speaker_by_name_keeps_the_mention(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("S")
        await settle(pilot)
        await type_text(pilot, "john doe")
        await pilot.press("enter")

    drive(app, scenario)
    st = _statement(ledger_db, 1)
    assert (st["speaker_id"], st["mention"]) == (2, "Jane Roe")


def test_s_on_a_statement_without_speaker_offers_one_and_refusals_keep_the_name(ledger_db):
    with ledger_db.write() as s:
        s.get(Statement, 3).speaker_id = None
        from ledger.services import speakers

        speakers.add_alias(s, 2, "Roe")  # "Roe" now names two speakers
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("j", "j")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await type_text(pilot, "Roe")
        await pilot.press("enter")
        await settle(pilot)
        refused = (_error(pilot), pilot.app.screen.query_one("#name").value)
        await type_text(pilot, "Critic John Doe")  # a new speaker
        await pilot.press("enter")
        return refused

    error, kept = drive(app, scenario)
    assert "names 2 speakers" in error and kept == "Roe"
    with ledger_db.read() as s:
        st = s.get(Statement, 3)
        assert st.speaker.name == "Critic John Doe"


def test_fix_span_by_selecting_in_the_source(ledger_db):
    text = PARAGRAPHS[0][3]
    start = text.index("The bridge will")
    end = text.index("in May") + len("in May")
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("T")
        await settle(pilot)
        await _select(pilot, start, start)  # nothing selected: refused in the dialog
        await pilot.press("ctrl+s")
        await pilot.pause()
        empty = _error(pilot)
        await _select(pilot, start, end)
        await pilot.press("ctrl+s")
        return empty

    assert "select the words" in drive(app, scenario)
    st = _statement(ledger_db, 1)
    assert (st["start"], st["end"], st["quote"]) == (start, end, text[start:end])


def test_a_span_the_ledger_refuses_reopens_the_dialog_with_the_selection(ledger_db):
    other = _statement(ledger_db, 3)  # statement 2's source holds statement 3 too
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        await _select(pilot, other["start"], other["end"])
        await pilot.press("ctrl+s")
        await settle(pilot)
        return _error(pilot), pilot.app.screen.span()

    error, span = drive(app, scenario)
    assert "statement 3 already has span" in error
    assert span == (other["start"], other["end"])
    assert _statement(ledger_db, 2)["quote"].startswith("The bridge will reopen in June")


def test_add_a_statement_from_the_source(ledger_db):
    text = PARAGRAPHS[0][3]
    start = text.index("the cost was unclear")
    end = start + len("the cost was unclear")
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("plus")
        await settle(pilot)
        await _select(pilot, start, end)
        pilot.app.screen.query_one("#speaker").value = "Jane Roe"
        await pilot.press("ctrl+s")
        await settle(pilot)
        return [r["id"] for r in pilot.app.screen.rows]

    ids = drive(app, scenario)
    with ledger_db.read() as s:
        new = s.query(Statement).filter(Statement.start == start).one()
        assert (new.quote, new.speaker_id, new.source_id) == (text[start:end], 1, 1)
        assert new.hedging == "high" and new.claim_id is not None
        assert new.id in ids


def test_retract_needs_a_reason_and_leaves_the_queue(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("j", "j")
        await settle(pilot)
        await pilot.press("X")
        await pilot.press("enter")  # no reason: refused in the dialog
        await pilot.pause()
        refused = _error(pilot)
        await type_text(pilot, "a blog post's markup, not a statement")
        await pilot.press("enter")
        await settle(pilot)
        return refused, [r["id"] for r in pilot.app.screen.rows]

    refused, ids = drive(app, scenario)
    assert "must not be empty" in refused
    assert ids == [1, 2]
    assert _statement(ledger_db, 3)["status"] == "retracted"


def test_claim_text_and_its_error_path(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("C")
        await settle(pilot)
        await type_text(pilot, "   ")
        await pilot.press("enter")
        await pilot.pause()
        refused = _error(pilot)
        await type_text(pilot, "The harbour bridge reopens in May")
        await pilot.press("enter")
        return refused

    assert "must not be empty" in drive(app, scenario)
    with ledger_db.read() as s:
        claim = s.get(Claim, 1)
        assert (claim.canonical_text, claim.status) == (
            "The harbour bridge reopens in May",
            "edited",
        )


def test_a_reviewers_proposal_is_accepted_by_an_editor_in_one_key(ledger_db):
    with ledger_db.write() as s:
        settings.set_setting(s, "shared_by_team", True)  # roles by name, not OS user
        roles.set_role(s, "ada", "admin", by="ada")
        roles.set_role(s, "rita", "reviewer", by="ada")

    async def propose(pilot):
        await pilot.press("S")
        await settle(pilot)
        await type_text(pilot, "John Doe")
        await pilot.press("enter")

    drive(make_app(ledger_db, reviewer="rita"), propose)
    assert _statement(ledger_db, 1)["speaker_id"] == 1  # proposed, not applied
    with ledger_db.read() as s:
        [pending] = corrections.list_corrections(s, state="pending")
    assert pending["proposed_by"] == "rita"

    async def accept(pilot):
        title = pilot.app.screen.query_one("#detail-scroll").border_title
        await pilot.press("A")
        return str(title)

    assert "1 correction pending A" in drive(make_app(ledger_db, reviewer="ada"), accept)
    assert _statement(ledger_db, 1)["speaker_id"] == 2
    with ledger_db.read() as s:
        assert corrections.get_correction(s, pending["id"])["approved_by"] == ["rita", "ada"]


def test_bad_evidence_keeps_what_was_typed(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("e")
        await type_text(pilot, "https://example.org/minutes not-a-url")
        await pilot.press("enter")
        await settle(pilot)
        return _error(pilot), pilot.app.screen.query_one("#text").value

    error, kept = drive(app, scenario)
    assert "neither an http(s) URL" in error
    assert kept == "https://example.org/minutes not-a-url"
    assert log_of(ledger_db, statement_id=1) == []


def test_bad_filter_date_keeps_the_dialog_and_its_fields(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("f")
        await settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#speaker").value = "Roe"
        screen.query_one("#since").value = "yesterday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        kept = (screen.query_one("#speaker").value, screen.query_one("#since").value)
        still_open = pilot.app.screen is screen
        error = _error(pilot)
        screen.query_one("#since").value = "2024-03-02"
        await pilot.press("ctrl+s")
        await settle(pilot)
        return kept, still_open, error, [r["id"] for r in pilot.app.screen.rows]

    kept, still_open, error, ids = drive(app, scenario)
    assert kept == ("Roe", "yesterday") and still_open
    assert "'yesterday' is not a date" in error
    assert ids == [2]


def test_a_conflict_offers_the_refused_note_again_on_the_new_version(ledger_db):
    # no head poll: the reviewer acts on the version read before the other write
    app = make_app(ledger_db, poll_seconds=3600)

    async def scenario(pilot):
        with ledger_db.write() as s:  # someone else decides while the reviewer reads
            seen = s.get(Statement, 1).version
            decisions.decide(s, 1, "verified", seen_version=seen, reviewer="bob")
        await pilot.press("n")
        await type_text(pilot, "the tape says June")
        await pilot.press("enter")
        await settle(pilot)
        offered = (_error(pilot), pilot.app.screen.query_one("#text").value)
        await pilot.press("enter")  # the same note, on the version now shown
        return offered

    (error, kept) = drive(app, scenario)
    assert "bob decided 'verified'" in error and kept == "the tape says June"
    log = log_of(ledger_db, statement_id=1)
    assert [(e["reviewer"], e["verdict"], e["note"]) for e in log] == [
        ("bob", "verified", None),
        ("alice", "note", "the tape says June"),
    ]


def test_speaker_editor_keeps_what_was_typed_when_the_merge_is_refused(ledger_db):
    app = make_app(ledger_db)

    async def scenario(pilot):
        await pilot.press("s")
        await settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#role").value = "Deputy minister"
        screen.query_one("#merge_into").value = "Nobody Known"
        await pilot.press("ctrl+s")
        await settle(pilot)
        again = pilot.app.screen
        return _error(pilot), again.query_one("#role").value, again.query_one("#merge_into").value

    error, role, merge_into = drive(app, scenario)
    assert "no other speaker is called 'Nobody Known'" in error
    assert (role, merge_into) == ("Deputy minister", "Nobody Known")
    with ledger_db.read() as s:  # the refused edit stored nothing, the role included
        from ledger.store.models import Speaker

        assert s.get(Speaker, 1).role == "Transport minister"


def test_a_rating_refused_by_a_conflict_is_offered_again(ledger_db):
    # no head poll: the reviewer acts on the version read before the other write
    app = make_app(ledger_db, poll_seconds=3600)

    async def scenario(pilot):
        with ledger_db.write() as s:  # someone else rates the claim meanwhile
            seen = s.get(Claim, 1).version
            decisions.rate_claim(s, 1, "true", seen_version=seen, reviewer="bob")
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("down", "enter")  # "mostly true"
        await settle(pilot)
        offered = _error(pilot)
        await pilot.press("down", "enter")  # chosen again, on the new version
        return offered

    offered = drive(app, scenario)
    assert "bob decided 'true'" in offered
    log = log_of(ledger_db, claim_id=1)
    assert [(e["reviewer"], e["verdict"]) for e in log] == [
        ("bob", "true"),
        ("alice", "mostly true"),
    ]


def test_keys_typed_while_the_ui_starts_are_applied_once_it_is_ready(ledger_db):
    import asyncio

    app = make_app(ledger_db)

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("j", "v")  # before the first page and detail have loaded
            await settle(pilot)
            return pilot.app.screen.current["id"]

    assert asyncio.run(main()) == 2
    [entry] = log_of(ledger_db, statement_id=2)
    assert (entry["reviewer"], entry["verdict"]) == ("alice", "verified")
    assert log_of(ledger_db, statement_id=1) == []


def test_a_claim_text_refused_by_a_conflict_is_offered_again(ledger_db):
    # no head poll: the reviewer acts on the version read before the other write
    app = make_app(ledger_db, poll_seconds=3600)

    async def scenario(pilot):
        with ledger_db.write() as s:  # the claim is rated while the reviewer reads it
            seen = s.get(Claim, 1).version
            decisions.rate_claim(s, 1, "false", seen_version=seen, reviewer="bob")
        await pilot.press("C")
        await settle(pilot)
        await type_text(pilot, "The bridge reopens in May")
        await pilot.press("enter")
        await settle(pilot)
        offered = (_error(pilot), pilot.app.screen.query_one("#text").value)
        await pilot.press("enter")
        return offered

    error, kept = drive(app, scenario)
    assert "bob decided 'false'" in error and kept == "The bridge reopens in May"
    with ledger_db.read() as s:
        assert s.get(Claim, 1).canonical_text == "The bridge reopens in May"
