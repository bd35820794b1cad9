"""Search: "has this been checked before?", the stored statements most like a query.

The search index covers every stored statement with its source's title; it is cached per
database for the life of the process (a `ProcessCache`); once the history shows anyone
changed statements since, it is rebuilt if their count or highest id says the table changed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.linking import SimilarIndex
from ledger.store.models import Source, Speaker, Statement
from ledger.store.paging import keyset_pages
from ledger.store.process_cache import ProcessCache

#: ((statement count, highest statement id) it was built at, the index)
_SEARCH: ProcessCache[tuple[tuple[int, int], SimilarIndex]] = ProcessCache(
    "search index", ("statement",)
)


def _shape(session: Session) -> tuple[int, int]:
    count, top = session.execute(
        select(func.count(), func.max(Statement.id)).select_from(Statement)
    ).one()
    return count, top or 0


def _search_index(session: Session) -> SimilarIndex:
    def build() -> tuple[tuple[int, int], SimilarIndex]:
        shape = _shape(session)
        index = SimilarIndex()
        entries = []
        titled = select(Statement.id, Statement.quote, Source.title).join(
            Source, Statement.source_id == Source.id
        )
        for rows in keyset_pages(session, titled, Statement.id, batch=20_000, scalars=False):
            entries.extend((r[0], r[1], r[2]) for r in rows)
        index.build(entries)
        return shape, index

    def refresh(cached: tuple[tuple[int, int], SimilarIndex]):
        return cached if _shape(session) == cached[0] else build()

    return _SEARCH.get(session, build, refresh)[1]


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
