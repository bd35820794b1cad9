"""The reviewer queue's data layer: keyset-paged, filtered queue rows, their count, one
statement's detail (with the spans to highlight) and its appearances (linked statements).

Everything returned is plain data (the TypedDicts of `ledger.services.views`), never ORM
objects, so the reviewer UI can hand results from a worker thread to its event loop
safely. Queue pages select columns only (never `source.text`), so a page costs the same at
any table size. The speaker editor is `ledger.services.speakers.edit_speaker`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.linking import JOINING, LinkItem, flip_diff, order_key
from ledger.services.query import (
    StatementFilter,
    filter_statements,
    source_context,
    source_summary,
)
from ledger.services.settings import queue_order
from ledger.services.speakers import speaker_view
from ledger.services.views import (
    Appearance,
    ClaimView,
    Mark,
    QueueCursor,
    QueueRow,
    SourceContext,
    StatementDetail,
)
from ledger.store.ids import get_by_id, id_equals
from ledger.store.models import STATEMENT_STATUSES, Claim, Link, Source, Speaker, Statement
from ledger.store.paging import chunked, iso
from ledger.store.queue_rank import next_score, queue_rank, rank_of, score_of
from ledger.store.text_search import matched_ids, search_plan
from ledger.vocabulary import HEDGING_LEVELS

STATUSES = STATEMENT_STATUSES
"""What the queue's status filter offers."""

SORTS = ("checkworthy", "id", "-id", "date", "-date")
"""Queue orders: most check-worthy unreviewed first (unreviewed statements before the
others, then by `checkworthiness`, highest first, unscored last, then id), import order
(oldest or newest first) or stated date (then id). The date order is by `stated_on`, the
first day of its interval, so the queue pages on an indexed column; first appearances
(`appearances`) are ordered by the whole interval."""

#: the sort each `queue_order` setting stands for (`ledger.services.settings`)
SORT_OF_ORDER = {"checkworthy": "checkworthy", "oldest": "id"}

PAGE = 50


@dataclass(frozen=True)
class QueueQuery:
    """What the queue shows: a statement filter and an order."""

    filter: StatementFilter = field(default_factory=StatementFilter)
    sort: str = "id"

    def validate(self) -> None:
        self.filter.validate()
        if self.sort not in SORTS:
            raise InputError(f"sort {self.sort!r} is not one of {', '.join(SORTS)}")
        hedging = self.filter.hedging
        if hedging is not None and hedging not in HEDGING_LEVELS:
            raise InputError(f"hedging {hedging!r} is not one of {', '.join(HEDGING_LEVELS)}")

    def with_filter(self, **changes: Any) -> QueueQuery:
        return replace(self, filter=replace(self.filter, **changes))


_COLUMNS = (
    Statement.id,
    Statement.status,
    Statement.version,
    Statement.speaker_id,
    Statement.speaker_mention,
    Statement.stated_on,
    Statement.stated_on_precision,
    Statement.hedging,
    Statement.quote,
    Statement.claim_id,
    Statement.assigned_to,
    Statement.checkworthiness,
    Source.published_on,
    Source.outlet,
    Source.title,
    Speaker.name,
)


def _after(sort: str, cursor: QueueCursor, one_status: bool = False):
    """The keyset condition for rows after `cursor` (the last row shown) in `sort` order;
    `one_status`: the queue shows one status, ordered by score alone (`_order`)."""
    sid = cursor["id"]
    if sort == "checkworthy":
        if "status" not in cursor or "checkworthiness" not in cursor:
            raise InputError("a checkworthy queue page needs the last row's status and score")
        if one_status:
            key, last = next_score(), score_of(cursor["checkworthiness"])
        else:
            key, last = queue_rank(), rank_of(cursor["status"], cursor["checkworthiness"])
        # `key >= last` first: a range both databases seek in the key's index
        return and_(key >= last, or_(key > last, Statement.id > sid))
    if sort == "id":
        return Statement.id > sid
    if sort == "-id":
        return Statement.id < sid
    d = cursor.get("stated_on")
    d = date.fromisoformat(d) if isinstance(d, str) else d
    col = Statement.stated_on
    # Undated statements come first in "date" order and last in "-date" order.
    if sort == "date":
        if d is None:
            return or_(and_(col.is_(None), Statement.id > sid), col.is_not(None))
        return or_(col > d, and_(col == d, Statement.id > sid))
    if d is None:
        return and_(col.is_(None), Statement.id < sid)
    return or_(col < d, and_(col == d, Statement.id < sid), col.is_(None))


