"""The Merkle tree over the history (RFC 9162 §2.1), its proofs, and its stored state.

Leaves are the events' hashes in `seq` order: leaf `i` (from 0) is event `seq = i + 1`, and
its data is the 32 bytes of `event.hash`. As in Certificate Transparency,
`leaf_hash(d) = SHA-256(0x00 || d)` and `node_hash(l, r) = SHA-256(0x01 || l || r)`, and the
tree of `n` leaves splits at the largest power of two below `n`. The chain already commits
every event to the ones before it; the tree adds proofs of logarithmic size: that an event
is in a signed history (inclusion) and that a later history extends an earlier one
(consistency), checkable by anyone holding the proof and a signed root, without the database.

The pure part (no database): `range_hash` over any `Tree`, `inclusion_path`,
`consistency_proof`, and the checks `verify_inclusion` / `verify_consistency`, written
after the RFC's verification algorithms (§2.1.3.2, §2.1.4.2).

The stored part: `merkle_node` (`MerkleNode`) keeps the hash of every complete subtree of
`2**TILE_LEVEL` (256) leaves or more, about 2 rows per 256 events, so a root or a proof
needs O(log n) stored nodes and at most two tiles of 256 event hashes. The table is derived
(never journaled, not part of the chain): `catch_up` extends it from the events when a
checkpoint is taken, a missing node is recomputed from the ones below it, and
`recompute` rebuilds the whole tree from the events alone, which is what `verify
--checkpoint` trusts (the stored nodes are only compared with it, never believed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from ledger.errors import IntegrityFailure
from ledger.store.models import Event, MerkleNode

#: stored nodes are complete subtrees of 2**TILE_LEVEL leaves or more
TILE_LEVEL = 8
TILE = 1 << TILE_LEVEL
#: event hashes read per query when many tiles are (re)computed
_READ_TILES = 64

_sha256 = hashlib.sha256
EMPTY_ROOT = _sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 leaf hash: SHA-256(0x00 || data)."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 interior node: SHA-256(0x01 || left || right)."""
    return _sha256(b"\x01" + left + right).digest()


def event_leaf(event_hash_hex: str) -> bytes:
    """The leaf hash of an event, from its stored hex `hash`."""
    return _sha256(b"\x00" + bytes.fromhex(event_hash_hex)).digest()


def _split(size: int) -> int:
    """The largest power of two smaller than `size` (size >= 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def _tile_levels(leaves: list[bytes]) -> list[list[bytes]]:
    """Every complete node above `leaves` (level 0 first), as far as they pair up."""
    levels = [leaves]
    row = leaves
    while len(row) > 1:
        # (inlined: half of a million-event rebuild is these hashes)
        row = [_sha256(b"\x01" + row[i] + row[i + 1]).digest() for i in range(0, len(row) - 1, 2)]
        levels.append(row)
    return levels


class Tree:
    """A Merkle tree of `size` leaves whose nodes come from somewhere: tiles of leaf hashes
    (`tile_leaves(t)`: the leaf hashes of leaves t*TILE … up to TILE of them) and, when
    given, stored complete nodes (`stored(level, index)`, None when not stored).

    Nodes computed are remembered, so proofs for several leaves share the work."""

    def __init__(
        self,
        size: int,
        tile_leaves: Callable[[int], list[bytes]],
        stored: Callable[[int, int], bytes | None] | None = None,
    ) -> None:
        self.size = size
        self._tile_leaves = tile_leaves
        self._stored = stored
        self.nodes: dict[tuple[int, int], bytes] = {}

    def node(self, level: int, index: int) -> bytes:
        """The hash of the complete subtree over leaves [index*2**level, (index+1)*2**level)."""
        key = (level, index)
        found = self.nodes.get(key)
        if found is not None:
            return found
        if (index + 1) << level > self.size:
            raise ValueError(f"node ({level}, {index}) is not within a tree of {self.size}")
        if level >= TILE_LEVEL:
            found = self._stored(level, index) if self._stored else None
            if found is None:
                found = node_hash(
                    self.node(level - 1, 2 * index), self.node(level - 1, 2 * index + 1)
                )
        else:
            tile = (index << level) >> TILE_LEVEL
            self._load_tile(tile)
            found = self.nodes[key]
        self.nodes[key] = found
        return found

    def _load_tile(self, tile: int) -> None:
        leaves = self._tile_leaves(tile)
        for level, row in enumerate(_tile_levels(leaves)):
            first = tile << (TILE_LEVEL - level)
            for i, digest in enumerate(row):
                self.nodes[(level, first + i)] = digest

    def range_hash(self, start: int, end: int) -> bytes:
        """MTH of leaves [start, end), for the ranges RFC 9162's recursion visits (start is
        a multiple of the largest power of two not above end - start)."""
        size = end - start
        if size <= 0:
            return EMPTY_ROOT
        if size & (size - 1) == 0 and start % size == 0:
            return self.node(size.bit_length() - 1, start // size)
        k = _split(size)
        return node_hash(self.range_hash(start, start + k), self.range_hash(start + k, end))

    def root(self, size: int | None = None) -> bytes:
        """The root of the tree's first `size` leaves (all of them by default)."""
        return self.range_hash(0, self.size if size is None else size)


