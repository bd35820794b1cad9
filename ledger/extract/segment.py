"""Tokens, paragraphs and sentences of an article, with every quote kept as one token.

A quote is opaque to the attribution rules (its words are the speaker's, not the
reporter's), so each quote becomes a single `Q` token. Sentences never end inside a quote,
and never after an abbreviation ("Mr.", "U.S.", "Jan.") or an initial ("George W. Bush").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .lexicon import CUE_WORDS
from .quotes import Quote, find_quotes
from .tries import trie_pattern

# "U.S." and other dotted abbreviations, words with inner apostrophes/hyphens/dots
# ("China’s", "cease-fire", "3.5"), or one punctuation character. Every branch consumes at
# least one character and no branch can overlap another, so matching is linear.
_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[’'\-.&]\w+)*|[^\w\s]")

ABBREVIATIONS = frozenset(
    """mr mrs ms dr st sen rep gov gen lt col sgt capt adm jr sr inc co corp ltd no vs
    jan feb mar apr jun jul aug sep sept oct nov dec prof rev hon messrs mt ft pres
    supt det insp cmdr brig maj cpl pvt a.m p.m approx est dept univ assn""".split()
)


@dataclass(slots=True, eq=False)
class Tok:
    """A word (`W`), a punctuation mark (`P`) or a whole quote (`Q`)."""

    kind: str
    text: str
    start: int
    end: int
    low: str
    quote: Quote | None = None


@dataclass(slots=True)
class Sentence:
    tokens: list[Tok]
    start: int
    end: int
    paragraph: int
    #: only the first words of a paragraph that holds no cue, quote or colon: enough to
    #: learn who its subject is, nothing to extract
    glance: bool = False


_LOWER_WORDS = re.compile(r"[a-z]+")
# Attribution rules look around inside a sentence; a run-on "sentence" of thousands of tokens
# (a page without full stops) is cut into pieces so that work stays linear in the text.
_MAX_SENTENCE_TOKENS = 300
_ENDERS = frozenset(".!?")
_GLANCE_TOKENS = 10


def _interesting(para: str, words: frozenset[str]) -> bool:
    """Could this paragraph hold a statement? (a quote mark, a colon or a cue word)"""
    for ch in '"“”„«»‘’:':
        if ch in para:
            return True
    pat = _WORDS_RE.get(words)
    if pat is None:
        pat = _WORDS_RE[words] = _words_pattern(words)
    return pat.search(para.lower()) is not None


_WORDS_RE: dict[frozenset[str], re.Pattern[str]] = {}


def _words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """One of `words` as a whole run of letters a-z, as a trie-shaped alternation (the
    engine follows one branch per character instead of trying every word)."""
    plain = frozenset(w for w in words if _LOWER_WORDS.fullmatch(w))
    if not plain:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![a-z])(?:" + trie_pattern(plain) + r")(?![a-z])")


# the same tokens with the whitespace before each and the word/punctuation split done by
# the groups: one findall per run of text, offsets counted from the lengths (every
# non-space character belongs to a token, so nothing between is skipped)
_SCAN_RE = re.compile(
    r"(\s*)(?:((?:[A-Za-z]\.){2,}|[^\W_]\w*(?:[’'\-.&]\w+)*)|(_\w*(?:[’'\-.&]\w+)*|[^\w\s]))"
)


def _tokens(
    text: str, start: int, end: int, quotes: list[Quote], qi: int
) -> tuple[list[Tok], int, list[int]]:
    """Tokens of text[start:end]; quotes (sorted, starting at index qi) become Q tokens.
    Also returns the indices of the tokens that may end a sentence (quotes and . ! ?)."""
    out: list[Tok] = []
    enders: list[int] = []
    add = out.append
    T = Tok
    pos = start
    nq = len(quotes)
    while pos < end:
        while qi < nq and quotes[qi].end <= pos:
            qi += 1
        qstart = quotes[qi].start if qi < nq and quotes[qi].start < end else end
        p = pos
        for ws, w, punct in _SCAN_RE.findall(text, pos, qstart):
            if ws:
                p += len(ws)
            if w:
                e = p + len(w)
                add(T("W", w, p, e, w.lower()))
            elif len(punct) == 1:
                e = p + 1
                if punct in _ENDERS:
                    enders.append(len(out))
                add(T("P", punct, p, e, punct))
            else:
                e = p + len(punct)
                add(T("P", punct, p, e, punct.lower()))
            p = e
        if qstart >= end:
            break
        q = quotes[qi]
        qend = min(q.end, end)
        enders.append(len(out))
        add(Tok("Q", text[q.start : qend], q.start, qend, "", q))
        pos = qend
        qi += 1
    return out, qi, enders


def _ends_sentence(toks: list[Tok], i: int, begin: int = 0) -> bool:
    """Is there a sentence boundary right after token i (in a sentence that began at
    token `begin`)?"""
    t = toks[i]
    if i + 1 >= len(toks):
        return True
    nxt = toks[i + 1]
    if t.kind == "Q":
        inner = t.text.rstrip("”\"»’“' ")
        if not inner or inner[-1] not in ".!?":
            return False
        if nxt.kind == "Q":
            # “…capacity.” “We do not…”: a new quote that opens with a capital
            opened = nxt.text.lstrip("“\"„«‘' ")
            return bool(opened) and opened[0].isupper()
        if nxt.kind != "W" or not nxt.text[0].isupper():
            return False
        # “…win.” Smith said. / “…win?” Jane Roe asked of the plan. — an attribution right
        # after a quote that opens its sentence (a short name, then a reporting verb) belongs
        # to it; after "X said “…”." the next sentence is a new one
        return i != begin or not _attribution_follows(toks, i + 1)
    if t.kind != "P" or t.text not in ".!?":
        return False
    if nxt.kind == "W":
        first = nxt.text[0]
        if not (first.isupper() or first.isdigit()):
            return False
    elif nxt.kind == "P" and nxt.text not in '([“"‘':
        return False
    if t.text == "." and i > 0:
        prev = toks[i - 1]
        if prev.kind == "W" and prev.start + len(prev.text) == t.start:
            low = prev.low
            if low in ABBREVIATIONS or (len(prev.text) == 1 and prev.text.isupper()):
                return False
            if "." in low:  # "U.S." keeps its own dots; a following "." is not an abbreviation
                return True
    return True


_NAME_RUN = 6


def _attribution_follows(toks: list[Tok], j: int) -> bool:
    """Do the tokens from j hold a short capitalised speaker phrase and then a lower-case
    reporting verb ("Jane Roe said", "Mr. Roe added", "He asked")?"""
    n = len(toks)
    k = j
    while k < n and k - j < _NAME_RUN:
        t = toks[k]
        if t.kind == "W" and t.text[0].isupper():
            k += 1
        elif t.text == "." and k > j and toks[k - 1].low in ABBREVIATIONS:
            k += 1
        else:
            break
    if k == j or k >= n:
        return False
    if toks[k].text == ",":
        # "Rep. Jane Roe, R-Pa., said": an appositive or party tag between
        m = k + 1
        while m < n and m - k <= 8 and toks[m].text != "," and toks[m].kind != "Q":
            m += 1
        if m < n and m - k <= 8 and toks[m].text == "," and m + 1 < n:
            k = m + 1
    t = toks[k]
    if t.kind == "W" and t.low.endswith("ly") and k + 1 < n:
        k += 1
        t = toks[k]  # "Roe quickly added"
    if t.kind != "W" or not t.text[0].islower():
        return False
    if t.low in CUE_WORDS:
        return True
    # “…?” Hannity pressed. — any past tense that closes the sentence
    return (
        t.low.endswith("ed")
        and len(t.low) > 3
        and (k + 1 >= n or toks[k + 1].text in (".", ",", "!", "?"))
    )


def sentences(
    text: str, cue_words: frozenset[str] | None = None
) -> tuple[Iterator[Sentence], list[Quote]]:
    """The sentences of `text` paragraph by paragraph (lazily: a long article never holds
    all its tokens at once), and every quote found.

    With `cue_words`, a paragraph that holds none of them (and no quote mark or colon) is
    only glanced at: one short `glance` sentence of its first words.
    """
    quotes = find_quotes(text)
    return _sentences(text, quotes, cue_words), quotes


def _sentences(
    text: str, quotes: list[Quote], cue_words: frozenset[str] | None
) -> Iterator[Sentence]:
    qi = 0
    para = 0
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        pend = n if nl < 0 else nl
        if pend > pos and not text[pos:pend].isspace():
            if cue_words is not None and not _interesting(text[pos:pend], cue_words):
                toks = []
                for m in _TOKEN_RE.finditer(text, pos, pend):
                    w = m.group(0)
                    toks.append(
                        Tok("W" if w[0].isalnum() else "P", w, m.start(), m.end(), w.lower())
                    )
                    if len(toks) >= _GLANCE_TOKENS:
                        break
                if toks:
                    yield Sentence(toks, toks[0].start, toks[-1].end, para, glance=True)
                para += 1
                pos = pend + 1
                continue
            toks, qi, cands = _tokens(text, pos, pend, quotes, qi)
            begin = 0
            last = len(toks) - 1
            # only a full stop, ! or ?, a quote, or the paragraph's last token can end a sentence
            if not cands or cands[-1] != last:
                cands.append(last)
            for i in cands:
                if i < last and not _ends_sentence(toks, i, begin):
                    continue
                while i - begin + 1 > _MAX_SENTENCE_TOKENS:
                    cut = begin + _MAX_SENTENCE_TOKENS
                    chunk = toks[begin:cut]
                    yield Sentence(chunk, chunk[0].start, chunk[-1].end, para)
                    begin = cut
                chunk = toks[begin : i + 1]
                if chunk:
                    yield Sentence(chunk, chunk[0].start, chunk[-1].end, para)
                begin = i + 1
            para += 1
        pos = pend + 1
