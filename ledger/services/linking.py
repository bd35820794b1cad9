"""Claim linking on the store: linking new statements, rebuilding, claims, decisions, search.

The pure engine (`ledger.linking`) proposes links; this module keeps them in the `link`
table, turns linked statements into claims, and keeps reviewer decisions: a confirmed or
rejected link keeps its decision across rebuilds, and a rejected pair never shares a claim.
The in-memory index is cached per database for the life of the process and caught up with
statements other processes stored since it was built.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.linking import (
    Linker,
    LinkItem,
    ProposedLink,
    SimilarIndex,
    TextPrep,
    build_claims,
    classify_pair,
    connected_groups,
    word_diff,
)
from ledger.services import claim_book, roles
from ledger.services.link_items import item_rows, link_item
from ledger.store import fastpath, journal
from ledger.store.models import LINK_RELATIONS, Claim, Link, Review, Source, Speaker, Statement

JOINING = ("auto", "confirmed")


def _item_rows(session: Session, where=None, batch: int = 20_000) -> Iterable[LinkItem]:
    last = 0
    while True:
        q = item_rows().where(Statement.id > last).order_by(Statement.id).limit(batch)
        if where is not None:
            q = q.where(where)
        rows = session.execute(q).all()
        if not rows:
            return
        for row in rows:
            yield link_item(*row[:6])
        last = rows[-1][0]


@dataclass
class _Cached:
    linker: Linker
    watermark: int  # highest statement id in the index
    #: the history's head after this process's last import through the index
    seen: tuple[int, str] | None = None


_CACHE: dict[str, _Cached] = {}


def forget_index(session_or_db) -> None:
    """Drop this process's index (after a rollback it may hold statements that are gone)."""
    _CACHE.pop(journal.cache_key(session_or_db), None)


def _index(session: Session, exclude: set[int] = frozenset()) -> _Cached:
    """The process's index for this database, caught up with every stored statement."""
    key = journal.cache_key(session)
    cached = _CACHE.get(key)
    if cached is None:
        cached = _load_saved(session)
        if cached is None:
            linker = Linker()
            items = [i for i in _item_rows(session) if i.id not in exclude]
            linker.build(items)
            cached = _Cached(linker, max((i.id for i in items), default=0))
            _CACHE[key] = cached
            return cached
        _CACHE[key] = cached
    # Statements stored since (by other processes): index them and store their links.
    if not journal.changed_since(session, cached.seen, ("statement",)):
        return cached
    top = session.connection().execute(select(func.max(Statement.id))).scalar() or 0
    ours = sum(1 for i in exclude if cached.watermark < i <= top)
    if top - cached.watermark <= ours:  # nothing but this transaction's own statements
        return cached
    late = [i for i in _item_rows(session, Statement.id > cached.watermark) if i.id not in exclude]
    for item in late:
        if item.id not in cached.linker:
            _store_links(session, cached.linker.add(item))
        cached.watermark = max(cached.watermark, item.id)
    return cached


def index_path(url) -> Path | None:
    """Where the saved index of the database at `url` lives: beside an SQLite file, else in
    the user's cache folder (one file per database URL)."""
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            return None
        db = Path(url.database)
        return db.with_name(db.name + ".linkindex")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "statement-ledger"
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return base / f"{digest}.linkindex"


def _load_saved(session: Session) -> _Cached | None:
    """The index saved by an earlier process, if it still describes this database."""
    path = index_path(session.get_bind().engine.url)
    if path is None or not path.is_file() or not path.with_suffix(".linkindex.json").is_file():
        return None
    try:
        meta = json.loads(path.with_suffix(".linkindex.json").read_text(encoding="utf-8"))
        watermark = int(meta["watermark"])
        linker = Linker.load(path)
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        EOFError,
        AttributeError,
        ImportError,
        pickle.UnpicklingError,
    ):
        return None  # a stale or foreign file: rebuild from the database
    stored = (
        session.connection()
        .execute(select(func.count()).select_from(Statement).where(Statement.id <= watermark))
        .scalar()
    )
    if stored != len(linker):  # statements were removed or the database was replaced
        return None
    return _Cached(linker, watermark)


