"""Optimistic concurrency between two clients (separate engines) on one database file or
one PostgreSQL schema: of two decisions on the same version exactly one is stored, the
other is refused with who changed the statement, and nothing is lost."""

from __future__ import annotations

import threading

import pytest

from ledger.errors import ConflictError
from ledger.services import decisions, derivation, review_log
from ledger.store.db import open_database
from ledger.store.models import Statement
from ledger.store.verify import verify


@pytest.fixture
def second_client(db_url):
    other = open_database(db_url)
    yield other
    other.dispose()


def _race(clients, sid, verdicts):
    barrier = threading.Barrier(len(clients))
    results: dict[str, object] = {}

    def attempt(db, who, verdict):
        barrier.wait()
        try:
            with db.write() as s:
                results[who] = decisions.decide(
                    s, sid, verdict, seen_version=1, reviewer=who, note=f"{who} looked"
                )
        except ConflictError as err:
            results[who] = err

    threads = [
        threading.Thread(target=attempt, args=(db, who, verdict))
        for db, (who, verdict) in zip(clients, verdicts, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_clients_decide_on_the_same_version_at_once(ledger, second_client):
    db, ids = ledger
    for sid in ids["statements"]:
        results = _race([db, second_client], sid, [("alice", "verified"), ("bob", "disputed")])
        won = [who for who, r in results.items() if isinstance(r, dict)]
        lost = [who for who, r in results.items() if isinstance(r, ConflictError)]
        assert len(won) == 1 and len(lost) == 1, results
        winner, loser = won[0], lost[0]
        err = results[loser]
        assert winner in str(err) and "was not recorded" in str(err)
        assert err.attempt["reviewer"] == loser and err.attempt["note"] == f"{loser} looked"
        with db.read() as s:
            log = review_log.review_log(s, statement_id=sid)
            state = derivation.status_of(s, sid)
        assert [e["reviewer"] for e in log] == [winner]
        assert state["status"] == results[winner]["status"] and state["version"] == 2
    with db.read() as s:
        assert verify(s).ok


def test_a_reviewer_who_read_before_another_decided_is_refused(ledger, second_client):
    db, ids = ledger
    sid = ids["statements"][0]
    with second_client.read() as s:  # bob's UI shows version 1
        seen = derivation.status_of(s, sid)["version"]
    with db.write() as s:
        decisions.decide(
            s, sid, "rejected", seen_version=seen, reviewer="alice", note="not a quote"
        )
    with pytest.raises(ConflictError, match="alice decided 'rejected'.*not a quote"):
        with second_client.write() as s:
            decisions.decide(s, sid, "verified", seen_version=seen, reviewer="bob")
    with second_client.read() as s:  # after reloading, bob decides on what is there now
        seen = derivation.status_of(s, sid)["version"]
    with second_client.write() as s:
        state = decisions.decide(s, sid, "verified", seen_version=seen, reviewer="bob")
    assert state["status"] == "verified"
    with db.read() as s:
        assert [e["reviewer"] for e in review_log.review_log(s, statement_id=sid)] == [
            "alice",
            "bob",
        ]


def test_a_lost_race_at_the_update_is_a_conflict_too(ledger, second_client, monkeypatch):
    """Even without the writer and row locks, the version-checked UPDATE refuses the
    second writer."""
    db, ids = ledger
    if db.dialect != "postgresql":
        pytest.skip("SQLite writers cannot interleave: BEGIN IMMEDIATE serialises them")
    sid = ids["statements"][0]
    monkeypatch.setattr(
        review_log, "_locked", lambda session, model, item_id: session.get(model, item_id)
    )
    from ledger.store.database import LedgerSession

    # a bare session: Database.write() would take the writer lock first and serialise us
    with LedgerSession(second_client.engine) as late:  # autobegins on first use
        held = late.get(Statement, sid)  # bob's transaction read version 1 ...
        with db.write() as s:  # ... then alice decided and committed
            decisions.decide(s, sid, "verified", seen_version=1, reviewer="alice")
        with pytest.raises(ConflictError, match="at the same moment.*'disputed' was not recorded"):
            decisions.decide(late, sid, "disputed", seen_version=held.version, reviewer="bob")
        late.rollback()
    with db.read() as s:
        assert [e["reviewer"] for e in review_log.review_log(s, statement_id=sid)] == ["alice"]


def test_on_postgresql_a_role_decides_only_as_itself(ledger, db_url, cli):
    """A non-superuser connection cannot put another reviewer's name on a decision."""
    import uuid

    import sqlalchemy as sa

    from ledger.errors import PermissionDenied

    db, ids = ledger
    if db.dialect != "postgresql":
        pytest.skip("PostgreSQL only (SQLite has no database users)")
    owner = sa.engine.make_url(db_url).username
    me = f"rv_{uuid.uuid4().hex[:8]}"
    assert cli("db", "grant", "admin", owner, db=db_url).code == 0
    assert cli("db", "grant", "reviewer", me, db=db_url).code == 0
    mine = open_database(db_url.replace(f"//{owner}@", f"//{me}@", 1))
    try:
        sid = ids["statements"][0]
        with pytest.raises(PermissionDenied, match=f"connected as {me}"):
            with mine.write() as s:
                decisions.decide(s, sid, "verified", seen_version=1, reviewer="the-chief")
        with mine.write() as s:
            state = decisions.decide(s, sid, "verified", seen_version=1)
            decisions.assign(s, sid, me, seen_version=state["version"])
        with db.read() as s:
            log = review_log.review_log(s, statement_id=sid)
        assert [e["reviewer"] for e in log] == [me]
    finally:
        mine.dispose()
        admin = sa.create_engine(db_url)
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP OWNED BY "{me}" CASCADE'))
            conn.execute(sa.text(f'DROP ROLE "{me}"'))
        admin.dispose()
