"""The review log: every decision, note, piece of evidence and retraction is a `review` row,
appended and never overwritten or deleted (an undo appends a retraction).

This module owns what the other review modules share about those rows: the entry kinds,
loading the statement or claim they are about (locked, for a change), an item's rows in
order, which of them are live (not retracted), each row as plain data, and `review_log`,
the whole log of one item. What the rows amount to (status, rating) is
`ledger.services.derivation`; making new rows is `ledger.services.decisions`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.store.ids import get_by_id, id_equals
from ledger.store.models import Claim, Review, Statement

#: what a reviewer can decide about a statement ("unreviewed" is the absence of decisions)
VERDICTS = ("in_review", "verified", "disputed", "rejected")
NOTE, EVIDENCE, RETRACT = "note", "evidence", "retract"
#: review entry kinds that are neither a verdict nor a rating
NOT_DECISIONS = (NOTE, EVIDENCE, RETRACT)

T = TypeVar("T", Statement, Claim)


def utc_text(value: datetime | None) -> str | None:
    """`value` as `YYYY-MM-DDTHH:MM:SSZ` in UTC (the review log's own time format)."""
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _locked(session: Session, model: type[T], item_id: int) -> T | None:
    """The row of `item_id` (None if there is none), freshly read and locked for this
    transaction."""
    return session.scalars(
        select(model)
        .where(id_equals(model.id, item_id))
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def load(session: Session, model: type[T], item_id: int, lock: bool = False) -> T:
    """The statement or claim `item_id`, or InputError; `lock` reads it afresh and locks
    it for a change."""
    obj = _locked(session, model, item_id) if lock else get_by_id(session, model, item_id)
    if obj is None:
        raise InputError(f"no {model.__tablename__} with id {item_id}")
    return obj


def entry(r: Review, retracted_by: int | None = None) -> dict[str, Any]:
    """One review row as plain data; `retracted_by` is the id of its retraction, if any."""
    return {
        "id": r.id,
        "subject": f"statement:{r.statement_id}" if r.statement_id else f"claim:{r.claim_id}",
        "statement_id": r.statement_id,
        "claim_id": r.claim_id,
        "reviewer": r.reviewer,
        "verdict": r.verdict,
        "note": r.note,
        "evidence": list(r.evidence or []),
        "seen_version": r.seen_version,
        "created_at": utc_text(r.created_at),
        "retracts_id": r.retracts_id,
        "retracted": retracted_by is not None,
        "retracted_by": retracted_by,
    }


def item_rows(
    session: Session, *, statement_id: int | None = None, claim_id: int | None = None
) -> list[Review]:
    """The review rows of a statement (or, without one, of a claim), oldest first."""
    column, value = (
        (Review.statement_id, statement_id)
        if statement_id is not None
        else (Review.claim_id, claim_id)
    )
    return list(session.scalars(select(Review).where(column == value).order_by(Review.id)))


def live(rows: list[Review]) -> tuple[list[Review], dict[int, int]]:
    """The rows neither retracting nor retracted, and {retracted id: its retraction's id}."""
    retracted = {r.retracts_id: r.id for r in rows if r.verdict == RETRACT and r.retracts_id}
    return [r for r in rows if r.verdict != RETRACT and r.id not in retracted], retracted


def review_log(
    session: Session, *, statement_id: int | None = None, claim_id: int | None = None
) -> list[dict[str, Any]]:
    """Every review entry of a statement or a claim, oldest first, retractions marked."""
    if (statement_id is None) == (claim_id is None):
        raise InputError("review_log needs either a statement id or a claim id")
    if statement_id is not None:
        load(session, Statement, statement_id)
    else:
        load(session, Claim, claim_id)
    rows = item_rows(session, statement_id=statement_id, claim_id=claim_id)
    _, retracted = live(rows)
    return [entry(r, retracted.get(r.id)) for r in rows]