def save_index(db) -> None:
    """Save this process's index so the next process starts without rebuilding it.

    Called after commits only, so the file never holds a rolled-back statement; a file
    that cannot be written just means the next process rebuilds.
    """
    url = db.engine.url
    cached = _CACHE.get(journal.cache_key(db))
    path = index_path(url)
    if cached is None or path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        cached.linker.save(path)
        meta = path.with_suffix(".linkindex.json")
        tmp = meta.with_name(meta.name + ".tmp")
        tmp.write_text(json.dumps({"watermark": cached.watermark}), encoding="utf-8")
        tmp.replace(meta)
    except OSError:
        pass


def _store_links(
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
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
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


_SET_CLAIM = (
    update(Statement).where(Statement.id == bindparam("sid")).values(claim_id=bindparam("cid"))
)


def link_fresh(
    session: Session,
    rows: list[dict[str, Any]],
    published_on,
    changes: list | None = None,
    texts: dict[str, TextPrep] | None = None,
) -> int:
    """Link statements inserted in this transaction without a claim (`rows`: their complete
    column values, ids included), give each its claim and journal them with `changes` (other
    rows the caller wrote with Core); returns links made.

    The statements, their links and the claims created for them are written with Core and
    journaled here with their final state; claims they join are updated through the book
    (`claim_book`), or, when a rejected link is involved, reclustered as before.
    """
    changes = list(changes or [])
    if not rows:
        journal.append_events(session, changes)
        return 0
    items = [
        link_item(v["id"], v["quote"], v["speaker_id"], v["kind"], v["stated_on"], published_on)
        for v in rows
    ]
    new = {it.id for it in items}
    cached = _index(session, exclude=new)
    made: list[ProposedLink] = []
    for item in items:
        if item.id in cached.linker:
            continue
        made.extend(cached.linker.add(item, texts.get(item.text) if texts else None))
        cached.watermark = max(cached.watermark, item.id)
    journal.on_commit(session, lambda head: setattr(cached, "seen", head))
    conn = session.connection()
    if made:
        link_vals = [
            {
                "a_id": p.a_id,
                "b_id": p.b_id,
                "relation": p.relation,
                "score": round(float(p.score), 4),
                "method": p.method,
                "diff": p.diff,
                "decided": p.status,
            }
            for p in made
        ]
        journal.insert_rows(session, Link, link_vals, changes)
    joining = [p.pair for p in made if p.status in JOINING]
    assigned = claim_book.assign(session, items, joining)
    if assigned is None:
        # A rejected link is involved: every statement starts as a claim of its own and the
        # group is reclustered from its links, as a rebuild would.
        values = [{"canonical_text": it.text, "first_statement_id": it.id} for it in items]
        claim_ids = journal.insert_rows(session, Claim, values, changes)
        claim_of = {it.id: cid for it, cid in zip(items, claim_ids, strict=True)}
    else:
        claim_of, claim_changes = assigned
        changes.extend(claim_changes)
    fastpath.execute_many(conn, _SET_CLAIM, [{"sid": s, "cid": c} for s, c in claim_of.items()])
    for v in rows:
        v["claim_id"] = claim_of[v["id"]]
        changes.append(("insert", f"statement:{v['id']}", journal.state_of_values(Statement, v)))
    journal.append_events(session, changes)
    if assigned is None:
        claim_book.forget(session)
        if joining:
            _join_claims(session, joining)
    session.flush()
    return len(made)


def _join_claims(session: Session, pairs: list[tuple[int, int]]) -> None:
    """Bring the claims of newly linked statements together.

    Without a rejected pair among the statements involved, clustering is plain connectivity,
    so merging the claims gives what a full recluster would; with one, the group is
    reclustered from its links so that the rejected pair stays apart.
    """
    ids = sorted({x for pair in pairs for x in pair})
    claim_of = dict(
        session.execute(select(Statement.id, Statement.claim_id).where(Statement.id.in_(ids))).all()
    )
    claim_ids = sorted({c for c in claim_of.values() if c is not None})
    members = sorted(
        set(session.scalars(select(Statement.id).where(Statement.claim_id.in_(claim_ids))))
        | set(ids)
    )
    rejected = 0
    for start in range(0, len(members), 900):
        chunk = members[start : start + 900]
        rejected += (
            session.scalar(
                select(func.count())
                .select_from(Link)
                .where(Link.decided == "rejected", Link.a_id.in_(chunk))
            )
            or 0
        )
    if rejected:
        recluster(session, _component(session, set(ids)))
        return
    _merge_claims(session, pairs, claim_of)


def _merge_claims(
    session: Session, pairs: list[tuple[int, int]], claim_of: dict[int, int | None]
) -> None:
    claim_pairs = [
        (claim_of[a], claim_of[b])
        for a, b in pairs
        if claim_of.get(a) is not None and claim_of.get(b) is not None
    ]
    for claim_ids in connected_groups(claim_pairs):
        if len(claim_ids) > 1:
            statements = set(
                session.scalars(select(Statement.id).where(Statement.claim_id.in_(claim_ids)))
            )
            recluster(session, statements)


def _component(session: Session, seeds: Iterable[int]) -> set[int]:
    """The statements connected to `seeds` through joining links."""
    seen = set(seeds)
    queue = deque(seen)
    while queue:
        batch = [queue.popleft() for _ in range(min(len(queue), 500))]
        rows = session.execute(
            select(Link.a_id, Link.b_id).where(
                Link.decided.in_(JOINING), or_(Link.a_id.in_(batch), Link.b_id.in_(batch))
            )
        ).all()
        for a, b in rows:
            for x in (a, b):
                if x not in seen:
                    seen.add(x)
                    queue.append(x)
    return seen


def recluster(session: Session, statement_ids: set[int]) -> None:
    """Recompute the claims of a closed group of statements from their links and decisions."""
    if not statement_ids:
        return
    ids = sorted(statement_ids)
    info: dict[int, LinkItem] = {}
    current: dict[int, int | None] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for row in session.execute(item_rows().where(Statement.id.in_(chunk))):
            info[row[0]] = link_item(*row[:6])
            current[row[0]] = row[6]
    links, confirmed, rejected = [], [], []
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for lk in session.scalars(select(Link).where(Link.a_id.in_(chunk))):
            if lk.b_id not in statement_ids:
                continue
            if lk.decided == "confirmed":
                confirmed.append((lk.a_id, lk.b_id))
            elif lk.decided == "rejected":
                rejected.append((lk.a_id, lk.b_id))
            elif lk.decided == "auto":
                links.append(
                    ProposedLink(lk.a_id, lk.b_id, lk.relation, lk.score, lk.method, "auto")
                )
    clusters = build_claims(ids, links, confirmed, rejected, info)
    old_claims = {c for c in current.values() if c is not None}
    used: set[int] = set()
    claims_by_id = (
        {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(sorted(old_claims))))}
        if old_claims
        else {}
    )
    for cluster in clusters:
        # Keep the claim its first appearance already had, so ratings stay with the claim.
        preferred = [current.get(cluster.first_id)] + [
            current.get(i) for i in cluster.statement_ids
        ]
        claim = next(
            (
                claims_by_id[c]
                for c in preferred
                if c is not None and c not in used and c in claims_by_id
            ),
            None,
        )
        if claim is None:
            claim = Claim(canonical_text=cluster.canonical_text)
            session.add(claim)
            session.flush()
            claims_by_id[claim.id] = claim
        used.add(claim.id)
        if claim.canonical_text != cluster.canonical_text:
            claim.canonical_text = cluster.canonical_text
        if claim.first_statement_id != cluster.first_id:
            claim.first_statement_id = cluster.first_id
        if claim.status == "merged":
            claim.status = "open"
        for sid in cluster.statement_ids:
            if current.get(sid) != claim.id:
                st = session.get(Statement, sid)
                st.claim_id = claim.id
    session.flush()
    for cid in sorted(old_claims - used):
        claim = claims_by_id.get(cid)
        if claim is None:
            continue
        has_reviews = session.scalar(
            select(func.count()).select_from(Review).where(Review.claim_id == cid)
        )
        if has_reviews:
            claim.status = "merged"  # its reviews stay on the record
            claim.first_statement_id = None
        else:
            session.delete(claim)


