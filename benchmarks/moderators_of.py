#!/usr/bin/env python3
"""Which training sentences the transcript import gives a moderator, for fitting the
check-worthiness model's `moderator` feature as the import will compute it.

    python benchmarks/moderators_of.py [--jsonl ../shared/data/checkworthy-2020/train.jsonl] -o moderators.json

Each debate is written out as eval_transcripts.py writes it (a `SPEAKER: text` transcript,
`write_doc`), read by the pipeline as `ledger extract` reads it, and a sentence is marked
when the statement covering most of it (more than half) has a speaker with the role
`moderator`. Writes {"doc|line": true/false} and prints one JSON line of counts. The file
goes to `tune_checkworthy.py --moderators-from`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))

from eval_transcripts import write_doc  # noqa: E402

from ledger.services.pipeline import read_documents, statements_of  # noqa: E402
from ledger.sources.inputs import discover  # noqa: E402

DEFAULT = ROOT.parent / "shared/data/checkworthy-2020/train.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jsonl", type=Path, default=DEFAULT)
    ap.add_argument("-o", "--output", type=Path, required=True)
    a = ap.parse_args()
    docs: dict[str, list[dict]] = defaultdict(list)
    with open(a.jsonl, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                docs[r["doc"]].append(r)
    out: dict[str, bool] = {}
    with tempfile.TemporaryDirectory() as d:
        for name in sorted(docs):
            path = os.path.join(d, name + ".txt")
            spans = write_doc(path, name, docs[name])
            inputs, _ = discover([path], None)
            found = [st for doc in read_documents(inputs[0])[0] for st in statements_of(doc)]
            mods = [
                (st.start, st.end)
                for st in found
                if st.speaker is not None and st.speaker.role == "moderator"
            ]
            for s, e, r in spans:
                out[f"{r['doc']}|{r['line']}"] = any(
                    min(e, b) - max(s, a_) > (e - s) / 2 for a_, b in mods
                )
    a.output.write_text(json.dumps(out), encoding="utf-8")
    print(json.dumps({"sentences": len(out), "moderator": sum(out.values())}))


if __name__ == "__main__":
    main()
