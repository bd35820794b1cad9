"""Datelines: the place (and agency) that opens a news story ("MILLBROOK -", "LONDON
(Reuters) -", "BEDFORD, N.H. (AP) —"). A dateline says where the story was filed, not who
spoke, so the extractor reads the text with each dateline blanked out: it is never a
speaker, a subject or part of a statement. Blanking with spaces keeps every offset.
"""

from __future__ import annotations

import re

# At a paragraph start: one to four words in capitals (the first of three letters or
# more), an optional ", State" or ", Month Day", an optional "(Agency)", then a dash and a
# sentence that opens with a capital or a quote ("NATO - the alliance - said" is no dateline).
_DATELINE_RE = re.compile(
    r"(?m)^[ \t]*(?P<d>[A-Z][A-Z'’.\-]{2,}(?: [A-Z][A-Z'’.\-]+){0,3}"
    r"(?:, (?:[A-Z][a-z]{0,8}\.?(?: ?[A-Z][a-z]{0,8}\.?){0,2})(?: \d{1,2})?)?"
    r"(?: ?\([A-Za-z][A-Za-z .&-]{0,30}\))?"
    r" ?(?:—|–|-{1,2}))(?= [A-Z“\"‘'])"
)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of every dateline in `text`."""
    if "-" not in text and "—" not in text and "–" not in text:
        return []
    return [m.span("d") for m in _DATELINE_RE.finditer(text)]


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span replaced by as many spaces."""
    if not spans:
        return text
    parts = []
    last = 0
    for s, e in spans:
        parts.append(text[last:s])
        parts.append(" " * (e - s))
        last = e
    parts.append(text[last:])
    return "".join(parts)