def rebuild(session: Session) -> dict[str, int]:
    """Recompute every link from scratch, keeping reviewer decisions; then every claim."""
    linker = Linker()
    linker.build(_item_rows(session))
    proposed = {p.pair: p for p in linker.link_all()}
    stats = {"links": len(proposed), "added": 0, "updated": 0, "removed": 0}
    last = 0
    while True:
        chunk = session.scalars(
            select(Link).where(Link.id > last).order_by(Link.id).limit(5000)
        ).all()
        if not chunk:
            break
        last = chunk[-1].id
        for lk in chunk:
            p = proposed.pop((lk.a_id, lk.b_id), None)
            if lk.decided in ("confirmed", "rejected"):
                continue
            if p is None:
                session.delete(lk)
                stats["removed"] += 1
            elif (lk.relation, lk.decided, lk.method, lk.score) != (
                p.relation,
                p.status,
                p.method,
                round(float(p.score), 4),
            ):
                lk.relation, lk.decided, lk.method = p.relation, p.status, p.method
                lk.score, lk.diff = round(float(p.score), 4), p.diff
                stats["updated"] += 1
    for p in proposed.values():
        session.add(
            Link(
                a_id=p.a_id,
                b_id=p.b_id,
                relation=p.relation,
                score=round(float(p.score), 4),
                method=p.method,
                diff=p.diff,
                decided=p.status,
            )
        )
        stats["added"] += 1
    session.flush()
    all_ids = set(session.scalars(select(Statement.id)))
    recluster(session, all_ids)
    _CACHE[journal.cache_key(session)] = _Cached(linker, max(all_ids, default=0))
    return stats


