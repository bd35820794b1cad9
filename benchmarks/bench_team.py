"""Team mode on PostgreSQL: concurrent importers and reviewers on one ledger.

    python benchmarks/bench_team.py [--url URL] [--importers 4] [--articles 2500]
                                    [--reviewers 8] [--decisions 500]

Runs in a fresh schema of the PostgreSQL database at URL (default: the local test
database) and drops it afterwards. Part 1: `--importers` `ledger import` processes, each
on a folder of `--articles` generated articles, neighbours sharing half their files
(articles/s, duplicates found: must be 0). Part 2: `--reviewers` processes each lease the
next unreviewed statement and decide on it, `--decisions` times (decisions/s, lost or
doubled decisions: must be 0, p95 decision latency). Prints one JSON object.

Articles are generated here from invented words (seeded), so quotes rarely link: the
figures measure storing, locking and leasing, not the claim-linking engine.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SYLLABLES = "ka lo mi ren tus va dor pe qui sal ton bri gan hel jor nu zet cra fol wim".split()
FIRST = "Ada Bram Cleo Dario Esme Farid Gita Hugo Ines Jules Kofi Lena Milo Nora Omar".split()
LAST = "Aalto Brandt Costa Duval Eriksen Fontaine Grau Horvat Ito Jansen Kowalski".split()
CUES = ["said", "told reporters", "added", "warned"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def article(index: int, seed: int = 1) -> str:
    """Article `index` of the series: the same index always gives the same text."""
    rng = random.Random(f"{seed}:{index}")
    published = date(2024, 1, 1) + timedelta(days=rng.randint(0, 600))
    paras = []
    for _ in range(3):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        words = " ".join(_word(rng) for _ in range(rng.randint(6, 12)))
        paras.append(f"“The {words} is on track,” {name} {rng.choice(CUES)}.")
    return f"date {published.isoformat()}\n" + "\n\n".join(paras) + "\n"


def _schema_url(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def _ledger(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ledger", "--db", url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def bench_import(url: str, folder: Path, importers: int, articles: int) -> dict:
    from sqlalchemy import func, select

    from ledger.store.db import open_database
    from ledger.store.models import Source, Speaker, Statement

    step = articles // 2
    written = {}
    for i in range(importers):
        sub = folder / f"importer{i}"
        sub.mkdir(parents=True)
        for n in range(i * step, i * step + articles):
            path = sub / f"a{n:06d}.txt"
            path.write_text(written.setdefault(n, article(n)), encoding="utf-8")
    open_database(url).dispose()  # schema in place before the race
    started = time.perf_counter()
    procs = [_ledger(url, "import", str(folder / f"importer{i}")) for i in range(importers)]
    results = [p.communicate() + (p.returncode,) for p in procs]
    elapsed = time.perf_counter() - started
    errors = [err.strip().splitlines()[-1] for _, err, code in results if code != 0]
    error_lines = sum(
        1
        for _, err, _ in results
        for line in err.splitlines()
        if "unchanged" not in line and line.strip()
    )
    db = open_database(url)
    with db.read() as s:
        sources = s.scalar(select(func.count()).select_from(Source))
        distinct_sha = s.scalar(select(func.count(func.distinct(Source.content_sha256))))
        statements = s.scalar(select(func.count()).select_from(Statement))
        dup_statements = len(
            s.execute(
                select(Statement.source_id, Statement.start, Statement.end, Statement.kind)
                .group_by(Statement.source_id, Statement.start, Statement.end, Statement.kind)
                .having(func.count() > 1)
            ).all()
        )
        dup_speakers = len(
            s.execute(
                select(Speaker.name_key, Speaker.kind)
                .group_by(Speaker.name_key, Speaker.kind)
                .having(func.count() > 1)
            ).all()
        )
        speakers = s.scalar(select(func.count()).select_from(Speaker))
    db.dispose()
    imported = sum(int(out.split("imported ")[1].split(",")[0]) for out, _, _ in results if out)
    return {
        "importers": importers,
        "articles_per_importer": articles,
        "overlap": 0.5,
        "articles_processed": importers * articles,
        "distinct_articles": len(written),
        "sources_stored": sources,
        "statements_stored": statements,
        "speakers": speakers,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(importers * articles / elapsed, 1),
        "stored_articles_per_s": round(sources / elapsed, 1),
        "duplicates": {
            "sources": (sources - distinct_sha) + (imported - len(written)),
            "statements": dup_statements,
            "speakers": dup_speakers,
            "missing_sources": len(written) - sources,
        },
        "failed_processes": errors,
        "error_lines": error_lines,
    }


def _reviewer(url: str, name: str, decisions: int, queue: multiprocessing.Queue) -> None:
    from ledger.errors import ConflictError
    from ledger.services.decisions import decide
    from ledger.services.leases import next_item
    from ledger.store.db import open_database

    db = open_database(url)
    done, latencies, conflicts = [], [], 0
    while len(done) < decisions:
        t0 = time.perf_counter()
        with db.write() as s:
            item = next_item(s, name)
        if item is None:
            break
        try:
            with db.write() as s:
                decide(s, item["id"], "verified", seen_version=item["version"], reviewer=name)
        except ConflictError:
            conflicts += 1
            continue
        latencies.append(time.perf_counter() - t0)
        done.append(item["id"])
    db.dispose()
    queue.put({"name": name, "done": done, "latencies": latencies, "conflicts": conflicts})


def bench_review(url: str, reviewers: int, decisions: int) -> dict:
    from sqlalchemy import func, select

    from ledger.store.db import open_database
    from ledger.store.models import Review
    from ledger.store.verify import verify

    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_reviewer, args=(url, f"reviewer{i}", decisions, queue))
        for i in range(reviewers)
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - started
    claimed = [sid for r in results for sid in r["done"]]
    latencies = sorted(x for r in results for x in r["latencies"])
    db = open_database(url)
    with db.read() as s:
        stored = s.scalar(select(func.count()).select_from(Review))
        doubled = len(
            s.execute(
                select(Review.statement_id).group_by(Review.statement_id).having(func.count() > 1)
            ).all()
        )
        ok = verify(s).ok
    db.dispose()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else None
    return {
        "reviewers": reviewers,
        "decisions_per_reviewer": decisions,
        "decisions": len(claimed),
        "seconds": round(elapsed, 2),
        "decisions_per_s": round(len(claimed) / elapsed, 1),
        "p50_latency_ms": round(latencies[len(latencies) // 2] * 1000, 1) if latencies else None,
        "p95_latency_ms": round(p95 * 1000, 1) if p95 is not None else None,
        "lost": len(claimed) - stored,
        "doubled": doubled + (len(claimed) - len(set(claimed))),
        "conflicts_retried": sum(r["conflicts"] for r in results),
        "verify_ok": ok,
        "latency_includes": "lease of the next item + the decision, two transactions",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("LEDGER_BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--importers", type=int, default=4)
    parser.add_argument("--articles", type=int, default=2500)
    parser.add_argument("--reviewers", type=int, default=8)
    parser.add_argument("--decisions", type=int, default=500)
    args = parser.parse_args()
    import sqlalchemy as sa

    from ledger.config import database_url

    base = database_url(args.url)
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = _schema_url(base, schema)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-team-") as tmp:
            imports = bench_import(url, Path(tmp), args.importers, args.articles)
        reviews = bench_review(url, args.reviewers, args.decisions)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    with admin.connect() as conn:
        server = conn.execute(sa.text("SHOW server_version")).scalar()
    print(
        json.dumps(
            {
                "benchmark": "team",
                "database": f"PostgreSQL {server}",
                "cpus": os.cpu_count(),
                "import": imports,
                "review": reviews,
            }
        )
    )


if __name__ == "__main__":
    main()
