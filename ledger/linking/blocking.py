"""Candidate blocking: which stored statements are worth scoring against a new one.

Keys are hashed *content-word bigrams* (adjacent tokens after stop words are removed) and
skip-bigrams (tokens two apart, in the same key space), plus the lone content word of texts
that have only one. The skip-bigrams make sure one inserted, dropped or changed word never
breaks every key of a short quote: "risky bet" and "risky unwise bet" share "risky bet". Two statements are candidates when they
share at least one key. The keys of a statement depend on that statement alone (a stable
CRC-32 of the bigram, not a corpus-dependent rarity rank), so "is (a, b) a candidate pair"
depends on a and b only: linking incrementally in any order and rebuilding from scratch
propose exactly the same pairs. That is what makes links order-independent.

Why bigrams: content-word unigrams are far too common at a million statements (postings of
tens of thousands), while repeats and altered quotes share almost all their bigrams and
paraphrases (synonyms, reordered clauses, truncation) still share some. Blocking recall
against brute-force scoring is measured in benchmarks/bench_linking.py.

Postings map key -> internal index (an int while a key has one statement, a list after),
which keeps the million-statement index near 100 bytes per statement.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

__all__ = ["CandidateIndex", "blocking_keys"]


def blocking_keys(content: str) -> list[int]:
    """Stable 32-bit keys of a content text (stop words already removed), deduplicated."""
    toks = content.split()
    if len(toks) < 2:
        return [zlib.crc32(toks[0].encode())] if toks else []
    pairs = list(zip(toks, toks[1:], strict=False)) + list(zip(toks, toks[2:], strict=False))
    return sorted({zlib.crc32(f"{x} {y}".encode()) for x, y in pairs})


class CandidateIndex:
    """Inverted index from blocking keys to internal statement indices (ints)."""

    __slots__ = ("_post",)

    def __init__(self) -> None:
        self._post: dict[int, int | list[int]] = {}

    def __len__(self) -> int:
        return len(self._post)

    def add(self, idx: int, keys: Iterable[int]) -> None:
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

    def candidates(self, keys: Iterable[int]) -> set[int]:
        """Internal indices sharing at least one key."""
        post = self._post
        out: list[int] = []
        for k in keys:
            cur = post.get(k)
            if cur is None:
                continue
            if cur.__class__ is int:
                out.append(cur)
            else:
                out.extend(cur)
        return set(out)

    def postings_stats(self) -> dict[str, int]:
        sizes = [1 if v.__class__ is int else len(v) for v in self._post.values()]
        return {
            "keys": len(sizes),
            "postings": sum(sizes),
            "max_posting": max(sizes, default=0),
        }

    # Pickling support (slots, no __dict__).
    def __getstate__(self) -> dict[int, int | list[int]]:
        return self._post

    def __setstate__(self, state: dict[int, int | list[int]]) -> None:
        self._post = state
