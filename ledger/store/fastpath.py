"""Repeated Core statements run straight through SQLite's driver: the import's hot path.

Executing a statement through SQLAlchemy costs 10–30 µs of bookkeeping (cache keys,
execution context, parameter processing, result wrapping) before SQLite does any work,
and the importer runs a handful of statements for every source it stores. On SQLite
these go to the DBAPI cursor of the connection SQLAlchemy holds, inside the transaction
it began, as the SQL SQLAlchemy compiled, with SQLAlchemy's own bind processors, so the
stored values are the same; driver errors are wrapped as SQLAlchemy wraps them.
Statements this cannot run exactly (expanding IN lists, result types that need
processing) and every other database go through SQLAlchemy as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ClauseElement


@dataclass(frozen=True)
class _Plan:
    stmt: ClauseElement  # kept so the id() it is filed under cannot be reused
    sql: str
    names: tuple[str, ...]
    defaults: dict[str, Any]  # values bound in the statement itself (e.g. LIMIT 1)
    converts: tuple[tuple[int, Callable[[Any], Any]], ...]
    direct: bool  # False: leave this statement to SQLAlchemy
    values_of: Callable[[Mapping[str, Any]], tuple]  # every parameter, in order


def tuple_getter(names: Sequence[str]) -> Callable[[Mapping[str, Any]], tuple]:
    """A function giving the values of `names` from a mapping as a tuple, in one C call
    where it can (KeyError for a missing name)."""
    if len(names) > 1:
        return itemgetter(*names)
    # itemgetter of one name gives no tuple, of none is an error
    return lambda params: tuple(params[n] for n in names)


# Per statement and dialect name: every ledger engine is made by `db.make_engine`, with
# the same settings (JSON serializer, date formats), so one plan serves all of them.
_PLANS: dict[tuple[int, str], _Plan] = {}


def _plan(conn: Connection, stmt: ClauseElement) -> _Plan:
    dialect = conn.dialect
    key = (id(stmt), dialect.name)
    plan = _PLANS.get(key)
    if plan is not None and plan.stmt is stmt:
        return plan
    compiled = stmt.compile(dialect=dialect)
    names = tuple(compiled.positiontup or ())
    binds = [compiled.binds[name] for name in names]
    direct = dialect.name == "sqlite" and not any(b.expanding or b.literal_execute for b in binds)
    for col in getattr(stmt, "selected_columns", ()):
        if col.type.dialect_impl(dialect).result_processor(dialect, None) is not None:
            direct = False
    converts = tuple(
        (i, proc)
        for i, b in enumerate(binds)
        if (proc := b.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    )
    defaults = {name: b.value for name, b in zip(names, binds, strict=True) if not b.required}
    plan = _PLANS[key] = _Plan(
        stmt, compiled.string, names, defaults, converts, direct, tuple_getter(names)
    )
    return plan


def _positional(plan: _Plan, params: Mapping[str, Any]) -> Sequence[Any]:
    try:
        values: Sequence[Any] = plan.values_of(params)  # one C call: complete rows
    except KeyError:
        try:
            values = tuple(params[n] if n in params else plan.defaults[n] for n in plan.names)
        except KeyError as err:
            raise exc.InvalidRequestError(f"A value is required for bind parameter {err}") from None
    if plan.converts:
        values = list(values)
        for i, proc in plan.converts:
            values[i] = proc(values[i])
    return values


def _run(conn: Connection, plan: _Plan, params: Sequence[Any], how: str) -> tuple | None:
    """`how`: "many" (executemany of `params`), "first" (execute, first row) or "once"."""
    dbapi = conn.dialect.loaded_dbapi
    cursor = conn.connection.driver_connection.cursor()
    try:
        if how == "many":
            cursor.executemany(plan.sql, params)
            return None
        cursor.execute(plan.sql, params)
        return cursor.fetchone() if how == "first" else None
    except dbapi.Error as err:
        raise exc.DBAPIError.instance(
            plan.sql, params, err, dbapi.Error, dialect=conn.dialect, ismulti=how == "many"
        ) from err
    finally:
        cursor.close()


def execute_many(conn: Connection, stmt: ClauseElement, rows: list[Mapping[str, Any]]) -> None:
    """Run an INSERT or UPDATE once for each parameter set in `rows` (one executemany).
    An insert built without values takes every column: each row must give them all."""
    if not rows:
        return
    plan = _plan(conn, stmt)
    if not plan.direct:
        conn.execute(stmt, rows)
        return
    _run(conn, plan, [_positional(plan, row) for row in rows], "many")


def execute(conn: Connection, stmt: ClauseElement) -> None:
    """Run a statement that takes no parameters and returns no rows (e.g. BEGIN)."""
    plan = _plan(conn, stmt)
    if not plan.direct:
        conn.execute(stmt)
        return
    _run(conn, plan, (), "once")


def first_row(
    conn: Connection, stmt: ClauseElement, params: Mapping[str, Any] | None = None
) -> tuple | None:
    """The first row of a SELECT, as a plain tuple, or None."""
    plan = _plan(conn, stmt)
    if not plan.direct:
        row = conn.execute(stmt, dict(params or {})).first()
        return None if row is None else tuple(row)
    return _run(conn, plan, _positional(plan, params or {}), "first")
