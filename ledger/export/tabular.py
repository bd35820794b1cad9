"""Statements as JSON, JSONL or CSV: every field, offsets included.

JSONL rows are in the statement-import format (a `source` object on every row, the source
text on the first row of each source), so `ledger import` of an export reproduces the same
statements. CSV cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import IO, Any

from sqlalchemy.orm import Session

from ledger.store.models import Source
from ledger.store.safe_json import safe_dumps

#: characters that make a spreadsheet read a cell as a formula (OWASP CSV injection), and
#: a line feed, which some read as the end of the cell's first line
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: what a spreadsheet may skip or fold before them: whitespace, controls and the invisible
#: format characters (zero-width spaces and joiners, direction marks, U+2060, the BOM)
_SKIPPED = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})

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
    "stated_on_precision",
    "venue",
    "hedging",
    "hedge_cues",
    "polarity",
    "checkworthiness",
    "checkworthy_cues",
    "ref",
    "claim_id",
    "status",
    "assigned_to",
    "version",
    # filled by `--rated` (which needs the right to export verified claims), else empty
    "claim_rating",
    "claim_rating_note",
]


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula: it starts with one of
    `FORMULA_STARTS`, or does after leading whitespace and invisible characters, in its
    NFKC form (the full-width ＝ ＋ － ＠ and the small ﹦ ﹢ ﹣ ﹫ count as = + - @).
    Negative numbers ("-3") are formula-like too, as OWASP advises."""
    for ch in text:
        if ch in FORMULA_STARTS:
            return True
        if ch.isspace() or unicodedata.category(ch) in _SKIPPED:
            continue
        return unicodedata.normalize("NFKC", ch).startswith(FORMULA_STARTS)
    return False


def safe_cell(value: Any) -> str:
    """A CSV cell that no spreadsheet evaluates: formula-like text gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if formula_like(text):
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
        out.write(safe_dumps(row))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def write_jsonl(rows: Iterable[dict], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(safe_dumps(row) + "\n")
        n += 1
    return n


def public_source(row: dict[str, Any]) -> Any:
    """Where a statement row's source can be found by whoever gets the CSV: its URL, else
    the file's name. Never the local path it was imported from, which says where the
    newsroom keeps its files (JSON keeps the full origin, for the ledger's owner)."""
    if row.get("url"):
        return row["url"]
    origin = row.get("source")
    if not isinstance(origin, str):
        return origin
    return re.split(r"[\\/]", origin.rstrip("\\/"))[-1] or origin


def write_csv(rows: Iterable[dict], out: IO[str], columns: list[str] = CSV_COLUMNS) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    n = 0
    for row in rows:
        if "source_id" in row and "source" in row:
            row = {**row, "source": public_source(row)}
        writer.writerow([safe_cell(row.get(c)) for c in columns])
        n += 1
    return n
