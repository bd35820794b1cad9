"""A ledger database: its engine, its session scopes, and the errors of reaching it.

SQLite (the embedded default) runs in WAL mode with foreign keys, a busy timeout and
`BEGIN IMMEDIATE` for write transactions, so concurrent writers queue instead of failing
half-way; read sessions use deferred transactions and never block writers. PostgreSQL is
reached through psycopg 3. One session is one unit of work: `write()` commits or rolls
back as a whole, `read()` never writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ledger.errors import DatabaseError, InputError, PermissionDenied
from ledger.store import bulk, fastpath, journal
from ledger.store.canonical import canonical_json

#: how long a writer waits for another writer's lock before giving up
BUSY_TIMEOUT_MS = int(os.environ.get("LEDGER_BUSY_TIMEOUT_MS", "30000"))


class LedgerSession(Session):
    """A session whose flushes are journaled."""


journal.install(LedgerSession)
bulk.install(LedgerSession)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # Let SQLAlchemy's begin event issue BEGIN itself (pysqlite would otherwise defer it).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "memory" and mode != "wal":
        cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    # Checkpoint every ~40 MB of log rather than 4 MB: a busy page (the history's last
    # index page) is copied back once per checkpoint, not once per few transactions.
    cur.execute("PRAGMA wal_autocheckpoint = 10000")
    cur.close()


_BEGIN = text("BEGIN")
_BEGIN_IMMEDIATE = text("BEGIN IMMEDIATE")


def _sqlite_begin(conn) -> None:
    # through the driver (one per transaction, so once per imported source)
    if conn.get_execution_options().get(journal.READ_ONLY):
        fastpath.execute(conn, _BEGIN)
    else:
        fastpath.execute(conn, _BEGIN_IMMEDIATE)


def make_engine(url: str) -> Engine:
    """An engine for `url` with the ledger's connection settings."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as err:
        raise DatabaseError(f"database URL {url!r} is not valid: {err}") from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            json_serializer=canonical_json,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            return create_engine(parsed, pool_pre_ping=True, json_serializer=canonical_json)
        except ModuleNotFoundError:
            raise DatabaseError(
                "PostgreSQL needs psycopg 3: pip install 'statement-ledger[postgres]'"
            ) from None
    raise DatabaseError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
    )


class Database:
    """An opened ledger database: an engine and its session scopes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read_engine = engine.execution_options(**{journal.READ_ONLY: True})
        self._write = sessionmaker(engine, class_=LedgerSession, expire_on_commit=False)
        self._read = sessionmaker(self._read_engine, class_=LedgerSession, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that commits on success and rolls back on any error."""
        with translate_errors(self), self._write() as session, session.begin():
            if self.dialect == "postgresql":
                # One writer at a time, the lock taken first, as BEGIN IMMEDIATE does on
                # SQLite: a writer never holds row locks while it waits for the history's
                # advisory lock, so writers cannot deadlock with each other.
                journal.lock_writers(session)
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (its changes, if any, are rolled back)."""
        with translate_errors(self), self._read() as session:
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def translate_errors(db: Database) -> Iterator[None]:
    """Turn driver errors about reaching the database into one-line DatabaseErrors."""
    try:
        yield
    except exc.ProgrammingError as err:
        # PostgreSQL refused by its grants (42501): the role lacks the privilege
        if getattr(err.orig, "sqlstate", None) != "42501":
            raise
        msg = str(err.orig).strip().splitlines()[0]
        raise PermissionDenied(f"database {db.url} refused: {msg}") from err
    except OverflowError as err:
        # SQLite cannot even bind an integer over 64 bits (an id typed by a user)
        raise InputError(f"a number given is out of range ({err})") from err
    except exc.DataError as err:
        # PostgreSQL: a value out of range or of the wrong type for its column
        msg = str(err.orig).strip().splitlines()[0] if err.orig is not None else str(err)
        raise InputError(f"value not accepted by the database: {msg}") from err
    except exc.OperationalError as err:
        msg = str(err.orig) if err.orig is not None else str(err)
        msg = msg.strip().splitlines()[0] if msg.strip() else type(err).__name__
        if "locked" in msg or "busy" in msg:
            raise DatabaseError(f"database {db.url} is locked by another process: {msg}") from err
        raise DatabaseError(f"database {db.url}: {msg}") from err
