"""Migrations produce exactly the models' schema, and round-trip with data in the tables."""

from __future__ import annotations

from sqlalchemy import func, select, text

from ledger.store import migrate
from ledger.store.db import open_database
from ledger.store.models import Source, Statement


def test_new_database_is_at_head_and_matches_models(db):
    assert migrate.current_revision(db) == migrate.head_revision(db)
    assert migrate.pending_differences(db) == []


def _store_something(db):
    from ledger.store.models import Claim, Speaker

    with db.write() as s:
        src = Source(content_sha256="a" * 64, text="Quote here.", origin="x")
        sp = Speaker(name="Jane Roe", name_key="jane roe", kind="person")
        c = Claim(canonical_text="Quote here.")
        s.add_all([src, sp, c])
        s.flush()
        s.add(
            Statement(
                source_id=src.id,
                speaker_id=sp.id,
                kind="direct",
                quote="Quote",
                start=0,
                end=5,
                claim_id=c.id,
            )
        )


def test_upgrade_downgrade_upgrade_round_trips_with_data(db):
    _store_something(db)
    migrate.downgrade(db, "base")
    assert migrate.current_revision(db) is None
    migrate.upgrade(db, "head")
    assert migrate.pending_differences(db) == []
    # Data written after a round trip is stored and read back like before.
    _store_something(db)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Statement)) == 1


def test_older_sqlite_database_is_backed_up_and_upgraded(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = open_database(url)
    _store_something(db)
    migrate.downgrade(db, "0001")  # as an older release left it
    db.dispose()
    notices = []
    db = open_database(url, notice=notices.append)
    assert migrate.current_revision(db) == migrate.head_revision(db)
    assert len(notices) == 1 and "0001 ->" in notices[0] and "backup at" in notices[0]
    backups = list(tmp_path.glob("old.db.0001.*.bak"))
    assert len(backups) == 1
    old = open_database(f"sqlite:///{backups[0]}", migrate=False)
    assert migrate.current_revision(old) == "0001"
    with old.read() as s:
        assert s.scalar(select(func.count()).select_from(Statement)) == 1
    with db.read() as s:  # the data survived the upgrade
        assert s.scalar(select(func.count()).select_from(Statement)) == 1


def test_newer_schema_is_refused(tmp_path):
    import pytest

    from ledger.errors import DatabaseError

    url = f"sqlite:///{tmp_path / 'new.db'}"
    db = open_database(url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dcafe'"))
    db.dispose()
    with pytest.raises(DatabaseError, match="newer than this ledger"):
        open_database(url)


def test_database_with_unknown_tables_history_is_refused(tmp_path):
    import pytest

    from ledger.errors import DatabaseError

    url = f"sqlite:///{tmp_path / 'foreign.db'}"
    db = open_database(url)
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    db.dispose()
    with pytest.raises(DatabaseError, match="no migration history"):
        open_database(url)


def test_0007_keeps_old_history_and_moves_event_inserts_to_ledger_append(db, db_url):
    """A ledger written at 0006 (events without claimed_by) verifies after 0007; on
    PostgreSQL a role granted INSERT on event before 0007 may only call ledger_append."""
    import uuid

    from ledger.store.verify import verify

    migrate.downgrade(db, "0006")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO event (seq, at, actor, action, subject, payload, prev_hash, hash) "
                "VALUES (1, '2026-01-01T00:00:00.000000Z', 'old', 'delete', 'setting:x', "
                "'null', :g, :h)"
            ),
            {"g": "0" * 64, "h": _old_hash()},
        )
    role = None
    if db.dialect == "postgresql":
        role = f"old_{uuid.uuid4().hex[:8]}"
        with db.engine.begin() as conn:
            conn.execute(text(f'CREATE ROLE "{role}"'))
            conn.execute(text(f'GRANT INSERT ON event TO "{role}"'))
    try:
        migrate.upgrade(db, "head")
        _store_something(db)
        with db.read() as s:
            result = verify(s)
        assert result.ok and result.events > 1, result.problem
        if role:
            with db.engine.connect() as conn:
                may = conn.execute(
                    text(
                        "SELECT has_table_privilege(:r, 'event', 'INSERT'), "
                        "has_function_privilege(:r, "
                        "'ledger_append(text, text)', 'EXECUTE')"
                    ),
                    {"r": role},
                ).one()
            assert tuple(may) == (False, True)
    finally:
        if role:
            with db.engine.begin() as conn:
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))


def _old_hash() -> str:
    from ledger.store.journal import event_hash

    return event_hash(
        1, "2026-01-01T00:00:00.000000Z", "old", "delete", "setting:x", "null", "0" * 64
    )
