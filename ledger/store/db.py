"""Opening the ledger database: an engine for its URL, and its schema brought to head.

The engine, the session scopes and the error translation are `ledger.store.database`'s;
the schema migrations `ledger.store.migrate`'s.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ledger.config import database_url
from ledger.errors import DatabaseError
from ledger.store import migrate as migrations
from ledger.store.database import Database, make_engine


def open_database(url: str | None = None, *, migrate: bool = True, notice=None) -> Database:
    """Open the ledger database at `url` (or the configured one), bringing it to head.

    A new database is created at head; an older schema is backed up (SQLite) and upgraded
    with a one-line notice; a newer or foreign schema is refused.
    """
    url = database_url(url)
    _refuse_in_memory(url)
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        if path and path != ":memory:" and not path.startswith("file:"):
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise DatabaseError(f"database {url}: folder {parent} does not exist")
    db = Database(engine)
    if migrate:
        migrations.ensure_current(db, notice=notice or _stderr_notice)
    return db


def _refuse_in_memory(url: str) -> None:
    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # make_engine says what is wrong with it
    if parsed.get_backend_name() == "sqlite" and in_memory(parsed.database, dict(parsed.query)):
        raise DatabaseError(
            f"database {url}: an in-memory database is lost when the command ends; "
            "name a file, e.g. sqlite:///ledger.db"
        )


def in_memory(path: str | None, query: dict) -> bool:
    """Whether a SQLite URL's database (`path`) and query name an in-memory database:
    `sqlite://`, `sqlite:///`, `:memory:`, `file::memory:` or `mode=memory`."""
    if not path or path == ":memory:":
        return True
    if path.startswith("file:"):
        rest = path[5:]
        if rest.startswith(":memory:") or "mode=memory" in rest:
            return True
    modes = query.get("mode", ())
    return "memory" in ((modes,) if isinstance(modes, str) else tuple(modes))


def _stderr_notice(message: str) -> None:
    print(message, file=sys.stderr)
