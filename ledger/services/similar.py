"""Search: "has this been checked before?", the stored statements most like a query.

Two search indexes are cached per database for the life of the process (`ProcessCache`):
every stored statement with its source's title (`similar`), and only the statements of
imported fact-checks (`fact_check_index`, for `ledger.services.prior_checks`). Once the
history shows anyone changed what an index covers, it is rebuilt if the table's count or
highest id changed (every statement) or at once once a `fact_check` or `source` row changed
(a re-imported review may change its text or headline in place). A reviewer's decisions
change statements only, so they never rebuild the fact-check index (9 s on 19,250
fact-checks). Each build holds a lock, so two threads asking at once build it once.

A query is text, or a `PriorQuery` with the speaker, date and context of the sentence:
then the text candidates are re-ranked by who the fact-check says made the claim and when
(`ledger.linking.search.search_prior`); text alone ranks exactly as before. Each match
says where to read it (`url`: the review's for an imported fact-check, else its source's),
its claim, and who rated that claim (`rated_by`: the fact-checking organisation, or
"ledger" for the ledger's own rating).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Hashable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.linking import SimilarIndex
from ledger.linking.search import PriorQuery, search_prior
from ledger.store.models import Claim, FactCheck, Source, Speaker, Statement
from ledger.store.paging import chunked, iso, keyset_pages
from ledger.store.process_cache import ProcessCache

__all__ = [
    "PriorQuery",
    "fact_check_index",
    "match_rows",
    "parse_query_date",
    "query_from_line",
    "similar",
    "similar_prior",
]

#: at most this many context sentences are used (the latest), each at most MAX_FIELD chars
MAX_CONTEXT = 10
MAX_FIELD = 5_000

#: ((statement count, highest statement id) it was built at, the index)
_SEARCH: ProcessCache[tuple[tuple[int, int], SimilarIndex]] = ProcessCache(
    "search index", ("statement",)
)
#: the statements of imported fact-checks only, with their sources' titles (headlines)
#: (a reviewer's decisions change statements, not fact-checks or sources: they never rebuild
#: it; a re-imported review that changed is a `fact_check` or `source` event)
_FACT_CHECKS: ProcessCache[SimilarIndex] = ProcessCache(
    "fact-check search index", ("fact_check", "source")
)
# One lock per index: a second thread that asks while the first builds waits for that build
# and then finds it cached, instead of building another copy side by side (seconds of CPU
# and the index's memory twice).
_SEARCH_LOCK = threading.Lock()
_FACT_CHECKS_LOCK = threading.Lock()


def _shape(session: Session) -> tuple[int, int]:
    count, top = session.execute(
        select(func.count(), func.max(Statement.id)).select_from(Statement)
    ).one()
    return count, top or 0


def _titled():
    return select(Statement.id, Statement.quote, Source.title).join(
        Source, Statement.source_id == Source.id
    )


def _search_index(session: Session) -> SimilarIndex:
    def build() -> tuple[tuple[int, int], SimilarIndex]:
        shape = _shape(session)
        index = SimilarIndex()
        entries = []
        for rows in keyset_pages(session, _titled(), Statement.id, batch=20_000, scalars=False):
            entries.extend((r[0], r[1], r[2]) for r in rows)
        index.build(entries)
        return shape, index

    def refresh(cached: tuple[tuple[int, int], SimilarIndex]):
        return cached if _shape(session) == cached[0] else build()

    with _SEARCH_LOCK:
        return _SEARCH.get(session, build, refresh)[1]


def fact_check_index(session: Session) -> SimilarIndex:
    """The search index of imported fact-checks' statements (claimReviewed and headline)."""

    def build() -> SimilarIndex:
        index = SimilarIndex()
        query = _titled().join(FactCheck, FactCheck.statement_id == Statement.id)
        entries = []
        for rows in keyset_pages(session, query, Statement.id, batch=20_000, scalars=False):
            entries.extend((r[0], r[1], r[2]) for r in rows)
        index.build(entries)
        return index

    with _FACT_CHECKS_LOCK:
        return _FACT_CHECKS.get(session, build)


def _meta(session: Session):
    """For `search_prior`: each candidate statement's claimant and date.

    An imported fact-check's claimant and claim date are its own (the person the review
    says made the claim); any other statement's are its speaker and `stated_on`, else its
    source's publication date.
    """

    def lookup(ids: list[Hashable]) -> dict[Hashable, tuple[str | None, date | None]]:
        out: dict[Hashable, tuple[str | None, date | None]] = {}
        for chunk in chunked([int(i) for i in ids]):
            rows = session.execute(
                select(
                    Statement.id,
                    Speaker.name,
                    Statement.stated_on,
                    Source.published_on,
                    FactCheck.claimant,
                    FactCheck.claim_date,
                )
                .join(Source, Statement.source_id == Source.id)
                .outerjoin(Speaker, Statement.speaker_id == Speaker.id)
                .outerjoin(FactCheck, FactCheck.statement_id == Statement.id)
                .where(Statement.id.in_(chunk))
            )
            for sid, speaker, stated, published, claimant, claim_date in rows:
                out[sid] = (claimant or speaker, claim_date or stated or published)
        return out

    return lookup