def decide_link(
    session: Session, a_id: int, b_id: int, decision: str, reviewer: str | None = None
) -> dict[str, Any]:
    """Confirm or reject the link between two statements (creating it if the engine had none)."""
    if decision not in ("confirm", "reject"):
        raise InputError(f"decision must be confirm or reject, not {decision!r}")
    if a_id == b_id:
        raise InputError("a statement cannot be linked to itself")
    roles.require(session, reviewer, "confirm_links")
    a_id, b_id = min(a_id, b_id), max(a_id, b_id)
    rows = {
        s.id: s for s in session.scalars(select(Statement).where(Statement.id.in_([a_id, b_id])))
    }
    for sid in (a_id, b_id):
        if sid not in rows:
            raise InputError(f"no statement with id {sid}")
    link = session.scalar(select(Link).where(Link.a_id == a_id, Link.b_id == b_id))
    if link is None:
        a, b = rows[a_id], rows[b_id]
        p = classify_pair(
            link_item(a.id, a.quote, a.speaker_id, a.kind, a.stated_on, None),
            link_item(b.id, b.quote, b.speaker_id, b.kind, b.stated_on, None),
        )
        link = Link(
            a_id=a_id,
            b_id=b_id,
            relation=p.relation if p else "paraphrase",
            score=round(float(p.score), 4) if p else 0.0,
            method="reviewer",
            diff=p.diff if p else word_diff(a.quote, b.quote),
        )
        session.add(link)
    link.decided = "confirmed" if decision == "confirm" else "rejected"
    link.decided_by = reviewer or roles.acting_user(session)
    link.decided_at = datetime.now(UTC)
    session.flush()
    group = _component(session, {a_id, b_id})
    # A rejection can split a claim: recluster everything that was together before.
    group |= set(
        session.scalars(
            select(Statement.id).where(
                Statement.claim_id.in_([rows[a_id].claim_id, rows[b_id].claim_id])
            )
        )
    )
    recluster(session, _component(session, group))
    return link_row(session, link)


