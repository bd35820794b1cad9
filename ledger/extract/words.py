"""What kind of word a token is, for the frame rules: capitalised, an abbreviation, part of
a speaker phrase, a possessive, a verb form.

Cheap tests on one token (or one lower-cased word); the rules call them in their inner
loops, so each is a few set probes and string tests.
"""

from __future__ import annotations

from .lexicon import (
    AUX_BETWEEN,
    CONTRACTED,
    CUE_STANCE,
    GROUP_HEADS,
    IRREGULAR_PAST,
    NOT_VERB_BEFORE,
    NP_LOWER,
    NP_MODIFIERS,
    PRONOUNS,
    QUANTITY_HEADS,
    QUANTITY_WORDS,
    SENTENCE_FUNCTION,
    TITLES,
)
from .segment import ABBREVIATIONS, Tok


def abbrev(t: Tok) -> bool:
    """An abbreviation or an initial ("Mr", "Sen", "J"), which a full stop may follow."""
    return t.kind == "W" and (t.low in ABBREVIATIONS or (len(t.text) == 1 and t.text.isupper()))


def cap(t: Tok) -> bool:
    """A capitalised word."""
    return t.kind == "W" and t.text[0].isupper()


def np_token(t: Tok) -> bool:
    """Can the token be inside a speaker phrase (a name, a title, a modifier, an apostrophe)?"""
    if t.kind == "P":
        return t.text in ("’", "'", "&")  # a lone "-" is a dash ("HEADLINE - Jane Roe:")
    if t.kind != "W":
        return False
    return cap(t) or t.low in NP_LOWER or t.low in NP_MODIFIERS or t.low.rstrip(".") in TITLES


def head_ok(t: Tok) -> bool:
    """Can the token end a speaker phrase (a name, a common speaker noun, a pronoun)?"""
    if t.kind != "W":
        return False
    return (
        (cap(t) and t.low not in SENTENCE_FUNCTION and t.low not in NOT_VERB_BEFORE)
        or t.low in NP_LOWER
        or t.low in PRONOUNS
    )


def possessive(toks: list[Tok], k: int) -> bool:
    """Is token k a possessive ("Trump’s", "the senator's", "Sanders’")?"""
    t = toks[k]
    if t.kind == "W":
        return t.low.endswith(("’s", "'s")) and t.low not in CONTRACTED
    return (
        t.text in ("’", "'")
        and k > 0
        and toks[k - 1].kind == "W"
        and toks[k - 1].low.endswith("s")
        and toks[k - 1].end == t.start
    )


def past_or_cue(low: str) -> bool:
    """A verb form that is no plural noun: a past tense, a reporting verb, an auxiliary."""
    return (
        low in AUX_BETWEEN
        or low in IRREGULAR_PAST
        or low in CUE_STANCE
        or (low.endswith("ed") and len(low) > 3)
    )


def verbish(low: str) -> bool:
    """A verb form, a present tense in -s included ("says", "wants"; not "officials")."""
    return past_or_cue(low) or (
        low.endswith("s") and not low.endswith("ss") and len(low) > 3 and low not in GROUP_HEADS
    )


def ends_with_comma(t: Tok) -> bool:
    """A quote whose comma sits inside its marks (“fantastic,”)."""
    return t.kind == "Q" and t.text.rstrip("”\"’' ").endswith(",")


def quantity_head(toks: list[Tok], j: int) -> bool:
    """Does token j end a share of people ("47 percent", "42 %", "half", "six in 10")?"""
    t = toks[j]
    if t.low in QUANTITY_HEADS:
        return True
    return t.text.isdigit() and j >= 2 and toks[j - 1].low == "in" and is_number(toks[j - 2])


def is_number(t: Tok) -> bool:
    """A number, in digits or words ("47", "six", "two-thirds")."""
    low = t.low
    if t.text[:1].isdigit() or low in QUANTITY_WORDS:
        return True
    return "-" in low and all(part in QUANTITY_WORDS for part in low.split("-"))