def match_rows(session: Session, hits: list[tuple[Hashable, float]]) -> list[dict[str, Any]]:
    """The rows `ledger similar` shows for index hits (statement id, score), in their order.

    `fact_check_id`, `rating` and `rated_by` are those of the statement's own imported
    fact-check, else of one in its claim (the lowest id), else the claim's own rating.
    """
    if not hits:
        return []
    ids = [int(h[0]) for h in hits]
    rows = {
        st.id: (st, sp, src, claim)
        for st, sp, src, claim in session.execute(
            select(Statement, Speaker, Source, Claim)
            .join(Source, Statement.source_id == Source.id)
            .outerjoin(Speaker, Statement.speaker_id == Speaker.id)
            .outerjoin(Claim, Statement.claim_id == Claim.id)
            .where(Statement.id.in_(ids))
        )
    }
    own = {
        fc.statement_id: fc
        for fc in session.scalars(select(FactCheck).where(FactCheck.statement_id.in_(ids)))
    }
    # A statement linked into a fact-checked claim carries that fact-check's verdict: the
    # claim is found through the fact-check's statement, which follows any recluster.
    claim_ids = sorted(
        {st.claim_id for st, *_ in rows.values() if st.claim_id is not None and st.id not in own}
    )
    by_claim: dict[int, FactCheck] = {}
    if claim_ids:
        for fc, cid in session.execute(
            select(FactCheck, Statement.claim_id)
            .join(Statement, FactCheck.statement_id == Statement.id)
            .where(Statement.claim_id.in_(claim_ids))
            .order_by(FactCheck.id)
        ):
            by_claim.setdefault(cid, fc)
    out = []
    for sid, score in hits:
        if int(sid) not in rows:  # deleted since the index was built
            continue
        st, sp, src, claim = rows[int(sid)]
        fc = own.get(st.id) or by_claim.get(st.claim_id)
        if fc is not None:
            rating, rated_by = fc.rating, fc.organisation
        elif claim is not None and claim.rating:
            rating, rated_by = claim.rating, "ledger"
        else:
            rating, rated_by = None, None
        url = (own[st.id].url if st.id in own else None) or src.url
        out.append(
            {
                "statement_id": st.id,
                "claim_id": st.claim_id,
                "fact_check_id": fc.id if fc is not None else None,
                "url": url,
                "rating": rating,
                "rated_by": rated_by,
                "speaker": sp.name if sp else (own[st.id].claimant if st.id in own else None),
                "stated_on": iso(st.stated_on),
                "stated_on_precision": st.stated_on_precision if st.stated_on else None,
                "ref": st.ref,
                "quote": st.quote,
                "score": round(float(score), 4),
            }
        )
    return out


def similar(session: Session, query: str | PriorQuery, top: int = 5) -> list[dict[str, Any]]:
    """The `top` stored statements most similar to `query`, best first, with scores.

    A `PriorQuery` with a speaker, date or context re-ranks the text candidates by them.
    """
    if top < 1:
        raise InputError("--top must be at least 1")
    if isinstance(query, str):
        query = PriorQuery(query)
    return similar_prior(session, _search_index(session), query, top)


def similar_prior(
    session: Session, index: SimilarIndex, query: PriorQuery, top: int
) -> list[dict[str, Any]]:
    """`top` matches for `query` in `index` (whose ids are statement ids), as `match_rows`."""
    hits = search_prior(index, query, top, _meta(session))
    return match_rows(session, hits)


def parse_query_date(value: object, where: str = "date") -> date | None:
    """A query's date: "YYYY-MM-DD" (or empty/None: no date); anything else is an InputError."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: a date must be text as YYYY-MM-DD, not {type(value).__name__}")
    text = value.strip()
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise InputError(f"{where}: {value[:40]!r} is not a date as YYYY-MM-DD")


def _text_field(value: object, name: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: {name} must be text, not {type(value).__name__}")
    value = " ".join(value.split())[:MAX_FIELD]
    return value or None


def query_from_line(
    line: str, speaker: str | None = None, when: date | None = None, where: str = "query"
) -> PriorQuery:
    """One query of `ledger similar`: a line that starts with "{" and is a JSON object with
    a "text" is a query object ({"text", "speaker", "date": "YYYY-MM-DD", "context": [...]});
    any other line is plain text. `speaker` and `when` apply where the line gives none.
    A query object with a bad field is an InputError naming `where`."""
    obj: Any = None
    if line.lstrip().startswith("{"):
        try:
            obj = json.loads(line)
        except ValueError:
            obj = None
    if not (isinstance(obj, dict) and isinstance(obj.get("text"), str)):
        return PriorQuery(line, speaker=speaker, date=when)
    context = obj.get("context") or []
    if not isinstance(context, list) or not all(isinstance(c, str) for c in context):
        raise InputError(f"{where}: context must be a list of sentences")
    context = [c for c in (_text_field(c, "context", where) for c in context[-MAX_CONTEXT:]) if c]
    return PriorQuery(
        text=obj["text"],
        speaker=_text_field(obj.get("speaker"), "speaker", where) or speaker,
        date=parse_query_date(obj.get("date"), f"{where}: date") or when,
        context=tuple(context),
    )