def link_row(session: Session, lk: Link, quotes: dict[int, str] | None = None) -> dict[str, Any]:
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
    if relation is not None and relation not in LINK_RELATIONS:
        raise InputError(f"relation {relation!r} is not one of {', '.join(LINK_RELATIONS)}")
    last = 0
    while True:
        q = select(Link).where(Link.id > last).order_by(Link.id).limit(2000)
        if relation:
            q = q.where(Link.relation == relation)
        if status:
            q = q.where(Link.decided == status)
        chunk = session.scalars(q).all()
        if not chunk:
            return
        ids = {x for lk in chunk for x in (lk.a_id, lk.b_id)}
        quotes = dict(
            session.execute(
                select(Statement.id, Statement.quote).where(Statement.id.in_(ids))
            ).all()
        )
        for lk in chunk:
            yield link_row(session, lk, quotes)
        last = chunk[-1].id


def list_claims(session: Session) -> Iterable[dict[str, Any]]:
    counts = dict(
        session.execute(select(Statement.claim_id, func.count()).group_by(Statement.claim_id)).all()
    )
    last = 0
    while True:
        chunk = session.scalars(
            select(Claim).where(Claim.id > last).order_by(Claim.id).limit(2000)
        ).all()
        if not chunk:
            return
        for c in chunk:
            yield {
                "id": c.id,
                "canonical_text": c.canonical_text,
                "first_statement_id": c.first_statement_id,
                "appearances": counts.get(c.id, 0),
                "rating": c.rating,
                "rating_final": c.rating_final,
                "status": c.status,
                "version": c.version,
            }
        last = chunk[-1].id


def claim_detail(session: Session, claim_id: int) -> dict[str, Any]:
    """A claim with every appearance in date order, the first marked, diffs for altered ones."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise InputError(f"no claim with id {claim_id}")
    rows = session.execute(
        select(Statement, Source, Speaker)
        .join(Source, Statement.source_id == Source.id)
        .outerjoin(Speaker, Statement.speaker_id == Speaker.id)
        .where(Statement.claim_id == claim_id)
    ).all()
    items = {
        st.id: link_item(st.id, st.quote, st.speaker_id, st.kind, st.stated_on, src.published_on)
        for st, src, _ in rows
    }
    from ledger.linking import order_key

    ordered = sorted(rows, key=lambda r: order_key(items[r[0].id]))
    ids = list(items)
    links = (
        {
            (lk.a_id, lk.b_id): lk
            for lk in session.scalars(select(Link).where(Link.a_id.in_(ids), Link.b_id.in_(ids)))
        }
        if ids
        else {}
    )
    first = claim.first_statement_id
    appearances = []
    for st, src, sp in ordered:
        pair = (min(first, st.id), max(first, st.id)) if first else None
        lk = links.get(pair) if pair and st.id != first else None
        appearances.append(
            {
                "statement_id": st.id,
                "first": st.id == first,
                "quote": st.quote,
                "speaker": sp.name if sp else None,
                "stated_on": st.stated_on.isoformat() if st.stated_on else None,
                "published_on": src.published_on.isoformat() if src.published_on else None,
                "source_id": src.id,
                "title": src.title,
                "outlet": src.outlet,
                "url": src.url,
                "relation_to_first": lk.relation if lk else None,
                "score": lk.score if lk else None,
                "link_status": lk.decided if lk else None,
                "diff": lk.diff if lk and lk.relation in ("altered", "repeat") else None,
            }
        )
    return {
        "id": claim.id,
        "canonical_text": claim.canonical_text,
        "first_statement_id": first,
        "rating": claim.rating,
        "rating_final": claim.rating_final,
        "status": claim.status,
        "version": claim.version,
        "appearances": appearances,
    }


# --- "has this been checked before?" ----------------------------------------------------

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
    last = 0
    entries = []
    while True:
        rows = session.execute(
            select(Statement.id, Statement.quote, Source.title)
            .join(Source, Statement.source_id == Source.id)
            .where(Statement.id > last)
            .order_by(Statement.id)
            .limit(20_000)
        ).all()
        if not rows:
            break
        entries.extend((r[0], r[1], r[2]) for r in rows)
        last = rows[-1][0]
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
