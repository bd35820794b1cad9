"""The hedging classifier: how committed a speaker is to a piece of content.

It owns the scale of design.md §3 (none < low < medium < high), the rules that keep
look-alike words out (the month "May", "if" and "would" used for plain narration are
still hedges by that scale, but a capitalised "May" inside a sentence is a month or a
name), and the polarity of the content. The word list itself lives in `lexicon.py`.
"""

from __future__ import annotations

import re

from .lexicon import ANNOUNCING_VERBS, BACKSHIFT_VERBS, HEDGE_CUES, MONTHS, PLAN_SUBJECTS
from .tries import trie_pattern
from .types import Hedge, HedgeCue

_RANK = {"none": 0, "low": 1, "medium": 2, "high": 3}

_CUE_RE = re.compile(
    r"(?<![\w'’-])(?:"
    + "|".join(f"(?P<c{i}>{pat})" for i, pat in enumerate(HEDGE_CUES))
    + r")(?![\w-])",
    re.IGNORECASE,
)
# Trying ~80 alternatives at every position is slow, so a cheap scan for the words a cue
# can start with comes first; the full pattern only runs from those positions.
_FIRST_WORDS = frozenset(
    """whether unclear not no little scant without unknown uncertain uncertainty unconfirmed
    unproven unverified is are was were been be has have yet remains remain do does did
    investigate investigates investigated investigating determine assess evaluate verify
    wonder wonders wondered wondering open questionable speculate speculates speculated
    speculation speculative rumor rumors rumored rumour rumours rumoured may might could
    would perhaps maybe possibly possibility possibilities it's it’s seems remained still
    largely currently quite very entirely also possible potentially appear appears appeared
    appearing apparently seem seemed seeming seemingly suggest suggests suggested suggesting
    suggestion suggestions suggestive indicate indicates indicated indicating imply implies
    implied alleged allegedly allege alleges alleging accused accusation accusations accusing
    purported purportedly supposed supposedly reportedly reputed reputedly suspect suspects
    suspected suspicion if unless in assume assumes assumed assuming assumption presume
    presumed presumably presumption hypothesis hypotheses hypothesized hypothesised putative
    fear fears feared worry worries worried most more highly likely unlikely probable
    probably almost nearly certain certainly expect expects expected expectation expectations
    believe believes believed believing belief think thinks thinking thought widely generally
    often commonly consider considers considered we i we're i'm we’re i’m confident ought
    estimate estimates estimated predict predicts predicted prediction predictions projected
    forecast forecasts idea view being don doesn didn any hasn haven hadn""".split()
)


# a candidate cue starts at a word boundary with one of the first words, possibly followed
# by an apostrophe ("we’re", "don’t")
_FIRST_RE = re.compile(r"(?<![\w'’])(?:" + trie_pattern(_FIRST_WORDS) + r")(?![\w])")
_FIRST_RE_I = re.compile(_FIRST_RE.pattern, re.IGNORECASE)
_LEVELS = list(HEDGE_CUES.values())
_TAIL = r")(?![\w-])"


