"""What this process remembers of a database between transactions, and when it forgets.

The importer keeps the speakers it has looked up, the claims it has assembled, the linker's
index and the next free ids in memory, so a large import does not ask the database again
for every source. A `ProcessCache` holds one such value per database (keyed by its URL)
and decides, in each transaction that asks for it, whether it may still be used:

- it is kept while the history shows that nobody else touched the subjects it watches
  since this process's own last commit through it (`journal.changed_since`: one head
  read, no table scan), and is remade (or refreshed) otherwise;
- it is current with the history's head once the write transaction that used it commits,
  its own changes included (whoever writes what it watches, other than through it, forgets
  it: `forget`);
- it is forgotten when that transaction rolls back, since it may hold rows that are gone.

A read transaction (`Database.read`) never writes, so its rollback forgets nothing.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ledger.store import journal

T = TypeVar("T")


class _HasEngine(Protocol):
    @property
    def engine(self) -> Engine: ...


#: what names a database: a session, or anything with an engine (a connection, an engine,
#: a `Database`)
DatabaseHolder = Session | _HasEngine

_CACHE_KEYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cache_key(holder: DatabaseHolder) -> str:
    """The key under which process caches keep what they know of one database: its URL,
    from a session, a connection, an engine or a `Database` (rendered once per engine:
    the importer asks several times per source)."""
    bind = holder.get_bind() if isinstance(holder, Session) else holder
    engine = bind.engine
    key = _CACHE_KEYS.get(engine)
    if key is None:
        key = _CACHE_KEYS[engine] = engine.url.render_as_string(hide_password=False)
    return key


class _Entry(Generic[T]):
    __slots__ = ("value", "seen")

    def __init__(self, value: T) -> None:
        self.value = value
        #: the history's head this value is known to be current with (None: unknown)
        self.seen: tuple[int, str] | None = None


class ProcessCache(Generic[T]):
    """One value per database for the life of the process (see the module's docstring).

    `watched`: the subject prefixes ("speaker", "claim", …) whose changes by anyone else
    make the value stale; None: any change to the history does.
    """

    def __init__(self, name: str, watched: tuple[str, ...] | None) -> None:
        self.name = name
        self.watched = watched
        self._entries: dict[str, _Entry[T]] = {}

    def get(
        self,
        session: Session,
        make: Callable[[], T],
        refresh: Callable[[T], T] | None = None,
    ) -> T:
        """This database's value for use in `session`'s transaction: the kept one if nobody
        else changed what it watches since, else `refresh(kept)` when given, else `make()`.
        Checked once per transaction; later calls in it return the same value."""
        tx = journal.transaction_info(session)
        entry = tx.get(self)  # validated already in this transaction
        if entry is not None:
            return entry.value
        key = cache_key(session)
        began = journal.start(session)  # read once per transaction, and known at its commit
        entry = self._entries.get(key)
        if entry is not None and journal.changed_since(session, entry.seen, self.watched):
            entry = None if refresh is None else _Entry(refresh(entry.value))
        if entry is None:
            entry = _Entry(make())
        self._entries[key] = entry
        tx[self] = entry
        if journal.is_read_only(session):
            entry.seen = began
        else:
            journal.on_commit(session, lambda head: self._settle(key, entry, head))
            journal.on_rollback(session, lambda: self._drop(key, entry))
        return entry.value

    def peek(self, holder: DatabaseHolder) -> T | None:
        """The value kept for `holder`'s database, unchecked (say, to save it to a file
        after a commit), or None."""
        entry = self._entries.get(cache_key(holder))
        return None if entry is None else entry.value

    def put(self, session: Session, value: T) -> T:
        """Keep `value` as this database's, current once `session`'s transaction commits
        (say, an index rebuilt from every row)."""
        self.forget(session)
        return self.get(session, lambda: value)

    def forget(self, holder: DatabaseHolder) -> None:
        """Drop the value kept for `holder`'s database (a session, a `Database`, …): whoever
        changes what it watches other than through it calls this."""
        self._entries.pop(cache_key(holder), None)
        if isinstance(holder, Session):
            journal.transaction_info(holder).pop(self, None)

    def clear(self) -> None:
        """Drop every database's value, as a new process starts with none."""
        self._entries.clear()

    def _settle(self, key: str, entry: _Entry[T], head: tuple[int, str] | None) -> None:
        if self._entries.get(key) is entry:  # not forgotten or replaced meanwhile
            entry.seen = head

    def _drop(self, key: str, entry: _Entry[T]) -> None:
        if self._entries.get(key) is entry:
            del self._entries[key]
