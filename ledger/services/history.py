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
from ledger.store.journal import history
from ledger.store.models import Event
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
    return [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "subject": e.subject,
            "payload": json.loads(e.payload),
            "hash": e.hash,
        }
        for e in events
    ]
