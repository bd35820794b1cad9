"""Backing up and restoring a ledger.

- SQLite: `backup` copies the live database with SQLite's online backup API (a consistent
  snapshot even while importers and reviewers write), into a temporary file in the target's
  folder that is renamed into place only when complete.
- PostgreSQL: `backup` gives the `pg_dump` command to run instead (the server's own tool
  keeps roles, grants and triggers); `ledger export --all` works on both.
- `restore` fills an empty database from an SQLite backup file or a full JSONL dump,
  in one transaction, and commits only if `verify` passes on the result.
"""

from __future__ import annotations

import shlex
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from ledger.errors import InputError, IntegrityFailure
from ledger.services.output_files import output_target, replacing
from ledger.store.database import Database

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class RestoreReport:
    counts: dict[str, int] = field(default_factory=dict)
    events: int = 0
    rows: int = 0


def sqlite_path(db: Database) -> Path | None:
    name = db.engine.url.database
    if db.dialect != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def backup_sqlite(db: Database, path: str, force: bool = False) -> Path:
    """Copy the SQLite ledger to `path` with the online backup API; returns the path."""
    source = sqlite_path(db)
    if source is None:
        raise InputError("backup needs an SQLite database file (or PostgreSQL: use pg_dump)")
    target = output_target(path, force)
    if target.exists() and target.resolve() == source.resolve():
        raise InputError(f"{path}: is the database itself")
    with replacing(target, ".ledger-backup-") as tmp:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            src.execute("PRAGMA busy_timeout = 30000")
            src.backup(dst)
            # a self-contained file: no WAL beside it
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
            src.close()
    return target


def pg_dump_command(db: Database, path: str) -> str:
    """The pg_dump command that backs up this PostgreSQL ledger to `path`."""
    url = make_url(db.engine.url.render_as_string(hide_password=True))
    args = ["pg_dump", "--format=custom", f"--file={path}"]
    if url.host:
        args.append(f"--host={url.host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    options = url.query.get("options")
    if isinstance(options, str) and "search_path=" in options:
        schema = options.split("search_path=", 1)[1].split()[0].split(",")[0]
        args.append(f"--schema={schema}")
    args.append(url.database or "postgres")
    return " ".join(shlex.quote(a) for a in args)


def _records_from_sqlite(path: Path):
    """The dump records of an SQLite backup, read from a private copy (never changed)."""
    from ledger.store import migrate
    from ledger.store.db import open_database
    from ledger.store.dump import dump_records

    with tempfile.TemporaryDirectory(prefix="ledger-restore-") as tmp:
        copy = Path(tmp) / "backup.db"
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        # an older backup is upgraded (its copy) to the schema this ledger restores into
        source = open_database(f"sqlite:///{copy}", notice=lambda _m: None)
        try:
            with source.read() as session:
                head = migrate.current_revision(source)
                yield from enumerate(dump_records(session, head), start=1)
        finally:
            source.dispose()


def _records_from_jsonl(path: Path):
    from ledger.store.dump import read_records

    with open(path, encoding="utf-8", errors="strict", newline="") as fh:
        try:
            yield from read_records((line.rstrip("\n") for line in fh), str(path))
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text, not a ledger dump") from None


def restore(db: Database, path: str) -> RestoreReport:
    """Fill the empty ledger `db` from a backup file (SQLite) or a full JSONL dump."""
    from ledger.store import migrate
    from ledger.store.dump import restore_records
    from ledger.store.verify import verify

    source = Path(path)
    if not source.is_file():
        raise InputError(f"{path}: no such file")
    with open(source, "rb") as fh:
        magic = fh.read(len(SQLITE_MAGIC))
    if magic == SQLITE_MAGIC:
        records = _records_from_sqlite(source)
    else:
        records = _records_from_jsonl(source)
    head = migrate.head_revision(db)
    report = RestoreReport()
    try:
        with db.write() as session:
            report.counts = restore_records(session, records, path, head)
            session.flush()
            result = verify(session)
            if not result.ok:
                raise IntegrityFailure(
                    f"{path}: restored records do not match their history ({result.problem}); "
                    "nothing was restored"
                )
            report.events, report.rows = result.events, result.rows
    except sqlite3.DatabaseError as err:
        raise InputError(f"{path}: not a readable SQLite backup ({err})") from None
    except (sa_exc.IntegrityError, sa_exc.DataError) as err:
        reason = (
            str(err.orig).strip().splitlines()[0] if err.orig is not None else type(err).__name__
        )
        raise InputError(f"{path}: records conflict ({reason}); nothing was restored") from None
    return report
