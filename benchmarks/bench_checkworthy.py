"""What check-worthiness scoring costs: news extraction with and without the pipeline's
scoring step, in the same run, and a two-hour transcript's sentences scored.

The articles are bench_extract.py's (same generator, same seed): `extract()` alone is
"before" (what `ledger import` did per article before statements were scored), `extract()`
then `pipeline.scored()` is "after". Both on one core (pinned when the OS allows), CPU time
of this process, alternated in rounds so load from other jobs falls on both alike. The
transcript part scores 2,000 distinct sentences built from the articles' quotes (a cold
cache: each text is new). Prints one JSON object.

    python benchmarks/bench_checkworthy.py [--articles 1000] [--rounds 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import _article  # noqa: E402

from ledger.checkworthy import score  # noqa: E402
from ledger.extract import extract  # noqa: E402
from ledger.services.pipeline import scored  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        except OSError:
            pass
    rng = random.Random(a.seed)
    docs = [_article(rng) for _ in range(a.articles)]
    scored(extract(docs[0][0], docs[0][1]))  # warm caches and compiled patterns
    before = after = 0.0
    statements = 0
    for _ in range(a.rounds):
        c0 = time.process_time()
        for text, pub in docs:
            extract(text, pub)
        before += time.process_time() - c0
        c0 = time.process_time()
        for text, pub in docs:
            statements += len(scored(extract(text, pub)))
        after += time.process_time() - c0
    quotes = [st.quote for text, pub in docs[:400] for st in extract(text, pub)]
    sentences = [f"{q} ({i})" for i, q in enumerate(quotes * (2000 // max(1, len(quotes)) + 1))]
    sentences = sentences[:2000]
    c0 = time.process_time()
    for s in sentences:
        score(s)
    transcript = time.process_time() - c0
    n = a.articles * a.rounds
    print(
        json.dumps(
            {
                "articles": a.articles,
                "rounds": a.rounds,
                "before_cpu_articles_per_s": round(n / before, 1),
                "after_cpu_articles_per_s": round(n / after, 1),
                "slowdown_pct": round(100 * (after - before) / before, 1),
                "statements_per_article": round(statements / n, 2),
                "transcript_2000_sentences_cpu_s": round(transcript, 3),
                "load_avg_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
                "seed": a.seed,
            }
        )
    )


if __name__ == "__main__":
    main()
