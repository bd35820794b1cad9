"""Speaker phrases beyond a plain noun phrase, for `phrases.py` and `attribution.py`: a role
or group with what it speaks for ("a spokeswoman for | the mayor's office", "Authorities
in | Millbrook"), a share of people ("About 4 in 10", "Nearly half of voters"), a bare
plural opening its clause ("hacking specialists say"), and the source phrase after
"according to". Each is a bounded look at a few tokens.
"""

from __future__ import annotations

from .lexicon import (
    AFFILIATION_PREPS,
    AUX_BETWEEN,
    DETERMINERS,
    GROUP_HEADS,
    NOT_HEAD,
    NP_MODIFIERS,
    PRONOUNS,
    QUANTITY_WORDS,
    ROLE_NOUNS,
)
from .segment import Tok
from .words import cap, is_number, past_or_cue, possessive

# words after which a clause, and so a subject, begins
_CLAUSE_OPENERS = frozenset("but and or so yet while although though because as".split())


def bare_plural(toks: list[Tok], j: int, lo: int) -> tuple[int, int] | None:
    """A plural common noun with no determiner that opens its clause: "(But) hacking
    specialists say", "Local fishermen said". At most two modifiers, none a verb."""
    t = toks[j]
    if cap(t) or not t.low.endswith("s") or t.low.endswith(("ss", "'s", "’s")) or len(t.low) < 4:
        return None
    k = j
    while k - 1 >= lo and j - k < 3:
        p = toks[k - 1]
        if p.kind != "W" or p.low in _CLAUSE_OPENERS:
            break
        if (
            p.low in NOT_HEAD
            or p.low in DETERMINERS
            or p.low in AUX_BETWEEN
            or past_or_cue(p.low)
            or p.low in PRONOUNS
            or possessive(toks, k - 1)
        ):
            return None
        k -= 1
    at_start = k == lo or toks[k - 1].kind == "P" or toks[k - 1].low in _CLAUSE_OPENERS
    if not at_start or (k < j and cap(toks[k]) and toks[k].low not in NP_MODIFIERS and k != lo):
        return None
    return (k, j + 1)


def quantity_np(toks: list[Tok], j: int, lo: int) -> tuple[int, int] | None:
    """ "Thirty percent", "A mere 9 percent", "About 4 in 10", "Nearly half": the share,
    back over its numbers and hedges ("about", "more than")."""
    k = j
    while k - 1 >= lo and j - k < 8:
        p = toks[k - 1]
        if p.kind == "W" and (is_number(p) or p.low in QUANTITY_WORDS):
            k -= 1
            continue
        if p.text[:1].isdigit() or p.text == ",":
            if p.text == "," and not (k - 2 >= lo and is_number(toks[k - 2])):
                break
            k -= 1
            continue
        break
    while k < j and toks[k].low in ("in", "at", ","):
        k += 1
    head = toks[j]
    if k == j and head.low not in ("half", "majority", "most", "plurality", "minority"):
        return None  # "percent" alone is no speaker
    return (k, j + 1)


def _plain_lower(t: Tok) -> bool:
    """A lower-case word that may modify a noun (no verb, function word or cue)."""
    return (
        t.kind == "W"
        and not cap(t)
        and t.low not in NOT_HEAD
        and t.low not in DETERMINERS
        and not past_or_cue(t.low)
    )


def role_phrase_back(toks: list[Tok], np: tuple[int, int], lo: int) -> tuple[int, int]:
    """The speaker phrase `np` (found back from a cue) widened to the role or group it is
    the affiliation of: "A spokeswoman for | the mayor's office", "Authorities in |
    Millbrook", "a senior official at | the port"; a lower-case possessive before its head
    comes along ("the mayor's | office"). Anything else is left as it was."""
    a = np[0]
    if a - 1 >= lo and possessive(toks, a - 1) and not cap(toks[a - 1]):
        a -= 1
        if a - 1 >= lo and toks[a - 1].low in DETERMINERS:
            a -= 1
    elif np[1] - a == 1 and not cap(toks[a]) and toks[a].low not in PRONOUNS:
        # "the harbour | board": lower-case modifiers back to a determiner
        k = a
        while k - 1 >= lo and a - k < 3 and _plain_lower(toks[k - 1]):
            k -= 1
        if k < a and k - 1 >= lo and toks[k - 1].low in ("the", "a", "an"):
            k -= 1
            if k - 1 >= lo and toks[k - 1].low in AFFILIATION_PREPS:
                a = k
    h = a - 2
    if h < lo or toks[a - 1].low not in AFFILIATION_PREPS or toks[h].kind != "W":
        return np
    head = toks[h]
    group = head.low in GROUP_HEADS
    if not (group or head.low in ROLE_NOUNS):
        return np
    b = h
    while (
        b - 1 >= lo
        and h - b < 4
        and toks[b - 1].kind == "W"
        and (toks[b - 1].low in DETERMINERS or toks[b - 1].low in NP_MODIFIERS)
    ):
        b -= 1
    if cap(head) and not (group and b == h and (h == lo or toks[h - 1].kind == "P")):
        return np  # "Secretary of State …", "Mayor of …": a title, not a role phrase
    return (b, np[1])


_SOURCE_MAX = 24


def source_phrase(toks: list[Tok], i: int, hi: int) -> tuple[int, int] | None:
    """The words after "according to" up to the end of their clause (a comma, a stop, a
    quote), when that is near: "one global index", "early results of exit polls conducted
    by Edison Research"."""
    for k in range(i, min(hi, i + _SOURCE_MAX)):
        t = toks[k]
        if t.kind == "Q" or t.text in (",", ".", ";", ":", "!", "?", "(", "—", "–"):
            return (i, k) if k > i else None
    if hi <= i + _SOURCE_MAX and hi > i:
        return (i, hi)
    return None
