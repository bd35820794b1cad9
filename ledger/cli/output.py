"""Printing results: tables (Rich, plain text only), JSON, JSONL and CSV.

Files named with `-o` are opened by `ledger.services.output_files`, whose rules the
reviewer UI's exports share.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ledger.errors import InputError, printable
from ledger.export.tabular import write_csv, write_json, write_jsonl
from ledger.store.safe_json import safe_dumps

# Bidirectional embeddings, overrides and isolates: in a terminal that honours them, one in
# a quote or a name reorders the rest of its line (a "Trojan Source" spoof of what a row
# says). The marks (LRM, RLM, ALM) only nudge neutral characters and stay.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain(value: Any, limit: int | None = None) -> Text:
    """Untrusted text as a Rich Text: never parsed as markup; control characters and
    bidirectional overrides made visible (`\\x1b`, `\\u202e`)."""
    if value is None:
        return Text("")
    s = value if isinstance(value, str) else str(value)
    s = "\n".join(printable(line) for line in s.split("\n"))
    s = _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", s)
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    return Text(s)


def console(stream: IO[str] | None = None) -> Console:
    return Console(
        file=stream or sys.stdout, markup=False, highlight=False, emoji=False, soft_wrap=False
    )


def print_table(
    rows: list[dict], columns: list[tuple[str, str, int | None]], title: str | None = None
) -> None:
    """A table of `rows`; columns are (key, header, max width)."""
    table = Table(title=title, show_lines=False, header_style="bold")
    for _, header, width in columns:
        table.add_column(header, overflow="fold", max_width=width)
    for row in rows:
        table.add_row(*(plain(row.get(key), 400) for key, _, _ in columns))
    console().print(table)


def emit(
    rows: Iterable[dict],
    fmt: str,
    out: IO[str] | None = None,
    table: Callable[[list[dict]], None] | None = None,
    columns: list[tuple[str, str, int | None]] | None = None,
) -> int:
    """Write `rows` as json, jsonl or csv to `out` (default standard output), or as a
    table: `columns` for a plain one, `table` to draw it some other way."""
    out = out or sys.stdout
    if columns is not None:
        table = lambda rs: print_table(rs, columns)  # noqa: E731
    if fmt == "json":
        return write_json(rows, out)
    if fmt == "jsonl":
        return write_jsonl(rows, out)
    if fmt == "csv":
        return write_csv(rows, out)
    rows = list(rows)
    if table is None:
        raise InputError(f"format {fmt!r} is not available here")
    table(rows)
    return len(rows)


def text_or_stdin_lines(text: str) -> list[str]:
    """The one argument, or with `-` every line of standard input (no trailing empty one)."""
    if text != "-":
        return [text]
    lines = sys.stdin.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def print_json(obj: Any) -> None:
    sys.stdout.write(safe_dumps(obj, indent=2) + "\n")