def inclusion_path(tree: Tree, index: int, size: int | None = None) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(index, D[0:size]): the audit path of leaf `index`."""
    size = tree.size if size is None else size
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    path: list[bytes] = []
    start, end = 0, size
    # walk down from the root; the path lists siblings from the leaf up
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            path.append(tree.range_hash(start + k, end))
            end = start + k
        else:
            path.append(tree.range_hash(start, start + k))
            start = start + k
    path.reverse()
    return path


def consistency_proof(tree: Tree, first: int, second: int | None = None) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(first, D[0:second]): that the tree of `second` leaves
    extends the tree of its first `first` (empty when first is 0 or equals second)."""
    second = tree.size if second is None else second
    if not 0 <= first <= second:
        raise ValueError(f"no consistency proof from {first} to {second}")
    if first == 0 or first == second:
        return []
    proof: list[bytes] = []
    start, end, m, whole = 0, second, first, True
    while True:
        if m == end - start:
            if not whole:
                proof.append(tree.range_hash(start, end))
            break
        k = _split(end - start)
        if m <= k:
            proof.append(tree.range_hash(start + k, end))
            end = start + k
        else:
            proof.append(tree.range_hash(start, start + k))
            start, m, whole = start + k, m - k, False
    proof.reverse()
    return proof


def verify_inclusion(
    index: int, size: int, leaf: bytes, path: Iterable[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: whether `path` proves leaf hash `leaf` at `index` in the tree of
    `size` leaves whose root is `root`. Pure; needs no database."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: list[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: whether `proof` shows the tree of `second` leaves (root
    `second_root`) extends the tree of `first` leaves (root `first_root`). Pure."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof and first_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# --- the tree of a ledger's history -------------------------------------------------------


def _node_id(level: int, index: int) -> int:
    """A stored node's id: its "flat tree" position over tiles (tile roots even, the node
    above tiles 2i and 2i+1 at 4i+1, …), so ids of a 2**31-event history fit 32 bits."""
    return ((2 * index + 1) << (level - TILE_LEVEL)) - 1


def _node_place(node_id: int) -> tuple[int, int]:
    """(level, index) of a stored node's id (the inverse of `_node_id`)."""
    up = ((node_id + 1) & -(node_id + 1)).bit_length() - 1  # trailing one bits of the id
    return TILE_LEVEL + up, node_id >> (up + 1)


# Built once, run on the connection (Core): proofs look up a few dozen nodes and tiles, and
# the ORM's per-statement overhead would be most of their time.
_LEAVES = (
    select(Event.seq)
    .where(Event.seq >= bindparam("first"), Event.seq <= bindparam("last"))
    .order_by(Event.seq)
)
_NODE = select(MerkleNode.hash).where(MerkleNode.id == bindparam("id"))


def history_size(session: Session) -> int:
    """How many events the history holds (the newest seq; verify checks there are no gaps)."""
    return session.execute(select(func.coalesce(func.max(Event.seq), 0))).scalar_one()


# Rebuilding the tree reads every event hash: through the driver's own cursor (on the
# session's connection, so in its transaction), a third of the time SQLAlchemy's rows take.
_HASHES_SQL = {
    "qmark": "SELECT hash FROM event WHERE seq >= ? AND seq <= ? ORDER BY seq",
    "format": "SELECT hash FROM event WHERE seq >= %s AND seq <= %s ORDER BY seq",
}


def _event_hashes(session: Session, first: int, last: int) -> list[str]:
    """The hashes of events first..last, checked to be exactly those events."""
    conn = session.connection()
    sql = _HASHES_SQL["qmark" if conn.dialect.paramstyle == "qmark" else "format"]
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, (first, last))
        hashes = [row[0] for row in cursor.fetchall()]
    finally:
        cursor.close()
    if len(hashes) != last - first + 1:  # seq is the key: fewer rows means a gap
        want = first
        for (seq,) in conn.execute(
            _LEAVES.with_only_columns(Event.seq), {"first": first, "last": last}
        ):
            if seq != want:
                break
            want += 1
        raise IntegrityFailure(f"event {want} is missing from the history")
    return hashes


