"""The history's Merkle tree against RFC 9162 §2.1, computed here independently of the
module from the RFC's recursive definitions (and CT's published test vectors)."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.store import merkle


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def ref_mth(d: list[bytes]) -> bytes:
    """RFC 9162 §2.1.1, literally."""
    n = len(d)
    if n == 0:
        return _h(b"")
    if n == 1:
        return _h(b"\x00" + d[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return _h(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:]))


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_path(m: int, d: list[bytes]) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(m, D[n])."""
    n = len(d)
    if n == 1:
        return []
    k = _k(n)
    if m < k:
        return ref_path(m, d[:k]) + [ref_mth(d[k:])]
    return ref_path(m - k, d[k:]) + [ref_mth(d[:k])]


def ref_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    """RFC 9162 §2.1.4.1 SUBPROOF(m, D[n], b)."""
    n = len(d)
    if m == n:
        return [] if b else [ref_mth(d)]
    k = _k(n)
    if m <= k:
        return ref_subproof(m, d[:k], b) + [ref_mth(d[k:])]
    return ref_subproof(m - k, d[k:], False) + [ref_mth(d[:k])]


def _data(n: int) -> list[bytes]:
    return [_h(i.to_bytes(4, "big")) for i in range(n)]


def _tree(d: list[bytes], with_stored: bool) -> merkle.Tree:
    leaves = [merkle.leaf_hash(x) for x in d]

    def tiles(t: int) -> list[bytes]:
        return leaves[t * merkle.TILE : (t + 1) * merkle.TILE]

    stored = None
    if with_stored:
        # complete nodes of a tile or more, as the table holds them (some left out: recomputed)
        def stored(level: int, index: int) -> bytes | None:
            if index % 3 == 2:
                return None
            span = 1 << level
            return ref_mth(d[index * span : (index + 1) * span])

    return merkle.Tree(len(d), tiles, stored)


def test_ct_test_vectors():
    # the leaves and roots of certificate-transparency's merkle tree tests (RFC 6962 data)
    leaves = [
        b"",
        b"\x00",
        b"\x10",
        b"\x20\x21",
        b"\x30\x31",
        b"\x40\x41\x42\x43",
        bytes(range(0x50, 0x58)),
        bytes(range(0x60, 0x70)),
    ]
    roots = {
        1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    }
    for n, root in roots.items():
        assert _tree(leaves[:n], False).root().hex() == root
        assert ref_mth(leaves[:n]).hex() == root
    assert merkle.Tree(0, lambda t: []).root() == _h(b"")


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 700), st.data(), st.booleans())
def test_inclusion_proofs_match_rfc_and_verify(n, data, with_stored):
    d = _data(n)
    tree = _tree(d, with_stored)
    root = ref_mth(d)
    assert tree.root() == root
    for _ in range(3):
        i = data.draw(st.integers(0, n - 1))
        path = merkle.inclusion_path(tree, i)
        assert path == ref_path(i, d)
        leaf = merkle.leaf_hash(d[i])
        assert merkle.verify_inclusion(i, n, leaf, path, root)
        # a proof for another leaf, another place, a changed node or another root fails
        assert not merkle.verify_inclusion(i, n, merkle.leaf_hash(b"forged"), path, root)
        if n > 1:
            assert not merkle.verify_inclusion((i + 1) % n, n, leaf, path, root)
            bad = list(path)
            j = data.draw(st.integers(0, len(bad) - 1))
            bad[j] = _h(bad[j])
            assert not merkle.verify_inclusion(i, n, leaf, bad, root)
            assert not merkle.verify_inclusion(i, n, leaf, path[:-1], root)
        assert not merkle.verify_inclusion(i, n, leaf, path, _h(root))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 700), st.data(), st.booleans())
def test_consistency_proofs_match_rfc_and_verify(n, data, with_stored):
    d = _data(n)
    tree = _tree(d, with_stored)
    m = data.draw(st.integers(1, n))
    proof = merkle.consistency_proof(tree, m)
    if m < n:
        assert proof == ref_subproof(m, d, True)
    else:
        assert proof == []
    old, new = ref_mth(d[:m]), ref_mth(d)
    assert tree.root(m) == old
    assert merkle.verify_consistency(m, n, old, new, proof)
    # a rewritten old tree, another new root, a changed node or wrong sizes fail
    assert not merkle.verify_consistency(m, n, _h(old), new, proof)
    assert not merkle.verify_consistency(m, n, old, _h(new), proof)
    if proof:
        j = data.draw(st.integers(0, len(proof) - 1))
        bad = list(proof)
        bad[j] = _h(bad[j])
        assert not merkle.verify_consistency(m, n, old, new, bad)
    if m > 1:
        assert not merkle.verify_consistency(m - 1, n, old, new, proof)
    assert not merkle.verify_consistency(n + 1, n, old, new, proof)


def test_a_forked_history_has_no_consistency_proof():
    d = _data(300)
    forked = list(d)
    forked[17] = _h(b"rewritten")
    tree = _tree(forked, True)
    proof = merkle.consistency_proof(tree, 200)
    assert not merkle.verify_consistency(200, 300, ref_mth(d[:200]), tree.root(), proof)


def test_trees_past_a_tile_with_stored_nodes():
    # always run beyond one tile of 256, where stored nodes are used (some left out)
    d = _data(1100)
    tree = _tree(d, True)
    assert tree.root() == ref_mth(d)
    for i in (0, 255, 256, 700, 1099):
        assert merkle.inclusion_path(tree, i) == ref_path(i, d)
    for m in (1, 256, 600, 1024, 1099):
        assert merkle.consistency_proof(tree, m) == ref_subproof(m, d, True)
