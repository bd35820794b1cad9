"""Attribution frames inside one sentence: who said it, with which cue, and what content.

Frames recognised (quotes are single tokens here, see `segment.py`):

* SPEAKER CUE [object] [that|:|,] CONTENT      "Hua said Mr X is due …", "X told Reuters …"
* CONTENT, SPEAKER CUE.  /  CONTENT, CUE SPEAKER.   "…, the ministry said." / "…,” said Burns."
* “Q1,” SPEAKER CUE, “Q2”                        a quote split by its attribution: two contents
* according to SPEAKER, CONTENT  /  CONTENT, according to SPEAKER
* …, CUE-ing CONTENT                             "…, saying that would bring …": the speaker is
                                                 the subject of the clause before the comma
* … and|but CUE CONTENT                          an elided subject: the sentence's speaker

Content ends at the sentence end, at "; " or ", but", or where the next coordinated or
participle frame starts. Weak cues ("repeated", "confirmed") need a clausal complement, so
"repeated those warnings" reports an action, not a statement.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .lexicon import (
    AUX_BETWEEN,
    CUE_STANCE,
    GROUP_HEADS,
    MONTHS,
    NP_LOWER,
    NP_MODIFIERS,
    PARTICIPLE_CUES,
    PRONOUNS,
    QUOTE_ONLY_CUES,
    SENTENCE_FUNCTION,
    TITLES,
    WEAK_CUES,
    WEEKDAYS,
)
from .segment import ABBREVIATIONS, Tok

_BE = frozenset("is was are were be been being 's ’s".split())
_WH = frozenset("that whether if how why what when who where which".split())
_OBJ_PRONOUNS = frozenset("me us him her them you it".split())
_CLAUSE_STOPS = frozenset(";")
_PARTY_TAG = re.compile(r"[RDI]-[A-Z][A-Za-z.]*$")  # "Sen. Rand Paul, R-Ky., said"
_LINKS = frozenset("while whereas but and although though as because ; , — –".split())
_MAX_NP = 9
_DATEY = frozenset(WEEKDAYS) | {"yesterday", "today", "tonight", "earlier", "later", "recently"}
_VENUE_HEADS = frozenset(
    """statement interview tweet speech post letter email e-mail op-ed release conference
    briefing rally hearing debate appearance event meeting call podcast video broadcast
    message note memo report remarks address session testimony town hall""".split()
)
_TELL = frozenset("tell tells told telling informed assured reminded".split())
_ASIDES = frozenset("however though too instead meanwhile nonetheless therefore".split())
_REFLEXIVES = frozenset("himself herself itself themselves".split())
_POSSESSIVES = frozenset("his her their its our my your".split())
_BASE_OK_BEFORE = frozenset(
    "i we they you would will did does do can could may might should must to also".split()
)
_NOT_VERB_BEFORE = frozenset("the a an this that these those his her their its our my your".split())


@dataclass(slots=True)
class Frame:
    cue_start: int  # token indices of the cue
    cue_end: int
    cue_text: str
    stance: str
    speaker: tuple[int, int] | None  # token range of the speaker phrase
    mode: str  # "np", "inverted", "according", "participle", "elided", "relative"
    attr_start: int  # token range of the attribution (speaker + cue + skipped words)
    attr_end: int
    contents: list[tuple[int, int]]  # token ranges of the content(s)
    pending_colon: bool = False  # "X said:" at the end: the content is in the next paragraph
    antecedent: tuple[int, int] | None = None  # for "who": the phrase it refers to
    #: a venue phrase after the content (", in an interview with CBS"): part of the
    #: attribution, not of what was said
    tail: tuple[int, int] | None = None


def _abbrev(t: Tok) -> bool:
    return t.kind == "W" and (t.low in ABBREVIATIONS or (len(t.text) == 1 and t.text.isupper()))


def _cap(t: Tok) -> bool:
    return t.kind == "W" and t.text[0].isupper()


def _np_token(t: Tok) -> bool:
    if t.kind == "P":
        return t.text in ("’", "'", "&")  # a lone "-" is a dash ("HEADLINE - Jane Roe:")
    if t.kind != "W":
        return False
    return _cap(t) or t.low in NP_LOWER or t.low in NP_MODIFIERS or t.low.rstrip(".") in TITLES


def _head_ok(t: Tok) -> bool:
    if t.kind != "W":
        return False
    return (
        (_cap(t) and t.low not in SENTENCE_FUNCTION and t.low not in _NOT_VERB_BEFORE)
        or t.low in NP_LOWER
        or t.low in PRONOUNS
    )


_DETS = frozenset(
    "the a an another one his her their its our my your this that these those some many several both each every".split()
)
_NOT_HEAD = frozenset(
    """that which who whom whose what when where why how it this there then than as and or but
    not also just only even still so too very much more most less to of in on at for with by
    from into onto about over under after before since until while during against between
    through without within upon via per like unlike if because though although whether
    almost nearly actually really""".split()
)


def _lower_np(toks: list[Tok], j: int, lo: int) -> tuple[int, int] | None:
    """A determiner or possessive phrase with a common-noun head: "the retired surgeon",
    "another child", "State's reviewers"."""
    t = toks[j]
    if t.kind != "W" or t.low in _NOT_HEAD or t.low in AUX_BETWEEN or t.low.endswith("ly"):
        return None
    if t.low in _IRREGULAR_PAST or t.low in CUE_STANCE:
        return None  # "the committee meeting began": a verb, not a head noun
    for k in range(j - 1, max(lo, j - 4) - 1, -1):
        p = toks[k]
        if p.kind != "W":
            return None
        if p.low in _DETS:
            if p.low == "that":
                return None  # "a passion that almost suggested": a relative pronoun
            return (k, j + 1)
        if p.low.endswith(("’s", "'s")) and p.text[0].isupper():
            np = np_back(toks, k, lo)
            return (np[0] if np else k, j + 1)
        if p.low in _NOT_HEAD or p.low in AUX_BETWEEN or (p.low in CUE_STANCE and not _cap(p)):
            return None
        # capitalised modifiers may sit inside: "the GOP front-runner", "the Clinton campaign"
    return None


def np_back(toks: list[Tok], j: int, lo: int) -> tuple[int, int] | None:
    """The speaker phrase ending at token j (inclusive), not reaching before `lo`."""
    if j < lo:
        return None
    t = toks[j]
    if t.kind == "W" and t.low in PRONOUNS:
        return (j, j + 1)
    if not _head_ok(t) or not _np_token(t):
        return _lower_np(toks, j, lo)
    k = j
    while k - 1 >= lo and j - (k - 1) < _MAX_NP:
        p = toks[k - 1]
        if _np_token(p):
            if p.low in PRONOUNS and p.low not in _POSSESSIVES:
                break
            k -= 1
            continue
        if p.kind == "W" and p.low in ("of", "and", "for") and k - 2 >= lo and _cap(toks[k - 2]):
            k -= 1
            continue
        if p.text == "." and k - 2 >= lo and _abbrev(toks[k - 2]):
            k -= 2  # "Mr. Bennett", "Jason C. Ervin"
            continue
        if p.text == ")" and _cap(toks[j]):
            # "Rep. Earl Blumenauer (D-Ore.)": a party tag inside the phrase
            m = k - 2
            while m >= lo and m > k - 8 and toks[m].text != "(":
                m -= 1
            if m >= lo and toks[m].text == "(" and m - 1 >= lo and _cap(toks[m - 1]):
                k = m
                continue
        break
    # drop connectors at the left edge ("and", "of") and capitalised sentence openers
    while k < j and (
        toks[k].low in ("of", "and", "for", "’", "'", "-", "&")
        or (toks[k].low in SENTENCE_FUNCTION and toks[k].low not in NP_MODIFIERS)
    ):
        k += 1
    return (k, j + 1)


def _lower_np_forward(toks: list[Tok], i: int, hi: int) -> tuple[int, int] | None:
    """The determiner phrase after a cue ("one well-connected Democrat familiar with …")."""
    if i >= hi or toks[i].low not in _DETS:
        return None
    k = i + 1
    while (
        k < hi
        and k - i < _MAX_NP
        and toks[k].kind == "W"
        and toks[k].low not in _NOT_HEAD
        and toks[k].low not in AUX_BETWEEN
        and not (k - i >= 2 and _past_or_cue(toks[k].low))  # "the two departments| declined"
    ):
        k += 1
    return (i, k) if k > i + 1 else None


def np_forward(toks: list[Tok], i: int, hi: int) -> tuple[int, int] | None:
    """The speaker phrase starting at token i, up to (excluding) `hi`."""
    if i >= hi:
        return None
    t = toks[i]
    if t.kind == "W" and t.low in PRONOUNS:
        return (i, i + 1)
    k = i
    while k < hi and k - i < _MAX_NP:
        p = toks[k]
        if _np_token(p) and not (p.low in PRONOUNS and k > i):
            k += 1
            continue
        if (
            p.kind == "W"
            and p.low in ("of", "and", "for")
            and k + 1 < hi
            and _cap(toks[k + 1])
            and k > i
        ):
            k += 1
            continue
        if p.text == "." and k > i and _abbrev(toks[k - 1]) and k + 1 < hi and _cap(toks[k + 1]):
            k += 1
            continue
        break
    while k > i and not _head_ok(toks[k - 1]):
        k -= 1
    return (i, k) if k > i else None


def long_np_forward(toks: list[Tok], i: int, hi: int) -> tuple[int, int] | None:
    """`np_forward`, reaching over lower-case modifiers that lead to a name ("Democratic
    presidential candidate Bernie Sanders", "undecided voter Jane Roe")."""
    np = np_forward(toks, i, hi)
    k = np[1] if np is not None else i
    for _ in range(3):
        m = k
        while (
            m < hi
            and m - k < 3
            and toks[m].kind == "W"
            and not _cap(toks[m])
            and toks[m].low not in _NOT_HEAD
            and toks[m].low not in AUX_BETWEEN
            and toks[m].low not in PRONOUNS
            and toks[m].low not in CUE_STANCE
            and toks[m].low not in _IRREGULAR_PAST
        ):
            m += 1
        if m == k or m >= hi or not _cap(toks[m]):
            break
        more = np_forward(toks, m, hi)
        if more is None or not _cap(toks[more[1] - 1]):
            break
        k = more[1]
    if np is None:
        return (i, k) if k > i and _cap(toks[k - 1]) else None
    return (i, max(k, np[1]))


def _skip_dates_back(toks: list[Tok], j: int, lo: int) -> int:
    """Step back over auxiliaries, adverbs and date words between a speaker and its cue."""
    while j >= lo:
        t = toks[j]
        low = t.low
        if t.kind == "W" and (
            low in AUX_BETWEEN
            or (low.endswith("ly") and not _cap(t) and low not in NP_LOWER)
            or low in _DATEY
            or low in _REFLEXIVES
            or (low in _ASIDES and not _cap(t))
        ):
            j -= 1
            continue
        if t.kind == "W" and low == "on" and j + 1 < len(toks) and toks[j + 1].low in _DATEY:
            j -= 1
            continue
        if (
            t.kind == "W"
            and low in ("week", "night", "month", "morning")
            and j > lo
            and toks[j - 1].low in ("last", "this")
        ):
            j -= 2
            continue
        if t.text == ")":
            m = j - 1
            while m >= lo and m > j - 8 and toks[m].text != "(":
                m -= 1
            if m >= lo and toks[m].text == "(":
                j = m - 1
                continue
        if t.kind == "W" and low in _VENUE_HEADS and not _cap(t):
            # "Jeb Bush in a Medium post said": a venue phrase between speaker and cue
            m = j - 1
            while m >= lo and m > j - 6 and toks[m].kind == "W" and toks[m].low not in _TAIL_PREPS:
                m -= 1
            if m > lo and toks[m].low in _TAIL_PREPS and m + 1 < j and toks[m + 1].low in _DETS:
                j = m - 1
                continue
        break
    return j


#: finite verbs that show a venue phrase has ended and the content begun
_CONTENT_VERBS = frozenset(
    """is are was were will would could can may might should must has have had do does did
    isn't aren't wasn't weren't won't wouldn't can't hasn't haven't didn't doesn't don't""".split()
)


def _year_or_month(toks: list[Tok], k: int) -> bool:
    t = toks[k]
    if t.text in ("‘", "’", "'") and k + 1 < len(toks):
        t = toks[k + 1]
        return t.text.isdigit() and len(t.text) == 2
    return (t.text.isdigit() and len(t.text) == 4) or t.low in MONTHS


def _skip_adverbials(toks: list[Tok], j: int, hi: int) -> int:
    """Step forward over date and venue phrases after a cue ("on Sunday", "in a statement")."""
    for _ in range(6):
        if j >= hi:
            return j
        t = toks[j]
        low = t.low
        if t.kind != "W":
            return j
        if low in _DATEY:
            j += 1
            if j < hi and toks[j].low in ("night", "morning", "afternoon", "evening"):
                j += 1
            continue
        if (
            low in ("last", "this", "earlier", "late")
            and j + 1 < hi
            and toks[j + 1].low in ("week", "month", "year", "night", "weekend", "morning", "month")
        ):
            j += 2
            continue
        if low in ("in", "during") and j + 1 < hi and _year_or_month(toks, j + 1):
            j += 3 if toks[j + 1].text in ("‘", "’", "'") else 2  # "said in 2008", "in ‘08"
            continue
        if low == "on" and j + 1 < hi and toks[j + 1].low in _DATEY:
            j += 2  # "said on Sunday …"
            continue
        if (
            low.endswith("ly")
            and j + 1 < hi
            and (toks[j + 1].kind == "Q" or toks[j + 1].text in (":", ","))
        ):
            j += 1  # "fired back forcefully: “…”"
            continue
        if low in ("on", "in", "at", "during", "via", "through", "over") and j + 1 < hi:
            # a venue phrase runs to "that", a comma, a colon or a quote, within a few words;
            # a verb on the way means the content has begun: the phrase ends after its head
            stop = None
            head = None
            for k in range(j + 1, min(hi, j + 12)):
                tk = toks[k]
                if tk.low in _VENUE_HEADS or tk.low in _DATEY or (low == "on" and _cap(tk)):
                    if head is None:
                        head = k
                if tk.kind == "Q" or tk.low in ("that", ",", ":"):
                    stop = k
                    break
                if tk.kind == "W" and not _cap(tk) and tk.low in _CONTENT_VERBS:
                    break
            else:
                if head is not None and k + 1 >= hi:
                    stop = hi  # "said in a statement." — the venue closes the sentence
            if head is not None and stop is not None:
                j = stop
                continue
            if head is not None:
                # "said in a statement the troops would leave": the head (and any name or
                # date right after it) ends the venue
                j = head + 1
                while j < hi and toks[j].kind == "W" and (_cap(toks[j]) or toks[j].low in _DATEY):
                    j += 1
                continue
            return j
        return j
    return j


def _object_end(toks: list[Tok], j: int, hi: int, cue_low: str) -> int:
    """After "told"/"asked"/"warned": step over the addressee."""
    if j >= hi or toks[j].kind != "W":
        return j
    t = toks[j]
    always = cue_low in ("told", "tell", "tells", "telling", "assured", "informed", "reminded")
    end = None
    if t.low in _OBJ_PRONOUNS or t.low in (
        "reporters",
        "journalists",
        "lawmakers",
        "supporters",
        "voters",
        "congress",
        "colleagues",
        "members",
    ):
        end = j + 1
    else:
        np = np_forward(toks, j, hi)
        if np is not None:
            end = np[1]
    if end is None:
        return j
    if always:
        return end
    if end < hi and (toks[end].low in ("that", ",", ":") or toks[end].kind == "Q"):
        return end
    return j


def _cue_at(toks: list[Tok], i: int) -> tuple[int, str, str] | None:
    """A reporting cue starting at token i: (end index, cue text, stance)."""
    t = toks[i]
    if t.kind != "W":
        return None
    low = t.low
    if low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
        return i + 2, "according to", "neutral"
    if low in ("pointed", "points") and i + 1 < len(toks) and toks[i + 1].low == "out":
        return i + 2, t.text + " out", "neutral"
    if low in ("went", "goes") and i + 1 < len(toks) and toks[i + 1].low == "on":
        if (
            i + 3 < len(toks)
            and toks[i + 2].low == "to"
            and toks[i + 3].low in ("say", "add", "tell")
        ):
            return i + 4, " ".join(x.text for x in toks[i : i + 4]), "neutral"
        after = toks[i + 2] if i + 2 < len(toks) else None
        if after is None or not (after.kind == "Q" or after.text in (":", ",", "—")):
            return None  # "the Senate goes on recess": not speech
        return i + 2, t.text + " on", "neutral"
    if low in ("read", "reads") and i > 0:
        # "“…,” read one sign" / "the email read: “…”": a text speaks, only next to a quote
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if toks[i - 1].kind == "Q" or (
            nxt is not None
            and (
                nxt.kind == "Q"
                or nxt.text == ":"
                or (nxt.text == "," and i + 2 < len(toks) and toks[i + 2].kind == "Q")
            )
        ):
            return i + 1, t.text, "neutral"
        return None
    if (
        low in ("put", "puts")
        and i + 1 < len(toks)
        and toks[i + 1].low == "it"
        and any(x.low == "as" for x in toks[max(0, i - 10) : i])
    ):
        return i + 2, t.text + " it", "neutral"  # "As Roe put it, …"
    if (
        low in ("wrote", "writes", "shot", "fired", "hit")
        and i + 1 < len(toks)
        and toks[i + 1].low == "back"
    ):
        return i + 2, t.text + " back", "neutral"
    stance = CUE_STANCE.get(low)
    if stance is None or " " in low or low in _CUE_ADVERBS:
        return None
    if t.text[0].isupper() and i > 0:
        return None  # "Said" inside a sentence is a name or a title
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and prev.low in _NOT_VERB_BEFORE:
        return None  # "the claims", "his statement"
    if prev is not None and _nominal_cue(toks, i):
        return None  # "Trump’s comments", "a snappy retort", "his latest remarks"
    # base forms ("say", "claim") are verbs only after a pronoun, plural subject or auxiliary
    if low in _BASE_FORMS:
        if prev is None or not (
            prev.low in _BASE_OK_BEFORE or prev.low in GROUP_HEADS or prev.low.endswith("s")
        ):
            return None
    # passive ("was told", "is said to", "are expected to") is not an attribution by the subject
    k = i - 1
    while (
        k >= 0
        and toks[k].kind == "W"
        and (toks[k].low.endswith("ly") or toks[k].low in ("also", "not", "widely", "long"))
    ):
        k -= 1
    if k >= 0 and toks[k].low in _BE and not low.endswith("ing"):
        if i + 2 < len(toks) and toks[i + 1].low == "by" and low in _PASSIVE_BY:
            return i + 1, t.text, stance  # "was asked by the moderator whether …"
        return None
    return i + 1, t.text, stance


#: cues whose passive names the speaker after "by" ("Roe was asked by the host whether")
_PASSIVE_BY = frozenset("asked told pressed urged warned questioned challenged".split())


#: cue words that are also nouns ("his remarks", "a sharp retort")
_NOUN_CUES = frozenset(
    """comment comments remark remarks claim claims report reports warning warnings call
    calls answer answers reply replies tweet tweets post posts promise promises pledge
    pledges vow vows quip quips joke jokes retort retorts fear fears hope hopes doubt doubts
    demand demands charge charges counter counters estimate estimates lament laments boast
    boasts whisper whispers chant chants label labels note notes worry worries comment
    response responses statement statements""".split()
)
_CONTRACTED = frozenset(
    "he’s she’s it’s that’s who’s there’s what’s he's she's it's that's who's there's what's".split()
)


def _possessive(toks: list[Tok], k: int) -> bool:
    """Is token k a possessive ("Trump’s", "the senator's", "Sanders’")?"""
    t = toks[k]
    if t.kind == "W":
        return t.low.endswith(("’s", "'s")) and t.low not in _CONTRACTED
    return (
        t.text in ("’", "'")
        and k > 0
        and toks[k - 1].kind == "W"
        and toks[k - 1].low.endswith("s")
        and toks[k - 1].end == t.start
    )


def _nominal_cue(toks: list[Tok], i: int) -> bool:
    """Is the cue word at i a noun or an adjective here? After a possessive ("Trump’s
    comments", "Trump’s repeated calls"; a contracted "has" is rare in news), or a noun-like
    cue after a determiner and adjectives ("a snappy retort")."""
    low = toks[i].low
    if _possessive(toks, i - 1):
        return True
    if low not in _NOUN_CUES:
        return False
    for k in range(i - 1, max(-1, i - 4), -1):
        t = toks[k]
        if t.kind != "W":
            return _possessive(toks, k)
        if t.low in _NOT_VERB_BEFORE or _possessive(toks, k):
            return True
        if (
            t.text[0].isupper()
            or t.low in NP_LOWER
            or t.low in GROUP_HEADS
            or t.low in PRONOUNS
            or t.low in AUX_BETWEEN
            or t.low.endswith("s")
        ):
            return False
    return False


#: adverbs that mark hearsay ("X allegedly plotted") but are no reporting verb; the
#: extractor keeps them as unattributed claims
_CUE_ADVERBS = frozenset("reportedly allegedly supposedly purportedly".split())
_CUE_FIRST = frozenset(
    [k for k in CUE_STANCE if " " not in k]
    + "according pointed points went goes wrote writes shot fired hit put puts read reads".split()
)
_BASE_FORMS = frozenset(
    """say tell state add write note explain announce declare remark comment reply respond
    continue recall repeat reiterate tweet post ask answer testify mention observe report
    predict promise pledge vow conclude recount describe quip joke wonder admit acknowledge
    confirm reveal concede disclose recognise recognize insist maintain assert argue warn
    accuse stress emphasise emphasize counter contend charge deny complain boast demand
    urge think believe expect suspect fear worry hope feel doubt claim allege purport""".split()
)


_FINITE = frozenset(
    """is are was were has have had will would can could should may might must did does do
    isn't aren't wasn't weren't hasn't haven't didn't doesn't don't won't wouldn't can't
    isn’t aren’t wasn’t weren’t hasn’t haven’t didn’t doesn’t don’t won’t wouldn’t can’t""".split()
)
_SUBJ_PRONOUNS = frozenset("he she they it we i you there".split())


def _content_ok_for_weak(
    toks: list[Tok], after_cue: int, content_start: int, content_end: int
) -> bool:
    """A weak cue needs a clause: "that", a wh-word, a colon, a quote, or a bare clause
    ("Sanders suggests the former secretary is a captive")."""
    for k in range(after_cue, min(content_start + 1, len(toks))):
        t = toks[k]
        if t.kind == "Q" or t.low in _WH or t.low == ":":
            return True
    for k in range(content_start, min(content_end, content_start + 6)):
        if toks[k].kind == "Q":
            return True  # "noted the “senseless, tragic deaths”": quoted words
    if content_start < content_end and toks[content_start].low in _SUBJ_PRONOUNS:
        return True
    for k in range(content_start + 1, min(content_end, content_start + 9)):
        t = toks[k]
        if t.low in _FINITE:
            return True
        if t.kind != "W":
            return False
    return False


def find_frames(toks: list[Tok], colon: bool = True, quotes: bool = True) -> list[Frame]:
    """All attribution frames of one sentence, left to right (`colon=False`: the sentence
    holds no colon, so no "Name: “…”" label frame; `quotes=False`: it holds no quote)."""
    frames: list[Frame] = []
    after = 0
    for i in [i for i, t in enumerate(toks) if t.low in _CUE_FIRST]:
        if i < after:
            continue
        hit = _cue_at(toks, i)
        if hit is None:
            continue
        cue_end, cue_text, stance = hit
        f = _frame_for(toks, i, cue_end, cue_text, stance, frames)
        if f is not None:
            frames.append(f)
        after = cue_end
    if colon:
        _colon_frames(toks, frames)
    if quotes:
        _bare_verb_frames(toks, frames)
    _assign_contents(toks, frames, quotes)
    return [f for f in frames if f.contents or f.pending_colon]


def _bare_verb_frames(toks: list[Tok], frames: list[Frame]) -> None:
    """“…,” Hannity started. / “…?” an angry Roe retorted: a quote, a short speaker phrase
    and a past tense that ends the clause attribute the quote, whatever the verb."""
    n = len(toks)
    for q in range(n - 2):
        t = toks[q]
        if t.kind != "Q":
            continue
        end = t.text.rstrip("”\"’' ")
        if not end or end[-1] not in ",?!.":
            continue
        if any(q < f.cue_start <= q + 8 for f in frames):
            continue  # the quote has an attribution of its own
        np = long_np_forward(toks, q + 1, n) or _lower_np_forward(toks, q + 1, n)
        if np is None or np[1] - np[0] > 6 or np[1] >= n:
            continue
        v = np[1]
        if toks[v].low.endswith("ly") and v + 1 < n:
            v += 1  # “…,” Roe said quietly / Roe quietly added
        verb = toks[v]
        if not (
            verb.kind == "W"
            and not _cap(verb)
            and verb.low not in AUX_BETWEEN
            and (verb.low in _IRREGULAR_PAST or (verb.low.endswith("ed") and len(verb.low) > 3))
        ):
            continue
        if v + 1 < n and toks[v + 1].text not in (".", ",", "!", "?", ";"):
            continue
        head = toks[np[1] - 1]
        if not (_cap(head) or head.low in PRONOUNS or _speakerish(toks, np)):
            continue
        frames.append(Frame(v, v + 1, verb.text, "neutral", np, "np", np[0], v + 1, []))
    frames.sort(key=lambda f: f.attr_start)


def _colon_frames(toks: list[Tok], frames: list[Frame]) -> None:
    """A speaker phrase ("Pollster Jane Roe: “…”"), a colon, a colon, and a quote (or the end of
    the paragraph, the quote following in the next one)."""
    n = len(toks)
    for k in range(1, n):
        if toks[k].text != ":":
            continue
        if k + 1 < n and toks[k + 1].kind != "Q":
            continue
        if any(f.attr_start <= k <= f.attr_end + 1 for f in frames):
            continue
        m = k - 1
        if m > 0 and toks[m].text == ")":  # "Rep. Jane Roe (R-S.C.):"
            while m > 0 and m > k - 9 and toks[m].text != "(":
                m -= 1
            m -= 1
        np = np_back(toks, m, 0)
        if np is not None and toks[np[0]].low in ("it", "this", "that", "there"):
            continue
        if np is not None:
            # "Former secretary of state Jane Roe:": lower-case title words before the name
            a = np[0]
            while (
                a > 0
                and np[0] - a < 6
                and toks[a - 1].kind == "W"
                and (
                    toks[a - 1].low in NP_LOWER
                    or toks[a - 1].low in NP_MODIFIERS
                    or toks[a - 1].low.rstrip(".") in TITLES
                    or toks[a - 1].low in _PHRASE_PREPS
                    or _cap(toks[a - 1])
                )
            ):
                a -= 1
            np = (a, np[1])
        # the phrase must be the whole clause before the colon (a label, not a sentence)
        if np is not None and np[0] > 0 and toks[np[0] - 1].kind == "W":
            np = None
        if np is None and k == n - 1:
            # "Jane Roe, 17, echoed:" at the end of a paragraph: the clause's subject
            # introduces the quote that follows
            np = clause_subject(toks, k - 1, 0)
            if np is None or not _speakerish(toks, np):
                continue
        if np is None:
            continue
        f = Frame(k, k + 1, ":", "neutral", np, "np", np[0], k + 1, [])
        f.pending_colon = k == n - 1  # the quote is in the next paragraph
        frames.append(f)
    frames.sort(key=lambda f: f.attr_start)


def _speakerish(toks: list[Tok], np: tuple[int, int]) -> bool:
    head = toks[np[1] - 1]
    if head.low.endswith(("’s", "'s")) or toks[np[0]].low in ("that", "which"):
        return False
    return (
        (_cap(head) and head.low not in SENTENCE_FUNCTION)
        or head.low in NP_LOWER
        or head.low in PRONOUNS
    )


def _subjectish(toks: list[Tok], np: tuple[int, int]) -> bool:
    """Can this phrase be the subject of a clause that reports speech? A speaker phrase,
    or a determiner phrase with a common-noun head ("the town", "The two departments"),
    never a date ("Saturday", "last week") or a possessive."""
    head = toks[np[1] - 1]
    if head.low in _DATE_HEADS or head.text[:1].isdigit():
        return False
    if _speakerish(toks, np):
        return True
    return (
        toks[np[0]].low in _DETS
        and head.kind == "W"
        and not _cap(head)
        and head.low not in _NOT_HEAD
        and head.low not in AUX_BETWEEN
        and not _possessive(toks, np[1] - 1)
    )


def _to_verb(toks: list[Tok], k: int, j: int) -> bool:
    """Does a verb follow a subject ending before token k (by token j)? Appositives
    (", a former aide,"), party tags, date phrases and adverbs may sit between."""
    for _ in range(5):
        if k > j:
            return False
        t = toks[k]
        if t.kind == "W" and not _cap(t) and _verbish(t.low):
            return True
        if t.text == "(" or t.text == ",":
            close = ")" if t.text == "(" else ","
            m = k + 1
            while m <= j and m < k + 16 and toks[m].text != close and toks[m].kind != "Q":
                m += 1
            if m <= j and m > k + 1 and toks[m].text == close:
                k = m + 1
                continue
            return False
        if t.kind == "W" and (t.low in _DATEY or (t.low.endswith("ly") and not _cap(t))):
            k += 1
            continue
        if (
            t.low in ("on", "last", "this", "earlier", "late")
            and k + 1 <= j
            and toks[k + 1].low in _DATE_HEADS
        ):
            k += 2
            continue
        return False
    return False


_ING_NOUNS = frozenset("nothing something everything anything thing king spring".split())


def _opening_adverbial(toks: list[Tok], i: int, j: int) -> bool:
    """Does the sentence open with a prepositional, subordinate or participle phrase
    ("On Monday, …", "Speaking in Ohio, …")?"""
    if i + 1 > j or toks[i].kind != "W":
        return False
    low = toks[i].low
    if low in ("and", "but", "or", "here", "there", "now", "then", "still", "yet"):
        # "Here in Columbia, …", "But in Iowa, …": an adverbial after a leading word
        nxt = toks[i + 1]
        return nxt.low in _PREPOSITIONS or nxt.low in _SUBORDINATORS and nxt.low != "and"
    if low in _PREPOSITIONS or low in _SUBORDINATORS:
        return True
    if not low.endswith("ing") or len(low) < 6 or low in _ING_NOUNS:
        return False
    nxt = toks[i + 1]  # "Speaking to", "Addressing attendees"; not "Beijing says"
    return (
        nxt.kind == "W"
        and not _cap(nxt)
        and nxt.low not in CUE_STANCE
        and nxt.low not in AUX_BETWEEN
        and nxt.low not in _IRREGULAR_PAST
        and not nxt.low.endswith("ed")
    )


def clause_subject(toks: list[Tok], j: int, lo: int) -> tuple[int, int] | None:
    """The subject of the clause before token j: the sentence's own subject when it is a
    speaker, else the nearest speaker phrase followed by a verb."""
    i = lo
    if _opening_adverbial(toks, i, j):
        # an opening adverbial ("On Monday, …", "Speaking in Ohio, …"): the subject follows
        # its comma
        for k in range(i + 1, min(j, i + 20)):
            if toks[k].text == ",":
                i = k + 1
                break
            if toks[k].kind == "Q":
                break
    while i <= j and i < lo + 12 and (toks[i].kind == "P" or toks[i].low in SENTENCE_FUNCTION):
        i += 1
    if i <= j:
        first = long_np_forward(toks, i, j + 1)
        if first is None and toks[i].low in _DETS:
            first = _lower_np_forward(toks, i, j + 1)
        if (
            first is not None
            and first[1] <= j
            and _subjectish(toks, first)
            and _to_verb(toks, first[1], j)
        ):
            return first
    # the subject sits within a few dozen tokens of the participle; a bounded look-back
    # keeps dense run-on text linear
    for k in range(j, max(lo, j - _SUBJECT_WINDOW) - 1, -1):
        if k + 1 >= len(toks):
            continue
        nxt = toks[k + 1]
        if not (nxt.kind == "W" and not _cap(nxt) and _verbish(nxt.low)):
            continue
        np = np_back(toks, k, lo)
        if np is None or not _speakerish(toks, np) or toks[np[1] - 1].low in _DATE_HEADS:
            continue
        before = toks[np[0] - 1] if np[0] > lo else None
        if (
            before is not None
            and before.kind == "W"
            and not _cap(before)
            and toks[np[0]].low not in PRONOUNS
            and before.low not in AUX_BETWEEN
            and _verbish(before.low)
        ):
            continue  # the object of a verb ("released a statement saying")
        return np
    return None


_DATE_HEADS = (
    frozenset(WEEKDAYS)
    | frozenset(MONTHS)
    | frozenset(
        """yesterday today tonight week weekend month year morning afternoon evening night
        day time years months weeks days minute minutes hour hours moment moments""".split()
    )
)
_SUBJECT_WINDOW = 40
_IRREGULAR_PAST = frozenset(
    """spoke met went came gave took made held sent began ran won lost led left kept put set
    brought bought found saw became stood sat spent paid heard fought sought struck hit cut
    let knew grew threw drew rose fell broke chose drove flew rode shook swore tore woke wore
    got built dealt meant sold stuck swung taught understood withdrew""".split()
)


def _past_or_cue(low: str) -> bool:
    """A verb form that is no plural noun: a past tense, a reporting verb, an auxiliary."""
    return (
        low in AUX_BETWEEN
        or low in _IRREGULAR_PAST
        or low in CUE_STANCE
        or (low.endswith("ed") and len(low) > 3)
    )


def _verbish(low: str) -> bool:
    return (
        low in AUX_BETWEEN
        or low in _IRREGULAR_PAST
        or low in CUE_STANCE
        or (low.endswith("ed") and len(low) > 3)
        or (
            low.endswith("s") and not low.endswith("ss") and len(low) > 3 and low not in GROUP_HEADS
        )
    )


_APPOSITIVE_WINDOW = 32
_RELATIVES = frozenset("who whose".split())


def _name_before(toks: list[Tok], k: int) -> tuple[int, int] | None:
    """The name (or determiner phrase) ending just before the comma at k, over a party
    tag ("Sen. Roe (D-Mo.),")."""
    m = k - 1
    if m > 0 and toks[m].text == ")":
        while m > 0 and m > k - 9 and toks[m].text != "(":
            m -= 1
        m -= 1
    cand = np_back(toks, m, 0)
    if cand is None:
        return None
    if _cap(toks[cand[1] - 1]) or (toks[cand[0]].low in _DETS and _speakerish(toks, cand)):
        return cand
    return None


def _appositive_name(toks: list[Tok], j: int, mark: str) -> tuple[int, int] | None:
    """The speaker before an appositive that ends at the comma j right before the cue:
    "Jones, 66, said", "Roe, a spokeswoman for X, said", "Roe, Republican of Ohio, said",
    "Roe, however, says", "Roe, who lost a daughter in Aurora, Colorado, in 2012, said",
    "Ann Lee, assistant secretary for refugees, and migration, said"."""
    lo = max(0, j - _APPOSITIVE_WINDOW)
    commas = []
    for k in range(j - 1, lo - 1, -1):
        t = toks[k]
        if t.kind == "Q" or t.text == ";":
            break
        if t.text == mark:
            commas.append(k)
    # a relative clause may hold commas of its own: ", who …" marks the name's end
    for k in commas:
        if k + 1 < j and toks[k + 1].low in _RELATIVES:
            cand = _name_before(toks, k)
            if cand is not None:
                return cand
    for k in commas:
        inner = toks[k + 1 : j]
        if not inner or inner[0].kind != "W":
            continue
        cand = _name_before(toks, k)
        if (
            k == commas[0]
            and (cand is None or not _cap(toks[cand[1] - 1]))
            and len(inner) <= 6
            and _cap(inner[0])
            and all(
                _cap(t) or t.low == "and" or (t.text == "." and x > 0) for x, t in enumerate(inner)
            )
        ):
            # "the party's nominee, Jane Roe, said": the name is the appositive
            if cand is not None:
                return (cand[0], j)
            r = k
            while (
                r - 1 >= 0
                and k - r < 8
                and toks[r - 1].kind == "W"
                and toks[r - 1].low not in _NOT_HEAD
                and toks[r - 1].low not in AUX_BETWEEN
                and toks[r - 1].low not in CUE_STANCE
            ):
                r -= 1
            return (r, j)
        if cand is not None:
            before = toks[cand[0] - 1] if cand[0] > 0 else None
            if before is not None and before.low in _PREPOSITIONS:
                continue  # "in Aurora, Colorado,": a place in the appositive
            return cand
    return None


def _ends_with_comma(t: Tok) -> bool:
    """A quote whose comma sits inside its marks (“fantastic,”)."""
    return t.kind == "Q" and t.text.rstrip("”\"’' ").endswith(",")


def _frame_for(
    toks: list[Tok], i: int, cue_end: int, cue_text: str, stance: str, frames: list[Frame]
) -> Frame | None:
    n = len(toks)
    low = toks[i].low
    lo = frames[-1].attr_end if frames else 0
    if cue_text == "according to":
        np = np_forward(toks, cue_end, n)
        if np is None:
            return None
        end = np[1]
        return Frame(i, cue_end, cue_text, stance, np, "according", i, end, [])
    if cue_end < n and toks[cue_end].low == "by" and low in _PASSIVE_BY:
        # the passive: the speaker follows "by"; the content follows the speaker
        np = long_np_forward(toks, cue_end + 1, n)
        if np is None:
            np = _lower_np_forward(toks, cue_end + 1, n)
        if np is None:
            return None
        return Frame(i, cue_end, cue_text, stance, np, "passive", i, np[1], [])
    before = i - 1
    j = _skip_dates_back(toks, before, lo)
    prev = toks[j] if j >= lo and j >= 0 else None
    if (
        low in PARTICIPLE_CUES
        and prev is not None
        and (prev.text in (",", "—", "–", "-") or _ends_with_comma(prev))
        and j == before
    ):
        speaker = frames[-1].speaker if frames else None
        if speaker is None:
            speaker = clause_subject(toks, j - 1, 0)
        if speaker is None:
            return None
        return Frame(i, cue_end, cue_text, stance, speaker, "participle", j, cue_end, [])
    if (
        prev is not None
        and (prev.kind == "Q" or prev.text in (",", "—", "–", ":"))
        and j == before
        and low not in _TELL  # "…, Roe told the mayor": the phrase after "told" is the addressee
    ):
        # inverted: “…,” said Burns. / …, said the ministry, adding …
        # “…,” said retired neurosurgeon Ben Carson: lower-case modifiers, then the name
        np = long_np_forward(toks, cue_end, n)
        if np is None and prev.kind == "Q":
            np = _lower_np_forward(toks, cue_end, n)
        # after a comma the phrase must end the clause ("…, said the ministry."); "…, calls
        # Horgos “a mistake”" is a subject's own verb with an object
        if np is not None and toks[np[1] - 1].low in _DATE_HEADS:
            np = None  # "…, Roe, an adviser, said Sunday.": a date, not the speaker
        if np is not None and (np[1] >= n or toks[np[1]].kind == "P" or prev.kind == "Q"):
            return Frame(i, cue_end, cue_text, stance, np, "inverted", i, np[1], [])
    if prev is None:
        return None
    if prev.text in ("—", "–") and j - 1 >= lo:
        # "Jason Roe — a teacher from Derry — says": an appositive between dashes
        cand = _appositive_name(toks, j, prev.text)
        if cand is not None:
            return Frame(i, cue_end, cue_text, stance, cand, "np", j, cue_end, [])
    if prev.low in ("and", "but") or prev.text in ("—", "–"):
        speaker = frames[-1].speaker if frames else None
        if speaker is None:
            speaker = clause_subject(toks, j - 1, 0)
        if speaker is None:
            return None
        return Frame(i, cue_end, cue_text, stance, speaker, "elided", j, cue_end, [])
    np = np_back(toks, j, lo)
    if np is not None and low in QUOTE_ONLY_CUES and low.endswith("ed") and j == before:
        # "slammed the loophole called an “inversion”", "from an account called “X”": a
        # thing named so, not a speaker naming it
        head = toks[np[1] - 1]
        pre = toks[np[0] - 1] if np[0] > 0 else None
        if (
            not _cap(head)
            and head.low not in PRONOUNS
            and pre is not None
            and pre.kind == "W"
            and not _cap(pre)
            and (pre.low in _PREPOSITIONS or _past_or_cue(pre.low))
        ):
            return None
    if np is not None and np[0] >= 2 and toks[np[0] - 1].low in ("with", "to", "by", "for"):
        # "officials who spoke with The Huffington Post said": the phrase before the cue
        # ends a relative clause; the speaker is what "who" refers to
        for w in range(np[0] - 2, max(lo, np[0] - 8) - 1, -1):
            if toks[w].kind != "W":
                break
            if toks[w].low == "who":
                ante = np_back(toks, w - 1, lo) if w > lo else None
                if ante is not None and _speakerish(toks, ante):
                    np = ante
                break
    if (
        np is not None
        and low in PARTICIPLE_CUES
        and np[0] > 0
        and (
            toks[np[1] - 1].low in _VENUE_HEADS
            or (
                toks[np[0] - 1].kind == "W"
                and not _cap(toks[np[0] - 1])
                and _past_or_cue(toks[np[0] - 1].low)
            )
        )
    ):
        # "The town released a statement Wednesday saying …": the phrase before the
        # participle is the object of a verb; the speaker is that verb's subject
        speaker = clause_subject(toks, np[0] - 1, 0)
        if speaker is None:
            return None
        return Frame(i, cue_end, cue_text, stance, speaker, "participle", i, cue_end, [])
    if np is None and prev.text in (",", "—", "–") and j - 1 >= lo:
        cand = _appositive_name(toks, j, prev.text)
        if cand is not None:
            # the attribution proper starts at the comma before the cue; the appositive
            # between may hold a frame of its own
            return Frame(i, cue_end, cue_text, stance, cand, "np", j, cue_end, [])
    if np is None:
        return None
    if toks[np[0]].low == "who" and np[1] - np[0] == 1:
        ante = np_back(toks, np[0] - 2, 0) if np[0] >= 2 and toks[np[0] - 1].text == "," else None
        f = Frame(i, cue_end, cue_text, stance, np, "relative", np[0], cue_end, [], antecedent=ante)
        return f
    start = np[0]
    # “…,” former State policy planning director X wrote: the words between the quote and
    # the name belong to the speaker phrase
    # (“…,” a spokesman for committee Democrats said)
    for k in range(np[0] - 1, max(lo, np[0] - 8) - 1, -1):
        t = toks[k]
        if t.kind == "Q" or t.text == ",":
            if k + 1 < np[0] and (t.kind == "Q" or toks[k + 1].low in _DETS or _cap(toks[k + 1])):
                start = k + 1
            break
        if (
            t.kind != "W"
            or (t.low in CUE_STANCE and not _cap(t))
            or t.low in AUX_BETWEEN
            or (t.low in _NOT_HEAD and t.low not in _PHRASE_PREPS)
        ):
            break
    return Frame(i, cue_end, cue_text, stance, (start, np[1]), "np", start, cue_end, [])


_PHRASE_PREPS = frozenset("of for at with from".split())
_PREPOSITIONS = frozenset(
    """of in on at to for from with by about over during after before while as into upon
    under against without""".split()
)
_SUBORDINATORS = frozenset(
    "though although if when while as because after before since unless until whereas and".split()
)


def _clause_like(toks: list[Tok], a: int, b: int) -> bool:
    """Can toks[a:b] be reported content? A quote, or a clause with a verb that does not
    open with a subordinator or preposition ("Earlier in the week, X said" has none)."""
    if any(t.kind == "Q" for t in toks[a:b]):
        return True
    first = toks[a].low
    if first in _SUBORDINATORS or first in _PREPOSITIONS:
        return False
    return any(t.kind == "W" and not _cap(t) and _verbish(t.low) for t in toks[a:b])


def _trim(toks: list[Tok], a: int, b: int) -> tuple[int, int]:
    while a < b and toks[a].kind == "P" and toks[a].text not in ("(", "["):
        a += 1
    while b > a and toks[b - 1].kind == "P" and toks[b - 1].text not in (")", "]", "?", "!"):
        b -= 1
    return a, b


_ADJUNCT_OPENERS = frozenset("while before after when".split())
_AFTER_QUOTE_STOPS = frozenset("when as after before while because since although though".split())
#: the only tokens `_is_stop` can accept
_STOP_FIRST = _ADJUNCT_OPENERS | _CLAUSE_STOPS | {"—", "–", ","}


def _is_stop(toks: list[Tok], k: int, n: int) -> bool:
    """Does reported content end at punctuation token k? At ";", ", but", a dash aside, or a
    participial adjunct (", applauding …", "while adding …")."""
    t = toks[k].text
    if t in _CLAUSE_STOPS or t in ("—", "–"):
        return True
    if toks[k].low in _ADJUNCT_OPENERS:
        return k + 1 < n and toks[k + 1].low.endswith("ing") and len(toks[k + 1].low) > 4
    if t != "," or k + 1 >= n:
        return False
    nxt = toks[k + 1]
    if nxt.low == "but":
        return True
    if nxt.low in ("while", "before", "after", "when") and k + 2 < n:
        nxt = toks[k + 2]
    return nxt.kind == "W" and not _cap(nxt) and nxt.low.endswith("ing") and len(nxt.low) > 4


def _as_clause(toks: list[Tok], f: Frame) -> bool:
    """ "As Roe noted in an op-ed, …": an "as" clause always reports what follows it."""
    k = f.speaker[0] if f.speaker else f.cue_start
    return (
        k > 0
        and toks[k - 1].low == "as"
        and (k == 1 or toks[k - 2].kind == "P")
        and any(t.text == "," for t in toks[f.cue_end : f.cue_end + 12])
    )


_TAIL_PREPS = frozenset("in at during on via".split())
#: venue heads that end a content even without a comma ("… within a month in a statement")
_STRICT_VENUES = frozenset(
    "interview statement speech briefing conference tweet post email e-mail op-ed letter".split()
)


def _venue_tail(toks: list[Tok], a: int, b: int) -> int | None:
    """Where a venue phrase at the end of a content starts ("…within a month, in an
    interview with CBS", "…, at a news conference in Kyiv"), or None."""
    for k in range(b - 2, max(a + 2, b - 14) - 1, -1):
        t = toks[k]
        if t.kind == "Q":
            return None
        if t.low not in _TAIL_PREPS:
            continue
        comma = toks[k - 1].text == ","
        head = None
        for h in range(k + 1, min(b, k + 6)):
            x = toks[h]
            if x.kind != "W":
                break
            if x.low in _VENUE_HEADS:
                head = x.low
                break
        if head is None or (not comma and head not in _STRICT_VENUES):
            continue
        phrase = toks[k + 1 : b]
        if any(
            x.kind == "Q"
            or (x.kind == "W" and not _cap(x) and (x.low in _CONTENT_VERBS or x.low in CUE_STANCE))
            for x in phrase
        ):
            return None
        return k - 1 if comma else k
    return None


def _assign_contents(toks: list[Tok], frames: list[Frame], quotes: bool = True) -> None:
    n = len(toks)
    if not frames:
        return
    # where a content must end: "; " or ", but" (found once per sentence)
    stops = [k for k, t in enumerate(toks) if t.low in _STOP_FIRST and _is_stop(toks, k, n)]
    # “…,” referencing … / “…,” when asked …: the comma inside a quote ends it too
    more = quotes and [
        k + 1
        for k, t in enumerate(toks)
        if t.kind == "Q"
        and k + 1 < n
        and _ends_with_comma(t)
        and toks[k + 1].kind == "W"
        and not _cap(toks[k + 1])
        and (
            toks[k + 1].low in _AFTER_QUOTE_STOPS
            or (toks[k + 1].low.endswith("ing") and len(toks[k + 1].low) > 4)
        )
    ]
    if more:
        stops = sorted(stops + more)
    for idx, f in enumerate(frames):
        nxt = frames[idx + 1] if idx + 1 < len(frames) else None
        prev_end = frames[idx - 1].attr_end if idx > 0 else 0
        # the right-hand content
        hi = n
        if nxt is not None and nxt.mode in ("participle", "elided", "according", "inverted"):
            hi = nxt.attr_start
        elif nxt is not None and nxt.attr_start > 0 and toks[nxt.attr_start - 1].low in _LINKS:
            hi = nxt.attr_start - 1
        if f.mode == "relative" and nxt is not None and nxt.cue_start > f.attr_end:
            # "Graham, who says …, tweeted that …": the relative clause ends at its comma
            for k in range(nxt.cue_start - 1, f.attr_end, -1):
                if toks[k].text == ",":
                    hi = min(hi, k)
                    break
        at = bisect_left(stops, f.attr_end)
        if at < len(stops) and stops[at] < hi:
            hi = stops[at]
        if f.mode == "according":
            left_a, left_b = _trim(toks, prev_end, f.attr_start)
            if left_b > left_a and any(t.kind != "P" for t in toks[left_a:left_b]):
                f.contents.append((left_a, left_b))
            else:
                ra, rb = _trim(toks, f.attr_end, hi)
                if rb > ra:
                    f.contents.append((ra, rb))
            continue
        if f.mode == "inverted":
            la, lb = _trim(toks, prev_end, f.attr_start)
            if lb > la:
                f.contents.append((la, lb))
            # “Q1,” said X, “Q2.”
            ra, rb = _trim(toks, f.attr_end, hi)
            if rb > ra and toks[ra].kind == "Q" and f.attr_end < n and toks[f.attr_end].text == ",":
                f.contents.append((ra, rb))
            continue
        j = f.cue_end
        cue_low = toks[f.cue_start].low
        if f.mode == "passive":
            j = f.attr_end  # after "by" and the speaker
        elif cue_low in _OBJECT_SKIP:
            j = _object_end(toks, j, hi, cue_low)
        j = _skip_adverbials(toks, j, hi)
        after_cue = f.cue_end
        colon = False
        while j < hi and (toks[j].low in ("that", ",", ":", "—", "–") and toks[j].kind != "Q"):
            colon = colon or toks[j].text == ":"
            j += 1
            if toks[j - 1].low == "that":
                break
        f.attr_end = max(f.attr_end, j)
        ra, rb = _trim(toks, j, hi)
        tail = _venue_tail(toks, ra, rb)
        if tail is not None:
            f.tail = (tail, rb)
            ra, rb = _trim(toks, ra, tail)
        right_ok = rb > ra and any(t.kind != "P" for t in toks[ra:rb])
        if (
            right_ok
            and not colon
            and toks[j - 1].low != "that"
            and toks[ra].kind == "W"
            and (
                (toks[ra].low in _PREPOSITIONS and toks[ra].low != "to")
                or (toks[ra].low.endswith("ly") and ra + 1 < rb)
            )
        ):
            right_ok = False  # "…,” he said of the plan / said happily on TV: no content
        if right_ok and cue_low in QUOTE_ONLY_CUES:
            right_ok = False
            for k in range(ra, min(rb, ra + 10)):
                if toks[k].kind == "Q":
                    # "called the system “rigged” in a tweet, and …": the name given is the
                    # content, the rest is narrative
                    right_ok, rb = True, k + 1
                    break
        elif (
            right_ok
            and cue_low in WEAK_CUES
            and not _as_clause(toks, f)
            and not _content_ok_for_weak(toks, after_cue, ra, rb)
        ):
            right_ok = False
        # the left-hand content: "…, X said." or "“Q1,” X said, “Q2”"
        # an appositive frame starts its attribution at the comma before the cue, but its
        # left-hand content ends before the speaker's name
        left_end = min(f.attr_start, f.speaker[0]) if f.speaker else f.attr_start
        la, lb = _trim(toks, prev_end, left_end)
        left_sep = left_end > 0 and (
            toks[left_end - 1].text in (",", "—", "–") or toks[left_end - 1].kind == "Q"
        )
        left_ok = f.mode == "np" and left_sep and lb > la and _clause_like(toks, la, lb)
        if left_ok and (not right_ok or toks[lb - 1].kind == "Q"):
            f.contents.append((la, lb))
        if right_ok:
            f.contents.append((ra, rb))
        if not f.contents and j >= n - 1 and (colon or (j < n and toks[j].text == ":")):
            f.pending_colon = True
        elif (
            not f.contents and f.cue_end < n and toks[f.cue_end].text == ":" and f.cue_end >= n - 1
        ):
            f.pending_colon = True


_OBJECT_SKIP = frozenset(
    """tell tells told telling ask asks asked asking warn warns warned warning assure assures
    assured remind reminds reminded inform informs informed promise promises promised urge
    urged""".split()
)
