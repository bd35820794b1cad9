#!/usr/bin/env python3
"""MAP@5 of `ledger.linking.SimilarIndex` on CLEF 2020 CheckThat! Task 2 (claim retrieval).

Reproduces the scoring of ../shared/eval/eval_similar.py (same documents: vclaim plus the
source title; same queries: tweet text with whitespace collapsed; same MAP@5 and recall@5)
but calls the index directly, so it runs before the CLI exists.

    python benchmarks/bench_similar.py [--data ../shared/data/checkthat-2020] [--split dev]

Prints one JSON line. Exits 0 with {"skipped": ...} when the data is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=Path(os.environ.get("CHECKTHAT_DIR", DEFAULT_DATA))
    )
    ap.add_argument("--split", default="dev")
    a = ap.parse_args()
    if not (a.data / "verified_claims.docs.tsv").is_file():
        print(json.dumps({"skipped": f"no data at {a.data}"}))
        return
    docs, queries, gold = load(a.data, a.split)
    result = evaluate(docs, queries, gold)
    print(json.dumps({"split": a.split, **result}))


if __name__ == "__main__":
    main()
