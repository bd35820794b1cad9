"""Search: "has this been checked before?" — the stored statements most similar to a query.

Two stages, both lexical (no model, no network):

1. BM25 over search terms of the statement text plus its optional title (the source's
   title), from an inverted index that grows with `add`. Search terms are normalised
   content tokens with a light suffix-stripping stemmer, plus word bigrams.
2. The best `rerank` BM25 hits are re-scored with rapidfuzz (token_set and partial
   token_sort ratios of the query's content words against the statement's), and the final
   score mixes the normalised BM25 score with the rapidfuzz one.

Queries are often social-media posts: URLs, "pic.twitter.com/…" links, emoji and the date
of a "— Name (@handle) date" signature are removed; @CamelCaseHandles and #CamelCaseHashtags
become words (handles often name the person a claim is about). Chosen on the CheckThat 2020
train split, see docs/linking.md. Ties are broken by id, so results are deterministic.
"""

from __future__ import annotations

import math
import pickle
import re
from array import array
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from .normalise import STOP_WORDS, normalise

__all__ = ["SearchParams", "SimilarIndex", "clean_query", "search_terms", "stem"]

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
# The "(@handle) Month D, YYYY" ending an embedded post's signature is noise; the author's
# name before it stays (it often names the person the claim is about).
_SIGNATURE_DATE = re.compile(
    r"\(@\w+\)\s*(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+\d{1,2},\s+\d{4}"
)
_HANDLE = re.compile(r"@\w+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_RT = re.compile(r"^\s*RT\b:?", re.IGNORECASE)


def clean_query(text: str, segment: Callable[[str], str] | None = None) -> str:
    """Strip social-media noise from a query while keeping its words.

    `segment` splits a hashtag or handle written without capitals ("#tentcity") into
    words; CamelCase ones are split at the capitals.
    """

    def words(tag: str) -> str:
        split = _CAMEL.sub(" ", tag)
        if split == tag and segment is not None:
            split = segment(tag)
        return f" {split} "

    text = _URL.sub(" ", text)
    text = _SIGNATURE_DATE.sub(" ", text)
    text = _RT.sub(" ", text)
    text = _HANDLE.sub(lambda m: words(m.group(0)[1:]), text)
    return _HASHTAG.sub(lambda m: words(m.group(1)), text)


_FORMAT = "ledger.linking.SimilarIndex/1"
_SUFFIXES = ("ingly", "edly", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A deliberately light stemmer: strips a few inflections from words of 5+ letters."""
    if len(word) < 5 or not word.isalpha():
        return word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            base = word[: -len(suf)]
            if suf in ("ies", "ied"):
                return base + "y"
            if suf == "s" and word.endswith("ss"):
                return word
            return base
    return word


def search_terms(text: str, *, bigrams: bool = True) -> list[str]:
    toks = [stem(t) for t in normalise(text).split() if t not in STOP_WORDS]
    if bigrams and len(toks) > 1:
        toks += [f"{x}_{y}" for x, y in zip(toks, toks[1:], strict=False)]
    return toks


@dataclass(frozen=True, slots=True)
class SearchParams:
    k1: float = 1.2
    b: float = 0.5
    bigram_weight: float = 0.0
    title_weight: float = 1.0
    rerank: int = 50
    fuzz_weight: float = 0.5
    segment_tags: bool = True


class SimilarIndex:
    """Incremental BM25 + rapidfuzz index of statements (id, text, optional title).

    Postings are compact arrays (about 8 bytes per distinct term of a statement). Adding an
    id again replaces the earlier entry; `remove` drops one (its postings are skipped, and
    document frequencies keep counting it until the index is rebuilt).
    """

    def __init__(self, params: SearchParams | None = None) -> None:
        self.params = params or SearchParams()
        self._ids: list[Hashable] = []
        self._pos: dict[Hashable, int] = {}
        self._alive = bytearray()
        self._content: list[str] = []
        self._len = array("f")
        self._post: dict[str, tuple[array, array]] = {}
        self._total_len = 0.0
        # Document frequency of plain normalised words, for splitting run-together hashtags.
        self._words: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._pos)

    def add(self, item_id: Hashable, text: str, title: str | None = None) -> None:
        if item_id in self._pos:
            self.remove(item_id)
        p = self.params
        idx = len(self._ids)
        self._ids.append(item_id)
        self._pos[item_id] = idx
        self._alive.append(1)
        tf: dict[str, float] = {}
        for source, weight in ((text, 1.0), (title or "", p.title_weight)):
            for term in search_terms(source, bigrams=p.bigram_weight > 0):
                w = weight * (p.bigram_weight if "_" in term else 1.0)
                tf[term] = tf.get(term, 0.0) + w
        length = sum(tf.values())
        self._len.append(length)
        self._total_len += length
        post = self._post
        for term, f in tf.items():
            cur = post.get(term)
            if cur is None:
                post[term] = (array("I", (idx,)), array("f", (f,)))
            else:
                cur[0].append(idx)
                cur[1].append(f)
        norm = normalise(text if not title else f"{text} {title}").split()
        for w in set(norm):
            self._words[w] = self._words.get(w, 0) + 1
        self._content.append(" ".join(t for t in norm if t not in STOP_WORDS))

    def remove(self, item_id: Hashable) -> None:
        idx = self._pos.pop(item_id, None)
        if idx is None:
            return
        self._alive[idx] = 0
        self._total_len -= self._len[idx]
        self._content[idx] = ""

    def build(self, items: Iterable[tuple[Hashable, str, str | None]]) -> None:
        for item_id, text, title in items:
            self.add(item_id, text, title)

    def save(self, path: str | Path) -> None:
        tmp = Path(f"{path}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump((_FORMAT, self.__dict__), f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | Path) -> SimilarIndex:
        """Load an index written by `save` (trusted local file: it is a pickle)."""
        with open(path, "rb") as f:
            fmt, state = pickle.load(f)  # noqa: S301 - our own cache file
        if fmt != _FORMAT:
            raise ValueError(f"{path}: not a {_FORMAT} file")
        index = cls.__new__(cls)
        index.__dict__.update(state)
        return index

    def _segment(self, tag: str) -> str:
        """Split a run-together tag into indexed words ("tentcity" -> "tent city").

        Dynamic programming over split points, maximising the summed log document
        frequency of the parts (each at least 2 letters); unknown tags stay whole.
        """
        low = tag.lower()
        if len(low) < 6 or low in self._words or not low.isalpha():
            return tag
        n = len(low)
        best: list[tuple[float, int] | None] = [None] * (n + 1)
        best[0] = (0.0, 0)
        for end in range(2, n + 1):
            for start in range(max(0, end - 20), end - 1):
                prev = best[start]
                df = self._words.get(low[start:end])
                if prev is None or not df:
                    continue
                cand = prev[0] + math.log(df) - 4.0  # a fixed cost per part favours few parts
                if best[end] is None or cand > best[end][0]:  # type: ignore[index]
                    best[end] = (cand, start)
        if best[n] is None:
            return tag
        parts = []
        end = n
        while end > 0:
            start = best[end][1]  # type: ignore[index]
            parts.append(low[start:end])
            end = start
        return " ".join(reversed(parts))

    def _bm25(self, query: str) -> dict[int, float]:
        p = self.params
        n = len(self._pos)
        avg = self._total_len / n if n else 1.0
        scores: dict[int, float] = {}
        qterms: dict[str, float] = {}
        for term in search_terms(query, bigrams=p.bigram_weight > 0):
            qterms[term] = qterms.get(term, 0.0) + (p.bigram_weight if "_" in term else 1.0)
        lengths, alive = self._len, self._alive
        k1, b = p.k1, p.b
        for term, qw in qterms.items():
            post = self._post.get(term)
            if not post:
                continue
            docs, freqs = post
            df = len(docs)
            w = qw * math.log(1.0 + (n - df + 0.5) / (df + 0.5)) * (k1 + 1.0)
            for idx, f in zip(docs, freqs, strict=True):
                if alive[idx]:
                    norm = k1 * (1.0 - b + b * lengths[idx] / avg)
                    scores[idx] = scores.get(idx, 0.0) + w * f / (f + norm)
        return scores

    def search(self, query: str, k: int = 5) -> list[tuple[Hashable, float]]:
        """Top-k (id, score 0-100) best first; ties broken by id."""
        if not self._pos or k <= 0:
            return []
        p = self.params
        cleaned = clean_query(query, self._segment if p.segment_tags else None)
        scores = self._bm25(cleaned)
        if not scores:
            return []
        ids = self._ids
        top = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[: max(k, p.rerank)]
        best = top[0][1] or 1.0
        qc = " ".join(t for t in normalise(cleaned).split() if t not in STOP_WORDS)
        out = []
        for idx, s in top:
            doc = self._content[idx]
            fz = max(fuzz.token_set_ratio(qc, doc), fuzz.partial_token_sort_ratio(qc, doc))
            final = (1.0 - p.fuzz_weight) * 100.0 * s / best + p.fuzz_weight * fz
            out.append((round(final, 4), idx))
        try:
            out.sort(key=lambda t: (-t[0], ids[t[1]]))
        except TypeError:  # ids of mixed types: fall back to insertion order
            out.sort(key=lambda t: (-t[0], t[1]))
        return [(ids[idx], score) for score, idx in out[:k]]
