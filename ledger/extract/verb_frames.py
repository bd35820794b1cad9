"""Quotes inside a clause whose verb is no reporting cue: "X denounced the plan as
“reckless”", "… and then demanded “X”". The clause's subject (or the later clause's
pronoun) is the speaker and the rest of the clause the content; a title in quotes
("the book “X”") is no statement. Used by `extractor.py` for quotes no frame claimed.
"""

from __future__ import annotations

from .content import venue_tail
from .finish import RawStatement
from .lexicon import ARTICLES, AUX_BETWEEN, SUBJECT_PRONOUNS
from .phrases import clause_subject
from .pronouns import Resolver
from .segment import Tok
from .speakers import parse_mention
from .types import Frame
from .words import cap, possessive, verbish

WINDOW = 160
"""Characters before and after a content searched for its date and venue."""
_VERB_CONTENT_MAX = 60  # tokens of a verb frame's content after its quote


def content_span(
    text: str, toks: list[Tok], a: int, b: int
) -> tuple[str, int, int, list[Tok]] | None:
    """The content of tokens a..b: a lone quote's inner text (direct), else the tokens'
    span, mixed when it holds a quote, indirect otherwise; None when it is empty."""
    qtoks = [t for t in toks[a:b] if t.kind == "Q"]
    words = any(t.kind == "W" for t in toks[a:b])
    if qtoks and not words and len(qtoks) == 1:
        q = qtoks[0].quote
        assert q is not None
        s, e = q.inner_start, min(q.inner_end, qtoks[0].end)
        while s < e and text[s].isspace():
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
            e -= 1
        if e <= s:
            return None
        return "direct", s, e, qtoks
    s, e = toks[a].start, toks[b - 1].end
    if e <= s:
        return None
    return ("mixed" if qtoks else "indirect"), s, e, qtoks


_TITLE_NOUNS = frozenset(
    "book memoir novel show program programme film movie album song column article op-ed".split()
)


def _title(toks: list[Tok], qi: int) -> bool:
    """Is the quote at qi a title ("in his 2012 book, ''An American Son''", "on ABC's “This
    Week”")? Title case, a few words, after a possessive, a preposition or "book,"."""
    words = toks[qi].text.strip("“”\"'‘’ .,!?").split()
    if not words or len(words) > 8:
        return False
    if sum(w[:1].isupper() for w in words) * 5 < len(words) * 3:
        return False
    prev = toks[qi - 1]
    if prev.text == "," and qi >= 2:
        return toks[qi - 2].low in _TITLE_NOUNS
    return possessive(toks, qi - 1) or prev.low in ("on", "in")


_VERB_PARTICLES = frozenset("for about against of on".split())
_CLAUSE_JOINERS = frozenset("and but or while if though although because whereas".split())


def _nearer_clause(toks: list[Tok], a: int, qi: int) -> tuple[int, int | None]:
    """Where a verb frame's content starts when a later clause holds the quote: after the
    verb of "… and repeat “Q”" or "… even if he called it “Q”" (a joiner or a pronoun
    subject, then a finite verb), not after the first verb of the sentence. The second
    value is the index of that clause's pronoun subject, its speaker, if it has one."""
    for k in range(qi - 1, a, -1):
        w, before = toks[k], toks[k - 1]
        if w.kind != "W" or cap(w) or not verbish(w.low) or w.low in AUX_BETWEEN:
            continue
        if before.low in SUBJECT_PRONOUNS and before.low not in ("it", "there", "you"):
            return k + 1, k - 1
        if before.low in _CLAUSE_JOINERS:
            return k + 1, None
    return a, None


def verb_frame(
    text: str, toks: list[Tok], qi: int, resolver: Resolver, frames: list[Frame] = ()
) -> RawStatement | None:
    """A quote inside a clause whose verb is no reporting cue ("X denounced Trump’s remarks
    as “hurtful”"): the clause's subject is the speaker, the rest of the clause the content."""
    if qi == 0 or _title(toks, qi):
        return None
    np = clause_subject(toks, qi - 1, 0)
    if np is None or np[1] >= qi:
        return None
    v = np[1]
    while (
        v < qi - 1
        and toks[v].kind == "W"
        and (toks[v].low in AUX_BETWEEN or toks[v].low.endswith("ly"))
    ):
        v += 1  # "Ms. X later served as …": the verb is past the adverb
    verb = toks[v]
    if verb.kind == "W" and verb.low in ARTICLES:
        return None  # "Cuban, who is also a host on “Shark Tank”": no verb of its own
    a, subj = _nearer_clause(toks, v + 1, qi)
    if a > v + 1:
        verb = toks[a - 1]  # the later clause's own verb
    if subj is not None:
        np = (subj, subj + 1)
    b = len(toks)
    b = min(b, qi + _VERB_CONTENT_MAX)
    for f in frames:  # …and before the next attribution of the sentence
        if qi < f.cue_start < b:
            b = max(f.attr_start, qi + 1)
    for k in range(qi + 1, b):
        if toks[k].text == ";" or (
            toks[k].text == "," and k + 1 < len(toks) and toks[k + 1].low == "but"
        ):
            b = k
            break
    while b > a and toks[b - 1].kind == "P" and toks[b - 1].text not in ("?", "!"):
        b -= 1
    while a < b and toks[a].kind == "P":
        a += 1
    attr_after: list[tuple[int, int]] = []
    tail = venue_tail(toks, a, b) if b > a else None
    if tail is not None:
        # "… called the ruling “absurd” in a tweet on Sunday": the venue is attribution
        attr_after = [(toks[tail].start, toks[b - 1].end)]
        b = tail
        while b > a and toks[b - 1].kind == "P":
            b -= 1
    if a + 1 < b and toks[a].low in _VERB_PARTICLES and toks[a + 1].kind != "P":
        a += 1  # "called for …", "warned of …": the preposition belongs to the verb
    if b <= a:
        return None
    m = parse_mention(text, toks[np[0] : np[1]], resolver.mentions)
    if m is None:
        return None
    ent = None
    if m.pronoun not in ("i", "we", "you", "who"):
        ent = resolver.resolve(m, m.start)
    s, e = toks[a].start, toks[b - 1].end
    only_quote = all(t.kind != "W" for t in toks[a:b])
    kind = "direct" if only_quote else "mixed"
    if only_quote and toks[a].kind == "Q" and b - a == 1 and toks[a].quote is not None:
        got = content_span(text, toks, a, b)
        if got is None:
            return None
        kind, s, e, _ = got
    return RawStatement(
        kind=kind,
        start=s,
        end=e,
        entity=ent,
        mention=m,
        cue=verb.text,
        cue_start=verb.start,
        cue_end=verb.end,
        attr_spans=[(max(toks[0].start, s - WINDOW), s), *attr_after],
        implicit=True,
    )
