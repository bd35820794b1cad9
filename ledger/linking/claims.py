"""Claims: clusters of statements that make the same claim, built from links and decisions.

Edges that join: links with status `auto` on a joining relation (`model.JOINING`) and every
reviewer-confirmed pair. Suggested links never join, and neither does a `conflicts` link,
whatever its status: a conflict a reviewer confirmed (`conflicting_pairs`) says the two
statements do conflict, so it is kept apart like a rejected pair. A rejected pair is a
*cannot-link* constraint: its two statements never end up in the same claim, neither
directly nor through other statements, so a rejected link does not come back by itself
after a rebuild.

The links need not be a complete graph: the Linker links a statement to a bounded number
of members of its claim, and a claim is what those links connect. Edges are applied in a fixed order (confirmed
first, then auto links by descending score, then by pair) and an edge that would join two
groups holding a rejected pair is skipped, which makes the result deterministic.

Each claim gets a canonical statement (the one with the most joining edges inside the
claim, ties broken by first appearance) and its first appearance (earliest `stated_on`,
then `published_on`, then import order).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from .model import JOINING, LinkItem, ProposedLink, order_key

__all__ = ["Claim", "build_claims", "connected_groups", "match_claims"]


@dataclass(frozen=True, slots=True)
class Claim:
    statement_ids: tuple[int, ...]
    canonical_id: int
    canonical_text: str
    first_id: int


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def connected_groups(
    pairs: Iterable[tuple[Hashable, Hashable]], nodes: Iterable[Hashable] = ()
) -> list[list[Hashable]]:
    """The connected groups of `nodes` and the ends of `pairs` (plain connectivity)."""
    parent: dict[Hashable, Hashable] = {}

    def find(x: Hashable) -> Hashable:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x in nodes:
        find(x)
    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[Hashable, list[Hashable]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    return list(groups.values())


def build_claims(
    item_ids: Iterable[int],
    links: Iterable[ProposedLink],
    confirmed_pairs: Iterable[tuple[int, int]] = (),
    rejected_pairs: Iterable[tuple[int, int]] = (),
    order_info: Mapping[int, LinkItem] | None = None,
    *,
    include_singletons: bool = True,
    conflicting_pairs: Iterable[tuple[int, int]] = (),
) -> list[Claim]:
    """Cluster statements into claims; sorted by first appearance.

    `confirmed_pairs`: pairs a reviewer confirmed as the same claim; `conflicting_pairs`:
    pairs a reviewer confirmed as conflicting (never joined, kept apart like
    `rejected_pairs`). `order_info` maps id -> LinkItem (text and dates); ids missing from
    it sort by id and get an empty canonical text.
    """
    info = order_info or {}
    ids = sorted(set(item_ids))
    rejected = {_pair(a, b) for a, b in (*rejected_pairs, *conflicting_pairs) if a != b}
    confirmed = {_pair(a, b) for a, b in confirmed_pairs if a != b} - rejected

    edges: list[tuple[int, float, tuple[int, int]]] = [(0, 0.0, p) for p in confirmed]
    for link in links:
        p = _pair(link.a_id, link.b_id)
        if (
            link.status == "auto"
            and link.relation in JOINING
            and p not in rejected
            and p not in confirmed
        ):
            edges.append((1, -float(link.score), p))
    edges.sort()

    parent = {i: i for i in ids}
    members: dict[int, set[int]] = {i: {i} for i in ids}
    forbidden: dict[int, set[int]] = {}
    for a, b in rejected:
        if a in parent and b in parent:
            forbidden.setdefault(a, set()).add(b)
            forbidden.setdefault(b, set()).add(a)

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    joined: list[tuple[int, int]] = []
    for _, _, (a, b) in edges:
        if a not in parent or b not in parent:
            continue
        ra, rb = find(a), find(b)
        if ra == rb:
            joined.append((a, b))
            continue
        fa, fb = forbidden.get(ra), forbidden.get(rb)
        if (fa and not fa.isdisjoint(members[rb])) or (fb and not fb.isdisjoint(members[ra])):
            continue
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra] |= members.pop(rb)
        if fb:
            forbidden.setdefault(ra, set()).update(forbidden.pop(rb))
        joined.append((a, b))

    degree: dict[int, int] = {}
    for a, b in joined:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1

    def key(i: int) -> tuple:
        item = info.get(i)
        return order_key(item) if item is not None else ((1, ""), (1, ""), i, i)

    claims = []
    for root, group in members.items():
        if find(root) != root:
            continue
        if len(group) == 1 and not include_singletons:
            continue
        ordered = sorted(group, key=key)
        first = ordered[0]
        canonical = min(ordered, key=lambda i: (-degree.get(i, 0), key(i)))
        item = info.get(canonical)
        claims.append(Claim(tuple(sorted(group)), canonical, item.text if item else "", first))
    claims.sort(key=lambda c: key(c.first_id))
    return claims


def match_claims(
    previous: Mapping[int, Iterable[int]], claims: list[Claim]
) -> list[tuple[int | None, Claim]]:
    """Carry claim ids (and what hangs on them: ratings, reviews) over a rebuild.

    `previous` maps an existing claim id to its statement ids. Each new claim takes the id
    of the previous claim it shares most statements with (largest overlap first, then
    smaller ids), each previous id at most once; new claims without one get None.
    """
    owner: dict[int, int] = {}
    for claim_id, statement_ids in previous.items():
        for sid in statement_ids:
            owner[sid] = claim_id
    scored: list[tuple[int, int, int]] = []
    for n, claim in enumerate(claims):
        counts: dict[int, int] = {}
        for sid in claim.statement_ids:
            cid = owner.get(sid)
            if cid is not None:
                counts[cid] = counts.get(cid, 0) + 1
        scored.extend((-overlap, cid, n) for cid, overlap in counts.items())
    scored.sort()
    taken: set[int] = set()
    assigned: dict[int, int] = {}
    for _, cid, n in scored:
        if cid in taken or n in assigned:
            continue
        taken.add(cid)
        assigned[n] = cid
    return [(assigned.get(n), claim) for n, claim in enumerate(claims)]
