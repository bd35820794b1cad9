"""Reporting cues: whether a token starts one ("said", "according to", "pointed out",
"went on to say", "put it", "read" next to a quote), and the words that may sit between a
speaker and its cue ("has also said", "on Tuesday told", "in a Medium post said").

A cue word is no cue when it is a noun ("Trump’s comments", "a snappy retort"), a base form
without a subject that makes it a verb, a passive ("was told"), or a hearsay adverb.
"""

from __future__ import annotations

from .lexicon import (
    ASIDES,
    AUX_BETWEEN,
    BASE_FORMS,
    BASE_OK_BEFORE,
    BE_FORMS,
    CUE_ADVERBS,
    CUE_STANCE,
    DATE_WORDS,
    DETERMINERS,
    GROUP_HEADS,
    NOT_VERB_BEFORE,
    NOUN_CUES,
    NP_LOWER,
    PASSIVE_BY,
    PRONOUNS,
    REFLEXIVES,
    TAIL_PREPS,
    VENUE_HEADS,
)
from .segment import Tok
from .words import cap, possessive, quantity_head


def cue_at(toks: list[Tok], i: int) -> tuple[int, str, str] | None:
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
    if stance is None or " " in low or low in CUE_ADVERBS:
        return None
    if t.text[0].isupper() and i > 0:
        return None  # "Said" inside a sentence is a name or a title
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and prev.low in NOT_VERB_BEFORE:
        return None  # "the claims", "his statement"
    if prev is not None and _nominal_cue(toks, i):
        return None  # "Trump’s comments", "a snappy retort", "his latest remarks"
    # base forms ("say", "claim") are verbs only after a pronoun, plural subject or auxiliary
    if low in BASE_FORMS:
        if prev is None or not (
            prev.low in BASE_OK_BEFORE
            or prev.low in GROUP_HEADS
            or prev.low.endswith("s")
            or quantity_head(toks, i - 1)  # "47 percent say", "six in 10 say"
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
    if k >= 0 and toks[k].low in BE_FORMS and not low.endswith("ing"):
        if i + 2 < len(toks) and toks[i + 1].low == "by" and low in PASSIVE_BY:
            return i + 1, t.text, stance  # "was asked by the moderator whether …"
        return None
    return i + 1, t.text, stance


def _nominal_cue(toks: list[Tok], i: int) -> bool:
    """Is the cue word at i a noun or an adjective here? After a possessive ("Trump’s
    comments", "Trump’s repeated calls"; a contracted "has" is rare in news), or a noun-like
    cue after a determiner and adjectives ("a snappy retort")."""
    low = toks[i].low
    if possessive(toks, i - 1):
        return True
    if low not in NOUN_CUES:
        return False
    for k in range(i - 1, max(-1, i - 4), -1):
        t = toks[k]
        if t.kind != "W":
            return possessive(toks, k)
        if t.low in NOT_VERB_BEFORE or possessive(toks, k):
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


def skip_dates_back(toks: list[Tok], j: int, lo: int) -> int:
    """Step back over auxiliaries, adverbs and date words between a speaker and its cue."""
    while j >= lo:
        t = toks[j]
        low = t.low
        if t.kind == "W" and (
            low in AUX_BETWEEN
            or (low.endswith("ly") and not cap(t) and low not in NP_LOWER)
            or low in DATE_WORDS
            or low in REFLEXIVES
            or (low in ASIDES and not cap(t))
        ):
            j -= 1
            continue
        if t.kind == "W" and low == "on" and j + 1 < len(toks) and toks[j + 1].low in DATE_WORDS:
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
        if (
            t.kind == "W"
            and low in ("time", "moment")
            and j - 2 > lo
            and toks[j - 1].low == "the"
            and toks[j - 2].low == "at"
        ):
            j -= 3  # "Roe at the time said": a date phrase, not the speaker
            continue
        if t.text == ")":
            m = j - 1
            while m >= lo and m > j - 8 and toks[m].text != "(":
                m -= 1
            if m >= lo and toks[m].text == "(":
                j = m - 1
                continue
        if t.kind == "W" and low in VENUE_HEADS and not cap(t):
            # "Jeb Bush in a Medium post said": a venue phrase between speaker and cue
            m = j - 1
            while m >= lo and m > j - 6 and toks[m].kind == "W" and toks[m].low not in TAIL_PREPS:
                m -= 1
            if (
                m > lo
                and toks[m].low in TAIL_PREPS
                and m + 1 < j
                and toks[m + 1].low in DETERMINERS
            ):
                j = m - 1
                continue
        break
    return j
