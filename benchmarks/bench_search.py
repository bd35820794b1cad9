"""Word search at scale: the first page of a search, full-text (migration 0008) against the
old substring scan, on one generated ledger, in the same run.

    python benchmarks/bench_search.py --statements 1000000 [--db sqlite:///bench-search.db]

Builds the throwaway ledger of `bench_tui.py` (seeded quotes over a 31-word vocabulary;
reused when it has the right size) and times, for each search, the query the review queue
runs: the first page of 50 matching statements (ids in order) and, separately, the count
of all matches. "before" is the substring filter the ledger used until 0008
(`lower(quote) LIKE '%word%'`), "after" the word search (`ledger.store.text_search`). Each
figure is the median of `--repeat` runs after one warm-up.

Then, as the reviewer queue reads it (`queue_page`, `queue_count`: the plan a search takes,
`ledger.store.text_search.search_plan`, included): the first page and the next one in the
default checkworthy order (`queue_page_ms`, `queue_next_page_ms`) and the count the UI
shows, capped at 100,000 (`queue_count_ms`).

Prints ONE JSON object: statements, build_s (0 when reused), and per search the page_ms
and count_ms before and after, the number of matches, the plan and the queue figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_tui import _count, build  # noqa: E402

SEARCHES = {
    "no match": ("zeppelin", "zeppelin"),
    "one word": ("reactor", "reactor"),
    "two words": ("reactor drought", None),  # substring: no single LIKE means this
    "phrase": ('"before 2021"', "before 2021"),
    "prefix": ("satell*", "satell"),
}


def _median_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def _queue_figures(session, words: str, repeat: int) -> dict:
    from ledger.services.query import StatementFilter
    from ledger.services.queue import QueueQuery, queue_count, queue_page
    from ledger.store.text_search import search_plan

    q = QueueQuery(StatementFilter(search=words), sort="checkworthy")
    first = queue_page(session, q, None, 50)
    out = {
        "plan": search_plan(session, words),
        "queue_page_ms": _median_ms(lambda: queue_page(session, q, None, 50), repeat),
        "queue_count_ms": _median_ms(lambda: queue_count(session, q, 100_000), repeat),
    }
    if len(first) == 50:
        last = first[-1]
        after = {k: last[k] for k in ("id", "status", "checkworthiness", "stated_on")}
        out["queue_next_page_ms"] = _median_ms(lambda: queue_page(session, q, after, 50), repeat)
    return out


def measure(url: str, repeat: int) -> dict:
    from sqlalchemy import func, select

    from ledger.services.query import like_pattern
    from ledger.store.db import open_database
    from ledger.store.models import Statement
    from ledger.store.text_search import StatementMatches

    db = open_database(url, notice=lambda _m: None)
    out = {}
    with db.read() as session:
        for name, (words, substring) in SEARCHES.items():
            after = StatementMatches(Statement.id, words)
            clauses = {"after": after}
            if substring is not None:
                clauses["before"] = func.lower(Statement.quote).like(
                    like_pattern(substring), escape="\\"
                )
            row: dict = {}
            for which, clause in clauses.items():
                page = select(Statement.id).where(clause).order_by(Statement.id).limit(50)
                count = select(func.count()).select_from(Statement).where(clause)
                row[f"page_ms_{which}"] = _median_ms(
                    lambda p=page: session.execute(p).all(), repeat
                )
                row[f"count_ms_{which}"] = _median_ms(
                    lambda c=count: session.execute(c).scalar(), repeat
                )
                row[f"matches_{which}"] = session.execute(count).scalar()
            row.update(_queue_figures(session, words, repeat))
            out[name] = row
    db.dispose()
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--statements", type=int, default=100_000)
    p.add_argument("--db", default="sqlite:///bench-search.db")
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args(argv)
    t = time.perf_counter()
    built = 0.0
    if _count(a.db) != a.statements:
        if a.db.startswith("sqlite:///"):
            Path(a.db.removeprefix("sqlite:///")).unlink(missing_ok=True)
        build(a.db, a.statements)
        built = round(time.perf_counter() - t, 1)
    result = {"statements": a.statements, "build_s": built, "searches": measure(a.db, a.repeat)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
