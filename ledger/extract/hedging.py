"""The hedging classifier: how committed a speaker is to a piece of content.

It owns the scale of design.md §3 (none < low < medium < high), the rules that keep
look-alike words out (the month "May", "if" and "would" used for plain narration are
still hedges by that scale, but a capitalised "May" inside a sentence is a month or a
name), and the polarity of the content. The word list itself lives in `lexicon.py`.
"""

from __future__ import annotations

import re

from .lexicon import HEDGE_CUES, NEGATIONS
from .types import Hedge, HedgeCue

_RANK = {"none": 0, "low": 1, "medium": 2, "high": 3}

_CUE_RE = re.compile(
    r"(?<![\w'’-])(?:"
    + "|".join(f"(?P<c{i}>{pat})" for i, pat in enumerate(HEDGE_CUES))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_LEVELS = list(HEDGE_CUES.values())
_NEG_RE = re.compile(
    r"(?<![\w'’])(?:"
    + "|".join(sorted((re.escape(n) for n in NEGATIONS if "n't" not in n and "n’t" not in n), key=len, reverse=True))
    + r")(?![\w'’])|n['’]t\b",
    re.IGNORECASE,
)
_MONTH_CONTEXT = re.compile(r"\s*(?:\d|[12]\d{3}\b|,?\s*\d)")
_MONTH_BEFORE = re.compile(
    r"(?:\d|\b(?:in|of|on|since|until|till|by|early|late|mid|through|from|to|and|last|next|this|each|every))[\s-]*$",
    re.IGNORECASE,
)


def _is_month_may(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if word[0] != "M":
        # lower-case "may" is the modal, unless a day number sits next to it ("3 may 2020")
        return bool(_MONTH_CONTEXT.match(text, end)) and bool(_MONTH_BEFORE.search(text[max(0, start - 12) : start]))
    before = text[max(0, start - 3) : start].strip()
    sentence_initial = start == 0 or before[-1:] in ("", ".", "!", "?", "“", '"', ":", "(")
    if not sentence_initial:
        return True  # a capitalised "May" mid-sentence is the month or a name
    return bool(_MONTH_CONTEXT.match(text, end))


def hedge_cues(text: str, start: int = 0, end: int | None = None) -> list[HedgeCue]:
    """Every hedge cue in text[start:end], with offsets into `text`."""
    end = len(text) if end is None else end
    out: list[HedgeCue] = []
    for m in _CUE_RE.finditer(text, start, end):
        idx = int(m.lastgroup[1:]) if m.lastgroup else 0
        s, e = m.span()
        low = m.group(0).lower()
        if low == "may" and _is_month_may(text, s, e):
            continue
        if low == "might" and text[s] == "M":
            continue
        out.append(HedgeCue(text=m.group(0), start=s, end=e, level=_LEVELS[idx]))
    return out


def level_of(cues: list[HedgeCue] | tuple[HedgeCue, ...]) -> str:
    """The weakest commitment any cue expresses."""
    best = "none"
    for c in cues:
        if _RANK[c.level] > _RANK[best]:
            best = c.level
    return best


def polarity_of(text: str, start: int = 0, end: int | None = None) -> str:
    """`negative` when the content is negated ("we don't see evidence")."""
    end = len(text) if end is None else end
    return "negative" if _NEG_RE.search(text, start, end) else "positive"


def classify_hedging(text: str) -> Hedge:
    """Hedging level, cues (offsets into `text`) and polarity of one sentence or content."""
    if not isinstance(text, str) or not text:
        return Hedge()
    cues = tuple(hedge_cues(text))
    return Hedge(level=level_of(cues), cues=cues, polarity=polarity_of(text))
