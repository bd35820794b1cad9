"""Claims for statements being imported, decided in memory from the links they made.

A claim is the connected group of statements joined by auto or confirmed links (never a
`conflicts` link, `links.joins`); its first statement is the earliest appearance and its
canonical text is the quote of the member with the most joining links (ties: the earliest).
The Linker links each statement to a bounded number of earlier members, so the members who
came first gather the most links and the book's work per import stays small. Reclustering a touched claim from the database
on every import costs time in proportion to the claim's size, so a busy quote would make a
large import quadratic. The book keeps, per process and database, the members and link
degrees of the claims it has seen and updates them as new links arrive; the answer is the
one `claims.recluster` would give for the same links.

Two cases are left to the full recluster: a claim with a rejected link (or a confirmed
conflict) among its members' links (such a pair must stay apart, which connectivity alone
does not know), and any
claim the book has not loaded when the history shows another writer touched claims, links
or statements since this process last wrote (then the book starts again from the database).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from ledger.linking import LinkItem, connected_groups, order_key
from ledger.services.link_items import item_rows, link_item
from ledger.services.links import apart, joins
from ledger.store.models import Claim, Link, Review, Statement
from ledger.store.paging import chunked
from ledger.store.process_cache import DatabaseHolder, ProcessCache
from ledger.store.unit_of_work import UnitOfWork


@dataclass
class _Claim:
    id: int
    members: dict[int, tuple]  # statement id -> its order key
    texts: dict[int, str]  # statement id -> quote
    degree: dict[int, int]  # statement id -> joining links (absent: none)
    first_id: int
    canonical_id: int
    row: dict[str, Any]  # the claim row as stored now, every column

    def rank(self, sid: int) -> tuple:
        return (-self.degree.get(sid, 0), self.members[sid])

    def settle(self, candidates: Iterable[int]) -> None:
        """Re-pick first and canonical; only `candidates` (new or changed members) can
        have overtaken the current ones."""
        pool = {self.first_id, self.canonical_id, *candidates}
        self.first_id = min(pool, key=self.members.__getitem__)
        self.canonical_id = min(pool, key=self.rank)


@dataclass
class _Book:
    claims: dict[int, _Claim] = field(default_factory=dict)
    claim_of: dict[int, int] = field(default_factory=dict)  # statement id -> claim id


#: started again from the database once anyone else touches claims, links or statements
_BOOKS: ProcessCache[_Book] = ProcessCache("claim book", ("claim", "link", "statement"))


def forget(session_or_db: DatabaseHolder) -> None:
    """Drop this process's book (before a recluster or a rebuild changes claims)."""
    _BOOKS.forget(session_or_db)


def _load(session: Session, book: _Book, claim_ids: Iterable[int]) -> bool:
    """Load claims into the book; False when one of them has a rejected link."""
    wanted = sorted({c for c in claim_ids if c not in book.claims})
    if not wanted:
        return True
    conn = session.connection()
    members: dict[int, dict[int, tuple]] = {c: {} for c in wanted}
    texts: dict[int, dict[int, str]] = {c: {} for c in wanted}
    rows: dict[int, dict[str, Any]] = {}
    for chunk in chunked(wanted):
        for r in conn.execute(select(Claim.__table__).where(Claim.id.in_(chunk))).mappings():
            rows[r["id"]] = dict(r)
        for *row, cid in conn.execute(item_rows().where(Statement.claim_id.in_(chunk))):
            item = link_item(*row)
            members[cid][item.id] = order_key(item)
            texts[cid][item.id] = item.text
    everyone = {sid: cid for cid, m in members.items() for sid in m}
    degree: dict[int, dict[int, int]] = {c: {} for c in wanted}
    ids = sorted(everyone)
    for chunk in chunked(ids):
        inside = set(chunk)
        for a, b, relation, decided in conn.execute(
            select(Link.a_id, Link.b_id, Link.relation, Link.decided).where(
                or_(Link.a_id.in_(chunk), Link.b_id.in_(chunk))
            )
        ):
            if apart(relation, decided):
                return False
            ca = everyone.get(a)
            if joins(relation, decided) and ca is not None and ca == everyone.get(b):
                # each link is seen once from each end that falls in this chunk
                if a in inside:
                    degree[ca][a] = degree[ca].get(a, 0) + 1
                if b in inside:
                    degree[ca][b] = degree[ca].get(b, 0) + 1
    for cid in wanted:
        if cid not in rows or not members[cid]:
            return False  # a claim without members: leave it to the recluster
        m = members[cid]
        state = _Claim(cid, m, texts[cid], degree[cid], 0, 0, rows[cid])
        state.first_id = min(m, key=m.__getitem__)
        state.canonical_id = min(m, key=state.rank)
        book.claims[cid] = state
        for sid in m:
            book.claim_of[sid] = cid
    return True


def _claims_of(session: Session, book: _Book, statement_ids: set[int]) -> dict[int, int | None]:
    out = {s: book.claim_of[s] for s in statement_ids if s in book.claim_of}
    missing = sorted(statement_ids - set(out))
    conn = session.connection()
    for chunk in chunked(missing):
        out.update(
            conn.execute(
                select(Statement.id, Statement.claim_id).where(Statement.id.in_(chunk))
            ).all()
        )
    return out


