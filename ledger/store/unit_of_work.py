"""One transaction's rows written with Core, journaled together in one history append.

The importer writes a source's speakers, source row, statements, links and claims with
Core inserts and updates (`ledger.store.bulk`), not the ORM, because that is what keeps a
large import fast; the ORM's flush would journal them, so here each module that writes a
row records it with the unit of work it was given, and the unit appends all their events
at once (`append`), in the order they were recorded. A transaction that rolls back
appends nothing, and the process caches forget what it taught them by themselves
(`ledger.store.process_cache`).

A row whose values are settled only later in the unit (a statement, whose claim linking
decides) is recorded as *pending*: journaled with the values it has when the unit
appends, after the others.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ledger.store import journal
from ledger.store.bulk import insert_rows
from ledger.store.row_state import state_of_values


def _inserted(cls: type, table: str, rows: list[dict[str, Any]]):
    return (("insert", f"{table}:{row['id']}", state_of_values(cls, row)) for row in rows)


class UnitOfWork:
    """The history events of the rows one transaction writes with Core (see the module)."""

    __slots__ = ("session", "_changes", "_pending")

    def __init__(self, session: Session) -> None:
        self.session = session
        self._changes: list[tuple[str, str, dict[str, Any] | None]] = []
        self._pending: list[tuple[type, str, list[dict[str, Any]]]] = []

    def insert(self, cls: type, rows: list[dict[str, Any]], *, pending: bool = False) -> list[int]:
        """Insert `rows` into `cls`'s table (`insert_rows`: defaults filled in, ids set in
        each row) and journal them: now, as they are, or with `pending`, as they are when
        the unit appends (the caller still completes them in place)."""
        ids = insert_rows(self.session, cls, rows)
        if not rows:
            return ids
        table = cls.__table__.name
        if pending:
            self._pending.append((cls, table, rows))
        else:
            self._changes.extend(_inserted(cls, table, rows))
        return ids

    def updated(self, cls: type, row: dict[str, Any]) -> None:
        """Journal a row the caller has updated with Core; `row`: its every column now."""
        self._changes.append(
            ("update", f"{cls.__table__.name}:{row['id']}", state_of_values(cls, row))
        )

    def append(self) -> None:
        """Append the events recorded so far, pending rows last, to the history. Whatever
        the ORM is to change of these rows in this transaction must follow: call this
        before its flush."""
        changes = self._changes
        for cls, table, rows in self._pending:
            changes.extend(_inserted(cls, table, rows))
        self._changes, self._pending = [], []
        journal.append_events(self.session, changes)
