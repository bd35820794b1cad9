"""Optimistic concurrency for review work: every change carries the version of the item the
reviewer saw, and a change made on a stale version is refused with a ConflictError that
names who changed what and when, read from the review log and the event history.

The caller locks the item's row first (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's
`BEGIN IMMEDIATE` already serialises writers), then `check_version` compares. Every
decision bumps the item's version (`flush_change`), so of two decisions on the same version
exactly one is stored. Changes of a review lease alone are not content and never conflict.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from ledger.errors import ConflictError, InputError
from ledger.services.review_log import EVIDENCE, NOTE, RETRACT, entry
from ledger.store.journal import history
from ledger.store.models import Claim, Review, Statement

#: statement columns whose change is not a change of the item a reviewer decides on
_NOT_CONTENT = {"lease_owner", "lease_until", "version"}
#: the caches a review rewrites: a review in the same conflict already explains them
_DERIVED = {"status", "rating", "rating_final"}


def seen_version(value: Any) -> int:
    """`value` if it can be a version a reviewer saw (a positive whole number)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"seen_version must be a positive whole number, not {value!r}")
    return value


def changes_since(session: Session, obj: Statement | Claim, seen: int) -> list[dict]:
    """The changes of `obj` after version `seen`: review entries and field changes."""
    table = obj.__table__.name
    out: list[dict] = []
    prev: dict[str, Any] = {}
    for ev in history(session, f"{table}:{obj.id}"):
        payload = json.loads(ev.payload) if ev.payload else None
        if payload is None:
            continue
        if (payload.get("version") or 0) > seen:
            fields = {
                k: [prev.get(k), v]
                for k, v in payload.items()
                if k not in _NOT_CONTENT and prev.get(k) != v
            }
            out.append({"kind": "change", "by": ev.actor, "at": ev.at[:19] + "Z", "fields": fields})
        prev = payload
    column = Review.statement_id if table == "statement" else Review.claim_id
    for r in session.scalars(
        select(Review).where(column == obj.id, Review.seen_version >= seen).order_by(Review.id)
    ):
        out.append({"kind": "review", **entry(r)})
    return out


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(change: dict) -> str:
    if change["kind"] == "review":
        what = change["verdict"]
        if what == NOTE:
            text = f"added a note {_short(change['note'])}"
        elif what == EVIDENCE:
            text = f"added evidence {', '.join(change['evidence'])[:120]}"
        elif what == RETRACT:
            text = f"retracted decision {change['retracts_id']}"
        else:
            text = f"decided {what!r}"
            if change["note"]:
                text += f" (note {_short(change['note'])})"
        return f"{change['reviewer']} {text} at {change['created_at']}"
    fields = ", ".join(
        f"{k} from {_short(old)} to {_short(new)}" for k, (old, new) in change["fields"].items()
    )
    return f"{change['by']} changed {fields} at {change['at']}"


def _what(attempt: dict) -> str | None:
    return attempt.get("verdict") or attempt.get("action")


def check_version(session: Session, obj: Statement | Claim, seen: Any, attempt: dict) -> None:
    """Refuse `attempt` when `obj` changed (beyond its lease) after version `seen`."""
    seen = seen_version(seen)
    table = obj.__table__.name
    if seen == obj.version:
        return
    if seen > obj.version:
        raise InputError(f"{table} {obj.id} has no version {seen} yet (it is at {obj.version})")
    changes = changes_since(session, obj, seen)
    if changes and all(c["kind"] == "change" and not c["fields"] for c in changes):
        return  # only a lease moved: the item the reviewer saw is unchanged
    reviewed = any(c["kind"] == "review" for c in changes)
    shown = [
        c
        for c in changes
        if c["kind"] == "review"
        or (c["fields"] and not (reviewed and set(c["fields"]) <= _DERIVED))
    ]
    raise ConflictError(
        f"{table} {obj.id} was changed after version {seen} you saw (it is now at version "
        f"{obj.version}): {'; '.join(_describe(c) for c in shown) or 'changed'}. "
        f"Your {_what(attempt)!r} was not recorded: reload and decide again",
        subject=f"{table}:{obj.id}",
        current_version=obj.version,
        changes=changes,
        attempt=attempt,
    )


def flush_change(session: Session, obj: Statement | Claim, attempt: dict) -> None:
    """Flush the version-checked UPDATE of a decision; a lost race becomes a ConflictError."""
    # Every decision moves the version on, even when the derived status stays the same,
    # so that a second decision made on the same version is refused, not merged.
    flag_modified(obj, "status")
    table, item_id = obj.__table__.name, obj.id  # the failed flush expires obj: name it first
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(
            f"{table} {item_id} was changed by someone else at the same moment; "
            f"your {_what(attempt)!r} was not recorded: reload and decide again",
            subject=f"{table}:{item_id}",
            attempt=attempt,
        ) from None
