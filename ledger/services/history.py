"""Reading the history: the events of one record, or the latest ones, as plain dicts.

A record is named the way people type it: `12` is statement 12, `TABLE:ID` any other
(`source:3`, `claim:5`, `speaker:2` …). Writing and verifying the history is the journal's
(`ledger.store.journal`); this module only looks.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.errors import InputError, is_number
from ledger.services.views import Head
from ledger.store import journal
from ledger.store.journal import history
from ledger.store.models import Event
from ledger.store.paging import chunked
from ledger.store.row_state import table_of


def record_subject(record: str) -> str:
    """The journal subject (`table:id`) a user's record name means."""
    record = record.strip()
    if is_number(record):
        return f"statement:{record}"
    if ":" in record and table_of(record) is not None and record.split(":", 1)[1]:
        return record
    raise InputError(
        f"{record!r} is not a record id: use 12 (a statement) or TABLE:ID, e.g. source:3, claim:5"
    )


def event_rows(session: Session, record: str | None, limit: int) -> list[dict[str, Any]]:
    """The events of `record` oldest first, or without one the last `limit` events."""
    if record:
        subject = record_subject(record)
        events = history(session, subject)
        if not events:
            raise InputError(f"no events for {subject}")
    else:
        latest = session.scalars(select(Event).order_by(Event.seq.desc()).limit(limit)).all()
        events = list(reversed(latest))
    rows = []
    before: dict[str, Any] = {}  # subject -> its state before the event at hand
    for e in events:
        state = json.loads(e.payload)
        if e.subject not in before:
            before[e.subject] = _state_before(session, e)
        rows.append(
            {
                "seq": e.seq,
                "at": e.at,
                "actor": e.actor,
                "claimed_by": e.claimed_by,
                "action": e.action,
                "subject": e.subject,
                "changes": changed_fields(before[e.subject], state, e.action),
                "payload": state,
                "hash": e.hash,
            }
        )
        before[e.subject] = state
    return rows


def _state_before(session: Session, event: Event) -> Any:
    """The record's state just before `event`: the payload of its previous event, if any."""
    previous = session.scalars(
        select(Event.payload)
        .where(Event.subject == event.subject, Event.seq < event.seq)
        .order_by(Event.seq.desc())
        .limit(1)
    ).first()
    return None if previous is None else json.loads(previous)


#: columns every change touches, which say nothing on their own
_BOOKKEEPING = {"id", "version", "created_at"}


def changed_fields(old: Any, new: Any, action: str) -> list[dict[str, Any]]:
    """What an event changed, field by field (`{"field", "old", "new"}`): an insert's
    fields that have a value, an update's fields whose value differs, a delete's fields
    that had one."""
    old = old if isinstance(old, dict) else {}
    new = {} if action == "delete" or not isinstance(new, dict) else new
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b or key in _BOOKKEEPING or (a in (None, [], "") and b in (None, [], "")):
            continue
        out.append({"field": key, "old": a, "new": b})
    return out


def _short(value: Any, width: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def change_text(change: dict[str, Any], action: str) -> str:
    """One changed field as a reader wants it: `status: unreviewed → verified`."""
    if action == "insert":
        return f"{change['field']}: {_short(change['new'])}"
    if action == "delete":
        return f"{change['field']}: {_short(change['old'])} → (deleted)"
    return f"{change['field']}: {_short(change['old'])} → {_short(change['new'])}"


def history_head(session: Session) -> Head:
    """(seq, hash) of the newest history event: one indexed row, cheap enough to poll."""
    return journal.head(session)


def changed_subjects(
    session: Session, seen: Head, subjects: list[str]
) -> tuple[Head, set[str] | None]:
    """The head now, and which of `subjects` ("statement:5", "claim:2") events after `seen`
    touched; None when the history is not a continuation of `seen` (restored, replaced)."""
    now = history_head(session)
    if now == seen:
        return now, set()
    seq, digest = seen
    if now[0] < seq or (
        seq and session.execute(select(Event.hash).where(Event.seq == seq)).scalar() != digest
    ):
        return now, None
    touched: set[str] = set()
    for chunk in chunked(subjects):
        touched.update(
            session.scalars(
                select(Event.subject)
                .where(Event.seq > seq, Event.seq <= now[0], Event.subject.in_(chunk))
                .distinct()
            )
        )
    return now, touched
