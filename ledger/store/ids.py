"""Rows by an id a user typed, however large the number.

The id columns are `Integer`: 64 bits on SQLite, 32 on PostgreSQL. A bigger number can
name no row, but binding it fails (SQLite: OverflowError before the query; PostgreSQL:
"integer out of range" for a parameter cast to the column's type). These helpers never
fail so: the lookup simply finds nothing, and the caller says "no statement N".
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import BigInteger, ColumnElement, false, literal, select
from sqlalchemy.orm import Session

from ledger.errors import InputError

T = TypeVar("T")

#: what every backend binds as the id columns' own type (PostgreSQL's integer)
_INT32 = range(-(2**31), 2**31)
#: what any backend can bind at all (SQLite's INTEGER, PostgreSQL's bigint)
_INT64 = range(-(2**63), 2**63)


#: ids typed with more digits than this (leading zeros aside) are not converted: Python
#: refuses to read integers of 4,300 digits and more, and no column holds one of 20
MAX_DIGITS = 100


def parse_id(digits: str) -> int:
    """The id that ASCII `digits` spell (`ledger.errors.is_number`); InputError for more
    than `MAX_DIGITS` of them."""
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise InputError(f"{digits[:20]}… is not an id (over {MAX_DIGITS} digits)")
    return int(digits)


def id_equals(column: Any, value: int) -> ColumnElement[bool]:
    """`column == value`, false (without binding) when `value` is beyond 64 bits, and
    compared as a bigint so that PostgreSQL does not cast it to the column's integer."""
    if value not in _INT64:
        return false()
    return column == literal(value, BigInteger)


def get_by_id(session: Session, model: type[T], value: int) -> T | None:
    """`session.get(model, value)`, None for an id no column can hold."""
    if value in _INT32:
        return session.get(model, value)
    return session.scalars(select(model).where(id_equals(model.id, value))).first()  # type: ignore[attr-defined]