def _leaves(session: Session, start: int, end: int) -> list[bytes]:
    """Leaf hashes of leaves [start, end) (events start+1 … end)."""
    hashes = _event_hashes(session, start + 1, end)
    try:
        return [_sha256(b"\x00" + bytes.fromhex(h)).digest() for h in hashes]
    except (ValueError, TypeError):
        for i, h in enumerate(hashes):
            if not isinstance(h, str) or len(h) != 64:
                raise IntegrityFailure(
                    f"event {start + 1 + i}'s hash is not a SHA-256 in hex"
                ) from None
            try:
                bytes.fromhex(h)
            except ValueError:
                raise IntegrityFailure(
                    f"event {start + 1 + i}'s hash is not a SHA-256 in hex"
                ) from None
        raise


def stored_tree(session: Session, size: int | None = None, below: int | None = None) -> Tree:
    """The tree of the history's first `size` events (all by default), from the stored
    nodes where there are some (with `below`, only nodes within its first `below` leaves)
    and from the events for the rest."""
    size = history_size(session) if size is None else size

    def tiles(tile: int) -> list[bytes]:
        return _leaves(session, tile * TILE, min((tile + 1) * TILE, size))

    conn = session.connection()

    def stored(level: int, index: int) -> bytes | None:
        if below is not None and (index + 1) << level > below:
            return None
        digest = conn.execute(_NODE, {"id": _node_id(level, index)}).scalar()
        try:
            return bytes.fromhex(digest) if digest else None
        except (TypeError, ValueError):
            return None  # not a hash: computed from below instead

    return Tree(size, tiles, stored)


def stored_tiles(session: Session) -> int:
    """How many tiles of TILE leaves the stored nodes cover (from the first)."""
    top = session.execute(select(func.max(MerkleNode.id)).where(MerkleNode.id % 2 == 0)).scalar()
    return 0 if top is None else top // 2 + 1


def _tile_hashes(session: Session, first_tile: int, last_tile: int) -> Iterator[bytes]:
    """The root of each full tile first_tile … last_tile - 1, from the events."""
    for chunk in range(first_tile, last_tile, _READ_TILES):
        upto = min(chunk + _READ_TILES, last_tile)
        leaves = _leaves(session, chunk * TILE, upto * TILE)
        for i in range(0, len(leaves), TILE):
            yield _tile_levels(leaves[i : i + TILE])[-1][0]


