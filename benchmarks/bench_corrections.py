"""Corrections benchmark: what a correction costs at N statements, and a speaker merge with
its links and claims recomputed in the same transaction against the way before it
(merge, then `ledger link --rebuild` to bring the links up to date).

    python benchmarks/bench_corrections.py --statements 100000 [--db sqlite:///bench-corr.db]

Prints ONE JSON object (seconds): speaker_cold_s (the first correction of a process: it
builds the linker index), speaker_warm_s, span_s, retract_s, add_s, claim_text_s (the
same process, the index cached), merge_relink_s (`speakers merge` of two speakers of
about N/2000 statements each, relinked in the transaction) and merge_then_rebuild_s (the
same merge without relinking, then a full re-link: what bringing links up to date took
before; `--no-before` skips it). The database is built by `bench_tui.build` (bulk inserts that bypass the journal,
so `ledger verify` rejects it) and is THROWAWAY; it is rebuilt each run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def _timed(db, call) -> float:
    t0 = time.perf_counter()
    with db.write() as s:
        call(s)
    return round(time.perf_counter() - t0, 3)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--statements", type=int, default=20_000)
    p.add_argument("--db", default=None, help="default: sqlite in a temporary folder")
    p.add_argument(
        "--no-before", action="store_true", help="skip the merge-then-rebuild figure (slow)"
    )
    args = p.parse_args(argv)
    import tempfile

    from bench_tui import build

    from ledger.services import claims, corrections, relinking, speakers
    from ledger.store.db import open_database
    from ledger.store.models import Source, Statement

    url = args.db or f"sqlite:///{tempfile.mkdtemp()}/bench-corrections.db"
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///") :]).unlink(missing_ok=True)
    build(url, args.statements)
    db = open_database(url, notice=lambda _m: None)
    n = args.statements
    out: dict[str, object] = {"statements": n}
    out["speaker_cold_s"] = _timed(db, lambda s: corrections.correct_speaker(s, 5, "A New Person"))
    out["speaker_warm_s"] = _timed(db, lambda s: corrections.correct_speaker(s, 6, "7"))
    with db.read() as s:
        st = s.get(Statement, 8)
        start, end, src_id, text_len = st.start, st.end, st.source_id, len(st.source.text)
    out["span_s"] = _timed(db, lambda s: corrections.correct_span(s, 8, start, end - 1))
    out["retract_s"] = _timed(db, lambda s: corrections.retract(s, 9, "bench"))
    with db.read() as s:
        text = s.get(Source, src_id).text
    begin = text.index("Speaker said")
    out["add_s"] = _timed(
        db, lambda s: corrections.add_statement(s, src_id, begin, begin + 12, "7")
    )
    assert begin + 12 <= text_len
    out["claim_text_s"] = _timed(db, lambda s: corrections.correct_claim_text(s, 1, "bench"))
    out["merge_relink_s"] = _timed(db, lambda s: speakers.merge(s, 11, 12))

    if args.no_before:
        db.dispose()
        print(json.dumps(out))
        return
    # before: the merge left links stale and a full re-link brought them up to date
    original = relinking.relink
    relinking.relink = lambda *a, **k: {}
    try:
        t0 = time.perf_counter()
        with db.write() as s:
            speakers.merge(s, 13, 14)
        with db.write() as s:
            claims.rebuild(s)
        out["merge_then_rebuild_s"] = round(time.perf_counter() - t0, 3)
    finally:
        relinking.relink = original
    db.dispose()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