def assign(
    uow: UnitOfWork, items: list[LinkItem], joining: list[tuple[int, int]]
) -> dict[int, int] | None:
    """Give each new statement (`items`, stored in this transaction without a claim) its
    claim, joining and updating stored claims through `joining` links.

    Returns the claim id per new statement, the claims inserted or updated here recorded
    in `uow`; or None, having written nothing, when a rejected link is involved and the
    caller must recluster instead. Statements moved when two stored claims merge go through
    the ORM and are journaled by its flush.
    """
    session = uow.session
    book = _BOOKS.get(session, _Book)
    new = {it.id: it for it in items}
    old = {x for pair in joining for x in pair if x not in new}
    claim_of_old = _claims_of(session, book, old)
    if any(c is None for c in claim_of_old.values()):
        return None
    if not _load(session, book, set(claim_of_old.values())):
        return None

    def node(sid: int) -> object:
        return sid if sid in new else ("claim", claim_of_old[sid])

    groups = connected_groups(((node(a), node(b)) for a, b in joining), new)

    bump: dict[int, int] = {}
    for a, b in joining:
        bump[a] = bump.get(a, 0) + 1
        bump[b] = bump.get(b, 0) + 1

    new_key = {s: order_key(it) for s, it in new.items()}

    def book_key(sid: int) -> tuple:
        return book.claims[book.claim_of[sid]].members[sid]

    result: dict[int, int] = {}
    fresh: list[tuple[list[int], dict[int, tuple], dict[int, str], dict[int, int]]] = []
    for group in groups:
        new_ids = sorted(x for x in group if isinstance(x, int))
        claims = sorted(x[1] for x in group if not isinstance(x, int))
        if not claims:
            m = {s: new_key[s] for s in new_ids}
            t = {s: new[s].text for s in new_ids}
            d = {s: bump[s] for s in new_ids if s in bump}
            fresh.append((new_ids, m, t, d))
            continue
        states = [book.claims[c] for c in claims]
        target = states[0]
        if len(states) > 1:
            # As the recluster does: keep the claim of the first appearance, else the one
            # holding the earliest-stored statement, so ratings stay with their claim.
            first = min(
                [st.first_id for st in states] + new_ids,
                key=lambda s: new_key[s] if s in new_key else book_key(s),
            )
            target = (
                book.claims[book.claim_of[first]]
                if first not in new
                else min(states, key=lambda st: min(st.members))
            )
        others = [st for st in states if st is not target]
        changed = set(new_ids) | {s for s in bump if s not in new and node(s) in group}
        for other in others:
            _fold(session, book, target, other)
            changed |= {other.first_id, other.canonical_id}
        for s in new_ids:
            target.members[s] = new_key[s]
            target.texts[s] = new[s].text
            book.claim_of[s] = target.id
            result[s] = target.id
        for s in changed:
            if s in bump:
                target.degree[s] = target.degree.get(s, 0) + bump[s]
        target.settle(changed)
        _store_target(uow, target)

    if fresh:
        states = []
        for ids, m, t, d in fresh:
            state = _Claim(0, m, t, d, min(ids, key=m.__getitem__), 0, {})
            state.canonical_id = min(ids, key=state.rank)
            states.append(state)
        values = [
            {"canonical_text": st.texts[st.canonical_id], "first_statement_id": st.first_id}
            for st in states
        ]
        claim_ids = uow.insert(Claim, values)
        for state, vals, cid in zip(states, values, claim_ids, strict=True):
            state.id, state.row = cid, vals
            book.claims[cid] = state
            for s in state.members:
                book.claim_of[s] = cid
                result[s] = cid
    return result


def _fold(session: Session, book: _Book, target: _Claim, other: _Claim) -> None:
    """Move every statement of `other` into `target`; `other` is deleted, or kept as
    `merged` when reviews refer to it."""
    for st in session.scalars(select(Statement).where(Statement.claim_id == other.id)):
        st.claim_id = target.id
    target.members.update(other.members)
    target.texts.update(other.texts)
    for s, n in other.degree.items():
        target.degree[s] = target.degree.get(s, 0) + n
    for s in other.members:
        book.claim_of[s] = target.id
    session.flush()
    retire(session, session.get(Claim, other.id))
    del book.claims[other.id]


def retire(session: Session, claim: Claim) -> None:
    """A claim left with no statements: deleted, or kept as `merged` when reviews refer to
    it (its reviews stay on the record)."""
    reviewed = session.scalar(
        select(func.count()).select_from(Review).where(Review.claim_id == claim.id)
    )
    if reviewed:
        claim.status = "merged"
        claim.first_statement_id = None
    else:
        session.delete(claim)


class StaleClaim(Exception):
    """A claim changed behind the book's back (the import is retried with fresh caches)."""


_UPDATE = (
    update(Claim)
    .where(Claim.id == bindparam("match_id"), Claim.version == bindparam("match_version"))
    .values(
        first_statement_id=bindparam("first_statement_id"),
        canonical_text=bindparam("canonical_text"),
        status=bindparam("status"),
        version=bindparam("version"),
    )
)


def _store_target(uow: UnitOfWork, state: _Claim) -> None:
    """Write the claim's new first appearance and canonical text, if they changed, with a
    versioned Core update recorded in `uow`."""
    row = state.row
    new = dict(
        row,
        first_statement_id=state.first_id,
        # a reviewer's wording (`ledger correct claim-text`) outlives new appearances
        canonical_text=(
            row["canonical_text"] if row["status"] == "edited" else state.texts[state.canonical_id]
        ),
        status="open" if row["status"] == "merged" else row["status"],
    )
    if new == row:
        return
    new["version"] = row["version"] + 1
    result = uow.session.connection().execute(
        _UPDATE, dict(new, match_id=row["id"], match_version=row["version"])
    )
    if result.rowcount != 1:
        raise StaleClaim(f"claim {row['id']} changed during the import")
    state.row = new
    uow.updated(Claim, new)
