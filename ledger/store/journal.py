"""The tamper-evident history: the chain of events, its head, its lock and its appends.

Each flush of a ledger session turns the rows it inserted, updated or deleted into events
inside the same transaction, so a change and its record commit or roll back together; rows
written with Core are journaled by their `UnitOfWork` (`ledger.store.unit_of_work`).
`hash = sha256(canonical_json([seq, at, actor, action, subject, payload, prev_hash]))`,
with `claimed_by` appended to the list when it is set (`event_hash`): `actor` is who really
acted, `claimed_by` the name they gave when it differs (`ledger.store.identity`).

Who writes the events: on SQLite this module, in the writer's transaction. On PostgreSQL
the database (migration 0007): `append_events` hands the batch to `ledger_append`, a
SECURITY DEFINER function that takes the lock, assigns `seq`, `at` and `actor`
(`session_user`), checks each event against its row, and computes the same hashes; no
ledger role may insert into `event` itself.

The payload is the row's full state after the change (`ledger.store.row_state`), which
lets `verify` (`ledger.store.verify`) check both the chain and that the current tables
agree with it.

Also here, because they end with the transaction the chain is read in: what a session
knows only for its current transaction (`transaction_info`), and the callbacks run when it
commits or rolls back (`on_commit`, `on_rollback`), which the process caches rely on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, or_, select, text
from sqlalchemy.orm import Session

from ledger.store import fastpath
from ledger.store.canonical import canonical_bytes, canonical_json
from ledger.store.identity import history_actor
from ledger.store.models import JOURNALED, Base, Event
from ledger.store.row_state import row_state, subject_of

GENESIS = "0" * 64
#: the execution option of connections that only read (`Database.read`)
READ_ONLY = "ledger_read_only"
_TABLE_ORDER = {cls.__tablename__: i for i, cls in enumerate(JOURNALED)}
# PostgreSQL: one advisory lock serialises appends to the chain across connections.
_PG_CHAIN_LOCK = 0x1ED6E5

# Built once: SQLAlchemy memoizes a statement's cache key on the object, and these run
# in every transaction that writes.
_HEAD_QUERY = select(Event.seq, Event.hash).order_by(Event.seq.desc()).limit(1)
_EVENT_INSERT = Event.__table__.insert()
_PG_APPEND = text(
    "SELECT head_seq, head_hash FROM ledger_append(CAST(:batch AS text), CAST(:claimed AS text))"
)


def event_hash(
    seq: int,
    at: str,
    actor: str,
    action: str,
    subject: str,
    payload: str,
    prev: str,
    claimed_by: str | None = None,
) -> str:
    """The chained hash of one event (the formula in the module's docstring). Events
    without a claimed name (all those before migration 0007) hash as they always did."""
    fields = [seq, at, actor, action, subject, payload, prev]
    if claimed_by is not None:
        fields.append(claimed_by)
    return hashlib.sha256(canonical_bytes(fields)).hexdigest()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def lock_writers(session: Session) -> None:
    """Take the ledger's writer lock until the transaction ends.

    PostgreSQL: a transactional advisory lock, the same one every journaled flush takes
    (re-entrant, so taking it early cannot deadlock with the journal). SQLite: a write
    transaction is `BEGIN IMMEDIATE`, which already holds the database's write lock.
    Code that reads before it decides to insert (e.g. a speaker by name key) takes it
    first, so a concurrent writer cannot insert the same thing in between.
    """
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # keyed by schema too: advisory locks are per database, and ledgers in other
        # schemas of the same database (tests, benchmarks) must not queue behind this one
        conn.execute(
            text("SELECT pg_advisory_xact_lock(:k, hashtext(current_schema()))"),
            {"k": _PG_CHAIN_LOCK},
        )


_TRANSACTION = "ledger_transaction"
_ON_COMMIT = "ledger_on_commit"
_ON_ROLLBACK = "ledger_on_rollback"
_HEAD, _START, _LOCKED = "head", "start", "locked"


def transaction_info(session: Session) -> dict[str, Any]:
    """A dict of what `session` knows only for the transaction it is in, emptied when that
    transaction (or a savepoint) ends."""
    info = session.info.get(_TRANSACTION)
    if info is None:
        info = session.info[_TRANSACTION] = {}
    return info


def is_read_only(session: Session) -> bool:
    """Whether `session` is a read unit of work (`Database.read`): it takes no writer lock."""
    return bool(session.connection().get_execution_options().get(READ_ONLY))


def head(session: Session) -> tuple[int, str]:
    """(seq, hash) of the newest event as this transaction sees it (a write transaction
    takes the writer lock). Process caches remember it after their own writes to tell
    whether anyone else has written since."""
    tx = transaction_info(session)
    now = tx.get(_HEAD)
    if now is None:
        now = _read_head(session, tx, lock=not is_read_only(session))
    return now


def _read_head(session: Session, tx: dict[str, Any], lock: bool) -> tuple[int, str]:
    # Within one transaction the head is ours alone once read under the lock: SQLite writers
    # are serialised by BEGIN IMMEDIATE, PostgreSQL ones by the advisory lock held until commit.
    if lock:
        lock_writers(session)
    row = fastpath.first_row(session.connection(), _HEAD_QUERY)
    now = tx[_HEAD] = (row[0], row[1]) if row else (0, GENESIS)
    tx.setdefault(_START, now)  # what others had written when this transaction began
    tx[_LOCKED] = lock
    return now


def start(session: Session) -> tuple[int, str]:
    """(seq, hash) of the newest event when this transaction first read the head: what
    others had written before it (events after it are the transaction's own)."""
    head(session)
    return transaction_info(session)[_START]


def changed_since(
    session: Session, seen: tuple[int, str] | None, prefixes: tuple[str, ...] | None
) -> bool:
    """Whether any event newer than `seen` touched a subject starting with one of `prefixes`
    (any subject, for None), or the history is not the one `seen` was taken from. Inside a
    write transaction (it holds the writer lock) nothing can be appended between this
    answer and the caller's own changes."""
    if seen is None:
        return True
    # Events after the transaction's start are this transaction's own.
    now = start(session)
    if now == seen:
        return False
    seq, digest = seen
    if now[0] < seq or prefixes is None:
        return True  # another database, events gone, or any change counts
    conn = session.connection()
    if seq and conn.execute(select(Event.hash).where(Event.seq == seq)).scalar() != digest:
        return True
    hit = conn.execute(
        select(Event.seq)
        .where(
            Event.seq > seq,
            Event.seq <= now[0],
            or_(*(Event.subject.startswith(p) for p in prefixes)),
        )
        .limit(1)
    ).first()
    return hit is not None


def on_commit(session: Session, callback: Callable[[tuple[int, str] | None], None]) -> None:
    """Call `callback(head)` with the history's head once this transaction has committed;
    dropped if it rolls back. Process caches use it to record what they are current with."""
    session.info.setdefault(_ON_COMMIT, []).append(callback)


def on_rollback(session: Session, callback: Callable[[], None]) -> None:
    """Call `callback()` if this transaction (or any part of it) rolls back; dropped once
    it commits. Process caches use it to forget what they learnt from the lost writes."""
    session.info.setdefault(_ON_ROLLBACK, []).append(callback)


def _transaction_ended(session: Session, transaction) -> None:
    # A flush's internal subtransaction ending changes nothing; a commit, a rollback or a
    # savepoint ending does.
    if transaction.parent is None or transaction.nested:
        session.info.pop(_TRANSACTION, None)


def _after_commit(session: Session) -> None:
    session.info.pop(_ON_ROLLBACK, None)
    callbacks = session.info.pop(_ON_COMMIT, ())
    tx = session.info.get(_TRANSACTION)
    head = tx.get(_HEAD) if tx else None
    for callback in callbacks:
        callback(head)


def _after_rollback(session: Session, _previous_transaction: object) -> None:
    session.info.pop(_TRANSACTION, None)
    session.info.pop(_ON_COMMIT, None)
    for callback in session.info.pop(_ON_ROLLBACK, ()):
        callback()


def append_events(session: Session, changes: list[tuple[str, str, dict[str, Any] | None]]) -> None:
    """Append (action, subject, payload) events to the chain in the session's transaction."""
    if not changes:
        return
    tx = transaction_info(session)
    if tx.get(_LOCKED):
        seq, prev = tx[_HEAD]
    else:  # (a read transaction writing after all: the head is read again under the lock)
        seq, prev = _read_head(session, tx, lock=True)
    conn = session.connection()
    actor, claimed = history_actor(session)
    if conn.dialect.name == "postgresql":
        tx[_HEAD] = _append_in_database(conn, changes, claimed)
        return
    rows = []
    at = _now()  # one moment for the changes appended together
    for action, subject, payload in changes:
        seq += 1
        body = canonical_json(payload)
        digest = event_hash(seq, at, actor, action, subject, body, prev, claimed)
        rows.append(
            dict(
                seq=seq,
                at=at,
                actor=actor,
                action=action,
                subject=subject,
                payload=body,
                prev_hash=prev,
                hash=digest,
                claimed_by=claimed,
            )
        )
        prev = digest
    fastpath.execute_many(conn, _EVENT_INSERT, rows)
    tx[_HEAD] = (seq, prev)


def _append_in_database(
    conn, changes: list[tuple[str, str, dict[str, Any] | None]], claimed: str | None
) -> tuple[int, str]:
    """PostgreSQL: the batch appended by `ledger_append` (one call, however many events);
    returns the new head. The database sets seq, time and actor, and refuses an event
    that does not state its row as stored."""
    # one JSON text of [action, subject, payload] (the payload as the text to hash): a
    # driver sends it several times faster than three text arrays
    batch = canonical_json([[a, s, canonical_json(p)] for a, s, p in changes])
    row = conn.execute(_PG_APPEND, {"batch": batch, "claimed": claimed}).one()
    return (row[0], row[1])


def _sort_key(obj: Base) -> tuple:
    return (_TABLE_ORDER.get(obj.__table__.name, 99), subject_of(obj))


def _after_flush(session: Session, _ctx: object) -> None:
    changes: list[tuple[str, str, dict[str, Any] | None]] = []
    for obj in sorted((o for o in session.new if isinstance(o, JOURNALED)), key=_sort_key):
        changes.append(("insert", subject_of(obj), row_state(obj)))
    for obj in sorted((o for o in session.dirty if isinstance(o, JOURNALED)), key=_sort_key):
        if session.is_modified(obj, include_collections=False):
            changes.append(("update", subject_of(obj), row_state(obj)))
    for obj in sorted((o for o in session.deleted if isinstance(o, JOURNALED)), key=_sort_key):
        changes.append(("delete", subject_of(obj), None))
    append_events(session, changes)


def install(session_class: type[Session]) -> None:
    """Journal every flush of sessions made from `session_class`."""
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
        # Any commit, rollback or savepoint release ends what we know of the head.
        event.listen(session_class, "after_transaction_end", _transaction_ended)
        event.listen(session_class, "after_soft_rollback", _after_rollback)
        event.listen(session_class, "after_commit", _after_commit)


def history(session: Session, subject: str) -> list[Event]:
    """Every event of one subject ("statement:5"), oldest first."""
    return list(session.scalars(select(Event).where(Event.subject == subject).order_by(Event.seq)))