def _language(pattern: str, limit: int = 4000) -> list[str] | None:
    """Every string a small finite pattern matches, lookarounds ignored (None when the
    pattern is not such a pattern, or the parser is not available)."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]

        tree = sre_parse.parse(pattern)
    except Exception:  # pragma: no cover - another Python: no dispatch, same results
        return None

    def expand(items) -> list[str] | None:
        out = [""]
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                alts = [chr(av)]
            elif name == "IN":
                alts = []
                for iop, iav in av:
                    if str(iop) != "LITERAL":
                        return None
                    alts.append(chr(iav))
            elif name == "SUBPATTERN":
                alts = expand(av[-1])
            elif name == "BRANCH":
                alts = []
                for branch in av[1]:
                    got = expand(branch)
                    if got is None:
                        return None
                    alts.extend(got)
            elif name == "MAX_REPEAT" or name == "MIN_REPEAT":
                lo, hi, sub = av
                if hi > 2:
                    return None
                inner = expand(sub)
                if inner is None:
                    return None
                alts = []
                for k in range(lo, hi + 1):
                    alts.extend(
                        [""]
                        if k == 0
                        else inner
                        if k == 1
                        else [a + b for a in inner for b in inner]
                    )
            elif name in ("ASSERT", "ASSERT_NOT", "AT"):
                continue
            else:
                return None
            if alts is None:
                return None
            out = [a + b for a in out for b in alts]
            if len(out) > limit:
                return None
        return out

    return expand(tree)


def _dispatch() -> dict[str, re.Pattern[str]]:
    """For each first word a cue can start with, a pattern of only the cues that start with
    it (same order, same group names), so a candidate tries a handful, not ~80."""
    by_word: dict[str, list[int]] = {}
    everywhere: list[int] = []
    for i, pat in enumerate(HEDGE_CUES):
        lang = _language(pat)
        if lang is None:
            everywhere.append(i)
            continue
        for s in lang:
            m = _FIRST_RE.match(s.lower())
            if m is not None:
                by_word.setdefault(m.group(0), []).append(i)
    pats = list(HEDGE_CUES)
    out = {}
    for word, idxs in by_word.items():
        keep = sorted(set(idxs) | set(everywhere))
        out[word] = re.compile(
            r"(?<![\w'’-])(?:" + "|".join(f"(?P<c{i}>{pats[i]})" for i in keep) + _TAIL
        )
    return out


#: first word (lower case) → the cues that may start with it, matched on lower-cased text
_BY_FIRST = _dispatch()
# run on a lower-cased copy: case-insensitive matching is slow in `re`
_NEG_RE = re.compile(r"\b(?:n(?:ot|o|ever|either|or|obody|othing|one|owhere)|cannot)\b|n['’]t\b")
_MONTH_CONTEXT = re.compile(r"\s*(?:\d|[12]\d{3}\b|,?\s*\d)")
_MONTH_BEFORE = re.compile(
    r"(?:\d|\b(?:in|of|on|since|until|till|by|early|late|mid|through|from|to|and|last|next|this|each|every))[\s-]*$",
    re.IGNORECASE,
)


def _is_month_may(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if word[0] != "M":
        # lower-case "may" is the modal, unless a day number sits next to it ("3 may 2020")
        return bool(_MONTH_CONTEXT.match(text, end)) and bool(
            _MONTH_BEFORE.search(text[max(0, start - 12) : start])
        )
    before = text[max(0, start - 3) : start].strip()
    sentence_initial = start == 0 or before[-1:] in ("", ".", "!", "?", "“", '"', ":", "(")
    if not sentence_initial:
        return True  # a capitalised "May" mid-sentence is the month or a name
    return bool(_MONTH_CONTEXT.match(text, end))


# the clause a "would" sits in ends (backwards) at a sentence or clause mark or a quote mark
_CLAUSE_MARK = re.compile(r"[.!?;:,()\[\]“”\"«»\n]")
_BACKSHIFT_BLOCK = frozenset("if unless otherwise whether has have having".split())
_BACKSHIFT_REACH = 15  # words between the reporting verb and "would"


_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "|".join(MONTHS)
# when a reported event is due: "within three months", "on Friday", "next year", "by 2025"
_WHEN_RE = re.compile(
    rf"\b(?:within (?:a|an|the next|\w+) (?:\w+ )?(?:hours?|days?|weeks?|months?|years?)"
    rf"|(?:on|by|from|until|before|after|next|this|last) (?:{_WEEKDAYS})"
    rf"|(?:next|this|later this|early next|by next|the following|the next) "
    rf"(?:week|month|year|spring|summer|autumn|fall|winter|quarter|session|term)"
    rf"|(?:in|by|from|until|before|after|early|late|mid-?) ?(?:{_MONTHS}|\d{{4}})\b"
    rf"|in (?:the )?(?:coming|next|following) (?:\w+ )?(?:days|weeks|months|years)"
    rf"|(?:{_WEEKDAYS})|tomorrow|tonight|in future|in the future|by the end of)\b"
)


def _backshifted(text: str, s: int) -> bool:
    """Is the "would" at `s` the reported "will" of a finite past reporting verb earlier in
    its clause, reporting a plan or a scheduled event rather than a guess?

    It is when the verb announces or commits ("announced the bank would close"), when the
    subject of "would" is a personal pronoun (the speaker's stated plan: "she said she
    would nominate him") or when the clause says when ("said the inquiry would report
    within three months"). "said success would depend on actions" stays a hedge (the
    speaker's conditional), as does a "would" in quoted words (a quote mark ends the
    clause), after a present, participle or perfect cue ("says", "saying", "has told"), or
    with a condition in between ("said that if talks fail the port would close").
    """
    lo = max(0, s - 160)
    window = text[lo:s]
    cut = 0
    for m in _CLAUSE_MARK.finditer(window):
        cut = m.end()
    words = window[cut:].lower().split()
    for back, w in enumerate(reversed(words)):
        if back > _BACKSHIFT_REACH or w in _BACKSHIFT_BLOCK:
            return False
        if w in BACKSHIFT_VERBS:
            k = len(words) - back - 2
            if k >= 0 and words[k] in _BACKSHIFT_BLOCK:
                return False
            if w in ANNOUNCING_VERBS or (words and words[-1] in PLAN_SUBJECTS):
                return True
            after = text[s : s + 120]
            m = _CLAUSE_MARK.search(after)
            return _WHEN_RE.search((after[: m.start()] if m else after).lower()) is not None
    return False


def hedge_cues(
    text: str, start: int = 0, end: int | None = None, low: str | None = None
) -> list[HedgeCue]:
    """Every hedge cue in text[start:end], with offsets into `text` (`low`: that span
    already lower-cased)."""
    end = len(text) if end is None else end
    out: list[HedgeCue] = []
    last_end = start
    if low is None:
        low = text[start:end].lower()
    # lower() can change a string's length ("İ"): then scan the original, ignoring case
    scan = (
        _FIRST_RE.finditer(low)
        if len(low) == end - start
        else _FIRST_RE_I.finditer(text[start:end])
    )
    lowered = len(low) == end - start
    for w in scan:
        pos = start + w.start()
        if pos < last_end:
            continue
        if lowered:
            # only the cues that can start with this word, on the lower-cased copy
            pat = _BY_FIRST.get(w.group(0))
            if pat is None:
                continue
            m = pat.match(low, w.start())
            if m is None:
                continue
            s, e = start + m.start(), start + m.end()
        else:
            m = _CUE_RE.match(text, pos, end)
            if m is None:
                continue
            s, e = m.span()
        idx = int(m.lastgroup[1:]) if m.lastgroup else 0
        last_end = e
        word = text[s:e]
        lw = word.lower()
        if lw == "may" and _is_month_may(text, s, e):
            continue
        if lw == "might" and text[s] == "M":
            continue
        if lw == "would" and _backshifted(text, s):
            continue
        out.append(HedgeCue(text=word, start=s, end=e, level=_LEVELS[idx]))
    return out


def level_of(cues: list[HedgeCue] | tuple[HedgeCue, ...]) -> str:
    """The weakest commitment any cue expresses."""
    best = "none"
    for c in cues:
        if _RANK[c.level] > _RANK[best]:
            best = c.level
    return best


def polarity_of(text: str, start: int = 0, end: int | None = None, low: str | None = None) -> str:
    """`negative` when the content is negated ("we don't see evidence")."""
    end = len(text) if end is None else end
    if low is None:
        low = text[start:end].lower()
    if "n" not in low:
        return "positive"
    return "negative" if _NEG_RE.search(low) else "positive"


def classify_hedging(text: str) -> Hedge:
    """Hedging level, cues (offsets into `text`) and polarity of one sentence or content."""
    if not isinstance(text, str) or not text:
        return Hedge()
    cues = tuple(hedge_cues(text))
    return Hedge(level=level_of(cues), cues=cues, polarity=polarity_of(text))
