"""The history: every change appends a chained event; tampering is found by verify."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from ledger.config import set_actor
from ledger.store.identity import real_os_user
from ledger.store.journal import history
from ledger.store.models import Claim, Event, Link, Source, Speaker, Statement
from ledger.store.unit_of_work import UnitOfWork
from ledger.store.verify import verify


def _add_statement(db, quote="We will build it.", sha="b" * 64):
    with db.write() as s:
        src = Source(content_sha256=sha, text=f"She said: {quote}", origin="a.txt")
        sp = Speaker(name="Jane Roe", name_key="jane roe", kind="person")
        c = Claim(canonical_text=quote)
        s.add_all([src, sp, c])
        s.flush()
        st = Statement(
            source_id=src.id,
            speaker_id=sp.id,
            kind="direct",
            quote=quote,
            start=10,
            end=10 + len(quote),
            claim_id=c.id,
        )
        s.add(st)
        s.flush()
        return st.id


def _real_actor(session) -> str:
    if session.connection().dialect.name == "postgresql":
        return session.connection().execute(text("SELECT session_user")).scalar_one()
    return real_os_user()


def test_every_insert_update_delete_appends_an_event(db):
    set_actor("alice")
    try:
        sid = _add_statement(db)
        with db.write() as s:
            st = s.get(Statement, sid)
            st.status = "verified"
        with db.write() as s:
            sp = Speaker(name="Temp", name_key="temp")
            s.add(sp)
        with db.write() as s:
            s.delete(s.scalar(select(Speaker).where(Speaker.name == "Temp")))
    finally:
        set_actor(None)
    with db.read() as s:
        events = history(s, f"statement:{sid}")
        assert [e.action for e in events] == ["insert", "update"]
        assert json.loads(events[-1].payload)["status"] == "verified"
        assert json.loads(events[-1].payload)["version"] == 2
        # who really acted (the OS user; on PostgreSQL the connection's role) and the
        # name claimed
        real = _real_actor(s)
        assert all(e.actor == real and e.claimed_by == "alice" for e in events)
        actions = [
            e.action
            for e in s.scalars(
                select(Event).where(Event.subject.like("speaker:%")).order_by(Event.seq)
            )
        ]
        assert actions == ["insert", "insert", "delete"]
        result = verify(s)
        assert result.ok, result.problem
        assert result.events == s.scalar(select(Event.seq).order_by(Event.seq.desc()).limit(1))


def test_rolled_back_change_leaves_no_event(db):
    _add_statement(db)
    with db.read() as s:
        before = len(s.scalars(select(Event)).all())
    with pytest.raises(RuntimeError):
        with db.write() as s:
            s.add(Speaker(name="Ghost", name_key="ghost"))
            s.flush()
            raise RuntimeError("boom")
    with db.read() as s:
        assert len(s.scalars(select(Event)).all()) == before
        assert verify(s).ok


def _raw(db, sql: str) -> None:
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            conn.execute(text("DROP TRIGGER IF EXISTS event_append_only_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS event_append_only_delete"))
        conn.execute(text(sql))


def test_row_edited_behind_the_ledgers_back_fails_verify(db):
    sid = _add_statement(db)
    _raw(db, f"UPDATE statement SET quote = 'We will never build it.' WHERE id = {sid}")
    with db.read() as s:
        result = verify(s)
    assert not result.ok
    assert f"statement:{sid}" in result.problem and "changed outside the ledger" in result.problem


def test_event_edited_behind_the_ledgers_back_fails_verify(db):
    _add_statement(db)
    # The table owner (these tests' connection) may bypass the trigger, like an attacker with owner rights.
    _raw(db, "UPDATE event SET actor = 'mallory' WHERE seq = 2")
    with db.read() as s:
        result = verify(s)
    assert not result.ok and result.seq == 2 and "altered" in result.problem


def test_deleted_event_fails_verify(db):
    _add_statement(db)
    _raw(db, "DELETE FROM event WHERE seq = 3")
    with db.read() as s:
        result = verify(s)
    assert not result.ok and "event 3 is missing" in result.problem


def test_history_is_append_only_on_sqlite(sqlite_url):
    from sqlalchemy.exc import DatabaseError as SADatabaseError

    from ledger.store.db import open_database

    db = open_database(sqlite_url)
    _add_statement(db)
    with pytest.raises(SADatabaseError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE event SET actor = 'x' WHERE seq = 1"))
    with pytest.raises(SADatabaseError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM event"))


def test_rows_stored_in_bulk_read_back_as_given_and_verify(db):
    # insert_rows bypasses the ORM (on SQLite even SQLAlchemy's statement compiling): the
    # stored dates, times, JSON and floats must read back exactly as given and journaled.
    moment = datetime(2026, 11, 29, 10, 30, 15, 123456)
    with db.write() as s:
        uow = UnitOfWork(s)
        (src,) = uow.insert(
            Source,
            [{"content_sha256": "c" * 64, "text": "T", "published_on": date(2024, 2, 29)}],
        )
        ids = uow.insert(
            Statement,
            [
                {
                    "source_id": src,
                    "kind": "direct",
                    "quote": q,
                    "start": n,
                    "end": n + 1,
                    "stated_on": date(2023, 12, 31),
                    "hedge_cues": ["may", "ça"],
                    "lease_until": moment,
                    "ref": None,
                }
                for n, q in enumerate(('He said "no"', "Ünïcode — ok"))
            ],
        )
        (link,) = uow.insert(
            Link,
            [
                {
                    "a_id": ids[0],
                    "b_id": ids[1],
                    "relation": "paraphrase",
                    "score": 87.25,
                    "method": "test",
                    "diff": [["=", "He"], ["+", "said"]],
                }
            ],
        )
        uow.append()
    with db.read() as s:
        source = s.get(Source, src)
        assert source.published_on == date(2024, 2, 29) and source.kind == "article"
        assert isinstance(source.imported_at, datetime)
        rows = [s.get(Statement, i) for i in ids]
        assert [r.quote for r in rows] == ['He said "no"', "Ünïcode — ok"]
        assert {r.stated_on for r in rows} == {date(2023, 12, 31)}
        assert [r.hedge_cues for r in rows] == [["may", "ça"]] * 2
        assert {r.lease_until.replace(tzinfo=None) for r in rows} == {moment}
        assert [r.status for r in rows] == ["unreviewed"] * 2 and rows[0].version == 1
        # one moment for rows stored together
        assert rows[0].created_at == rows[1].created_at
        stored = s.get(Link, link)
        assert stored.score == 87.25 and stored.diff == [["=", "He"], ["+", "said"]]
        result = verify(s)
        assert result.ok, result.problem
        assert result.events == 4


def test_bulk_insert_errors_arrive_as_sqlalchemy_errors_and_store_nothing(db):
    # the SQLite fast path goes to the driver itself; callers (the importer's race check,
    # the retry and error translation) rely on SQLAlchemy's exception classes
    with db.write() as s:
        UnitOfWork(s).insert(Source, [{"content_sha256": "d" * 64, "text": "T"}])
    with pytest.raises(IntegrityError):
        with db.write() as s:
            UnitOfWork(s).insert(Source, [{"content_sha256": "d" * 64, "text": "again"}])
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Source)) == 1
