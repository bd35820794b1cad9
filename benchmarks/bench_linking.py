#!/usr/bin/env python3
"""Benchmark the claim linker on synthetic statements with known ground truth.

    python benchmarks/bench_linking.py --statements 100000 [--seed 7] [--sample 1500]
        [--bound links=1000000 ...]   # Linker bounds other than the defaults

Generates N statements (seeded, reproducible) from invented vocabulary: claims are quoted
by several sources with realistic variation — quote marks, dashes, case and spacing,
thousands separators and "%", truncation (prefix, suffix or middle), an inserted, dropped or
changed word (misquotes), a changed number, indirect speech, synonyms and reordered
clauses by other speakers — plus "sibling" claims that share a template with another claim
but differ in a number or in several words (hard negatives, never the same claim).

Prints ONE JSON object: statements, seconds (wall time of bulk load + link_all),
statements_per_s, cpu_seconds (process CPU time of the same span),
build_seconds (bulk load only, i.e. rebuilding the index on start), peak_rss_mb,
blocking_recall (links found by the index-driven linker / links found by brute-force
scoring of every pair, on a sample of whole claims), precision and recall per relation
(all proposed links, auto and suggested), auto_precision per relation, incremental_p95_ms
(adding one new statement to the linked index), links, links_per_statement and
max_links_of_one_statement (links are bounded per statement, see docs/claims-at-scale.md),
index stats (with the exact copies collapsed out of it).
"""

from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import json
import random
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.linking import RELATIONS, Linker, LinkItem  # noqa: E402
from ledger.linking.linker import Bounds  # noqa: E402
from ledger.linking.scoring import classify_prepared, prepare  # noqa: E402

FUNCTION_WORDS = (
    "the a an of to in on for with that this is was will would has have be by from at as "
    "and but not it they we our their its he she his her were are been could should more "
    "than about into over after before because while"
).split()
SYLLABLES = [c + v for c in "bcdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")] + [
    c + v + e for c in "bdgklmnprst" for v in "aeiou" for e in "lnrst"
]
QUOTES = [("“", "”"), ('"', '"'), ("‘", "’"), ("", ""), ("«", "»")]
CLAUSE_JOINS = [", ", " — ", " -- ", "; ", " – "]


@dataclass(slots=True)
class Appearance:
    claim: int
    speaker: int
    verbatim: bool
    edited: int  # 0 none, 1 words changed, 2 number changed
    para: bool
    trunc: bool


class Vocabulary:
    def __init__(self, rng: random.Random, size: int) -> None:
        words: set[str] = set()
        stop = set(FUNCTION_WORDS)
        from ledger.linking.normalise import STOP_WORDS

        while len(words) < 2 * size:
            w = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))
            if w not in stop and w not in STOP_WORDS:
                words.add(w)
        ordered = sorted(words)
        rng.shuffle(ordered)
        self.words = ordered[:size]
        # Every word has one synonym from a disjoint set: paraphrases change words.
        self.synonym = dict(zip(self.words, ordered[size:], strict=True))
        # Zipf-Mandelbrot: a realistic head without a single word in every sentence.
        weights = [1.0 / (r + 30) ** 1.05 for r in range(size)]
        self.cum = list(itertools.accumulate(weights))

    def word(self, rng: random.Random) -> str:
        return self.words[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


def make_claim(rng: random.Random, vocab: Vocabulary) -> list[list[str]]:
    """A claim as clauses of clean (already normalised) tokens."""
    n_clauses = rng.choice((1, 1, 2, 2, 3))
    short = rng.random() < 0.08
    clauses = []
    for _ in range(n_clauses if not short else 1):
        n = rng.randint(2, 4) if short else rng.randint(3, 7)
        toks: list[str] = []
        for _ in range(n):
            if rng.random() < 0.55:
                toks.append(rng.choice(FUNCTION_WORDS))
            toks.append(vocab.word(rng))
        clauses.append(toks)
    if rng.random() < 0.35:
        c = rng.randrange(len(clauses))
        num = str(rng.choice((rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 99999))))
        clauses[c].insert(rng.randrange(len(clauses[c]) + 1), num)
    return clauses