def _order(sort: str, one_status: bool = False):
    if sort == "checkworthy":
        # within one status the rank is the score alone: the (status, score) index serves
        # it (the rank index would first pass every row of the statuses ranked before)
        return (next_score() if one_status else queue_rank(), Statement.id.asc())
    if sort == "id":
        return (Statement.id.asc(),)
    if sort == "-id":
        return (Statement.id.desc(),)
    if sort == "date":
        return (Statement.stated_on.asc().nulls_first(), Statement.id.asc())
    return (Statement.stated_on.desc().nulls_last(), Statement.id.desc())


def _appearances(session: Session, rows: list[QueueRow]) -> None:
    """Set each row's `appearances`: its claim's size, else 1 + its standing links."""
    claim_ids = {r["claim_id"] for r in rows if r["claim_id"] is not None}
    sizes: dict[int, int] = {}
    if claim_ids:
        sizes = dict(
            session.execute(
                select(Statement.claim_id, func.count())
                .where(Statement.claim_id.in_(claim_ids))
                .group_by(Statement.claim_id)
            ).all()
        )
    loose = [r["id"] for r in rows if r["claim_id"] is None]
    links: dict[int, int] = {}
    if loose:
        standing = Link.decided != "rejected"
        for col in (Link.a_id, Link.b_id):
            for sid, n in session.execute(
                select(col, func.count()).where(col.in_(loose), standing).group_by(col)
            ):
                links[sid] = links.get(sid, 0) + n
    for r in rows:
        if r["claim_id"] is not None:
            r["appearances"] = sizes.get(r["claim_id"], 1)
        else:
            r["appearances"] = 1 + links.get(r["id"], 0)


def queue_page(
    session: Session,
    query: QueueQuery = QueueQuery(),
    after: QueueCursor | None = None,
    limit: int = PAGE,
) -> list[QueueRow]:
    """One page of queue rows in `query.sort` order, starting after the row `after`."""
    query.validate()
    q = (
        select(*_COLUMNS)
        .join(Source, Statement.source_id == Source.id)
        .outerjoin(Speaker, Statement.speaker_id == Speaker.id)
    )
    f = query.filter
    plan = search_plan(session, f.search) if f.search and f.search.strip() else "list"
    q = filter_statements(q, f, search_plan=plan)
    if after is not None:
        q = q.where(_after(query.sort, after, one_status=bool(f.status)))
    q = q.order_by(*_order(query.sort, one_status=bool(f.status))).limit(limit)
    rows = [
        {
            "id": r.id,
            "status": r.status,
            "version": r.version,
            "speaker_id": r.speaker_id,
            "speaker": r.name if r.name is not None else r.speaker_mention,
            "stated_on": iso(r.stated_on),
            "stated_on_precision": r.stated_on_precision,
            "published_on": iso(r.published_on),
            "outlet": r.outlet or r.title,
            "hedging": r.hedging,
            "quote": r.quote,
            "claim_id": r.claim_id,
            "assigned_to": r.assigned_to,
            "checkworthiness": r.checkworthiness,
        }
        for r in session.execute(q)
    ]
    _appearances(session, rows)
    return rows


def default_query(session: Session) -> QueueQuery:
    """The queue a reviewer starts with: every statement, in the `queue_order` setting's
    order (most check-worthy unreviewed first unless an admin chose oldest first)."""
    return QueueQuery(sort=SORT_OF_ORDER[queue_order(session)])


