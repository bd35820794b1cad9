"""The `link` table: storing the engine's proposed links and reading links back.

A reviewer's decision is the one thing the engine never overwrites: `store_links` updates
an undecided link when the engine's view of it changes, and leaves a confirmed or rejected
one as the reviewer left it. Turning links into claims is `ledger.services.claims`'s job.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.linking import ProposedLink
from ledger.store.models import LINK_RELATIONS, Link, Statement
from ledger.store.paging import chunked, keyset_pages

#: link decisions that put two statements in the same claim
JOINING = ("auto", "confirmed")


def store_links(
    session: Session, proposed: Iterable[ProposedLink], fresh: set[int] = frozenset()
) -> list[Link]:
    """Store proposed links, keeping reviewer decisions; `fresh` ids were stored in this
    transaction, so no link of theirs can exist yet."""
    proposed = list(proposed)
    if not proposed:
        return []
    ids = sorted(
        {x for p in proposed for x in p.pair if p.a_id not in fresh and p.b_id not in fresh}
    )
    existing: dict[tuple[int, int], Link] = {}
    for chunk in chunked(ids):
        for lk in session.scalars(
            select(Link).where(or_(Link.a_id.in_(chunk), Link.b_id.in_(chunk)))
        ):
            existing[(lk.a_id, lk.b_id)] = lk
    out = []
    for p in proposed:
        row = existing.get(p.pair)
        score = round(float(p.score), 4)
        if row is None:
            row = Link(
                a_id=p.a_id,
                b_id=p.b_id,
                relation=p.relation,
                score=score,
                method=p.method,
                diff=p.diff,
                decided=p.status,
            )
            session.add(row)
            existing[p.pair] = row
        elif row.decided not in ("confirmed", "rejected"):
            # The engine's view may change (thresholds, rebuild); a reviewer's decision does not.
            if (row.relation, row.decided, row.method, row.score) != (
                p.relation,
                p.status,
                p.method,
                score,
            ):
                row.relation, row.decided, row.method = p.relation, p.status, p.method
                row.score, row.diff = score, p.diff
        out.append(row)
    return out


def link_row(session: Session, lk: Link, quotes: dict[int, str] | None = None) -> dict[str, Any]:
    """`lk` as the CLI and the reviewer UI show it, with both quotes (from `quotes` if given)."""
    if quotes is None:
        quotes = dict(
            session.execute(
                select(Statement.id, Statement.quote).where(Statement.id.in_([lk.a_id, lk.b_id]))
            ).all()
        )
    return {
        "id": lk.id,
        "a": lk.a_id,
        "b": lk.b_id,
        "relation": lk.relation,
        "score": lk.score,
        "method": lk.method,
        "status": lk.decided,
        "decided_by": lk.decided_by,
        "a_quote": quotes.get(lk.a_id),
        "b_quote": quotes.get(lk.b_id),
        "diff": lk.diff,
    }


def list_links(
    session: Session, relation: str | None = None, status: str | None = None
) -> Iterable[dict[str, Any]]:
    """Every link in id order, optionally only of one relation or one decision."""
    if relation is not None and relation not in LINK_RELATIONS:
        raise InputError(f"relation {relation!r} is not one of {', '.join(LINK_RELATIONS)}")
    q = select(Link)
    if relation:
        q = q.where(Link.relation == relation)
    if status:
        q = q.where(Link.decided == status)
    for chunk in keyset_pages(session, q, Link.id, batch=2000):
        ids = {x for lk in chunk for x in (lk.a_id, lk.b_id)}
        quotes = dict(
            session.execute(
                select(Statement.id, Statement.quote).where(Statement.id.in_(ids))
            ).all()
        )
        for lk in chunk:
            yield link_row(session, lk, quotes)
