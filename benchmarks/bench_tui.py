"""Reviewer UI benchmark: build a ledger of N statements, then drive the UI headless.

    python benchmarks/bench_tui.py --statements 1000000 [--db sqlite:///bench-tui.db]

Prints ONE JSON object: statements, first_screen_s (open the database, start the app, show
the first page and the first statement's detail), next_item_ms (median of moving to the next
statement and seeing its detail; p95 alongside), filter_ms (median of applying a filter until
its first page and detail show, in the order the queue starts in; each filter alongside;
word_search_ms the median of the word searches among them), peak_rss_mb (of the UI process only:
the database is built in a child process). next_item_ms ends when the next statement's
detail is in the pane; next_item_painted_ms when the screen has also been repainted.

The benchmark database is THROWAWAY: rows are bulk-inserted with Core statements, which
bypass the journal, so `ledger verify` will not accept it. An existing database with the
right number of statements is reused (pass --rebuild to start over).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

WORDS = (
    "bridge harbour minister budget inflation troops border vaccine election tariff "
    "reactor drought strike court report rate growth deficit pipeline satellite treaty "
    "sanctions police river survey flood school hospital grain fuel missile"
).split()
VERBS = "will may could should must has did".split()
STATUSES = ["unreviewed"] * 7 + ["in_review", "verified", "disputed", "rejected"]
HEDGES = ["none"] * 5 + ["low", "medium", "high"]
PER_SOURCE = 20


def _quote(rng: random.Random) -> str:
    words = rng.sample(WORDS, 6)
    return (
        f"The {words[0]} {rng.choice(VERBS)} {words[1]} the {words[2]} before "
        f"{rng.randint(1990, 2030)}, {words[3]} and {words[4]} {words[5]}."
    )


def build(url: str, n: int, seed: int = 7) -> None:
    """Bulk-insert n statements (N/20 sources, 2,000 speakers, one claim and link per 10)."""
    from sqlalchemy import insert

    from ledger.store.db import open_database
    from ledger.store.models import Claim, Link, Source, Speaker, Statement

    rng = random.Random(seed)
    db = open_database(url, notice=lambda _m: None)
    speakers = [
        {"id": i, "name": f"Speaker {i}", "name_key": f"speaker {i}", "kind": "person"}
        for i in range(1, 2001)
    ]
    base = date(2020, 1, 1)
    with db.engine.begin() as conn:
        conn.execute(insert(Speaker), speakers)
    sid = 0
    batch_src, batch_st, batch_claim, batch_link = [], [], [], []

    def flush(conn) -> None:
        for table, rows in (
            (Source, batch_src),
            (Claim, batch_claim),
            (Statement, batch_st),
            (Link, batch_link),
        ):
            if rows:
                conn.execute(insert(table), rows)
                rows.clear()

    with db.engine.begin() as conn:
        for src_id in range(1, n // PER_SOURCE + 2):
            count = min(PER_SOURCE, n - sid)
            if count <= 0:
                break
            quotes = [_quote(rng) for _ in range(count)]
            parts, offsets, pos = [], [], 0
            for q in quotes:
                para = f'Speaker said: "{q}"'
                offsets.append(pos + para.index(q))
                parts.append(para)
                pos += len(para) + 2
            published = base + timedelta(days=rng.randint(0, 1800))
            batch_src.append(
                {
                    "id": src_id,
                    "content_sha256": f"{src_id:064x}",
                    "title": f"Report {src_id}",
                    "outlet": f"Outlet {src_id % 300}",
                    "url": f"https://news.example/{src_id}",
                    "published_on": published,
                    "text": "\n\n".join(parts),
                    "origin": f"bench/{src_id}.txt",
                }
            )
            for q, start in zip(quotes, offsets, strict=True):
                sid += 1
                claim_id = None
                if sid % 10 == 2:  # statements 10k+1 and 10k+2 make one claim, linked
                    claim_id = sid // 10 + 1
                    batch_claim.append(
                        {"id": claim_id, "canonical_text": q, "first_statement_id": None}
                    )
                    batch_link.append(
                        {
                            "a_id": sid - 1,
                            "b_id": sid,
                            "relation": "paraphrase",
                            "score": 0.8,
                            "method": "bench",
                            "diff": None,
                            "decided": "auto",
                        }
                    )
                batch_st.append(
                    {
                        "id": sid,
                        "source_id": src_id,
                        "speaker_id": rng.randint(1, 2000),
                        "speaker_mention": "Speaker",
                        "kind": "direct",
                        "quote": q,
                        "start": start,
                        "end": start + len(q),
                        "cue": "said",
                        "cue_stance": "neutral",
                        "stated_on": published - timedelta(days=rng.randint(0, 3)),
                        "hedging": rng.choice(HEDGES),
                        "hedge_cues": [],
                        "status": rng.choice(STATUSES),
                        "claim_id": claim_id,
                        # scored as imports score them, so the checkworthy queue has an order
                        "checkworthiness": round(rng.random(), 3),
                    }
                )
            if len(batch_st) >= 20_000:
                flush(conn)
        flush(conn)
    # link the first statement of each claim now that both statements exist
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE claim SET first_statement_id = (id - 1) * 10 + 1 WHERE first_statement_id IS NULL"
        )
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    db.dispose()


def _count(url: str) -> int:
    from sqlalchemy import func, select

    from ledger.store.db import open_database
    from ledger.store.models import Statement

    db = open_database(url, notice=lambda _m: None)
    with db.read() as s:
        n = s.scalar(select(func.count(Statement.id))) or 0
    db.dispose()
    return n


async def _until(cond, timeout: float = 30.0) -> None:
    end = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > end:
            raise TimeoutError("the UI did not show the expected state")
        await asyncio.sleep(0.0005)


async def measure(url: str, moves: int) -> dict:
    from ledger.tui.app import ReviewApp

    from ledger.services.query import StatementFilter
    from ledger.services.queue import QueueQuery
    from ledger.store.db import open_database

    t0 = time.perf_counter()
    db = open_database(url, notice=lambda _m: None)
    app = ReviewApp(db, "bench")
    out: dict = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await _until(lambda: bool(app.shown))
        out["first_screen_s"] = round(time.perf_counter() - t0, 3)
        screen = app.screen
        steps, painted = [], []
        for _ in range(moves):
            before = len(app.shown)
            t = time.perf_counter()
            app.simulate_key("j")
            await _until(lambda b=before: len(app.shown) > b)
            steps.append((time.perf_counter() - t) * 1000)
            await pilot.pause()  # until the screen is idle again: repainted
            painted.append((time.perf_counter() - t) * 1000)
        out["next_item_ms"] = round(statistics.median(steps), 2)
        out["next_item_p95_ms"] = round(sorted(steps)[int(len(steps) * 0.95) - 1], 2)
        out["next_item_painted_ms"] = round(statistics.median(painted), 2)
        out["rows_loaded_after_moves"] = len(screen.rows)
        filters = {
            "status=verified": StatementFilter(status="verified"),
            "hedging=high": StatementFilter(hedging="high"),
            "speaker=42": StatementFilter(speaker="42"),
            "status+hedging": StatementFilter(status="disputed", hedging="medium"),
            "search=reactor": StatementFilter(search="reactor"),
            "search=no match": StatementFilter(search="zyzzogeton"),
            "search=two words": StatementFilter(search="reactor drought"),
            'search="a phrase"': StatementFilter(search='"harbour minister"'),
            "search=prefix*": StatementFilter(search="pipel*"),
            "since 2024-06-01": StatementFilter(since=date(2024, 6, 1)),
        }
        times = {}
        order = screen.query_state.sort
        out["order"] = order
        for name, f in filters.items():
            before = len(app.shown)
            t = time.perf_counter()
            # in the order the reviewer is in (the queue_order setting: checkworthy first)
            screen.apply(QueueQuery(f, sort=order))
            # done when the first page is in and its first statement shown (or none matched)
            await _until(
                lambda b=before: not screen.loading and (not screen.rows or len(app.shown) > b)
            )
            times[name] = round((time.perf_counter() - t) * 1000, 1)
            await pilot.pause()
        out["filter_ms"] = round(statistics.median(times.values()), 1)
        out["filter_each_ms"] = times
        searches = [v for k, v in times.items() if k.startswith("search")]
        out["word_search_ms"] = round(statistics.median(searches), 1)
        out["word_search_max_ms"] = max(searches)
        # the sorted order by date, newest first, then one page further down
        t = time.perf_counter()
        before = len(app.shown)
        screen.apply(QueueQuery(StatementFilter(), sort="-date"))
        await _until(lambda: len(app.shown) > before)
        out["sort_by_date_ms"] = round((time.perf_counter() - t) * 1000, 1)
        app.exit()
    db.dispose()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=10_000)
    ap.add_argument("--db", help="database URL (default: sqlite:///bench-tui-N.db here)")
    ap.add_argument("--moves", type=int, default=60, help="next-item moves to time")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args(argv)
    url = args.db or f"sqlite:///bench-tui-{args.statements}.db"
    build_s = None
    if url.startswith("sqlite:///") and args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(url[len("sqlite:///") :] + suffix).unlink(missing_ok=True)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        have = pool.apply(_count, (url,))
        if have != args.statements:
            if have:
                sys.exit(f"{url} holds {have} statements, not {args.statements}: use --rebuild")
            t = time.perf_counter()
            pool.apply(build, (url, args.statements))
            build_s = round(time.perf_counter() - t, 1)
    result = {"statements": args.statements, **asyncio.run(measure(url, args.moves))}
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["build_s"] = build_s
    result["database"] = url.split("://")[0]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
