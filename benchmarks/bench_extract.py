"""Throughput of `ledger.extract.extract` on seed-like synthetic news articles.

The articles are generated here from templates (seeded, so every run sees the same text):
about 2 KB each, a dozen attributed statements in the constructions the extractor handles
(direct, split and partial quotes, indirect speech, "according to", participles, pronouns,
hedges, weekday dates). Extraction runs in this process on one core (pinned when the OS
allows it); no model, no network. Prints one JSON object.

    python benchmarks/bench_extract.py [--articles 2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ledger.extract import extract  # noqa: E402

FIRST = ["Maria", "John", "Elena", "Tomas", "Aisha", "Kenji", "Laura", "Pavel", "Nadia", "Omar"]
LAST = ["Keller", "Okafor", "Lindqvist", "Moreau", "Haddad", "Sato", "Brennan", "Novak", "Silva"]
ROLES = ["Finance Minister", "Senator", "spokesperson", "CEO", "Governor", "Mayor", "director"]
ORGS = ["the Interior Ministry", "the city council", "the Central Bank", "the transport agency"]
PLACES = ["Oslo", "Lagos", "Lima", "Hanoi", "Quebec", "Tbilisi", "Nairobi"]
TOPICS = ["the rail project", "the budget", "the new tariffs", "the water plan", "the merger"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HEDGES = ["may", "could", "would", "is likely to", "will", "might"]
VERBS = ["said", "told reporters", "warned", "insisted", "claimed", "added", "argued"]


def _article(rng: random.Random) -> tuple[str, date]:
    pub = date(2023, 1, 1) + timedelta(days=rng.randrange(365))
    a = (rng.choice(FIRST), rng.choice(LAST))
    b = (rng.choice(FIRST), rng.choice(LAST))
    role_a, role_b = rng.choice(ROLES), rng.choice(ROLES)
    org, place, topic = rng.choice(ORGS), rng.choice(PLACES), rng.choice(TOPICS)
    day = rng.choice(WEEKDAYS)
    h = lambda: rng.choice(HEDGES)  # noqa: E731
    v = lambda: rng.choice(VERBS)  # noqa: E731
    paras = [
        f"{a[0]} {a[1]}, the {role_a.lower()} of {place} and a critic of the plan, will travel "
        f"to the capital this week, {org} said.",
        f"The news comes as concerns grow that {topic} {h()} be delayed again.",
        f"{role_b} {b[0]} {b[1]} {v()} the talks {h()} resume on {day}, but gave no details.",
        f"Officials have spent months on {topic}, and the costs rose sharply in {place} last year.",
        f"Local leaders repeated warnings about {topic}, saying that {h()} hurt small firms.",
        f"{role_a} {a[0]} {a[1]} spoke in an interview with the BBC on {day}, saying: "
        f"“We are confident that the numbers {h()} improve before the end of the year.”",
        f"However, {a[1]} added, “We don’t see evidence that the funding has arrived yet, and "
        f"we don’t know whether it will.”",
        "Cutting the plan now “would be a very costly mistake,” she said.",
        f"{org.capitalize()} claims to have met every deadline, but has also said it has a "
        f'"clear path" to finish.',
        f"It has accused the opposition of delaying {topic} and “playing games” with jobs.",
        f"According to {b[0]} {b[1]}, the first phase {h()} open in the spring.",
        f"“The schedule is tight,” {b[1]} said, “but we will deliver it.”",
        f"Mr {b[1]} is believed to be preparing a new proposal for {topic}.",
        f"{place} has backed the plan since {rng.randrange(1990, 2020)} and allowed its ports to "
        f"be used as a staging ground for the first phase of the works two years ago.",
        f"Mr {a[1]} has led the {role_a.lower()}'s office since the position was created, and "
        f"survived a disputed vote over the budget in {rng.randrange(2000, 2022)}.",
        f"{org.capitalize()} on {day} issued a proposal calling for a review of {topic} and new "
        f"talks between the regions.",
    ]
    return "\n\n".join(paras), pub


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--five-mb", action="store_true", help="also time one 5 MB article of seed-density prose"
    )
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        except OSError:
            pass
    rng = random.Random(args.seed)
    docs = [_article(rng) for _ in range(args.articles)]
    extract(docs[0][0], docs[0][1])  # warm caches and compiled patterns
    statements = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for text, pub in docs:
        statements += len(extract(text, pub))
    seconds = time.perf_counter() - t0
    # CPU time of this process: what the extractor costs even when other jobs share the core
    cpu = time.process_time() - c0
    print(
        json.dumps(
            {
                "articles": args.articles,
                "seconds": round(seconds, 3),
                "articles_per_s": round(args.articles / seconds, 1),
                "cpu_seconds": round(cpu, 3),
                "cpu_articles_per_s": round(args.articles / cpu, 1),
                "load_avg_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
                "statements": statements,
                "statements_per_article": round(statements / args.articles, 2),
                "mean_chars": round(sum(len(t) for t, _ in docs) / len(docs)),
                "seed": args.seed,
                **(_five_mb() if args.five_mb else {}),
            }
        )
    )


def _five_mb() -> dict:
    """CPU seconds to extract a 5 MB article built by repeating generated seed-like ones."""
    rng = random.Random(5)
    parts, size = [], 0
    while size < 5_000_000:
        text, _ = _article(rng)
        parts.append(text)
        size += len(text) + 2
    big = "\n\n".join(parts)
    c0 = time.process_time()
    found = extract(big)
    return {
        "five_mb_chars": len(big),
        "five_mb_cpu_s": round(time.process_time() - c0, 2),
        "five_mb_statements": len(found),
    }


if __name__ == "__main__":
    main()
