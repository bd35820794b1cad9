"""The text of a Textual SVG screenshot, one line per terminal row (for assertions)."""

from __future__ import annotations

import html
import re

_TEXT = re.compile(r'<text[^>]*?x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', re.S)


def screen_lines(svg: str) -> list[str]:
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in _TEXT.finditer(svg):
        x, y = float(m.group(1)), float(m.group(2))
        rows.setdefault(y, []).append((x, html.unescape(m.group(3)).replace("\xa0", " ")))
    out = []
    for y in sorted(rows):
        line = ""
        for x, t in sorted(rows[y]):
            col = int(round(x / 12.2))
            line = line.ljust(col) + t
        out.append(line)
    return out
