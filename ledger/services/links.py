"""The `link` table: storing the engine's proposed links and reading links back.

A reviewer's decision is the one thing the engine never overwrites: `store_links` (new
links, at import) and `replace_links` (every link, on rebuild) update an undecided link when
the engine's view of it changes and leave a confirmed or rejected one as the reviewer left
it. Turning links into claims is `ledger.services.claims`'s job.

Which links join a claim: an `auto` or `confirmed` decision on a relation that may join
(`ledger.linking.JOINING`: not `conflicts`). A confirmed `conflicts` link records that the
two statements do conflict: like a rejected link it keeps them apart (`APART`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.linking import CONFLICTS, ProposedLink
from ledger.linking import JOINING as JOINING_RELATIONS
from ledger.store.models import LINK_RELATIONS, Link, Statement
from ledger.store.paging import chunked, keyset_pages

#: link decisions that put two statements in the same claim (on a joining relation)
JOINING = ("auto", "confirmed")


#: decisions a reviewer made, which recomputation never overwrites
REVIEWED = ("confirmed", "rejected")


def joins(relation: str, decided: str) -> bool:
    """Whether a link with this relation and decision puts its statements in one claim."""
    return decided in JOINING and relation in JOINING_RELATIONS


def apart(relation: str, decided: str) -> bool:
    """Whether a link keeps its statements in different claims: rejected, or a conflict a
    reviewer confirmed."""
    return decided == "rejected" or (decided == "confirmed" and relation == CONFLICTS)


def joining_links() -> ColumnElement[bool]:
    """SQL condition of `joins` on the `link` table."""
    return and_(Link.decided.in_(JOINING), Link.relation.in_(JOINING_RELATIONS))


def apart_links() -> ColumnElement[bool]:
    """SQL condition of `apart` on the `link` table."""
    return or_(
        Link.decided == "rejected", and_(Link.decided == "confirmed", Link.relation == CONFLICTS)
    )


def link_values(p: ProposedLink) -> dict[str, Any]:
    """The `link` row's column values for a link the engine proposes."""
    return {
        "a_id": p.a_id,
        "b_id": p.b_id,
        "relation": p.relation,
        "score": round(float(p.score), 4),
        "method": p.method,
        "diff": p.diff,
        "decided": p.status,
    }


def _refresh(row: Link, p: ProposedLink) -> bool:
    """Bring an undecided link row in line with the engine's proposal; whether it changed."""
    score = round(float(p.score), 4)
    if (row.relation, row.decided, row.method, row.score) == (
        p.relation,
        p.status,
        p.method,
        score,
    ):
        return False
    row.relation, row.decided, row.method = p.relation, p.status, p.method
    row.score, row.diff = score, p.diff
    return True


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
        if row is None:
            row = Link(**link_values(p))
            session.add(row)
            existing[p.pair] = row
        elif row.decided not in REVIEWED:
            # The engine's view may change (thresholds, rebuild); a reviewer's decision does not.
            _refresh(row, p)
        out.append(row)
    return out


def replace_links(session: Session, proposed: Iterable[ProposedLink]) -> dict[str, int]:
    """Make the engine's links those of `proposed` (all of them, from a fresh linker):
    undecided links it no longer proposes go, reviewer decisions stay; counts of each."""
    wanted = {p.pair: p for p in proposed}
    stats = {"links": len(wanted), "added": 0, "updated": 0, "removed": 0}
    for chunk in keyset_pages(session, select(Link), Link.id):
        for lk in chunk:
            p = wanted.pop((lk.a_id, lk.b_id), None)
            if lk.decided in REVIEWED:
                continue
            if p is None:
                session.delete(lk)
                stats["removed"] += 1
            elif _refresh(lk, p):
                stats["updated"] += 1
    for p in wanted.values():
        session.add(Link(**link_values(p)))
        stats["added"] += 1
    session.flush()
    return stats


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


def link_counts(session: Session) -> list[tuple[str, str, int]]:
    """How many links there are of each (relation, decision), sorted."""
    counts = session.execute(
        select(Link.relation, Link.decided, func.count()).group_by(Link.relation, Link.decided)
    ).all()
    return sorted((relation, decided, n) for relation, decided, n in counts)