def queue_count(session: Session, query: QueueQuery = QueueQuery(), cap: int | None = None) -> int:
    """How many statements the queue holds under `query`'s filter; with `cap`, counting
    stops there (a filter no index serves would otherwise read the whole table)."""
    query.validate()
    f = query.filter
    q = select(Statement.id)
    if f.search and f.search.strip():
        # from the index's matches, in its order: a capped count stops reading at the cap
        # (`id IN (matches)` would first collect every match)
        ids = matched_ids(session, f.search)
        f = replace(f, search=None)
        if f == StatementFilter():
            # words alone: every match is a statement (the index is kept by triggers), so
            # only the few retracted ones are looked up, not each match's row (100,000
            # matches at 1M statements: 20-30 ms rather than 70)
            retracted = select(Statement.id).where(Statement.status == "retracted")
            q = select(ids.c.id).where(ids.c.id.not_in(retracted))
            if cap is not None:
                q = q.limit(cap + 1)
            return session.scalar(select(func.count()).select_from(q.subquery())) or 0
        q = select(Statement.id).select_from(ids).join(Statement, Statement.id == ids.c.id)
    if f.since or f.until:
        q = q.join(Source, Statement.source_id == Source.id)
    q = filter_statements(q, f)
    if cap is not None:
        q = q.limit(cap + 1)
    return session.scalar(select(func.count()).select_from(q.subquery())) or 0


def _claim(session: Session, claim_id: int | None) -> ClaimView | None:
    if claim_id is None:
        return None
    c = session.get(Claim, claim_id)
    if c is None:
        return None
    return {
        "id": c.id,
        "canonical_text": c.canonical_text,
        "first_statement_id": c.first_statement_id,
        "rating": c.rating,
        "rating_final": c.rating_final,
        "status": c.status,
        "version": c.version,
    }


def _marks(ctx: SourceContext, cues: list, cue: str | None) -> list[Mark]:
    """Spans to highlight in the context text: the hedge cues and the attribution cue.

    Hedge cues carry source offsets; one whose offsets do not fit the text (an older
    extractor) is looked up by its words inside the quote instead. The attribution cue has
    no offsets: its nearest occurrence outside the quote is marked.
    """
    text, base = ctx["text"], ctx["offset"]
    qs, qe = ctx["quote_start"], ctx["quote_end"]
    out: list[Mark] = []
    low = text.casefold()
    for c in cues:
        if not isinstance(c, dict) or not c.get("text"):
            continue
        words = str(c["text"])
        s, e = c.get("start"), c.get("end")
        if isinstance(s, int) and isinstance(e, int) and text[s - base : e - base] == words:
            out.append({"start": s - base, "end": e - base, "kind": "hedge", "text": words})
            continue
        at = low.find(words.casefold(), qs, qe)
        if at >= 0:
            out.append({"start": at, "end": at + len(words), "kind": "hedge", "text": words})
    if cue:
        target = cue.casefold()
        hits = []
        at = low.find(target)
        while at >= 0:
            if at + len(target) <= qs or at >= qe:
                hits.append(at)
            at = low.find(target, at + 1)
        if hits:
            best = min(hits, key=lambda h: min(abs(h - qs), abs(h - qe)))
            out.append({"start": best, "end": best + len(cue), "kind": "cue", "text": cue})
    return sorted(out, key=lambda m: m["start"])


def statement_detail(session: Session, statement_id: int) -> StatementDetail:
    """Everything the detail pane shows about one statement (plain data)."""
    row = session.execute(
        select(Statement, Source).join(Source).where(id_equals(Statement.id, statement_id))
    ).first()
    if row is None:
        raise InputError(f"no statement with id {statement_id}")
    st, src = row
    ctx = source_context(session, statement_id)
    marks = _marks(ctx, st.hedge_cues or [], st.cue)
    return {
        "id": st.id,
        "version": st.version,
        "status": st.status,
        "kind": st.kind,
        "quote": st.quote,
        "start": st.start,
        "end": st.end,
        "cue": st.cue,
        "cue_stance": st.cue_stance,
        "hedging": st.hedging,
        "hedge_cues": [c for c in st.hedge_cues or [] if isinstance(c, dict)],
        "polarity": st.polarity,
        "stated_on": iso(st.stated_on),
        "stated_on_precision": st.stated_on_precision,
        "venue": st.venue,
        "speaker_mention": st.speaker_mention,
        "assigned_to": st.assigned_to,
        "claim_id": st.claim_id,
        "checkworthiness": st.checkworthiness,
        "checkworthy_cues": [str(c) for c in st.checkworthy_cues or []],
        "source": source_summary(src),
        "context": ctx,
        "marks": marks,
        "speaker": speaker_view(session, st.speaker_id),
        "claim": _claim(session, st.claim_id),
    }


