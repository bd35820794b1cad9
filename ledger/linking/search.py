"""Search: "has this been checked before?" — the stored statements most similar to a query.

Two stages, both lexical (no model, no network):

1. BM25 over search terms of the statement text plus its optional title (the source's
   title), from an inverted index that grows with `add`. Search terms are normalised
   content tokens, each word of 5+ letters reduced by the English Snowball stemmer
   ("vetting", "vetted" -> "vet"; `snowballstemmer`, pure Python), number words as digits, and optionally word bigrams
   (`bigram_weight`, off: +0.008 MAP@5 of the text alone but +0.001 after re-ranking, for
   4-5 times the index's memory). Measured on CheckThat 2021 2B train: MAP@5 of the text
   alone 0.488 -> 0.502 (CheckThat 2020 dev +0.012, train -0.002); docs/checked-before.md.
2. The best `rerank` BM25 hits are re-scored with rapidfuzz (token_set and partial
   token_sort ratios of the query's content words against the statement's), and the final
   score mixes the normalised BM25 score with the rapidfuzz one.

For "checked before?" against imported fact-checks (`search_prior`), a query may also say
who said it, when, and what was said just before (`PriorQuery`): the best `pool` text
candidates (of the sentence, and of the sentence with its context) are re-ranked by the
speaker's agreement with each fact-check's claimant (`claimants.name_agreement`) and the
closeness of the claim date (`rerank_prior`; weights in `PriorParams`, chosen on the
CheckThat 2021 2B train split; docs/checked-before.md). A query of text alone is ranked
exactly as `search` ranks it.

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
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from rapidfuzz import fuzz

from .claimants import best_agreement, name_agreement
from .normalise import NUMBER_WORDS, STOP_WORDS, normalise

__all__ = [
    "PriorMeta",
    "PriorParams",
    "PriorQuery",
    "SearchParams",
    "SimilarIndex",
    "clean_query",
    "rerank_prior",
    "search_prior",
    "split_context",
    "search_terms",
    "light_stem",
    "stem",
]

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


_FORMAT = "ledger.linking.SimilarIndex/2"
_SUFFIXES = ("ingly", "edly", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")

# a pure-Python package that ships its algorithms: no download at run time
_SNOWBALL = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A search term's stem: words of 5+ letters through the English Snowball stemmer.

    Shorter words and anything with a digit stay as they are: Snowball would merge short
    names and acronyms with unrelated words ("isis"/"isi", "texas"/"texa" are harmless, but
    "news"/"new" is not), and 4-letter words carry little inflection (`light_stem`, the
    suffix stripper before it, measured 0.012 lower MAP@5 on CheckThat 2021 2B train).
    Number words become digits ("seven" -> "7").
    """
    number = NUMBER_WORDS.get(word)  # "seventy percent" finds "70%" (+0.004 MAP@5, 2B train)
    if number is not None:
        return number
    if len(word) < 5 or not word.isalpha():
        return word
    return _SNOWBALL.stemWord(word)


def light_stem(word: str) -> str:
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
    #: weight of a word bigram against a single word, at index and query time; 0: none.
    #: Off: on CheckThat 2021 2B train 0.3 gives +0.008 MAP@5 of the text alone but +0.001
    #: after the speaker/date re-ranking, and 4-5 times the index's memory (each bigram is
    #: a term of its own: 16k -> 200k terms for 19,250 fact-checks, 88 MB against 18 MB).
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


# --- "checked before?": re-ranking text candidates by who said it and when ----------------


@dataclass(frozen=True, slots=True)
class PriorQuery:
    """A sentence to look up among fact-checks, with what is known of it.

    `context`: the sentences said just before it, oldest first, each "SPEAKER: sentence"
    (the speaker part optional).
    """

    text: str
    speaker: str | None = None
    date: date | None = None
    context: tuple[str, ...] = field(default_factory=tuple)

    def plain(self) -> bool:
        """Nothing but text: ranked by text alone, exactly as `SimilarIndex.search`."""
        return not (self.speaker or self.date or self.context)


