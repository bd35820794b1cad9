"""Statements as JSON, JSONL or CSV: every field, offsets included.

JSONL rows are in the statement-import format (a `source` object on every row, the source
text on the first row of each source), so `ledger import` of an export reproduces the same
statements. CSV cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from sqlalchemy.orm import Session

from ledger.store.models import Source

#: characters that make a spreadsheet read a cell as a formula (OWASP CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = [
    "id",
    "source_id",
    "source",
    "title",
    "outlet",
    "url",
    "published_on",
    "speaker_id",
    "speaker",
    "role",
    "speaker_mention",
    "kind",
    "cue",
    "cue_stance",
    "quote",
    "start",
    "end",
    "stated_on",
    "venue",
    "hedging",
    "hedge_cues",
    "polarity",
    "ref",
    "claim_id",
    "status",
    "assigned_to",
    "version",
]


def safe_cell(value: Any) -> str:
    """A CSV cell that no spreadsheet evaluates: formula-like text gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def jsonl_rows(
    session: Session, rows: Iterable[dict[str, Any]], with_text: bool = True
) -> Iterator[dict]:
    """Statement rows in the import format: a `source` object each, its text once."""
    seen: set[int] = set()
    meta: dict[int, tuple[str, str]] = {}
    for row in rows:
        out = dict(row)
        sid = row["source_id"]
        if sid not in meta:
            source = session.get(Source, sid)
            meta[sid] = (source.kind, source.content_sha256) if source else ("article", "")
        kind, sha = meta[sid]
        src: dict[str, Any] = {
            "title": row["title"],
            "outlet": row["outlet"],
            "url": row["url"],
            "published_on": row["published_on"],
            "kind": kind,
            "sha256": sha,
            "origin": row["source"],
        }
        if with_text and sid not in seen:
            seen.add(sid)
            source = session.get(Source, sid)
            if source is not None:
                src["text"] = source.text
        for key in ("title", "outlet", "url", "published_on", "source"):
            out.pop(key, None)
        out["source"] = src
        yield out


def write_json(rows: Iterable[dict], out: IO[str]) -> int:
    n = 0
    out.write("[")
    for row in rows:
        out.write(",\n" if n else "\n")
        out.write(json.dumps(row, ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def write_jsonl(rows: Iterable[dict], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[dict], out: IO[str], columns: list[str] = CSV_COLUMNS) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
        n += 1
    return n