def catch_up(
    session: Session,
    size: int | None = None,
    store: bool = True,
    trusted: tuple[int, bytes] | None = None,
) -> Tree:
    """The tree of the first `size` events (all by default), every complete node of TILE
    leaves or more it lacks computed from the events and, with `store`, written to
    `merkle_node` (in a write transaction: the writer lock keeps catch-ups from racing).

    Without `trusted`, the stored nodes are believed (fine for proofs: a verifier checks
    them against a signed root). With `trusted = (m, root)`, a root signed before, only the
    stored nodes within the first m events are used, and only once they give that root;
    if they do not, the whole tree is rebuilt from the events, which must give it, or
    IntegrityFailure: those events are not the ones signed. Everything after them is
    computed from the events, so a signer never signs a node it did not check.
    `trusted=(0, EMPTY_ROOT)` rebuilds everything from the events."""
    size = history_size(session) if size is None else size
    full = size // TILE
    if trusted is None:
        tree, start = stored_tree(session, size), stored_tiles(session)
    else:
        m, root = trusted
        start = m // TILE
        tree = stored_tree(session, size, below=start * TILE)
        if m > size:
            raise IntegrityFailure(f"the history has {size} events, fewer than the {m} signed")
        if tree.root(m) != root:
            tree, start = recompute(session, size).tree, 0
            if tree.root(m) != root:
                raise IntegrityFailure(
                    f"the history's first {m} events are not the ones signed: rewritten or forked"
                )
    new: dict[tuple[int, int], bytes] = {}
    missing = [i for i in range(start, full) if (TILE_LEVEL, i) not in tree.nodes]
    if missing:
        for i, digest in enumerate(_tile_hashes(session, missing[0], full), start=missing[0]):
            tree.nodes[(TILE_LEVEL, i)] = digest
    for i in range(start, full):
        new[(TILE_LEVEL, i)] = tree.nodes[(TILE_LEVEL, i)]
    shift = 1
    while full >> shift:
        level = TILE_LEVEL + shift
        for index in range(start >> shift, full >> shift):
            # children: just computed, or (the left one, at the old edge) stored and trusted
            digest = node_hash(tree.node(level - 1, 2 * index), tree.node(level - 1, 2 * index + 1))
            new[(level, index)] = tree.nodes[(level, index)] = digest
        shift += 1
    if store and new:
        ids = sorted(_node_id(lv, ix) for lv, ix in new)
        if stored_tiles(session) > start:  # nodes stored past what is trusted: replaced
            for i in range(0, len(ids), 500):
                session.execute(delete(MerkleNode).where(MerkleNode.id.in_(ids[i : i + 500])))
        session.execute(
            MerkleNode.__table__.insert(),
            [{"id": _node_id(lv, ix), "hash": d.hex()} for (lv, ix), d in new.items()],
        )
    return tree


def forget(session: Session) -> int:
    """Delete the stored state (it is rebuilt from the events by the next `catch_up`)."""
    return session.execute(delete(MerkleNode)).rowcount or 0


@dataclass
class Recomputed:
    """The tree rebuilt from the events alone, and where the stored nodes disagree with it."""

    tree: Tree
    #: leaves [start, end) of the first stored node that differs from the events', if any
    stored_differs: tuple[int, int] | None


def recompute(session: Session, size: int | None = None) -> Recomputed:
    """The tree of the first `size` events (all by default) from the events alone: every
    event hash is read (in pages) and hashed; no stored node is believed. The stored tile
    nodes are compared with the result on the way."""
    size = history_size(session) if size is None else size
    full = size // TILE
    tops: dict[tuple[int, int], bytes] = {}
    for i, digest in enumerate(_tile_hashes(session, 0, full)):
        tops[(TILE_LEVEL, i)] = digest

    def tiles(tile: int) -> list[bytes]:
        return _leaves(session, tile * TILE, min((tile + 1) * TILE, size))

    tree = Tree(size, tiles, None)
    tree.nodes.update(tops)
    differs = None
    rows = session.execute(select(MerkleNode.id, MerkleNode.hash).order_by(MerkleNode.id))
    for node_id, digest in rows:
        level, index = _node_place(node_id)
        if (index + 1) << level > size:
            continue  # beyond the events asked about
        if tree.node(level, index).hex() != digest:
            first = index << level
            if differs is None or first < differs[0]:
                differs = (first, (index + 1) << level)
    return Recomputed(tree, differs)