@dataclass(frozen=True, slots=True)
class PriorParams:
    """Weights of the re-ranking, on the 0-100 scale of text scores.

    Chosen on CheckThat 2021 2B train (benchmarks/tune_checked.py --grid;
    docs/checked-before.md).
    """

    #: text candidates re-ranked (the speaker and date can lift one from this far down)
    pool: int = 600
    #: added when the query's speaker is the candidate's claimant (times the agreement)
    speaker_weight: float = 40.0
    #: added when a speaker of the context is the claimant (the debate partner's claim
    #: being answered), times the agreement; only when the query's speaker is not.
    #: Measured: 5-20 add nothing on train, so it is off.
    context_speaker_weight: float = 0.0
    #: added for a claim made on the query's day, halving every `date_half_life` days
    date_weight: float = 40.0
    date_half_life: float = 180.0
    #: weight of the text score of the query with its context (0: the context is unused)
    context_weight: float = 1.0


_CONTEXT_SPEAKER = re.compile(r"^\s*([^:]{1,80}?)\s*:\s+(.*)$", re.DOTALL)


def split_context(line: str) -> tuple[str | None, str]:
    """'SPEAKER: sentence' -> (speaker, sentence); a line without one -> (None, line)."""
    m = _CONTEXT_SPEAKER.match(line)
    if not m:
        return None, line
    return m.group(1), m.group(2)


#: (claimant, claim date) of a candidate, by id
PriorMeta = Callable[[list[Hashable]], dict[Hashable, tuple[str | None, date | None]]]


def rerank_prior(
    query: PriorQuery,
    text_hits: list[tuple[Hashable, float]],
    context_hits: list[tuple[Hashable, float]],
    meta: dict[Hashable, tuple[str | None, date | None]],
    params: PriorParams,
    k: int,
) -> list[tuple[Hashable, float]]:
    """Re-rank text candidates: text score (plus the weighted score of the query with its
    context), plus the speaker's agreement with the claimant, plus closeness in time.

    Ties keep the text order. Scores are rounded to 4 places.
    """
    text = dict(text_hits)
    ctx = dict(context_hits) if params.context_weight else {}
    order = {cid: i for i, (cid, _) in enumerate(text_hits)}
    for cid, _ in context_hits if ctx else ():
        order.setdefault(cid, len(order))
    ctx_speakers = [split_context(c)[0] for c in query.context] if query.context else []
    scored = []
    for cid, pos in order.items():
        score = text.get(cid, 0.0) + params.context_weight * ctx.get(cid, 0.0)
        claimant, when = meta.get(cid, (None, None))
        if claimant:
            agree = name_agreement(query.speaker, claimant) or 0.0
            score += params.speaker_weight * agree
            if agree < 1.0 and params.context_speaker_weight and ctx_speakers:
                other = best_agreement(ctx_speakers, claimant)
                score += params.context_speaker_weight * max(0.0, other - agree)
        if query.date and when and params.date_weight:
            days = abs((query.date - when).days)
            score += params.date_weight * 0.5 ** (days / params.date_half_life)
        scored.append((round(score, 4), pos, cid))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [(cid, score) for score, _, cid in scored[:k]]


def search_prior(
    index: SimilarIndex,
    query: PriorQuery,
    k: int,
    meta: PriorMeta,
    params: PriorParams | None = None,
) -> list[tuple[Hashable, float]]:
    """The `k` best candidates for `query`: the index's text candidates re-ranked by
    `rerank_prior`, `meta` giving each candidate's claimant and claim date. A query of
    text alone is answered exactly as `index.search(text, k)`."""
    if query.plain():
        return index.search(query.text, k)
    p = params or PriorParams()
    pool = max(k, p.pool)
    text_hits = index.search(query.text, pool)
    context_hits: list[tuple[Hashable, float]] = []
    if p.context_weight and query.context:
        joined = " ".join(split_context(c)[1] for c in query.context)
        context_hits = index.search(f"{joined} {query.text}", pool)
    ids = list(dict.fromkeys([i for i, _ in text_hits] + [i for i, _ in context_hits]))
    return rerank_prior(query, text_hits, context_hits, meta(ids) if ids else {}, p, k)
