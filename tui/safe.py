"""Untrusted text as Rich `Text`: never parsed as markup, control characters made visible.

Quotes, names, titles, notes and URLs come from imported documents and other reviewers.
Everything the reviewer UI shows from the database goes through `plain()` (or builds on
it), so `[bold]`, `[link=…]`, an unclosed `[` or an ANSI escape shows exactly as written.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

_STYLE = {
    "hedge": "bold black on yellow",
    "cue": "bold underline cyan",
}
QUOTE_STYLE = "bold reverse"
STATUS_STYLE = {
    "unreviewed": "dim",
    "in_review": "yellow",
    "verified": "green",
    "disputed": "magenta",
    "rejected": "red",
}


def visible(value: Any, keep_newlines: bool = False) -> str:
    """`value` as a string whose control characters (ESC included) are shown as \\xNN."""
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    out = []
    for ch in s:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch < " " or "\x7f" <= ch <= "\x9f":
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


def plain(value: Any, limit: int | None = None, style: str = "", cell: bool = False) -> Text:
    """Untrusted `value` as Text, cut to `limit` characters with an ellipsis; a table
    `cell` stays on one line."""
    s = visible(value)
    if limit is not None and len(s) > limit:
        s = s[: max(limit - 1, 0)] + "…"
    if cell:
        return Text(s, style=style, no_wrap=True, overflow="ellipsis")
    return Text(s, style=style)


def status_text(status: str | None) -> Text:
    return Text(visible(status or ""), style=STATUS_STYLE.get(status or "", ""))


def highlighted_context(context: dict[str, Any], marks: list[dict[str, Any]]) -> Text:
    """The source paragraph(s) with the quote in reverse and the hedge and attribution cues
    marked. Offsets are into `context["text"]`; control characters are made visible
    piecewise so that offsets stay right."""
    raw: str = context.get("text") or ""
    qs, qe = int(context.get("quote_start", 0)), int(context.get("quote_end", 0))
    # Style per character position, then one Text built from equal-style runs.
    styles: list[str] = [""] * len(raw)
    for i in range(max(qs, 0), min(qe, len(raw))):
        styles[i] = QUOTE_STYLE
    for m in marks:
        style = _STYLE.get(m.get("kind", ""), "underline")
        for i in range(max(int(m["start"]), 0), min(int(m["end"]), len(raw))):
            styles[i] = f"{styles[i]} {style}".strip()
    out = Text()
    start = 0
    for i in range(1, len(raw) + 1):
        if i == len(raw) or styles[i] != styles[start]:
            out.append(visible(raw[start:i], keep_newlines=True), style=styles[start] or None)
            start = i
    return out


def diff_text(diff: list[dict[str, Any]] | None) -> Text:
    """A word-level diff from this quote to another: deletions red and struck through,
    insertions green and underlined, replacements both."""
    out = Text()
    for part in diff or []:
        op = part.get("op")
        a, b = part.get("a"), part.get("b")
        a = " ".join(a) if isinstance(a, list) else visible(a)
        b = " ".join(b) if isinstance(b, list) else visible(b)
        a, b = visible(a), visible(b)
        if out and not out.plain.endswith(" "):
            out.append(" ")
        if op == "equal":
            out.append(a or b)
        elif op == "delete":
            out.append(f"-{a}", style="bold red strike")
        elif op == "insert":
            out.append(f"+{b}", style="bold green underline")
        elif op == "replace":
            out.append(f"-{a}", style="bold red strike")
            out.append(" ")
            out.append(f"+{b}", style="bold green underline")
    return out
