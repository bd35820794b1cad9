"""The review model: appended decisions, derived status, four eyes, undo, notes, evidence,
assignment and optimistic concurrency (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ledger.errors import ConflictError, InputError
from ledger.services import decisions, derivation, review_log
from ledger.store.models import Review, Statement
from ledger.store.verify import verify


def _count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Review))


def _version(db, sid: int) -> int:
    with db.read() as s:
        return derivation.status_of(s, sid)["version"]


def test_a_decision_is_appended_and_the_status_derived(ledger):
    db, ids = ledger
    sid = ids["statements"][0]
    with db.read() as s:
        before = derivation.status_of(s, sid)
    assert before["status"] == "unreviewed" and before["final"] is False
    with db.write() as s:
        state = decisions.decide(
            s,
            sid,
            "verified",
            seen_version=before["version"],
            reviewer="alice",
            note="matches the recording",
            evidence=["https://archive.example/tape", "source:1"],
        )
    assert state["status"] == "verified" and state["final"] is True
    assert (state["approvals"], state["required"]) == (1, 1)
    assert state["version"] == before["version"] + 1
    with db.read() as s:
        log = review_log.review_log(s, statement_id=sid)
        assert s.get(Statement, sid).status == "verified"  # the cache agrees
        result = verify(s)
    assert [(e["reviewer"], e["verdict"], e["note"]) for e in log] == [
        ("alice", "verified", "matches the recording")
    ]
    assert log[0]["evidence"] == ["https://archive.example/tape", "source:1"]
    assert log[0]["created_at"] and log[0]["retracted"] is False
    assert result.ok, result.problem


def test_every_decision_is_journaled(ledger):
    db, ids = ledger
    sid = ids["statements"][0]
    with db.write() as s:
        decisions.decide(s, sid, "disputed", seen_version=_v(s, sid), reviewer="alice")
    with db.read() as s:
        from ledger.store.journal import history

        rid = s.scalar(select(Review.id))
        events = [(e.action, e.payload) for e in history(s, f"review:{rid}")]
    assert [a for a, _ in events] == ["insert"]
    assert '"verdict":"disputed"' in events[0][1]


def _v(s, sid: int) -> int:
    return derivation.status_of(s, sid)["version"]


@pytest.mark.parametrize("verdict", ["unreviewed", "true", "", "verified; DROP TABLE review"])
def test_bad_verdicts_are_refused_and_nothing_changes(ledger, verdict):
    db, ids = ledger
    sid = ids["statements"][0]
    with pytest.raises(InputError):
        with db.write() as s:
            decisions.decide(s, sid, verdict, seen_version=1, reviewer="alice")
    assert _count(db) == 0 and _version(db, sid) == 1


def test_unknown_statement_is_an_input_error(ledger):
    db, _ = ledger
    with pytest.raises(InputError, match="no statement with id 999"):
        with db.write() as s:
            decisions.decide(s, 999, "verified", seen_version=1, reviewer="alice")


@pytest.mark.parametrize(
    "evidence",
    [
        ["javascript:alert(1)"],
        ["not a url"],
        ["source:999"],
        ["ftp://x.example/a"],
        ["file:///etc"],
    ],
)
def test_bad_evidence_is_refused(ledger, evidence):
    db, ids = ledger
    with pytest.raises(InputError, match="evidence"):
        with db.write() as s:
            decisions.decide(
                s, ids["statements"][0], "verified", seen_version=1, reviewer="a", evidence=evidence
            )
    assert _count(db) == 0


def test_stale_version_is_refused_with_who_what_and_when(ledger):
    db, ids = ledger
    sid = ids["statements"][0]
    with db.write() as s:
        decisions.decide(s, sid, "verified", seen_version=1, reviewer="alice", note="tape checked")
    with pytest.raises(ConflictError) as err:
        with db.write() as s:
            decisions.decide(s, sid, "disputed", seen_version=1, reviewer="bob", note="wrong date")
    message = str(err.value)
    assert "alice" in message and "'verified'" in message and "tape checked" in message
    assert "version 1" in message and "now at version 2" in message
    assert "'disputed' was not recorded" in message
    assert err.value.attempt["note"] == "wrong date"  # the UI can offer it again
    assert err.value.current_version == 2
    with db.read() as s:
        log = review_log.review_log(s, statement_id=sid)
    assert [e["reviewer"] for e in log] == ["alice"]


def test_a_conflict_carries_its_fields(ledger):
    db, ids = ledger
    sid = ids["statements"][0]
    with db.write() as s:
        decisions.decide(s, sid, "verified", seen_version=1, reviewer="alice")
    with pytest.raises(ConflictError) as err:
        with db.write() as s:
            decisions.add_note(s, sid, "look again", seen_version=1, reviewer="bob")
    e = err.value
    assert (e.subject, e.current_version, e.exit_code) == (f"statement:{sid}", 2, 4)
    assert e.attempt == {"action": "note", "note": "look again", "evidence": [], "reviewer": "bob"}
    reviews = [c for c in e.changes if c["kind"] == "review"]
    assert [(c["reviewer"], c["verdict"]) for c in reviews] == [("alice", "verified")]
    assert any(c["kind"] == "change" and "status" in c["fields"] for c in e.changes)


def test_a_conflict_without_a_version_has_empty_fields():
    e = ConflictError("statement 3 is leased to alice")
    assert str(e) == "statement 3 is leased to alice"
    assert (e.subject, e.current_version, e.changes, e.attempt) == (None, None, [], None)


def test_a_version_from_the_future_is_an_input_error(ledger):
    db, ids = ledger
    with pytest.raises(InputError, match="no version 7"):
        with db.write() as s:
            decisions.decide(s, ids["statements"][0], "verified", seen_version=7, reviewer="a")


def test_four_eyes(ledger):
    db, ids = ledger
    sid = ids["statements"][0]
    with db.write() as s:
        derivation.change_setting(s, "required_approvals", 2)
    with db.write() as s:
        st = decisions.decide(s, sid, "verified", seen_version=_v(s, sid), reviewer="alice")
    assert (st["status"], st["final"], st["pending_verdict"]) == ("in_review", False, "verified")
    assert (st["approvals"], st["required"]) == (1, 2)
    with db.write() as s:  # the same reviewer twice is still one pair of eyes
        st = decisions.decide(s, sid, "verified", seen_version=_v(s, sid), reviewer="alice")
    assert st["approvals"] == 1 and not st["final"]
    with db.write() as s:
        st = decisions.decide(s, sid, "verified", seen_version=_v(s, sid), reviewer="bob")
    assert (st["status"], st["final"], st["approvals"]) == ("verified", True, 2)
    assert st["approved_by"] == ["alice", "bob"]
    with db.write() as s:  # a dissent reopens a final decision
        st = decisions.decide(s, sid, "disputed", seen_version=_v(s, sid), reviewer="carol")
    assert (st["status"], st["final"], st["pending_verdict"], st["approvals"]) == (
        "in_review",
        False,
        "disputed",
        1,
    )
    with db.write() as s:  # a reviewer who changes their mind counts for the new verdict only
        st = decisions.decide(s, sid, "disputed", seen_version=_v(s, sid), reviewer="alice")
    assert (st["status"], st["final"], st["approvals"]) == ("disputed", True, 2)
    with db.read() as s:
        assert s.get(Statement, sid).status == "disputed"


def test_lowering_required_approvals_rederives_pending_items(ledger):
    db, ids = ledger
    sid = ids["statements"][0]
    with db.write() as s:
        derivation.change_setting(s, "required_approvals", 3)
        decisions.decide(s, sid, "rejected", seen_version=_v(s, sid), reviewer="alice")
    with db.read() as s:
        assert s.get(Statement, sid).status == "in_review"
    with db.write() as s:
        derivation.change_setting(s, "required_approvals", "1")
    with db.read() as s:
        assert s.get(Statement, sid).status == "rejected"
        assert derivation.status_of(s, sid)["final"] is True
        assert verify(s).ok


def test_in_review_is_a_marker_not_a_final_status(ledger):
    db, ids = ledger
    sid = ids["statements"][0]
    with db.write() as s:
        st = decisions.decide(s, sid, "in review", seen_version=1, reviewer="alice")
    assert (st["status"], st["final"], st["pending_verdict"]) == ("in_review", False, None)


def test_undo_appends_a_retraction(ledger):
    db, ids = ledger
    sid = ids["statements"][0]
    with db.write() as s:
        decisions.decide(s, sid, "disputed", seen_version=1, reviewer="alice")
        decisions.decide(s, sid, "verified", seen_version=_v(s, sid), reviewer="alice")
    with db.write() as s:
        st = decisions.undo_last(s, statement_id=sid, reviewer="alice")
    assert st["status"] == "disputed" and st["retracted"]["verdict"] == "verified"
    with db.write() as s:
        st = decisions.undo_last(s, reviewer="alice")  # anywhere: the latest live one
    assert st["status"] == "unreviewed"
    with pytest.raises(InputError, match="no decision to undo"):
        with db.write() as s:
            decisions.undo_last(s, statement_id=sid, reviewer="alice")
    with db.read() as s:
        log = review_log.review_log(s, statement_id=sid)
    assert [e["verdict"] for e in log] == ["disputed", "verified", "retract", "retract"]
    assert [e["retracted"] for e in log] == [True, True, False, False]
    assert log[2]["retracts_id"] == log[1]["id"] and log[3]["retracts_id"] == log[0]["id"]


def test_undo_only_touches_ones_own_decisions(ledger):
    db, ids = ledger
    sid = ids["statements"][0]
    with db.write() as s:
        decisions.decide(s, sid, "verified", seen_version=1, reviewer="alice")
    with pytest.raises(InputError, match="bob has no decision"):
        with db.write() as s:
            decisions.undo_last(s, statement_id=sid, reviewer="bob")


def test_notes_and_evidence_are_appended_and_bump_the_version(ledger):
    db, ids = ledger
    sid = ids["statements"][1]
    with db.write() as s:
        st = decisions.add_note(s, sid, "call the press office", seen_version=1, reviewer="alice")
    assert st["version"] == 2 and st["notes"] == 1 and st["status"] == "unreviewed"
    with db.write() as s:
        st = decisions.add_evidence(
            s, sid, ["https://radio.example/mayor#t=12m"], seen_version=2, reviewer="bob"
        )
    assert st["evidence"] == ["https://radio.example/mayor#t=12m"]
    with pytest.raises(ConflictError, match="alice added a note"):
        with db.write() as s:
            decisions.decide(s, sid, "verified", seen_version=1, reviewer="carol")
    with pytest.raises(InputError, match="note must not be empty"):
        with db.write() as s:
            decisions.add_note(s, sid, "   ", seen_version=3, reviewer="alice")


def test_assignment(ledger):
    db, ids = ledger
    sid = ids["statements"][0]
    with db.write() as s:
        st = decisions.assign(s, sid, "bob", seen_version=1, reviewer="alice")
    assert st["assigned_to"] == "bob" and st["version"] == 2
    with pytest.raises(ConflictError, match="assigned_to from None to 'bob'"):
        with db.write() as s:
            decisions.decide(s, sid, "verified", seen_version=1, reviewer="carol")
    with db.write() as s:
        st = decisions.assign(s, sid, None, seen_version=2, reviewer="alice")
    assert st["assigned_to"] is None


def test_a_lease_alone_does_not_make_a_version_stale(ledger):
    from ledger.services import leases

    db, ids = ledger
    sid = ids["statements"][0]
    with db.write() as s:
        got = leases.next_item(s, "alice")
    assert got["id"] == sid and got["version"] == 2
    with db.write() as s:
        st = decisions.decide(s, sid, "verified", seen_version=1, reviewer="alice")
    assert st["status"] == "verified"


def test_rating_a_claim(ledger):
    db, ids = ledger
    cid = ids["claims"][0]
    with db.read() as s:
        before = derivation.claim_status(s, cid)
    assert before["rating"] is None and before["statements"] == ids["statements"][:2]
    with db.write() as s:
        st = decisions.rate_claim(
            s, cid, "Mostly  TRUE", seen_version=before["version"], reviewer="ed", note="context"
        )
    assert (st["rating"], st["final"], st["approvals"]) == ("mostly true", True, 1)
    with pytest.raises(InputError, match="not on the rating scale"):
        with db.write() as s:
            decisions.rate_claim(s, cid, "pants on fire", seen_version=st["version"], reviewer="ed")
    with pytest.raises(ConflictError, match="ed decided 'mostly true'"):
        with db.write() as s:
            decisions.rate_claim(s, cid, "false", seen_version=before["version"], reviewer="flo")
    with db.write() as s:
        derivation.change_setting(s, "required_approvals", 2)
    with db.read() as s:
        st = derivation.claim_status(s, cid)
    assert (st["rating"], st["final"], st["pending_rating"]) == (
        "mostly true",
        False,
        "mostly true",
    )
    with db.write() as s:
        st = decisions.rate_claim(s, cid, "mostly true", seen_version=st["version"], reviewer="flo")
    assert st["final"] and st["approved_by"] == ["ed", "flo"]
    with db.read() as s:
        log = review_log.review_log(s, claim_id=cid)
        assert verify(s).ok
    assert [e["verdict"] for e in log] == ["mostly true", "mostly true"]


def test_a_version_change_without_history_is_still_a_conflict(ledger):
    """A version moved by something the history does not explain is never ignored."""
    from sqlalchemy import update

    db, ids = ledger
    sid = ids["statements"][0]
    with db.write() as s:  # outside the ORM on purpose: no event records it
        s.execute(update(Statement).where(Statement.id == sid).values(version=2))
    with pytest.raises(ConflictError, match="version 1 you saw"):
        with db.write() as s:
            decisions.decide(s, sid, "verified", seen_version=1, reviewer="alice")
