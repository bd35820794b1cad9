"""Search: "has this been checked before?", the stored statements most like a query.

The search index covers every stored statement with its source's title; it is cached per
database for the life of the process and rebuilt when the statements' count or highest id
says the table changed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.linking import SimilarIndex
from ledger.store import journal
from ledger.store.models import Source, Speaker, Statement
from ledger.store.paging import keyset_pages

_SEARCH: dict[str, tuple[int, int, SimilarIndex]] = {}


def _search_index(session: Session) -> SimilarIndex:
    key = journal.cache_key(session)
    count, top = session.execute(
        select(func.count(), func.max(Statement.id)).select_from(Statement)
    ).one()
    cached = _SEARCH.get(key)
    if cached and cached[0] == count and cached[1] == (top or 0):
        return cached[2]
    index = SimilarIndex()
    entries = []
    titled = select(Statement.id, Statement.quote, Source.title).join(
        Source, Statement.source_id == Source.id
    )
    for rows in keyset_pages(session, titled, Statement.id, batch=20_000, scalars=False):
        entries.extend((r[0], r[1], r[2]) for r in rows)
    index.build(entries)
    _SEARCH[key] = (count, top or 0, index)
    return index


def similar(session: Session, query: str, top: int = 5) -> list[dict[str, Any]]:
    """The `top` stored statements most similar to `query`, best first, with scores."""
    if top < 1:
        raise InputError("--top must be at least 1")
    hits = _search_index(session).search(query, top)
    if not hits:
        return []
    ids = [int(h[0]) for h in hits]
    rows = {
        st.id: (st, sp)
        for st, sp in session.execute(
            select(Statement, Speaker)
            .outerjoin(Speaker, Statement.speaker_id == Speaker.id)
            .where(Statement.id.in_(ids))
        )
    }
    out = []
    for sid, score in hits:
        st, sp = rows[int(sid)]
        out.append(
            {
                "statement_id": st.id,
                "claim_id": st.claim_id,
                "ref": st.ref,
                "quote": st.quote,
                "speaker": sp.name if sp else None,
                "score": round(float(score), 4),
            }
        )
    return out
