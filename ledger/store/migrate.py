"""Schema migrations through Alembic: upgrade on first use, explicit `ledger db …` commands.

The Alembic scripts live in the top-level `migrations/` folder of the repository, which the
wheel ships as `ledger.migrations`; the configuration is built here, so no alembic.ini is
needed at run time.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from ledger.errors import DatabaseError
from ledger.store.database import Database, translate_errors
from ledger.store.models import Base


def script_location() -> str:
    import ledger.migrations

    return str(Path(ledger.migrations.__file__).resolve().parent)


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", script_location())
    cfg.set_main_option(
        "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    cfg.attributes["engine"] = db.engine
    return cfg


def head_revision(db: Database) -> str:
    return ScriptDirectory.from_config(alembic_config(db)).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _has_ledger_tables(db: Database) -> bool:
    with db.engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
    return bool(names & {"source", "statement", "event"})


#: the PostgreSQL advisory lock that lets one process at a time create or upgrade a schema
_MIGRATION_LOCK = 0x1ED6E5


@contextmanager
def _one_migrator(db: Database) -> Iterator[None]:
    """Hold a lock while the schema is created or upgraded, so that importers started
    together on a new PostgreSQL database do not all create its tables (SQLite's own
    write lock already serialises them)."""
    if db.dialect != "postgresql":
        yield
        return
    with db.engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
            conn.commit()


def ensure_current(db: Database, notice: Callable[[str], None]) -> None:
    """Create a new database at head, or back up and upgrade an older one."""
    with translate_errors(db):
        script = ScriptDirectory.from_config(alembic_config(db))
        head = script.get_current_head()
        if current_revision(db) == head:
            return
        with _one_migrator(db):
            _bring_to_head(db, script, head, notice)


def _bring_to_head(db: Database, script: ScriptDirectory, head: str, notice) -> None:
    current = current_revision(db)  # again: another process may have done it meanwhile
    if current == head:
        return
    if current is None:
        if _has_ledger_tables(db):
            raise DatabaseError(
                f"database {db.url} has ledger tables but no migration history; refusing to touch it"
            )
        upgrade(db, "head")
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise DatabaseError(
            f"database {db.url} has schema {current}, newer than this ledger ({head}); upgrade the ledger software"
        )
    backup = backup_before_upgrade(db, current)
    upgrade(db, "head")
    where = f"; backup at {backup}" if backup else ""
    notice(f"ledger: upgraded database schema {current} -> {head}{where}")


def backup_before_upgrade(db: Database, revision: str) -> Path | None:
    """Copy an SQLite file beside itself before an upgrade (PostgreSQL: use pg_dump)."""
    if db.dialect != "sqlite" or not db.engine.url.database or db.engine.url.database == ":memory:":
        return None
    path = Path(db.engine.url.database)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{revision}.{stamp}.bak")
    import sqlite3

    # The online backup API gives a consistent copy even with a WAL file beside it.
    with sqlite3.connect(path) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def upgrade(db: Database, revision: str = "head") -> None:
    command.upgrade(alembic_config(db), revision)


def downgrade(db: Database, revision: str) -> None:
    command.downgrade(alembic_config(db), revision)


def pending_differences(db: Database) -> list:
    """Differences between the models and the database schema (empty when in sync)."""
    from alembic.autogenerate import compare_metadata  # only `ledger db check` needs it

    from ledger.store.queue_rank import INDEXES
    from ledger.store.text_search import is_search_table

    def modelled(name, type_, parent_names) -> bool:
        # the word-search index (migration 0008) is derived, kept by triggers: no model;
        # the queue's expression indexes (0009) are not comparable by autogenerate
        if type_ == "index" and name in INDEXES:
            return False
        return not (type_ == "table" and name and is_search_table(name))

    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": modelled}
        )
        with warnings.catch_warnings():
            # SQLAlchemy cannot reflect the expression indexes of 0009 (left out above)
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
            return compare_metadata(ctx, Base.metadata)
