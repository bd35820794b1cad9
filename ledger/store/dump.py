"""The full dump: every record of the ledger as typed JSONL lines, and restoring one.

It lives in the store because it reads and writes the tables themselves, below the ORM;
`services/backup.py` and `ledger export --all` call it.

`ledger export --all --format jsonl` writes a header line, then one line per row of every
table (`{"type": "source", …every column…}`, types source, speaker, alias, claim,
statement, link, review, setting, user_role, and any table added later), then the history
(`"type": "event"`). `ledger restore` reads it back into an empty database in one
transaction: rows keep their ids, versions and timestamps, the history is copied verbatim,
and `verify` must pass before anything is committed, so a dump edited by hand (or cut
short) is refused instead of becoming a ledger whose history does not match its records.

Rows are written straight to the tables here, not through the ORM, because the journal
they carry *is* their history; the check above is what keeps that honest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import IO, Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Table, func, select, text
from sqlalchemy.orm import Session

from ledger.errors import DatabaseError, InputError
from ledger.store.models import Base, Event, MerkleNode
from ledger.store.paging import keyset_rows
from ledger.store.safe_json import safe_dumps

FORMAT = "ledger-dump"
VERSION = 1
#: record type names that differ from the table name
TYPE_OF_TABLE = {"speaker_alias": "alias"}
TABLE_OF_TYPE = {v: k for k, v in TYPE_OF_TABLE.items()}
BATCH = 1000


def _tables() -> list[Table]:
    """Ledger tables in an order that satisfies their foreign keys (history last). The
    Merkle tree's stored nodes are left out: they derive from the history, and the next
    checkpoint rebuilds them."""
    derived = (Event.__tablename__, MerkleNode.__tablename__)
    return [t for t in Base.metadata.sorted_tables if t.name not in derived] + [Event.__table__]


def _type(table: Table) -> str:
    return TYPE_OF_TABLE.get(table.name, table.name)


def _out(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # SQLite hands back naive UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def dump_records(session: Session, schema: str | None = None) -> Iterator[dict[str, Any]]:
    """The header, then every row of every table as a typed record, a page at a time."""
    yield {
        "type": "header",
        "format": FORMAT,
        "version": VERSION,
        "schema": schema,
        "exported_at": datetime.now(UTC).isoformat(),
    }
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1:
            raise DatabaseError(f"table {table.name} has a composite key")
        (key,) = pk
        rows = keyset_rows(
            session,
            select(table),
            key,
            batch=BATCH,
            scalars=False,
            key_of=lambda r, k=key: r._mapping[k],
        )
        for row in rows:
            yield {"type": _type(table), **{k: _out(v) for k, v in row._mapping.items()}}


def write_dump(session: Session, out: IO[str], schema: str | None = None) -> int:
    """Write the full dump as JSONL; returns the number of records (header excluded)."""
    if session.get_bind().dialect.name == "postgresql":
        # one snapshot for every table, however long the dump takes
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    n = -1
    for record in dump_records(session, schema):
        out.write(safe_dumps(record) + "\n")
        n += 1
    return n


# --- restoring --------------------------------------------------------------------------


def _parse(column, value: Any, where: str) -> Any:
    if value is None:
        if not column.nullable and not column.primary_key:
            raise InputError(f"{where}: {column.name} must not be null")
        return None
    kind = column.type
    try:
        if isinstance(kind, DateTime):
            if not isinstance(value, str):
                raise ValueError
            parsed = datetime.fromisoformat(value)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        if isinstance(kind, Date):
            if not isinstance(value, str):
                raise ValueError
            return date.fromisoformat(value)
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise ValueError
            return value
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError
            return value
        if isinstance(kind, Float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError
            return float(value)
    except ValueError:
        raise InputError(f"{where}: {column.name} has a value of the wrong type") from None
    if hasattr(kind, "length") and not isinstance(value, str):
        raise InputError(f"{where}: {column.name} must be text")
    return value


def read_records(lines: Iterable[str], origin: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for each non-blank line; InputError on anything that is not one."""
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError as err:
            raise InputError(
                f"{origin}: line {lineno}: not valid JSON ({getattr(err, 'msg', err)})"
            ) from None
        if not isinstance(record, dict) or not isinstance(record.get("type"), str):
            raise InputError(f"{origin}: line {lineno}: expected an object with a 'type'")
        yield lineno, record


