"""A journaled row's state: the payload its events carry, and the subject they name.

The payload is the row's every column after the change, as JSON-able values: whole
documents by their SHA-256 (`DIGEST_COLUMNS`), dates and times as ISO text (UTC), the rest
as stored. `row_state` reads it from an ORM object, `state_of_values` from the complete
column values of a row written with Core; both give the same state for the same row,
which is what lets `verify` compare the tables with the history.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, inspect

from ledger.store import fastpath
from ledger.store.models import JOURNALED, Base

#: columns kept in the payload by digest, not verbatim (whole documents)
DIGEST_COLUMNS = {"source": {"text"}}
_CLASS_BY_TABLE = {cls.__tablename__: cls for cls in JOURNALED}

#: the datetime last written, and its text: one tuple, replaced whole, so a thread never
#: reads one moment with another's text
_last_time: tuple[datetime | None, str] = (None, "")


def _canonical_value(value: Any) -> Any:
    global _last_time
    if isinstance(value, datetime):
        # rows stored together share one moment: write it once (the reference held here
        # keeps the object alive, so `is` cannot match a new one at the same address)
        last = _last_time
        if value is last[0]:
            return last[1]
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        # (SQLite hands back naive UTC)
        written = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        _last_time = (value, written)
        return written
    if isinstance(value, date):
        return value.isoformat()
    return value


_DIGEST, _TIME = 1, 2  # how a column's value is journaled, besides as it is
_COLUMNS: dict[type, list[tuple[str, str, int]]] = {}


def _columns_of(cls: type) -> list[tuple[str, str, int]]:
    """(column name, attribute key, how it is journaled) for a journaled class, computed
    once: whole documents by digest, dates and times as ISO text, the rest as they are."""
    cols = _COLUMNS.get(cls)
    if cols is None:
        mapper = inspect(cls)
        digests = DIGEST_COLUMNS.get(cls.__table__.name, set())
        cols = [
            (
                col.name,
                mapper.get_property_by_column(col).key,
                _DIGEST
                if col.name in digests
                else _TIME
                if isinstance(col.type, Date | DateTime)
                else 0,
            )
            for col in cls.__table__.columns
        ]
        _COLUMNS[cls] = cols
    return cols


def _journaled(how: int, value: Any) -> Any:
    if how == _DIGEST:
        return None if value is None else hashlib.sha256(value.encode("utf-8")).hexdigest()
    return _canonical_value(value)


def _state_key(name: str, how: int) -> str:
    return name + "_sha256" if how == _DIGEST else name


def row_state(obj: Base) -> dict[str, Any]:
    """The canonical JSON-able state of a row, as journaled."""
    return {
        _state_key(name, how): _journaled(how, getattr(obj, key)) if how else getattr(obj, key)
        for name, key, how in _columns_of(type(obj))
    }


_VALUE_PLANS: dict[type, tuple[tuple[str, ...], Any, tuple[tuple[str, str, int], ...]]] = {}


def state_of_values(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """The journaled state of a row inserted with complete `values` (see `row_state`)."""
    plan = _VALUE_PLANS.get(cls)
    if plan is None:
        cols = _columns_of(cls)
        plain = tuple(name for name, _key, how in cols if not how)
        special = tuple((name, _state_key(name, how), how) for name, _key, how in cols if how)
        plan = _VALUE_PLANS[cls] = (plain, fastpath.tuple_getter(plain), special)
    plain, get_plain, special = plan
    try:
        # one C call for the columns journaled as they are (the importer's rows are complete)
        state = dict(zip(plain, get_plain(values), strict=True))
    except KeyError:
        state = {name: values.get(name) for name in plain}
    for name, key, how in special:
        state[key] = _journaled(how, values.get(name))
    return state


def subject_of(obj: Base) -> str:
    """The subject an ORM row's events name: "table:id"."""
    # identity is not set yet for rows inserted by the flush being journaled
    pk = inspect(obj).mapper.primary_key_from_instance(obj)
    key = pk[0] if len(pk) == 1 else ",".join(str(p) for p in pk)
    return f"{obj.__table__.name}:{key}"


def table_of(subject: str) -> type[Base] | None:
    """The journaled class a subject ("statement:5") names, if any."""
    return _CLASS_BY_TABLE.get(subject.split(":", 1)[0])
