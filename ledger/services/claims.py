"""Claims on the store: giving linked statements their claims, and reviewers' link decisions.

A claim is a cluster of statements joined by links (`links.JOINING`). New statements get
their claims as they are linked at import (`link_fresh`, through `claim_book` when no
rejected link is involved); a reviewer's confirmation or rejection (`decide_link`) and a
full `rebuild` recluster from the links, so a rejected pair never shares a claim and a
claim keeps its id (and its ratings) while its first appearance stays in it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.linking import (
    Linker,
    LinkItem,
    ProposedLink,
    TextPrep,
    build_claims,
    classify_pair,
    connected_groups,
    order_key,
    word_diff,
)
from ledger.services import claim_book, roles
from ledger.services.link_index import current_index, remember_index, stored_items
from ledger.services.link_items import item_rows, link_item
from ledger.services.links import JOINING, link_row, link_values, replace_links
from ledger.sources import limits
from ledger.store.ids import get_by_id, id_equals
from ledger.store.import_queries import set_claims
from ledger.store.models import Claim, Link, Source, Speaker, Statement
from ledger.store.paging import chunked, iso, keyset_rows
from ledger.store.unit_of_work import UnitOfWork


def link_fresh(
    uow: UnitOfWork,
    rows: list[dict[str, Any]],
    published_on,
    texts: dict[str, TextPrep] | None = None,
    origin: str = "source",
) -> int:
    """Link statements inserted in `uow` without a claim (`rows`: their complete column
    values, ids included, recorded as pending) and give each its claim; returns links made.
    More links than `limits.bound("links")` refuse the source (`origin`) with `limits.OverLimit`,
    counted as they are made, before any is stored (the rollback drops the linker index
    they were added to).

    Their links and the claims created for them are written with Core and recorded in
    `uow`, the statements' claims set in `rows` so that they are journaled with them; claims
    they join are updated through the book (`claim_book`), or, when a rejected link is
    involved, reclustered as before.
    """
    if not rows:
        return 0
    session = uow.session
    items = [
        link_item(v["id"], v["quote"], v["speaker_id"], v["kind"], v["stated_on"], published_on)
        for v in rows
    ]
    new = {it.id for it in items}
    cached = current_index(session, exclude=new)
    made: list[ProposedLink] = []
    most = limits.bound("links")
    for item in items:
        if item.id in cached.linker:
            continue
        made.extend(cached.linker.add(item, texts.get(item.text) if texts else None))
        limits.check(origin, "links", len(made), most)
        cached.watermark = max(cached.watermark, item.id)
    if made:
        uow.insert(Link, [link_values(p) for p in made])
    joining = [p.pair for p in made if p.status in JOINING]
    claim_of = claim_book.assign(uow, items, joining)
    reclustered = claim_of is None
    if claim_of is None:
        # A rejected link is involved: every statement starts as a claim of its own and the
        # group is reclustered from its links, as a rebuild would.
        values = [{"canonical_text": it.text, "first_statement_id": it.id} for it in items]
        claim_ids = uow.insert(Claim, values)
        claim_of = {it.id: cid for it, cid in zip(items, claim_ids, strict=True)}
    set_claims(session, claim_of)
    for v in rows:
        v["claim_id"] = claim_of[v["id"]]
    # now: the ORM's changes to these rows below must follow their events in the history
    uow.append()
    if reclustered:
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
    for chunk in chunked(members):
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
    for chunk in chunked(ids):
        for row in session.execute(item_rows().where(Statement.id.in_(chunk))):
            info[row[0]] = link_item(*row[:6])
            current[row[0]] = row[6]
    links, confirmed, rejected = [], [], []
    for chunk in chunked(ids):
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
        if claim is not None:
            claim_book.retire(session, claim)


def rebuild(session: Session) -> dict[str, int]:
    """Recompute every link from scratch, keeping reviewer decisions; then every claim."""
    linker = Linker()
    linker.build(stored_items(session))
    stats = replace_links(session, linker.link_all())
    all_ids = set(session.scalars(select(Statement.id)))
    recluster(session, all_ids)
    remember_index(session, linker, max(all_ids, default=0))
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
    pair = or_(id_equals(Statement.id, a_id), id_equals(Statement.id, b_id))
    rows = {s.id: s for s in session.scalars(select(Statement).where(pair))}
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


def list_claims(session: Session) -> Iterable[dict[str, Any]]:
    """Every claim in id order, with how many statements it has."""
    counts = dict(
        session.execute(select(Statement.claim_id, func.count()).group_by(Statement.claim_id)).all()
    )
    for c in keyset_rows(session, select(Claim), Claim.id, batch=2000):
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


def claim_detail(session: Session, claim_id: int) -> dict[str, Any]:
    """A claim with every appearance in date order, the first marked, diffs for altered ones."""
    claim = get_by_id(session, Claim, claim_id)
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
                "stated_on": iso(st.stated_on),
                "published_on": iso(src.published_on),
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