def statement_summaries(session: Session, ids: Iterable[int]) -> dict[int, Any]:
    """What the reviewer sees of other statements beside one (appearances, conflicts): by
    id, a row of quote, dates and precision, mention and speaker name, outlet, title, URL."""
    return {
        r.id: r
        for r in session.execute(
            select(
                Statement.id,
                Statement.quote,
                Statement.stated_on,
                Statement.stated_on_precision,
                Statement.speaker_mention,
                Speaker.name,
                Source.outlet,
                Source.title,
                Source.url,
                Source.published_on,
            )
            .join(Source, Statement.source_id == Source.id)
            .outerjoin(Speaker, Statement.speaker_id == Speaker.id)
            .where(Statement.id.in_(list(ids)))
        )
    }


def appearances(session: Session, statement_id: int) -> list[Appearance]:
    """Every statement linked to `statement_id` (directly, or through its claim), earliest
    first (`ledger.linking.order_key`, as `ledger claim` lists them), with the link's relation, score, decision and a diff from this quote to that one."""
    st = get_by_id(session, Statement, statement_id)
    if st is None:
        raise InputError(f"no statement with id {statement_id}")
    links = session.scalars(
        select(Link).where(or_(Link.a_id == statement_id, Link.b_id == statement_id))
    ).all()
    by_other: dict[int, dict[str, Any]] = {}
    for lk in links:
        mine_is_a = lk.a_id == statement_id
        other = lk.b_id if mine_is_a else lk.a_id
        by_other[other] = {
            "link": True,
            "a_id": lk.a_id,
            "b_id": lk.b_id,
            "relation": lk.relation,
            "score": lk.score,
            "method": lk.method,
            "decided": lk.decided,
            "decided_by": lk.decided_by,
            "diff": lk.diff if mine_is_a else flip_diff(lk.diff),
        }
    first_id = None
    if st.claim_id is not None:
        first_id = session.scalar(select(Claim.first_statement_id).where(Claim.id == st.claim_id))
        members = session.scalars(
            select(Statement.id)
            .where(Statement.claim_id == st.claim_id, Statement.id != statement_id)
            .limit(500)
        ).all()
        for mid in members:
            by_other.setdefault(
                mid,
                {
                    "link": False,
                    "a_id": min(mid, statement_id),
                    "b_id": max(mid, statement_id),
                    "relation": "claim",
                    "score": None,
                    "method": None,
                    "decided": None,
                    "decided_by": None,
                    "diff": None,
                },
            )
    if not by_other:
        return []
    ids = list(by_other) + [statement_id]
    info = statement_summaries(session, ids)

    def when(sid: int) -> tuple:
        # the first-appearance order of `ledger claim` and the ClaimReview export
        r = info[sid]
        return order_key(
            LinkItem(
                id=sid,
                text="",
                stated_on=r.stated_on,
                published_on=r.published_on,
                order=sid,
                stated_on_precision=r.stated_on_precision,
            )
        )

    if first_id is None or first_id not in info:
        # no claim to say: the earliest of this statement and what says the same, never a
        # conflicting or rejected statement (those are not appearances of this claim)
        same = [
            other
            for other, v in by_other.items()
            if v["relation"] in JOINING and v["decided"] != "rejected"
        ]
        first_id = min([statement_id, *same], key=when)
    out: list[Appearance] = []
    for other in sorted(by_other, key=when):
        r = info.get(other)
        if r is None:
            continue
        d = r.stated_on or r.published_on
        precision = (r.stated_on_precision or "day") if r.stated_on else "day"
        out.append(
            {
                **by_other[other],
                "id": other,
                "quote": r.quote,
                "speaker": r.name if r.name is not None else r.speaker_mention,
                "outlet": r.outlet or r.title,
                "date": iso(d),
                "date_precision": precision if d else None,
                "first": other == first_id,
            }
        )
    return out


def statuses_of(session: Session, ids: list[int]) -> dict[int, str]:
    """The stored status of each statement of `ids` (those that exist): the queue rows
    another reviewer's decisions touched."""
    out: dict[int, str] = {}
    for chunk in chunked(ids):
        out.update(
            session.execute(
                select(Statement.id, Statement.status).where(Statement.id.in_(chunk))
            ).all()
        )
    return out
