"""Claims on the store: giving linked statements their claims, and reviewers' link decisions.

A claim is a cluster of statements joined by links (`links.joins`: auto or confirmed, never
a `conflicts` link). New statements get their claims as they are linked at import
(`link_fresh`, through `claim_book` when no rejected link is involved); a reviewer's
confirmation or rejection (`decide_link`) and a full `rebuild` recluster from the links, so
a rejected pair (or a confirmed conflict) never shares a claim and a claim keeps its id
(and its ratings) while its first appearance stays in it.

The links are not a complete graph: each statement links to a bounded number of earlier
members of its claim (`ledger.linking.Linker`), so a claim's appearances, first appearance
and counts are read from membership (`statement.claim_id`), never from its links.
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
    CONFLICTS,
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
from ledger.services.link_items import ITEM_COLUMNS, item_rows, link_item
from ledger.services.links import (
    apart,
    apart_links,
    joining_links,
    joins,
    link_row,
    link_values,
    replace_links,
)
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
    # in id order: a statement's bounded choice of links depends on the smaller ids only
    items = sorted(
        (
            link_item(
                v["id"],
                v["quote"],
                v["speaker_id"],
                v["kind"],
                v["stated_on"],
                published_on,
                v.get("stated_on_precision"),
            )
            for v in rows
        ),
        key=lambda it: it.id,
    )
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
    joining = [p.pair for p in made if joins(p.relation, p.status)]
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
                select(func.count()).select_from(Link).where(apart_links(), Link.a_id.in_(chunk))
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
                joining_links(), or_(Link.a_id.in_(batch), Link.b_id.in_(batch))
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
            info[row[0]] = link_item(*row[:ITEM_COLUMNS])
            current[row[0]] = row[ITEM_COLUMNS]
    links, confirmed, rejected = [], [], []
    for chunk in chunked(ids):
        for lk in session.scalars(select(Link).where(Link.a_id.in_(chunk))):
            if lk.b_id not in statement_ids:
                continue
            if apart(lk.relation, lk.decided):
                rejected.append((lk.a_id, lk.b_id))
            elif lk.relation == CONFLICTS:
                continue  # an undecided conflict joins nothing
            elif lk.decided == "confirmed":
                confirmed.append((lk.a_id, lk.b_id))
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
        # a reviewer's wording (`ledger correct claim-text`) outlives reclustering
        if claim.canonical_text != cluster.canonical_text and claim.status != "edited":
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
    all_ids = set(session.scalars(select(Statement.id).where(Statement.status != "retracted")))
    recluster(session, all_ids)
    remember_index(session, linker, max(all_ids, default=0))
    return stats


def decide_link(
    session: Session, a_id: int, b_id: int, decision: str, reviewer: str | None = None
) -> dict[str, Any]:
    """Confirm or reject the link between two statements (creating it if the engine had none).

    Confirming a `conflicts` link records that the two statements do conflict: they are
    kept in different claims, as a rejected pair is. Confirming a pair the engine had no
    link for says they make the same claim, so such a link is never stored as a conflict.
    """
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
            link_item(
                a.id, a.quote, a.speaker_id, a.kind, a.stated_on, None, a.stated_on_precision
            ),
            link_item(
                b.id, b.quote, b.speaker_id, b.kind, b.stated_on, None, b.stated_on_precision
            ),
        )
        relation = p.relation if p else "paraphrase"
        if relation == CONFLICTS and decision == "confirm":
            relation = "paraphrase"  # the reviewer says: the same claim
        link = Link(
            a_id=a_id,
            b_id=b_id,
            relation=relation,
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
    """A claim with every appearance in date order, the first marked, diffs for altered ones.

    Appearances are the claim's members (`statement.claim_id`). Each is shown with its
    relation to the first: the stored link when there is one, else (links are bounded, so
    most members of a large claim have none to the first) the relation the classifier
    gives the pair now, with `link_status` None.
    """
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
        st.id: link_item(
            st.id,
            st.quote,
            st.speaker_id,
            st.kind,
            st.stated_on,
            src.published_on,
            st.stated_on_precision,
        )
        for st, src, _ in rows
    }
    ordered = sorted(rows, key=lambda r: order_key(items[r[0].id]))
    first = claim.first_statement_id
    links = (
        {
            (lk.a_id, lk.b_id): lk
            for lk in session.scalars(
                select(Link).where(or_(Link.a_id == first, Link.b_id == first))
            )
        }
        if first is not None
        else {}
    )
    # copies of one quote by one speaker relate to the first alike: classify each once
    computed: dict[tuple, ProposedLink | None] = {}

    def to_first(sid: int) -> tuple[str | None, float | None, str | None, Any]:
        if first is None or sid == first:
            return None, None, None, None
        lk = links.get((min(first, sid), max(first, sid)))
        if lk is not None:
            return lk.relation, lk.score, lk.decided, lk.diff
        if first not in items:
            return None, None, None, None
        item = items[sid]
        key = (item.text, item.speaker_key, item.verbatim)
        if key not in computed:
            computed[key] = classify_pair(items[first], item)
        p = computed[key]
        return (p.relation, p.score, None, p.diff) if p else (None, None, None, None)

    appearances = []
    for st, src, sp in ordered:
        relation, score, status, diff = to_first(st.id)
        appearances.append(
            {
                "statement_id": st.id,
                "first": st.id == first,
                "quote": st.quote,
                "speaker": sp.name if sp else None,
                "stated_on": iso(st.stated_on),
                "stated_on_precision": st.stated_on_precision if st.stated_on else None,
                "published_on": iso(src.published_on),
                "source_id": src.id,
                "title": src.title,
                "outlet": src.outlet,
                "url": src.url,
                "relation_to_first": relation,
                "score": score,
                "link_status": status,
                "diff": diff if relation in ("altered", "repeat", CONFLICTS) else None,
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
