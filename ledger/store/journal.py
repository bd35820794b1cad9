"""The tamper-evident history: every change of a journaled row appends a hash-chained event.

Each flush of a ledger session turns the rows it inserted, updated or deleted into events
inside the same transaction, so a change and its record commit or roll back together.
`hash = sha256(canonical_json([seq, at, actor, action, subject, payload, prev_hash]))`.
The payload is the row's full state after the change (large texts by their SHA-256), which
lets `verify` check both the chain and that the current tables agree with it.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import orjson
from sqlalchemy import Date, DateTime, event, func, insert, inspect, or_, select, text
from sqlalchemy.orm import Session

from ledger.store import fastpath
from ledger.store.identity import acting_user
from ledger.store.models import JOURNALED, Base, Event

GENESIS = "0" * 64
#: columns kept in the payload by digest, not verbatim (whole documents)
DIGEST_COLUMNS = {"source": {"text"}}
_TABLE_ORDER = {cls.__tablename__: i for i, cls in enumerate(JOURNALED)}
_CLASS_BY_TABLE = {cls.__tablename__: cls for cls in JOURNALED}
# PostgreSQL: one advisory lock serialises appends to the chain across connections.
_PG_CHAIN_LOCK = 0x1ED6E5


# The reference encoding; every hash in every ledger is over text exactly like its output.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_ORJSON_SORTED = orjson.OPT_SORT_KEYS


_PLAIN = frozenset({str, int, bool, type(None)})


def _orjson_agrees(value: Any) -> bool:
    """Whether orjson writes `value` exactly as the reference encoder does: strings, ints,
    booleans, None, dicts and lists of them, and floats that `repr` writes without an
    exponent below 1e16 (orjson writes 1e-05 as 0.00001, 1e-7 as 1e-7, NaN as null).
    Dict keys are not looked at: orjson refuses keys that are not strings."""
    kind = type(value)
    if kind in _PLAIN:
        return True
    if kind is float:
        return value == 0.0 or 1e-4 <= abs(value) < 1e16
    if kind is dict:
        value = value.values()
    elif kind is not list and kind is not tuple:
        return False
    for item in value:
        if type(item) not in _PLAIN and not _orjson_agrees(item):
            return False
    return True


def canonical_bytes(value: Any) -> bytes:
    """`value` as canonical JSON (sorted keys, no spaces, no ASCII escaping), UTF-8.

    orjson writes it ~7x faster than the json module, which matters on import: every row
    written is journaled and hashed. Whatever orjson would write differently, or cannot
    write (ints beyond 64 bits, lone surrogates), goes to the reference encoder."""
    if _orjson_agrees(value):
        try:
            return orjson.dumps(value, option=_ORJSON_SORTED)
        except orjson.JSONEncodeError:
            pass
    return _CANONICAL.encode(value).encode("utf-8")


def canonical_json(value: Any) -> str:
    """`value` as canonical JSON text (see `canonical_bytes`)."""
    return canonical_bytes(value).decode("utf-8")


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


_STATEMENTS: dict[object, Any] = {}


def _statement(key: object, build):
    """A Core statement built once: SQLAlchemy memoizes a statement's cache key on the
    object, so re-executing the same object skips recomputing it (a large share of the cost
    of the import's many small statements)."""
    stmt = _STATEMENTS.get(key)
    if stmt is None:
        stmt = _STATEMENTS[key] = build()
    return stmt


def _head_query():
    return select(Event.seq, Event.hash).order_by(Event.seq.desc()).limit(1)


# SQLite: the next free id of each table, as this process last left it ((seq, hash) of the
# history after its commit, {table: next id}); saves a max(id) query per table and source.
_NEXT_IDS = "ledger_next_ids"
_ORM_INSERTED = "ledger_orm_inserted"  # tables the ORM inserted into in this transaction
_ID_CACHE: dict[str, tuple[tuple[int, str], dict[str, int]]] = {}


_CACHE_KEYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cache_key(holder) -> str:
    """The key under which process caches keep what they know of one database: its URL,
    from a session, a connection, an engine or a `Database` (rendered once per engine:
    the importer asks several times per source)."""
    bind = holder.get_bind() if isinstance(holder, Session) else holder
    engine = bind.engine
    key = _CACHE_KEYS.get(engine)
    if key is None:
        key = _CACHE_KEYS[engine] = engine.url.render_as_string(hide_password=False)
    return key


def _next_id(session: Session, conn, cls: type) -> int:
    table = cls.__table__.name
    mine = session.info.get(_NEXT_IDS)
    if mine is None:
        # Valid only if nobody has appended to the history since this process committed:
        # every insert into a ledger table appends an event.
        head(session)
        key = cache_key(conn)
        cached = _ID_CACHE.get(key)
        mine = dict(cached[1]) if cached and cached[0] == session.info[_START] else {}
        for taken in session.info.get(_ORM_INSERTED, ()):
            mine.pop(taken, None)
        session.info[_NEXT_IDS] = mine
        on_commit(session, lambda now: _ID_CACHE.__setitem__(key, (now, dict(mine))))
    if table not in mine:
        top = conn.execute(_statement(("max", cls), lambda: select(func.max(cls.id)))).scalar()
        mine[table] = (top or 0) + 1
    return mine[table]


def insert_rows(
    session: Session, cls: type, rows: list[dict[str, Any]], changes: list | None = None
) -> list[int]:
    """Insert `rows` (completed with column defaults, in place) into `cls`'s table with one
    Core statement; each row gets its new "id". With `changes`, their insert events are
    added to it for the caller to append; without, the caller journals them later (once
    their final state is known)."""
    if not rows:
        return []
    _complete(cls, rows)
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        # SQLite cannot hand back the ids of a many-row insert in order (SQLAlchemy would
        # insert row by row); a writer holds the database's write lock from BEGIN IMMEDIATE,
        # so the next ids are known and one executemany stores every row.
        first = _next_id(session, conn, cls)
        ids = list(range(first, first + len(rows)))
        session.info[_NEXT_IDS][cls.__table__.name] = first + len(rows)
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
        fastpath.execute_many(conn, _statement(("insert", cls), lambda: insert(cls)), rows)
    else:
        ids = (
            conn.execute(
                _statement(
                    ("returning", cls),
                    lambda: insert(cls).returning(cls.id, sort_by_parameter_order=True),
                ),
                rows,
            )
            .scalars()
            .all()
        )
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
    if changes is not None:
        table = cls.__table__.name
        changes.extend(
            ("insert", f"{table}:{row['id']}", state_of_values(cls, row)) for row in rows
        )
    return ids


def subject_of(obj: Base) -> str:
    # identity is not set yet for rows inserted by the flush being journaled
    pk = inspect(obj).mapper.primary_key_from_instance(obj)
    key = pk[0] if len(pk) == 1 else ",".join(str(p) for p in pk)
    return f"{obj.__table__.name}:{key}"


def event_hash(
    seq: int, at: str, actor: str, action: str, subject: str, payload: str, prev: str
) -> str:
    return hashlib.sha256(
        canonical_bytes([seq, at, actor, action, subject, payload, prev])
    ).hexdigest()


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


_HEAD = "ledger_journal_head"
_START = "ledger_journal_start"
#: what a session knows only for the transaction it is in
_TRANSACTION_KEYS = (_HEAD, _START, _NEXT_IDS, _ORM_INSERTED)


def _chain_head(session: Session) -> tuple[int, str]:
    # Within one transaction the head is ours alone once read: SQLite writers are serialised
    # by BEGIN IMMEDIATE, PostgreSQL ones by the advisory lock held until commit.
    head = session.info.get(_HEAD)
    if head is not None:
        return head
    conn = session.connection()
    lock_writers(session)
    row = fastpath.first_row(conn, _statement("head", _head_query))
    head = (row[0], row[1]) if row else (0, GENESIS)
    session.info[_START] = head  # what others had written when this transaction began
    return head


def head(session: Session) -> tuple[int, str]:
    """(seq, hash) of the newest event as this write transaction sees it (takes the writer
    lock). Process caches remember it after their own writes to tell whether anyone else
    has written since."""
    head = _chain_head(session)
    session.info[_HEAD] = head
    return head


def changed_since(
    session: Session, seen: tuple[int, str] | None, prefixes: tuple[str, ...]
) -> bool:
    """Whether any event newer than `seen` touched a subject starting with one of `prefixes`,
    or the history is not the one `seen` was taken from. Called inside a write transaction,
    so nothing can be appended between this answer and the caller's own changes."""
    if seen is None:
        return True
    head(session)
    # Events after the transaction's start are this transaction's own.
    now = session.info[_START]
    if now == seen:
        return False
    seq, digest = seen
    if now[0] < seq:
        return True  # another database, or events gone
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


def _forget_head(session: Session, transaction) -> None:
    # A flush's internal subtransaction ending changes nothing; a commit, a rollback or a
    # savepoint ending does.
    if transaction.parent is None or transaction.nested:
        _forget(session, _TRANSACTION_KEYS)


def _forget_head_on_rollback(session: Session, _previous_transaction: object) -> None:
    _forget(session, (*_TRANSACTION_KEYS, _ON_COMMIT))


def _forget(session: Session, keys: tuple[str, ...]) -> None:
    for key in keys:
        session.info.pop(key, None)


_ON_COMMIT = "ledger_on_commit"


def on_commit(session: Session, callback) -> None:
    """Call `callback(head)` with the history's head once this transaction has committed;
    dropped if it rolls back. Process caches use it to record what they are current with."""
    session.info.setdefault(_ON_COMMIT, []).append(callback)


def _after_commit(session: Session) -> None:
    callbacks = session.info.pop(_ON_COMMIT, ())
    head = session.info.get(_HEAD)
    for callback in callbacks:
        callback(head)


def append_events(session: Session, changes: list[tuple[str, str, dict[str, Any] | None]]) -> None:
    """Append (action, subject, payload) events to the chain in the session's transaction."""
    if not changes:
        return
    seq, prev = _chain_head(session)
    actor = acting_user(session)
    rows = []
    at = _now()  # one moment for the changes appended together
    for action, subject, payload in changes:
        seq += 1
        body = canonical_json(payload)
        digest = event_hash(seq, at, actor, action, subject, body, prev)
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
            )
        )
        prev = digest
    fastpath.execute_many(session.connection(), _statement("event", Event.__table__.insert), rows)
    session.info[_HEAD] = (seq, prev)


