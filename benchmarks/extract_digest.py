"""A digest of everything `ledger extract` says about a corpus, to prove a refactor kept
extraction byte-identical.

Reads each file the way `ledger extract` does (`read_documents`, `statements_of`,
`statement_json`), writes one canonical JSON line per statement, and prints one JSON object:
the files, the statements, and the SHA-256 of all lines in order. Run it on the tree before
and after a change (a `git worktree` of the old commit serves as "before"); equal digests
mean equal output.

    python benchmarks/extract_digest.py [PATH ...]          # default: ../shared/data/polnear-train/text and seeds/
    python benchmarks/extract_digest.py --dump out.jsonl    # also write the lines, to diff them
    python benchmarks/extract_digest.py --without stated_on_precision   # digest as if a new field were not there
    python benchmarks/extract_digest.py --date-from-name    # resolve dates against the YYYY-MM-DD in each file name

The output also counts the statements by `stated_on_precision` (None: no date). PolNeAR's
files carry no date of their own, so only dates with a year resolve there; with
`--date-from-name` each file is read as published on the date its name holds (PolNeAR's
names do), which shows how the relative phrases ("last week", "in March") resolve — that
run is a measurement, not the digest of `ledger extract`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ledger.services.pipeline import (  # noqa: E402
    Overrides,
    read_documents,
    statement_json,
    statements_of,
)
from ledger.sources.inputs import DEFAULT_MAX_MB, discover  # noqa: E402

_NAME_DATE = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d")

DEFAULT_PATHS = [ROOT.parent / "shared" / "data" / "polnear-train" / "text", ROOT / "seeds"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--dump", type=Path, help="write the canonical lines here too")
    ap.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="FIELD",
        help="leave this field out of every line (repeatable)",
    )
    ap.add_argument(
        "--date-from-name",
        action="store_true",
        help="read each file as published on the YYYY-MM-DD in its name",
    )
    args = ap.parse_args(argv)
    paths = [p for p in (args.paths or DEFAULT_PATHS) if p.exists()]
    if not paths:
        print(json.dumps({"error": "no input found"}))
        return 1
    digest = hashlib.sha256()
    files = statements = 0
    precisions: Counter[str] = Counter()
    out = args.dump.open("w", encoding="utf-8") if args.dump else None
    for path in paths:
        inputs, problems = discover([str(path)], None)
        if problems:
            print(json.dumps({"error": [str(p) for p in problems]}))
            return 1
        for inp in sorted(inputs, key=lambda i: i.name):
            files += 1
            overrides = Overrides()
            if args.date_from_name:
                found = _NAME_DATE.search(Path(inp.name).name)
                if found:
                    overrides = Overrides(published_on=date.fromisoformat(found.group(0)))
            docs, _note = read_documents(inp, "auto", DEFAULT_MAX_MB, overrides)
            for doc in docs:
                for st in statements_of(doc):
                    row = statement_json(st, Path(inp.name).name)
                    precisions[str(row.get("stated_on_precision"))] += 1
                    for name in args.without:
                        row.pop(name, None)
                    line = json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n"
                    digest.update(line.encode("utf-8"))
                    statements += 1
                    if out:
                        out.write(line)
    if out:
        out.close()
    print(
        json.dumps(
            {
                "paths": [str(p) for p in paths],
                "files": files,
                "statements": statements,
                "sha256": digest.hexdigest(),
                "without": args.without,
                "date_from_name": args.date_from_name,
                "stated_on_precision": dict(precisions.most_common()),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