def is_empty(session: Session) -> bool:
    """Whether no ledger table holds a row."""
    return all(
        session.execute(select(func.count()).select_from(table)).scalar_one() == 0
        for table in _tables()
    )


def restore_records(
    session: Session, records: Iterable[tuple[int, dict[str, Any]]], origin: str, head: str
) -> dict[str, int]:
    """Insert the records of a dump into the (empty) database of `session`.

    Call inside one write transaction; the caller verifies the history before committing.
    Returns the number of rows restored per record type.
    """
    if not is_empty(session):
        raise InputError(
            "the database is not empty: restore only into an empty ledger "
            "(create a new database, or point --db at one)"
        )
    tables = {_type(t): t for t in _tables()}
    order = list(tables)
    counts: dict[str, int] = {}
    deferred: list[tuple[Table, Any, str, Any]] = []  # (table, pk, column, value)
    pending: list[dict[str, Any]] = []
    current: str | None = None
    seen_header = False

    def flush() -> None:
        if pending and current is not None:
            session.execute(tables[current].insert(), pending)
            counts[current] = counts.get(current, 0) + len(pending)
            pending.clear()

    for lineno, record in records:
        where = f"{origin}: line {lineno}"
        kind = record.pop("type")
        if not seen_header:
            if kind != "header" or record.get("format") != FORMAT:
                raise InputError(f"{where}: not a ledger dump (made by 'ledger export --all')")
            if record.get("version") != VERSION:
                raise InputError(
                    f"{where}: dump version {record.get('version')!r} is not {VERSION}"
                )
            if record.get("schema") != head:
                raise InputError(
                    f"{where}: dump is of schema {record.get('schema')!r}, this ledger is at "
                    f"{head}: restore with the ledger version that made it, upgrade, then dump again"
                )
            seen_header = True
            continue
        table = tables.get(kind)
        if table is None:
            raise InputError(f"{where}: unknown record type {kind!r}")
        if kind != current:
            if current is not None and order.index(kind) < order.index(current):
                raise InputError(f"{where}: {kind} records after {current} records")
            flush()
            current = kind
        unknown = set(record) - set(table.columns.keys())
        if unknown:
            raise InputError(f"{where}: {kind} has unknown field(s) {', '.join(sorted(unknown))}")
        row: dict[str, Any] = {}
        for column in table.columns:
            if column.name not in record:
                raise InputError(f"{where}: {kind} record lacks {column.name}")
            value = _parse(column, record[column.name], where)
            fk = next(iter(column.foreign_keys), None)
            if fk is not None and fk.use_alter and value is not None:
                # a key into a table restored later: set once that table is in
                pk = record[next(iter(table.primary_key.columns)).name]
                deferred.append((table, pk, column.name, value))
                value = None
            row[column.name] = value
        pending.append(row)
        if len(pending) >= BATCH:
            flush()
    flush()
    if not seen_header:
        raise InputError(f"{origin}: empty file, not a ledger dump")
    for table, pk, column, value in deferred:
        (pk_col,) = table.primary_key.columns
        session.execute(table.update().where(pk_col == pk).values({column: value}))
    _advance_sequences(session)
    return counts


def _advance_sequences(session: Session) -> None:
    """PostgreSQL: move each id sequence past the restored ids (explicit ids skip it)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return
    for table in _tables():
        (pk,) = table.primary_key.columns
        if not isinstance(pk.type, Integer) or pk.autoincrement is False:
            continue
        seq = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk.name}
        ).scalar()
        if seq is None:
            continue
        top = conn.execute(select(func.max(pk))).scalar()
        if top is not None:
            conn.execute(text("SELECT setval(:s, :v)"), {"s": seq, "v": top})
