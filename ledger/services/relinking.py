"""Recomputing the links and claims of statements that changed after they were linked: a
new speaker (a correction, a speaker merge or split), a new span, a statement added by a
reviewer, or one retracted.

The linker links each statement to statements with smaller ids (`Linker.links_of`), so a
changed statement's own links are recomputed from the process's index (`link_index`,
with the statement's new item in it), and so are the links of the statements that linked
to it (their bounded choice may change) and, when its speaker changed, of the later
statements of its new speaker (same-speaker candidates are always scored: a `repeat` or
`altered` link may appear). A later statement that shares words but neither a link nor a
speaker with it keeps its links until `ledger link --rebuild`. Reviewer decisions
(confirmed, rejected) are never overwritten, but a retracted statement leaves every link.
Then the claims of everything touched are reclustered (`claims.recluster`), all in the
caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ledger.services import claim_book
from ledger.services.claims import _component, recluster
from ledger.services.link_index import current_index
from ledger.services.link_items import ITEM_COLUMNS, item_rows, link_item
from ledger.services.links import REVIEWED, store_links
from ledger.store.models import Claim, Link, Statement
from ledger.store.paging import chunked


def _links_touching(session: Session, ids: Iterable[int]) -> list[Link]:
    out: list[Link] = []
    for chunk in chunked(sorted(set(ids))):
        out.extend(
            session.scalars(select(Link).where(or_(Link.a_id.in_(chunk), Link.b_id.in_(chunk))))
        )
    return out


def _claim_members(session: Session, claim_ids: set[int]) -> set[int]:
    out: set[int] = set()
    for chunk in chunked(sorted(claim_ids)):
        out |= set(session.scalars(select(Statement.id).where(Statement.claim_id.in_(chunk))))
    return out


def relink(
    session: Session,
    changed: Iterable[int] = (),
    *,
    retracted: Iterable[int] = (),
    speakers: Iterable[int] = (),
) -> dict[str, int]:
    """Recompute links and claims after `changed` statements changed (speaker, span, or
    new) and `retracted` ones left the ledger; `speakers`: the new speaker ids of the
    changed statements. The rows must be flushed already. Counts of what moved."""
    changed, gone = set(changed), set(retracted)
    changed -= gone
    for chunk in chunked(sorted(changed)):  # a retracted statement stays out (a split moves it)
        changed -= set(
            session.scalars(
                select(Statement.id).where(Statement.id.in_(chunk), Statement.status == "retracted")
            )
        )
    if not changed and not gone:
        return {"links_added": 0, "links_removed": 0, "statements": 0}
    session.flush()
    claim_book.forget(session)
    cached = current_index(session, exclude=changed | gone)
    linker = cached.linker
    rows = {}
    for chunk in chunked(sorted(changed)):
        for row in session.execute(item_rows().where(Statement.id.in_(chunk))):
            rows[row[0]] = row
    # `build` puts the new items in without linking them: the index is rebuilt once, at the
    # first `links_of` below (`add` would rebuild it for every statement out of id order)
    linker.build(link_item(*rows[sid][:ITEM_COLUMNS]) for sid in sorted(changed))
    cached.watermark = max(cached.watermark, *changed) if changed else cached.watermark
    for sid in gone:
        linker.remove(sid)

    before = _links_touching(session, changed | gone)
    partners = {x for lk in before for x in (lk.a_id, lk.b_id)} - gone
    old_claims = {
        c
        for c in session.scalars(
            select(Statement.claim_id).where(Statement.id.in_(sorted(changed | gone | partners)))
        )
        if c is not None
    }
    removed = 0
    for lk in before:
        if lk.a_id in gone or lk.b_id in gone:
            session.delete(lk)
            removed += 1
    lowest = min(changed | gone)
    later: set[int] = set()
    for speaker_id in set(speakers):
        later |= set(
            session.scalars(
                select(Statement.id).where(
                    Statement.speaker_id == speaker_id,
                    Statement.id > lowest,
                    Statement.status != "retracted",
                )
            )
        )
    affected = sorted(i for i in (changed | partners | later) - gone if i in linker)
    added = 0
    for sid in affected:
        proposed = linker.links_of(sid)
        wanted = {p.pair for p in proposed}
        for lk in session.scalars(select(Link).where(Link.b_id == sid)):
            if lk.decided not in REVIEWED and (lk.a_id, lk.b_id) not in wanted:
                session.delete(lk)
                removed += 1
        have = {
            (a, b) for a, b in session.execute(select(Link.a_id, Link.b_id).where(Link.b_id == sid))
        }
        added += sum(1 for p in proposed if p.pair not in have)
        store_links(session, proposed)
    session.flush()
    for sid in gone:
        st = session.get(Statement, sid)
        if st is not None:
            st.claim_id = None
    session.flush()
    group = set(affected) | _claim_members(session, old_claims)
    group = _component(session, group) - gone
    recluster(session, group)
    for cid in sorted(old_claims):
        claim = session.get(Claim, cid)
        if claim is not None and claim.status != "merged" and not _claim_members(session, {cid}):
            claim_book.retire(session, claim)
    session.flush()
    return {"links_added": added, "links_removed": removed, "statements": len(group)}