def surface(tokens_: list[str], rng: random.Random, joins: list[int]) -> str:
    """Render clean tokens with typographic noise that normalisation must undo."""
    out = []
    for i, t in enumerate(tokens_):
        if t.isdigit() and len(t) > 3 and rng.random() < 0.5:
            t = f"{int(t):,}"
        elif rng.random() < 0.03:
            t = t.upper()
        elif i == 0 or rng.random() < 0.03:
            t = t.capitalize()
        out.append(t)
        if i + 1 in joins:
            out[-1] += rng.choice(CLAUSE_JOINS).rstrip(" ")
    text = "  ".join(out) if rng.random() < 0.05 else " ".join(out)
    q0, q1 = rng.choice(QUOTES)
    end = rng.choice((".", "", "!", ",", "..."))
    return f"{q0}{text}{end}{q1}"


def flatten(clauses: list[list[str]]) -> tuple[list[str], list[int]]:
    toks, joins = [], []
    for c in clauses:
        toks.extend(c)
        joins.append(len(toks))
    return toks, joins[:-1]


def variant(rng, vocab, clauses, speaker, n_speakers):
    """One appearance of a claim: (tokens, joins, Appearance fields)."""
    r = rng.random()
    toks, joins = flatten(clauses)
    n = len(toks)
    kind = (
        "repeat"
        if r < 0.35
        else "trunc"
        if r < 0.55
        else "alter"
        if r < 0.70
        else "indirect"
        if r < 0.75
        else "para"
    )
    edited, para, trunc, verbatim, spk = 0, False, False, True, speaker
    if kind == "trunc" and n >= 8:
        keep = max(int(n * 0.75 + 0.999), 6)
        start = rng.choice((0, n - keep, (n - keep) // 2))
        toks = toks[start : start + keep]
        joins = [j - start for j in joins if start < j < start + keep]
        trunc = True
    elif kind == "alter" and n >= 5:
        mid = rng.randint(int(n * 0.4), max(int(n * 0.4), int(n * 0.6) - 1))
        nums = [i for i, t in enumerate(toks) if t.isdigit()]
        op = rng.random()
        toks = list(toks)
        if nums and op < 0.2:
            i = rng.choice(nums)
            old = toks[i]
            toks[i] = old[:-1] if len(old) > 1 else str(int(old) + 1)
            edited = 2
        elif op < 0.5:
            toks[mid:mid] = [vocab.word(rng) for _ in range(rng.randint(1, 2))]
            joins = [j + (j > mid) * 0 for j in joins]
            edited = 1
        elif op < 0.75:
            del toks[mid]
            edited = 1
        else:
            toks[mid] = vocab.word(rng) if toks[mid] not in FUNCTION_WORDS else vocab.word(rng)
            edited = 1 if toks[mid] != flatten(clauses)[0][mid] else 0
        joins = [j for j in joins if j < len(toks)]
    elif kind == "indirect":
        verbatim = False
    elif kind == "para":
        para, verbatim = True, False
        if rng.random() < 0.6:
            spk = rng.randrange(n_speakers)
        cl = [list(c) for c in clauses]
        if len(cl) > 1 and rng.random() < 0.6:
            rng.shuffle(cl)
        rate = rng.uniform(0.1, 0.35)
        cl = [[vocab.synonym.get(t, t) if rng.random() < rate else t for t in c] for c in cl]
        toks, joins = flatten(cl)
    return toks, joins, Appearance(0, spk, verbatim, edited, para, trunc)


def generate(n: int, seed: int):
    """(items, appearances) in import order; claims are spread over the whole timeline."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng, 40000)
    n_speakers = max(50, n // 20)
    slots: list[tuple[int, list[int] | None, str, Appearance]] = []
    claims: list[list[list[str]]] = []
    speakers: list[int] = []
    claim = 0
    while len(slots) < n:
        speaker = rng.randrange(n_speakers)
        if claims and rng.random() < 0.05:
            # Sibling: another claim's template with a changed number or changed words,
            # a third of them by the same speaker (people reuse their own phrasing).
            b = rng.randrange(len(claims))
            base = claims[b]
            if rng.random() < 0.33:
                speaker = speakers[b]
            cl = [list(c) for c in base]
            flat = [(i, j) for i, c in enumerate(cl) for j, _ in enumerate(c)]
            nums = [(i, j) for i, j in flat if cl[i][j].isdigit()]
            if nums and rng.random() < 0.5:
                i, j = rng.choice(nums)
                cl[i][j] = str(int(cl[i][j]) * 10 + rng.randint(1, 9))
            else:
                for i, j in rng.sample(flat, max(1, int(len(flat) * 0.4))):
                    cl[i][j] = vocab.word(rng)
            clauses = cl
        else:
            clauses = make_claim(rng, vocab)
        claims.append(clauses)
        speakers.append(speaker)
        m = 1 if rng.random() < 0.45 else min(2 + int(rng.expovariate(0.45)), 10)
        for k in range(m):
            if k == 0:
                toks, joins = flatten(clauses)
                app = Appearance(claim, speaker, True, 0, False, False)
            else:
                toks, joins, app = variant(rng, vocab, clauses, speaker, n_speakers)
                app.claim = claim
            slots.append((claim, joins, " ".join(toks), app))
        claim += 1
    slots = slots[:n]
    rng.shuffle(slots)
    items, apps, clean = [], [], []
    for i, (_, joins, toks, app) in enumerate(slots):
        text = surface(toks.split(), rng, joins or [])
        items.append(LinkItem(i, text, app.speaker, app.verbatim, order=i))
        apps.append(app)
        clean.append(toks)
    return items, apps, clean


def _contains(x: str, y: str) -> bool:
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return f" {short} " in f" {long_} "


def _numbers(clean: str) -> Counter[str]:
    return Counter(t for t in clean.split() if t.isdigit())


def truth_relation(x: Appearance, y: Appearance, cx: str, cy: str) -> str | None:
    """The intended relation, from the generator's clean tokens (not from the linker's
    normalisation): repeat = same speaker and one token list inside the other."""
    if x.claim != y.claim:
        return None
    same = x.speaker == y.speaker
    if same and _contains(cx, cy):
        return "repeat"
    if same and x.verbatim and y.verbatim and not x.para and not y.para:
        return "altered"
    nx, ny = _numbers(cx), _numbers(cy)
    if not (nx <= ny or ny <= nx):
        return None  # a changed number makes a different claim unless it is a misquote
    return "paraphrase"


def truth_pairs(apps: list[Appearance], clean: list[str]) -> dict[tuple[int, int], str]:
    by_claim: dict[int, list[int]] = {}
    for i, a in enumerate(apps):
        by_claim.setdefault(a.claim, []).append(i)
    out = {}
    for ids in by_claim.values():
        for i, j in itertools.combinations(sorted(ids), 2):
            rel = truth_relation(apps[i], apps[j], clean[i], clean[j])
            if rel:
                out[(i, j)] = rel
    return out


def prf(pred: dict, truth: dict) -> tuple[dict, dict]:
    precision, recall = {}, {}
    for rel in RELATIONS:
        p = {k for k, v in pred.items() if v == rel}
        t = {k for k, v in truth.items() if v == rel}
        precision[rel] = round(len(p & t) / len(p), 4) if p else None
        recall[rel] = round(len(p & t) / len(t), 4) if t else None
    return precision, recall


def sample_of_claims(apps: list[Appearance], size: int) -> list[int]:
    """Indices of all statements of the first claims, about `size` of them."""
    by_claim: dict[int, list[int]] = {}
    for i, a in enumerate(apps):
        by_claim.setdefault(a.claim, []).append(i)
    chosen: list[int] = []
    for claim in sorted(by_claim):
        if len(chosen) >= size:
            break
        chosen.extend(by_claim[claim])
    return sorted(chosen)


def blocking_recall(sample: list[LinkItem], found: set[int], n: int) -> tuple[float, int]:
    """Brute-force every pair of the sample; share of those links the linker also made."""
    prepared = [prepare(it) for it in sample]
    brute = hit = 0
    for a, b in itertools.combinations(prepared, 2):
        if classify_prepared(a, b, with_diff=False) is not None:
            brute += 1
            lo, hi = min(a.id, b.id), max(a.id, b.id)
            hit += lo * n + hi in found
    return (round(hit / brute, 4) if brute else 1.0), brute


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sample", type=int, default=1500, help="statements brute-forced")
    ap.add_argument("--incremental", type=int, default=300, help="statements added one by one")
    ap.add_argument(
        "--bound",
        action="append",
        default=[],
        metavar="NAME=N",
        help="a Linker bound (see linking.linker.Bounds), e.g. links=1000000 for no link cap",
    )
    a = ap.parse_args()
    bounds = Bounds(**{k: int(v) for k, v in (x.split("=", 1) for x in a.bound)})
    n = a.statements

    items, apps, clean = generate(n + a.incremental, a.seed)
    new_items = items[n:]
    del items[n:], apps[n:], clean[n:]
    # Pairs are keyed a * n + b (ints) to keep a million statements' truth small.
    truth = {i * n + j: rel for (i, j), rel in truth_pairs(apps, clean).items()}
    sample = [items[i] for i in sample_of_claims(apps, min(a.sample, n))]
    del apps, clean
    gc.collect()

    t0, c0 = time.perf_counter(), time.process_time()
    linker = Linker(bounds=bounds)
    linker.build(items)
    t1 = time.perf_counter()
    del items
    pred: dict[int, str] = {}
    auto: dict[int, str] = {}
    counts = dict.fromkeys(RELATIONS, 0)
    per_statement: Counter[int] = Counter()
    for lk in linker.iter_links():
        key = lk.a_id * n + lk.b_id
        pred[key] = lk.relation
        counts[lk.relation] += 1
        per_statement[lk.b_id] += 1
        if lk.status == "auto":
            auto[key] = lk.relation
    t2, c2 = time.perf_counter(), time.process_time()

    precision, recall = prf(pred, truth)
    auto_precision, _ = prf(auto, truth)

    times = []
    for item in new_items:
        s = time.perf_counter()
        linker.add(item)
        times.append((time.perf_counter() - s) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))] if times else None

    brec, brute = blocking_recall(sample, set(pred), n)
    seconds = t2 - t0
    result = {
        "statements": n,
        "seconds": round(seconds, 2),
        "statements_per_s": round(n / seconds, 1) if seconds else None,
        # CPU time of the same span: on a shared machine wall time also counts waiting.
        "cpu_seconds": round(c2 - c0, 2),
        "build_seconds": round(t1 - t0, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "blocking_recall": brec,
        "blocking_sample_links": brute,
        "precision": precision,
        "recall": recall,
        "auto_precision": auto_precision,
        "incremental_p95_ms": round(p95, 2) if p95 is not None else None,
        "links": counts,
        "links_per_statement": round(sum(counts.values()) / n, 3) if n else None,
        "max_links_of_one_statement": max(per_statement.values(), default=0),
        "truth_links": {rel: sum(1 for v in truth.values() if v == rel) for rel in RELATIONS},
        "index": linker.index_stats(),
        "seed": a.seed,
        "bounds": {k: getattr(bounds, k) for k in Bounds.__slots__},
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