def _sort_key(obj: Base) -> tuple:
    return (_TABLE_ORDER.get(obj.__table__.name, 99), subject_of(obj))


def _after_flush(session: Session, _ctx: object) -> None:
    if session.new:  # ids the ORM took: those tables' next ids must be looked up again
        taken = {obj.__table__.name for obj in session.new}
        session.info.setdefault(_ORM_INSERTED, set()).update(taken)
        for table in taken:
            session.info.get(_NEXT_IDS, {}).pop(table, None)
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
        event.listen(session_class, "after_transaction_end", _forget_head)
        event.listen(session_class, "after_soft_rollback", _forget_head_on_rollback)
        event.listen(session_class, "after_commit", _after_commit)


# --- verification -----------------------------------------------------------------------


@dataclass
class VerifyResult:
    events: int
    rows: int
    problem: str | None = None
    seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def iter_events(session: Session, batch: int = 5000) -> Iterator[Event]:
    last = 0
    while True:
        chunk = session.scalars(
            select(Event).where(Event.seq > last).order_by(Event.seq).limit(batch)
        ).all()
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].seq
        session.expunge_all()


def verify(session: Session) -> VerifyResult:
    """Recompute the chain and check that every journaled row matches its latest event."""
    expected: dict[str, tuple[int, str | None]] = {}  # subject -> (seq, sha of payload)
    prev, count, want_seq = GENESIS, 0, 1
    for ev in iter_events(session):
        count += 1
        if ev.seq != want_seq:
            return VerifyResult(
                count, 0, f"event {want_seq} is missing (next is {ev.seq})", want_seq
            )
        if ev.prev_hash != prev:
            return VerifyResult(
                count,
                0,
                f"event {ev.seq} ({ev.subject}) does not follow event {ev.seq - 1}: prev_hash differs",
                ev.seq,
            )
        if (
            event_hash(ev.seq, ev.at, ev.actor, ev.action, ev.subject, ev.payload, ev.prev_hash)
            != ev.hash
        ):
            return VerifyResult(
                count,
                0,
                f"event {ev.seq} ({ev.subject}) was altered: its hash does not match its contents",
                ev.seq,
            )
        payload_digest = (
            None if ev.action == "delete" else hashlib.sha256(ev.payload.encode()).hexdigest()
        )
        expected[ev.subject] = (ev.seq, payload_digest)
        prev, want_seq = ev.hash, want_seq + 1
    rows = 0
    for cls in JOURNALED:
        (pk_col,) = cls.__table__.primary_key.columns
        pk_attr = getattr(cls, inspect(cls).get_property_by_column(pk_col).key)
        last = None
        while True:
            query = select(cls).order_by(pk_attr).limit(5000)
            if last is not None:
                query = query.where(pk_attr > last)
            chunk = session.scalars(query).all()
            if not chunk:
                break
            last = getattr(chunk[-1], pk_attr.key)
            for obj in chunk:
                rows += 1
                subject = subject_of(obj)
                seq_digest = expected.pop(subject, None)
                if seq_digest is None:
                    return VerifyResult(
                        count, rows, f"{subject} exists but no event records it", None
                    )
                seq, digest = seq_digest
                actual = hashlib.sha256(canonical_bytes(row_state(obj))).hexdigest()
                if digest is None:
                    return VerifyResult(
                        count, rows, f"event {seq} deleted {subject}, but the row exists", seq
                    )
                if actual != digest:
                    return VerifyResult(
                        count,
                        rows,
                        f"event {seq} ({subject}) does not match the stored row: it was changed outside the ledger",
                        seq,
                    )
            session.expunge_all()
    for subject, (seq, digest) in sorted(expected.items(), key=lambda kv: kv[1][0]):
        if digest is not None:
            return VerifyResult(
                count, rows, f"event {seq} records {subject}, but the row is missing", seq
            )
    return VerifyResult(count, rows)


def history(session: Session, subject: str) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.subject == subject).order_by(Event.seq)))


def table_of(subject: str) -> type[Base] | None:
    return _CLASS_BY_TABLE.get(subject.split(":", 1)[0])
