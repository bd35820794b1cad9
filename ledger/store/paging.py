"""Reading large tables a batch at a time, and lists of ids a SQL parameter list at a time.

- `keyset_pages(session, stmt, key)`: the rows of `stmt` in `key` order, one page at a time
  (`WHERE key > last ORDER BY key LIMIT batch`), so memory stays flat whatever the table's
  size and no OFFSET scan grows with it.
- `chunked(ids)`: a list cut into pieces that fit SQLite's limit on bound parameters.
- `iso(value)`: a date or datetime as ISO 8601 text, `None` kept as `None`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

T = TypeVar("T")

# SQLite before 3.32 accepts at most 999 bound parameters in one statement; 900 leaves room
# for the few other parameters a statement carries beside its IN list.
SQL_PARAM_CHUNK = 900


def chunked(items: Sequence[T], size: int = SQL_PARAM_CHUNK) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of at most `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def keyset_pages(
    session: Session,
    stmt: Select,
    key: Any,
    *,
    batch: int = 5000,
    scalars: bool = True,
    key_of: Callable[[Any], Any] | None = None,
    after: Callable[[], None] | None = None,
) -> Iterator[list[Any]]:
    """Pages of `stmt`'s rows in ascending `key` order, each at most `batch` long.

    `scalars` picks `session.scalars` (ORM objects or single values) over `session.execute`
    (rows). `key_of(last_row)` gives the key of a page's last row; by default the attribute
    of `key`'s name for scalars, the first column for rows. `after()` runs once each page has
    been consumed (say, `session.expunge_all` to keep the identity map small).
    """
    if key_of is None:
        name = key.key

        def key_of(row: Any) -> Any:
            return getattr(row, name) if scalars else row[0]

    last: Any = None
    while True:
        page_stmt = stmt if last is None else stmt.where(key > last)
        page_stmt = page_stmt.order_by(key).limit(batch)
        result = session.scalars(page_stmt) if scalars else session.execute(page_stmt)
        page = list(result.all())
        if not page:
            return
        last = key_of(page[-1])
        yield page
        if after is not None:
            after()


def keyset_rows(session: Session, stmt: Select, key: Any, **kwargs: Any) -> Iterator[Any]:
    """The rows of `keyset_pages`, one at a time."""
    for page in keyset_pages(session, stmt, key, **kwargs):
        yield from page


def iso(value: date | None) -> str | None:
    """`value.isoformat()`, or `None` for `None` (dates and datetimes alike)."""
    return value.isoformat() if value is not None else None
