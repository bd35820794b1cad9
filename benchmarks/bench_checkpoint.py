"""Checkpoints at scale: a history of N events in a fresh SQLite ledger, then print JSON.

python benchmarks/bench_checkpoint.py --events 1000000     # --articles 200 --with-chain

The history is a valid chain written straight into `event` (settings inserted and deleted
again, hashed by the journal's own formula, so plain `verify` passes and no rows are
needed), then `--articles` generated articles are imported through the real importer on
top. Timed, each through the code the commands run (`ledger.services.checkpoints`):

- `first_checkpoint_s`: the first checkpoint ever, the Merkle state computed cold;
- `checkpoint_after_import_s`: the checkpoint after the import (the stored state caught up);
- `consistency_check_s`: `verify_checkpoint` of the first checkpoint (the size, the last
  event it covers, and the consistency proof from its size to now): what `ledger verify
  --checkpoint` adds to plain `verify`;
- `stored_tree_check_s`: the stored tree compared with the tree rebuilt from every event
  hash (`stored_tree_problem`, which `ledger verify` runs once there is a stored tree);
- `inclusion_proof_ms`: `prove` of a record whose events are at the start, and of one
  imported last, against the second checkpoint (the slower one), and `verify_proof_ms`;
- `merkle_bytes_per_event`: the pages of `merkle_node` (SQLite's dbstat) per event;
- with `--with-chain`, `plain_verify_s`: plain `verify` (chain and rows), which `verify
  --checkpoint` also runs.

`*_cpu_s` beside a time is this process's CPU time for the step (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from articles import write_articles  # noqa: E402

AT = "2026-01-01T00:00:00.000000Z"


def synthetic_chain(path: str, n: int) -> None:
    """`n` valid events written with sqlite3 (batches of 50,000 in one transaction)."""
    from ledger.store.journal import GENESIS, event_hash

    conn = sqlite3.connect(path)
    prev, rows = GENESIS, []
    for seq in range(1, n + 1):
        action = "insert" if seq % 2 else "delete"
        subject = f"setting:synthetic-{(seq + 1) // 2}"
        payload = "null" if action == "delete" else '{"key":"synthetic","value":1}'
        digest = event_hash(seq, AT, "bench", action, subject, payload, prev)
        rows.append((seq, AT, "bench", action, subject, payload, prev, digest))
        prev = digest
        if len(rows) == 50_000 or seq == n:
            conn.executemany(
                "INSERT INTO event (seq, at, actor, action, subject, payload, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.commit()
            rows = []
    conn.close()


class Timer:
    def __init__(self) -> None:
        self.out: dict[str, float] = {}

    def __call__(self, name: str, fn, *args, **kwargs):
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn(*args, **kwargs)
        self.out[name] = round(time.perf_counter() - t0, 3)
        self.out[name.removesuffix("_s") + "_cpu_s"] = round(time.process_time() - c0, 3)
        return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=200, help="imported after the first checkpoint")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--with-chain", action="store_true", help="also time plain verify")
    args = ap.parse_args()

    from ledger.services import checkpoints
    from ledger.services.importing import import_inputs
    from ledger.sources.inputs import discover
    from ledger.store import merkle
    from ledger.store.db import open_database
    from ledger.store.verify import verify

    timer = Timer()
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/bench.db"
        db = open_database(f"sqlite:///{path}")
        timer("generate_s", synthetic_chain, path, args.events)
        key = checkpoints.load_key(Path(tmp) / "key.pem")
        first = timer("first_checkpoint_s", checkpoints.take_checkpoint, db, key)

        folder = Path(tmp) / "articles"
        write_articles(folder, args.articles, args.seed)
        inputs, problems = discover([str(folder)])
        assert not problems, problems
        report = timer("import_s", import_inputs, db, inputs, jobs=0)
        assert report.count("imported") == args.articles, report.summary()
        second = timer(
            "checkpoint_after_import_s", checkpoints.take_checkpoint, db, key, previous=first
        )
        check = timer("consistency_check_s", checkpoints.verify_checkpoint, db, first)
        assert check.size == second.size and check.root == second.root
        problem = timer("stored_tree_check_s", checkpoints.stored_tree_problem, db)
        assert problem is None, problem

        proofs = {}
        for name, record in (("start", "setting:synthetic-1"), ("end", "statement:1")):
            t0 = time.perf_counter()
            proofs[name] = checkpoints.prove(db, record, second)
            timer.out[f"inclusion_proof_{name}_ms"] = round((time.perf_counter() - t0) * 1000, 2)
        t0 = time.perf_counter()
        checked = checkpoints.verify_proof(proofs["start"], checkpoints.raw_public(key))
        timer.out["verify_proof_ms"] = round((time.perf_counter() - t0) * 1000, 2)
        assert checked.events == 2

        with db.read() as s:
            nodes = s.execute(merkle.select(merkle.func.count(merkle.MerkleNode.id))).scalar()
        conn = sqlite3.connect(path)
        merkle_bytes = conn.execute(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = 'merkle_node'"
        ).fetchone()[0]
        event_bytes = conn.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name IN"
            " (SELECT name FROM sqlite_master WHERE tbl_name = 'event')"
        ).fetchone()[0]
        conn.close()
        if args.with_chain:
            with db.read() as s:
                result = timer("plain_verify_s", verify, s)
            assert result.ok, result.problem
        out = {
            "events_synthetic": args.events,
            "events_total": second.size,
            "articles_imported": args.articles,
            "events_imported": second.size - args.events,
            **timer.out,
            "merkle_nodes": nodes,
            "merkle_bytes": merkle_bytes,
            "merkle_bytes_per_event": round(merkle_bytes / second.size, 3),
            "event_table_bytes_per_event": round(event_bytes / second.size, 1),
            "proof_path_nodes_start": len(proofs["start"]["events"][0]["path"]),
        }
        db.dispose()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
