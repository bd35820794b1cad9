"""Many rows into one table with one Core statement: the import's way of writing.

`insert_rows` fills in every column's default first (planned once per table), so the
values it was given are then exactly the stored row, ready to be journaled (see
`ledger.store.unit_of_work`, which journals them; this module does not). On SQLite, which
cannot hand back the ids of a many-row insert in order, the ids are allocated here: a
writer holds the database's write lock from `BEGIN IMMEDIATE`, so the next free id of each
table is known, and this process keeps it between transactions while nobody else appends
to the history.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from ledger.store import fastpath
from ledger.store.process_cache import ProcessCache

_DEFAULTS: dict[type, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {}


def _defaults_of(cls: type) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """`cls`'s column defaults, sorted once: ({column: constant}, {column: callable called
    once per insert}, {column: callable called per row, as it makes a new list or dict})."""
    plan = _DEFAULTS.get(cls)
    if plan is None:
        constant: dict[str, Any] = {}
        per_insert: dict[str, Any] = {}
        per_row: dict[str, Any] = {}
        for col in cls.__table__.columns:
            if col.primary_key and col.autoincrement:
                continue
            default = col.default
            if default is None:
                constant[col.name] = None
            elif not default.is_callable:
                constant[col.name] = default.arg
            elif isinstance(default.arg(None), list | dict | set):
                per_row[col.name] = default.arg
            else:
                per_insert[col.name] = default.arg
        plan = _DEFAULTS[cls] = (constant, per_insert, per_row)
    return plan


def _complete(cls: type, rows: list[dict[str, Any]]) -> None:
    """Fill in every column's default in `rows` (for one Core insert into `cls`'s table), so
    the journaled state is exactly the stored row. A callable default is called once for
    all the rows (one moment for rows stored together), except where it makes a new
    mutable value (a list) for each."""
    constant, per_insert, per_row = _defaults_of(cls)
    shared = dict(constant)
    for name, make in per_insert.items():
        shared[name] = make(None)
    for row in rows:
        for name in shared.keys() - row.keys():
            row[name] = shared[name]
        for name, make in per_row.items():
            if name not in row:
                row[name] = make(None)


# Per table: the Core statements, built once (SQLAlchemy memoizes a statement's cache key
# on the object, so re-executing the same object skips recomputing it).
_INSERTS: dict[type, Any] = {}
_RETURNING: dict[type, Any] = {}
_MAX_IDS: dict[type, Any] = {}

#: SQLite: {table: next free id} as this process left it; any event by anyone else (every
#: insert into a ledger table appends one) makes it stale
_NEXT_IDS: ProcessCache[dict[str, int]] = ProcessCache("next ids", None)


def _next_id(conn, cls: type, ids: dict[str, int]) -> int:
    table = cls.__table__.name
    if table not in ids:
        stmt = _MAX_IDS.get(cls)
        if stmt is None:
            stmt = _MAX_IDS[cls] = select(func.max(cls.id))
        ids[table] = (conn.execute(stmt).scalar() or 0) + 1
    return ids[table]


def insert_rows(session: Session, cls: type, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` (completed with column defaults, in place) into `cls`'s table with one
    Core statement; each row gets its new "id", and the ids are returned in order. Nothing
    is journaled here: see `UnitOfWork.insert`."""
    if not rows:
        return []
    _complete(cls, rows)
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        # SQLite cannot hand back the ids of a many-row insert in order (SQLAlchemy would
        # insert row by row); the next ids are known, so one executemany stores every row.
        next_ids = _NEXT_IDS.get(session, dict)
        first = _next_id(conn, cls, next_ids)
        ids = list(range(first, first + len(rows)))
        next_ids[cls.__table__.name] = first + len(rows)
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
        stmt = _INSERTS.get(cls)
        if stmt is None:
            stmt = _INSERTS[cls] = insert(cls)
        fastpath.execute_many(conn, stmt, rows)
        return ids
    stmt = _RETURNING.get(cls)
    if stmt is None:
        stmt = _RETURNING[cls] = insert(cls).returning(cls.id, sort_by_parameter_order=True)
    ids = conn.execute(stmt, rows).scalars().all()
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id
    return ids


def _after_flush(session: Session, _ctx: object) -> None:
    if session.new:  # ids the ORM took: those tables' next ids must be looked up again
        next_ids = _NEXT_IDS.peek(session)
        if next_ids:
            for table in {obj.__table__.name for obj in session.new}:
                next_ids.pop(table, None)


def install(session_class: type[Session]) -> None:
    """Keep the next ids right when sessions of `session_class` insert through the ORM."""
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
