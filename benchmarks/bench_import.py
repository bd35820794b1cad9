"""Import throughput: generate N synthetic articles, import them into a fresh SQLite, print JSON.

python benchmarks/bench_import.py --articles 5000
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from articles import write_articles  # noqa: E402


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its finished child processes."""
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--jobs", type=int, default=None, help="extraction workers (default: cores - 1; 0: none)"
    )
    args = ap.parse_args()

    from ledger.services.importing import import_inputs
    from ledger.services.prepare import default_jobs
    from ledger.sources.inputs import discover
    from ledger.store.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        write_articles(folder, args.articles, args.seed)
        db = open_database(f"sqlite:///{tmp}/bench.db")
        inputs, problems = discover([str(folder)])
        assert not problems, problems
        cpu0 = _cpu_seconds()
        t0 = time.perf_counter()
        report = import_inputs(db, inputs, jobs=args.jobs)
        seconds = time.perf_counter() - t0
        cpu1 = _cpu_seconds()
        db.dispose()
    failed = report.count("failed")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "articles": args.articles,
                "imported": report.count("imported"),
                "failed": failed,
                "statements": report.statements,
                "seconds": round(seconds, 2),
                "articles_per_s": round(args.articles / seconds, 1),
                "statements_per_s": round(report.statements / seconds, 1),
                "peak_rss_mb": round(peak_mb, 1),
                "peak_rss_worker_mb": round(worker_mb, 1),
                "jobs": default_jobs() if args.jobs is None else args.jobs,
                # which side limits the rate: the storing process, or the extraction workers
                "cpu_s_writer": round(cpu1[0] - cpu0[0], 2),
                "cpu_s_workers": round(cpu1[1] - cpu0[1], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
