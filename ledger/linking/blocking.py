"""Candidate blocking: which stored statements are worth scoring against a new one.

Keys are hashed *content-word bigrams* (adjacent tokens after stop words are removed) and
skip-bigrams (tokens two apart, in the same key space), plus the lone content word of texts
that have only one. The skip-bigrams make sure one inserted, dropped or changed word never
breaks every key of a short quote: "risky bet" and "risky unwise bet" share "risky bet".
Two statements are candidates when they share at least one key. The keys of a statement
depend on that statement alone (a stable CRC-32 of the bigram, not a corpus-dependent
rarity rank), and a pair of long statements must share two keys (one for shorter ones), so
without bounds "is (a, b) a candidate pair" depends on a and b only; with the bounds below
it depends on them and the statements with smaller ids, which is still the same whether
linking is incremental (in id order) or a rebuild. That is what makes links
order-independent.

Why bigrams: content-word unigrams are far too common at a million statements (postings of
tens of thousands), while repeats and altered quotes share almost all their bigrams and
paraphrases (synonyms, reordered clauses, truncation) still share some. Blocking recall
against brute-force scoring is measured in benchmarks/bench_linking.py.

Postings map key -> internal index (an int while a key has one statement, a list after),
which keeps the million-statement index near 100 bytes per statement. The `Linker` adds
statements in id order, so every posting list is sorted and "the statements before this
one" is a prefix of it.

Bounded postings: a key shared by a viral quote's 100,000 appearances would make every new
appearance score all of them. `candidates(keys, before, head, tail)` takes from each
posting at most its `head` oldest and `tail` most recent entries before position `before`:
a function of the statements with smaller ids only, so a rebuild (which passes `before`)
proposes what incremental linking (which has nothing later indexed yet) proposed. The
cost is recall on keys longer than head + tail, measured in benchmarks/bench_linking.py.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable

__all__ = ["CandidateIndex", "blocking_keys"]


def blocking_keys(content: str) -> list[int]:
    """Stable 32-bit keys of a content text (stop words already removed), deduplicated."""
    toks = content.split()
    if len(toks) < 2:
        return [zlib.crc32(toks[0].encode())] if toks else []
    # One CRC per token, pairs combined arithmetically: stable across processes (unlike
    # hash()) and about twice as fast as hashing every pair's text.
    h = [zlib.crc32(t.encode()) for t in toks]
    keys = {(x * 1000003 ^ y) & 0xFFFFFFFF for x, y in zip(h, h[1:], strict=False)}
    keys.update((x * 1000003 ^ y) & 0xFFFFFFFF for x, y in zip(h, h[2:], strict=False))
    return sorted(keys)


class CandidateIndex:
    """Inverted index from blocking keys to internal statement indices (ints)."""

    __slots__ = ("_nkeys", "_post")

    # Two statements that both have at least LONG keys must share two of them: one common
    # phrase ("white house") is not enough to score two long texts. Shorter ones need one,
    # because a single changed word can leave a short quote only one key.
    LONG = 8

    def __init__(self) -> None:
        self._post: dict[int, int | list[int]] = {}
        self._nkeys = bytearray()

    def __len__(self) -> int:
        return len(self._post)

    def add(self, idx: int, keys: list[int]) -> None:
        if idx >= len(self._nkeys):
            self._nkeys.extend(bytes(idx + 1 - len(self._nkeys)))
        self._nkeys[idx] = min(len(keys), 255)
        post = self._post
        for k in keys:
            cur = post.get(k)
            if cur is None:
                post[k] = idx
            elif cur.__class__ is int:
                post[k] = [cur, idx]
            else:
                cur.append(idx)

    def remove(self, idx: int, keys: Iterable[int]) -> None:
        if idx < len(self._nkeys):
            self._nkeys[idx] = 0
        post = self._post
        for k in keys:
            cur = post.get(k)
            if cur is None:
                continue
            if cur.__class__ is int:
                if cur == idx:
                    del post[k]
            else:
                try:
                    cur.remove(idx)
                except ValueError:
                    continue
                if len(cur) == 1:
                    post[k] = cur[0]

    def candidates(
        self,
        keys: list[int],
        before: int | None = None,
        head: int | None = None,
        tail: int = 0,
    ) -> set[int]:
        """Internal indices sharing one key, or two when both statements have LONG keys.

        `before`: only indices below it (postings must be sorted, as the Linker keeps
        them). `head`/`tail`: from a posting longer than head + tail, only its `head`
        first and `tail` last entries (below `before`) count. The rule depends on the
        statement and those indexed before it only, so candidate pairs do not depend on
        what arrived later or in which order the index was built.
        """
        post = self._post
        out: list[int] = []
        limit = None if head is None else head + tail
        for k in keys:
            cur = post.get(k)
            if cur is None:
                continue
            if cur.__class__ is int:
                if before is None or cur < before:
                    out.append(cur)
                continue
            end = len(cur) if before is None else bisect_left(cur, before)
            if limit is None or end <= limit:
                out.extend(cur if end == len(cur) else cur[:end])
            else:
                out.extend(cur[:head])
                out.extend(cur[end - tail : end])
        if len(keys) < self.LONG:
            return set(out)
        nkeys, long_ = self._nkeys, self.LONG
        return {j for j, c in Counter(out).items() if c >= 2 or nkeys[j] < long_}

    def postings_stats(self) -> dict[str, int]:
        sizes = [1 if v.__class__ is int else len(v) for v in self._post.values()]
        return {
            "keys": len(sizes),
            "postings": sum(sizes),
            "max_posting": max(sizes, default=0),
        }

    # Pickling support (slots, no __dict__).
    def __getstate__(self) -> tuple[dict[int, int | list[int]], bytearray]:
        return self._post, self._nkeys

    def __setstate__(self, state: tuple[dict[int, int | list[int]], bytearray]) -> None:
        self._post, self._nkeys = state
