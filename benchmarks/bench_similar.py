#!/usr/bin/env python3
"""MAP@5 of `ledger.linking.SimilarIndex` on CLEF 2020 CheckThat! Task 2 (claim retrieval).

Reproduces the scoring of ../shared/eval/eval_similar.py (same documents: vclaim plus the
source title; same queries: tweet text with whitespace collapsed; same MAP@5 and recall@5)
but calls the index directly, so it runs before the CLI exists.

    python benchmarks/bench_similar.py [--data ../shared/data/checkthat-2020] [--split dev]
        [--variant after|before] [--bigram-weight W]
    python benchmarks/bench_similar.py --fact-checks [--variant ...]  # 2021 2B's 19,250
    python benchmarks/bench_similar.py --scale 1000000 [--variant ...]  # synthetic statements

`--variant before` indexes as the ledger did before Snowball stems and number words (the
light suffix stripper), for a before/after comparison in one checkout; `--bigram-weight`
turns word bigrams on (off in the ledger: docs/checked-before.md says why).
`--fact-checks` builds the index of CheckThat 2021 2B's fact-checks (claim plus headline);
`--scale N` builds one of N synthetic statements (bench_linking's generator, invented
vocabulary: a worst case for bigrams, which are rarely shared) and times 200 queries. Both print build_s, peak_rss_mb (the process's peak), index_mb (peak RSS above
the RSS just before the build), the index's distinct terms and postings, and query_ms. Run
one per process: peak RSS is the process's. Prints one JSON line. Exits 0 with
{"skipped": ...} when the data is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger.linking import search  # noqa: E402
from ledger.linking.search import SearchParams, SimilarIndex  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "checkthat-2020"


def load(data: Path, split: str):
    csv.field_size_limit(10**8)
    with open(data / "verified_claims.docs.tsv", encoding="utf-8") as f:
        claims = list(csv.DictReader(f, delimiter="\t"))
    idcol = next(iter(claims[0].keys()))
    with open(data / split / "tweets.queries.tsv", encoding="utf-8") as f:
        tweets = list(csv.DictReader(f, delimiter="\t"))
    tidcol = next(iter(tweets[0].keys()))
    gold: dict[str, set[str]] = {}
    with open(data / split / "tweet-vclaim-pairs.qrels", encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 3:
                gold.setdefault(p[0], set()).add(p[2])
    docs = [
        (c[idcol], c["vclaim"].strip(), (c.get("title") or "").strip() or None)
        for c in claims
        if (c.get("vclaim") or "").strip()
    ]
    queries = [(t[tidcol], " ".join((t.get("tweet_content") or "").split())) for t in tweets]
    queries = [(i, q) for i, q in queries if i in gold and q]
    return docs, queries, gold


def evaluate(docs, queries, gold, params: SearchParams | None = None) -> dict:
    t0 = time.perf_counter()
    index = SimilarIndex(params)
    index.build(docs)
    t1 = time.perf_counter()
    ap_sum = hits = 0.0
    for tid, q in queries:
        refs = [str(i) for i, _ in index.search(q, 5)]
        rel = gold[tid]
        found, s = 0, 0.0
        for k, r in enumerate(refs, 1):
            if r in rel:
                found += 1
                s += found / k
        ap_sum += s / min(len(rel), 5)
        hits += 1 if found else 0
    t2 = time.perf_counter()
    n = len(queries)
    return {
        "map_at_5": round(ap_sum / n, 3),
        "recall_at_5": round(hits / n, 3),
        "queries": n,
        "claims": len(docs),
        "build_s": round(t1 - t0, 2),
        "query_ms": round(1000 * (t2 - t1) / n, 2),
    }


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def use_variant(variant: str, bigram_weight: float = 0.0) -> SearchParams:
    """The index settings of `variant`: "after" (today's) or "before" (light stemmer, no
    number words), with word bigrams at `bigram_weight`."""
    if variant == "before":
        search.stem = search.light_stem  # search_terms looks it up at call time
    return SearchParams(bigram_weight=bigram_weight)


def measure_build(docs, queries: list[str], params: SearchParams) -> dict:
    before = _rss_mb()
    t0 = time.perf_counter()
    index = SimilarIndex(params)
    index.build(docs)
    t1 = time.perf_counter()
    for q in queries:
        index.search(q, 5)
    t2 = time.perf_counter()
    return {
        "docs": len(index),
        "build_s": round(t1 - t0, 1),
        "peak_rss_mb": round(_peak_mb()),
        "index_mb": round(_peak_mb() - before),
        "terms": len(index._post),
        "postings": sum(len(d) for d, _ in index._post.values()),
        "query_ms": round(1000 * (t2 - t1) / max(1, len(queries)), 2),
    }


def fact_checks(variant: str, bigram_weight: float = 0.0) -> dict:
    root = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "checkthat-2021-2b"
    root = Path(os.environ.get("CHECKTHAT21_DIR", root))
    if not (root / "verified_claims.jsonl").is_file():
        return {"skipped": f"no data at {root}"}
    with open(root / "verified_claims.jsonl", encoding="utf-8") as f:
        claims = [json.loads(line) for line in f if line.strip()]
    docs = [
        (c["vclaim_id"], c["vclaim"].strip(), (c.get("title") or "").strip() or None)
        for c in claims
        if (c.get("vclaim") or "").strip()
    ]
    with open(root / "train" / "queries.jsonl", encoding="utf-8") as f:
        queries = [json.loads(line)["text"] for line in f if line.strip()][:200]
    return measure_build(docs, queries, use_variant(variant, bigram_weight))


def scale(n: int, variant: str, bigram_weight: float = 0.0) -> dict:
    from bench_linking import generate

    items, _, _ = generate(n, 7)
    docs = [(it.id, it.text, None) for it in items]
    del items
    rng = random.Random(3)
    queries = [docs[rng.randrange(len(docs))][1] for _ in range(200)]
    return measure_build(docs, queries, use_variant(variant, bigram_weight))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=Path(os.environ.get("CHECKTHAT_DIR", DEFAULT_DATA))
    )
    ap.add_argument("--split", default="dev")
    ap.add_argument("--variant", choices=("after", "before"), default="after")
    ap.add_argument("--fact-checks", action="store_true")
    ap.add_argument("--scale", type=int, default=0)
    ap.add_argument("--bigram-weight", type=float, default=0.0)
    a = ap.parse_args()
    if a.scale:
        print(
            json.dumps(
                {
                    "synthetic": a.scale,
                    "variant": a.variant,
                    **scale(a.scale, a.variant, a.bigram_weight),
                }
            )
        )
        return
    if a.fact_checks:
        print(
            json.dumps(
                {
                    "fact_checks": True,
                    "variant": a.variant,
                    **fact_checks(a.variant, a.bigram_weight),
                }
            )
        )
        return
    if not (a.data / "verified_claims.docs.tsv").is_file():
        print(json.dumps({"skipped": f"no data at {a.data}"}))
        return
    docs, queries, gold = load(a.data, a.split)
    result = evaluate(docs, queries, gold, use_variant(a.variant, a.bigram_weight))
    print(json.dumps({"split": a.split, "variant": a.variant, **result}))


if __name__ == "__main__":
    main()
