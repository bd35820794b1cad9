"""What check-worthiness scoring costs: news extraction with and without the pipeline's
scoring step, in the same run, and a two-hour transcript's sentences scored.

The articles are bench_extract.py's (same generator, same seed): `extract()` alone is
"before" (what `ledger import` did per article before statements were scored), `extract()`
then `pipeline.scored()` is "after". Both on one core (pinned when the OS allows), CPU time
of this process, alternated every 25 articles so load from other jobs falls on both alike.
The transcript part scores 2,000 distinct sentences built from the articles' quotes (a cold
cache: each text is new). Prints one JSON object.

`--scores-out FILE` writes every score and cue list the run computed (the articles'
statements, then the 2,000 transcript sentences, then the first 3,000 sentences of
`--jsonl` when given) so a change to the scoring can be checked to leave them unchanged:
`--scores-against FILE` compares this run's with a file written before and reports how
many differ (`scores_differ`, 0 = unchanged).

    python benchmarks/bench_checkworthy.py [--articles 1000] [--rounds 3] [--seed 7]
        [--scores-out FILE | --scores-against FILE] [--jsonl TRAIN.jsonl]
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


def _scores_check(docs: list, sentences: list[str], a: argparse.Namespace) -> dict:
    """Every score and cue list of the run (the articles' statements through the pipeline,
    the transcript sentences, `--jsonl`'s first 3,000 sentences), written to or compared
    with a file."""
    got = [
        [st.checkworthiness, list(st.checkworthy_cues)]
        for t, p in docs
        for st in scored(extract(t, p))
    ]
    got += [[c.value, list(c.cues)] for c in map(score, sentences)]
    if a.jsonl:
        with open(a.jsonl, encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line, _ in zip(f, range(3000), strict=False)]
        got += [[c.value, list(c.cues)] for c in map(score, texts)]
        got += [[c.value, list(c.cues)] for c in (score(t, moderator=True) for t in texts[:500])]
    if a.scores_out:
        a.scores_out.write_text(json.dumps(got), encoding="utf-8")
        return {"scores_written": len(got)}
    before = json.loads(a.scores_against.read_text(encoding="utf-8"))
    differ = sum(1 for x, y in zip(before, got, strict=False) if x != y)
    return {"scores_compared": len(got), "scores_differ": differ + abs(len(before) - len(got))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scores-out", type=Path, help="write the scores computed to FILE")
    ap.add_argument("--scores-against", type=Path, help="compare the scores with FILE's")
    ap.add_argument("--jsonl", type=Path, help="also score 3,000 sentences of this file")
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
        # alternated every 25 articles, each going first in turn, so a burst of load from
        # other jobs (or a warm cache) falls on both alike
        for k in range(0, len(docs), 25):
            chunk = docs[k : k + 25]
            for scoring in (False, True) if k % 50 == 0 else (True, False):
                c0 = time.process_time()
                for text, pub in chunk:
                    found = extract(text, pub)
                    if scoring:
                        statements += len(scored(found))
                if scoring:
                    after += time.process_time() - c0
                else:
                    before += time.process_time() - c0
    quotes = [st.quote for text, pub in docs[:400] for st in extract(text, pub)]
    sentences = [f"{q} ({i})" for i, q in enumerate(quotes * (2000 // max(1, len(quotes)) + 1))]
    sentences = sentences[:2000]
    c0 = time.process_time()
    for s in sentences:
        score(s)
    transcript = time.process_time() - c0
    n = a.articles * a.rounds
    checked: dict = {}
    if a.scores_out or a.scores_against:
        checked = _scores_check(docs, sentences, a)
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
                **checked,
            }
        )
    )


if __name__ == "__main__":
    main()
