"""What the reviewer UI asks of the ledger: one function per unit of work, each opening
its own session and returning plain data. The UI calls them in worker threads only.
"""

from __future__ import annotations

import json
from typing import Any

from ledger.config import set_actor
from ledger.services import queue
from ledger.services.queue import QueueQuery
from ledger.store.db import Database, open_database


def open_db(url: str | None) -> Database:
    return open_database(url, notice=lambda _msg: None)


def page(db: Database, q: QueueQuery, after: dict | None, limit: int) -> list[dict[str, Any]]:
    with db.read() as s:
        return queue.queue_page(s, q, after, limit)


#: filters no index serves are counted up to this many (shown as "100,000+")
COUNT_CAP = 100_000


def count(db: Database, q: QueueQuery) -> tuple[int, bool]:
    """How many statements match, and whether the count stopped at the cap."""
    f = q.filter
    cap = COUNT_CAP if (f.search or f.since or f.until or f.source) else None
    with db.read() as s:
        n = queue.queue_count(s, q, cap)
    return (min(n, cap), True) if cap is not None and n > cap else (n, False)


def detail(db: Database, statement_id: int) -> dict[str, Any]:
    """The statement, its review state, its claim's state and its appearances."""
    from ledger.services import review

    with db.read() as s:
        d = queue.statement_detail(s, statement_id)
        d["review"] = review.status_of(s, statement_id)
        d["claim_review"] = (
            review.claim_status(s, d["claim_id"]) if d["claim_id"] is not None else None
        )
        d["appearances"] = queue.appearances(s, statement_id)
        return d


def _as(reviewer: str) -> None:
    """Attribute this thread's journal events to the reviewer (the context is per thread)."""
    set_actor(reviewer)


def decide(db: Database, sid: int, verdict: str, version: int, reviewer: str, note=None):
    from ledger.services import review

    _as(reviewer)
    with db.write() as s:
        return review.decide(s, sid, verdict, seen_version=version, reviewer=reviewer, note=note)


def note(db: Database, sid: int, text: str, version: int, reviewer: str):
    from ledger.services import review

    _as(reviewer)
    with db.write() as s:
        return review.add_note(s, sid, text, seen_version=version, reviewer=reviewer)


def evidence(db: Database, sid: int, items: list[str], version: int, reviewer: str):
    from ledger.services import review

    _as(reviewer)
    with db.write() as s:
        return review.add_evidence(s, sid, items, seen_version=version, reviewer=reviewer)


def undo(db: Database, sid: int, reviewer: str):
    from ledger.services import review

    _as(reviewer)
    with db.write() as s:
        return review.undo_last(s, statement_id=sid, reviewer=reviewer)


def assign(db: Database, sid: int, assignee: str | None, version: int, reviewer: str):
    from ledger.services import review

    _as(reviewer)
    with db.write() as s:
        return review.assign(s, sid, assignee, seen_version=version, reviewer=reviewer)


def rating_scale(db: Database) -> list[dict[str, Any]]:
    from ledger.services.settings import rating_scale as scale

    with db.read() as s:
        return [dict(entry) for entry in scale(s)]


def rate(db: Database, claim_id: int, rating: str, version: int, reviewer: str, note=None):
    from ledger.services import review

    _as(reviewer)
    with db.write() as s:
        return review.rate_claim(
            s, claim_id, rating, seen_version=version, reviewer=reviewer, note=note
        )


def history(db: Database, sid: int, claim_id: int | None) -> dict[str, list[dict]]:
    from ledger.services import review

    with db.read() as s:
        return {
            "statement": review.review_log(s, statement_id=sid),
            "claim": review.review_log(s, claim_id=claim_id) if claim_id is not None else [],
        }


def decide_link(db: Database, a_id: int, b_id: int, decision: str, reviewer: str):
    _as(reviewer)
    with db.write() as s:
        return queue.decide_link(s, a_id, b_id, decision, reviewer=reviewer)


def edit_speaker(db: Database, speaker_id: int, reviewer: str, **changes: Any) -> dict[str, Any]:
    _as(reviewer)
    with db.write() as s:
        return queue.edit_speaker(s, speaker_id, **changes)


def export_claimreview(
    db: Database, path: str, org_name: str, org_url: str, reviewer: str
) -> tuple[int, list[str]]:
    """Write the verified, finally rated claims as ClaimReview JSON-LD to a new file `path`."""
    from ledger.cli.output import output_file
    from ledger.export.claimreview import claim_reviews

    with db.read() as s:
        docs, notes = claim_reviews(s, org_name=org_name, org_url=org_url, user=reviewer)
    with output_file(path) as out:
        out.write(json.dumps(docs, ensure_ascii=False, indent=2) + "\n")
    return len(docs), notes
