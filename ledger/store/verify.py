"""Checking the history: the chain recomputed, and every journaled row against its event.

`verify` reads the history in `seq` order and recomputes each hash from the event's
contents and the previous hash; then it reads every journaled table and checks that each
row's state (`row_state`) is the payload of its subject's latest event, that no row lacks
an event, and that no recorded row is missing. Both passes read a page at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ledger.store.canonical import canonical_bytes
from ledger.store.journal import GENESIS, event_hash
from ledger.store.models import JOURNALED, Event
from ledger.store.paging import keyset_pages, keyset_rows
from ledger.store.row_state import row_state, subject_of


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
    """Every event in `seq` order, `batch` at a time (the identity map emptied after each)."""
    return keyset_rows(session, select(Event), Event.seq, batch=batch, after=session.expunge_all)


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
            event_hash(
                ev.seq,
                ev.at,
                ev.actor,
                ev.action,
                ev.subject,
                ev.payload,
                ev.prev_hash,
                ev.claimed_by,
            )
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
        for page in keyset_pages(session, select(cls), pk_attr, after=session.expunge_all):
            for obj in page:
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
    for subject, (seq, digest) in sorted(expected.items(), key=lambda kv: kv[1][0]):
        if digest is not None:
            return VerifyResult(
                count, rows, f"event {seq} records {subject}, but the row is missing", seq
            )
    return VerifyResult(count, rows)
