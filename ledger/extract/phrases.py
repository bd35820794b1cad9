"""Speaker phrases inside a sentence's tokens: the noun phrase ending before a cue
(`np_back`), starting after one (`np_forward`, `long_np_forward`), a name before an
appositive ("Roe, a spokeswoman for X, said"), and the subject of a clause
(`clause_subject`) for participle and elided frames.

Every search is bounded (`_MAX_NP`, `_APPOSITIVE_WINDOW`, `_SUBJECT_WINDOW` tokens) so that
dense run-on text stays linear.
"""

from __future__ import annotations

from .lexicon import (
    AUX_BETWEEN,
    CUE_STANCE,
    DATE_HEADS,
    DATE_WORDS,
    DETERMINERS,
    ING_NOUNS,
    IRREGULAR_PAST,
    NOT_HEAD,
    NP_LOWER,
    NP_MODIFIERS,
    POSSESSIVE_PRONOUNS,
    PREPOSITIONS,
    PRONOUNS,
    RELATIVES,
    SENTENCE_FUNCTION,
    SUBORDINATORS,
)
from .segment import Tok
from .shapes import bare_plural, quantity_np
from .words import (
    abbrev,
    cap,
    head_ok,
    np_token,
    past_or_cue,
    possessive,
    quantity_head,
    verbish,
)

_MAX_NP = 9


def _lower_np(toks: list[Tok], j: int, lo: int) -> tuple[int, int] | None:
    """A determiner or possessive phrase with a common-noun head: "the retired surgeon",
    "another child", "State's reviewers"."""
    t = toks[j]
    if t.kind != "W" or t.low in NOT_HEAD or t.low in AUX_BETWEEN or t.low.endswith("ly"):
        return None
    if t.low in IRREGULAR_PAST or t.low in CUE_STANCE:
        return None  # "the committee meeting began": a verb, not a head noun
    bare = bare_plural(toks, j, lo)
    if bare is not None:
        return bare
    for k in range(j - 1, max(lo, j - 4) - 1, -1):
        p = toks[k]
        if p.kind != "W":
            return None
        if p.low in DETERMINERS:
            if p.low == "that":
                return None  # "a passion that almost suggested": a relative pronoun
            return (k, j + 1)
        if p.low.endswith(("’s", "'s")) and p.text[0].isupper():
            np = np_back(toks, k, lo)
            return (np[0] if np else k, j + 1)
        if p.low in NOT_HEAD or p.low in AUX_BETWEEN or (p.low in CUE_STANCE and not cap(p)):
            return None
        # capitalised modifiers may sit inside: "the GOP front-runner", "the Clinton campaign"
    return None


def np_back(toks: list[Tok], j: int, lo: int) -> tuple[int, int] | None:
    """The speaker phrase ending at token j (inclusive), not reaching before `lo`."""
    if j < lo:
        return None
    t = toks[j]
    if t.kind == "W" and t.low in PRONOUNS:
        if t.low == "them" and j - 2 >= lo and toks[j - 1].low == "of":
            # "Most of them said"
            q = quantity_np(toks, j - 2, lo) if quantity_head(toks, j - 2) else None
            if q is not None:
                return (q[0], j + 1)
        return (j, j + 1)
    if quantity_head(toks, j):
        return quantity_np(toks, j, lo)
    if t.kind == "W" and not cap(t) and t.low.endswith("s"):
        # "Nearly half of islanders", "three-quarters of the voters"
        k = j - 1 if j - 1 >= lo and toks[j - 1].low == "the" else j
        if k - 2 >= lo and toks[k - 1].low == "of" and quantity_head(toks, k - 2):
            q = quantity_np(toks, k - 2, lo)
            if q is not None:
                return (q[0], j + 1)
    if not head_ok(t) or not np_token(t):
        return _lower_np(toks, j, lo)
    k = j
    while k - 1 >= lo and j - (k - 1) < _MAX_NP:
        p = toks[k - 1]
        if np_token(p):
            if p.low in PRONOUNS and p.low not in POSSESSIVE_PRONOUNS:
                break
            k -= 1
            continue
        if p.kind == "W" and p.low in ("of", "and", "for") and k - 2 >= lo and cap(toks[k - 2]):
            k -= 1
            continue
        if p.text == "." and k - 2 >= lo and abbrev(toks[k - 2]):
            k -= 2  # "Mr. Bennett", "Jason C. Ervin"
            continue
        if p.text == ")" and cap(toks[j]):
            # "Rep. Earl Blumenauer (D-Ore.)": a party tag inside the phrase
            m = k - 2
            while m >= lo and m > k - 8 and toks[m].text != "(":
                m -= 1
            if m >= lo and toks[m].text == "(" and m - 1 >= lo and cap(toks[m - 1]):
                k = m
                continue
        break
    if k - 2 >= lo and toks[k - 1].low == "of" and quantity_head(toks, k - 2):
        # "Nearly half of voters", "three-quarters of the voters"
        q = quantity_np(toks, k - 2, lo)
        if q is not None:
            return (q[0], j + 1)
    # drop connectors at the left edge ("and", "of") and capitalised sentence openers
    while k < j and (
        toks[k].low in ("of", "and", "for", "’", "'", "-", "&")
        or (toks[k].low in SENTENCE_FUNCTION and toks[k].low not in NP_MODIFIERS)
    ):
        k += 1
    return (k, j + 1)


def lower_np_forward(toks: list[Tok], i: int, hi: int) -> tuple[int, int] | None:
    """The determiner phrase after a cue ("one well-connected Democrat familiar with …")."""
    if i >= hi or toks[i].low not in DETERMINERS:
        return None
    k = i + 1
    while (
        k < hi
        and k - i < _MAX_NP
        and toks[k].kind == "W"
        and toks[k].low not in NOT_HEAD
        and toks[k].low not in AUX_BETWEEN
        and not (k - i >= 2 and past_or_cue(toks[k].low))  # "the two departments| declined"
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
        if np_token(p) and not (p.low in PRONOUNS and k > i):
            k += 1
            continue
        if (
            p.kind == "W"
            and p.low in ("of", "and", "for")
            and k + 1 < hi
            and cap(toks[k + 1])
            and k > i
        ):
            k += 1
            continue
        if p.text == "." and k > i and abbrev(toks[k - 1]) and k + 1 < hi and cap(toks[k + 1]):
            k += 1
            continue
        break
    while k > i and not head_ok(toks[k - 1]):
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
            and not cap(toks[m])
            and toks[m].low not in NOT_HEAD
            and toks[m].low not in AUX_BETWEEN
            and toks[m].low not in PRONOUNS
            and toks[m].low not in CUE_STANCE
            and toks[m].low not in IRREGULAR_PAST
        ):
            m += 1
        if m == k or m >= hi or not cap(toks[m]):
            break
        more = np_forward(toks, m, hi)
        if more is None or not cap(toks[more[1] - 1]):
            break
        k = more[1]
    if np is None:
        return (i, k) if k > i and cap(toks[k - 1]) else None
    return (i, max(k, np[1]))


def speakerish(toks: list[Tok], np: tuple[int, int]) -> bool:
    """Can this phrase be a speaker (a name, a speaker noun, a pronoun; no possessive)?"""
    head = toks[np[1] - 1]
    if head.low.endswith(("’s", "'s")) or toks[np[0]].low in ("that", "which"):
        return False
    return (
        (cap(head) and head.low not in SENTENCE_FUNCTION)
        or head.low in NP_LOWER
        or head.low in PRONOUNS
    )


def _subjectish(toks: list[Tok], np: tuple[int, int]) -> bool:
    """Can this phrase be the subject of a clause that reports speech? A speaker phrase,
    or a determiner phrase with a common-noun head ("the town", "The two departments"),
    never a date ("Saturday", "last week") or a possessive."""
    head = toks[np[1] - 1]
    if head.low in DATE_HEADS or head.text[:1].isdigit():
        return False
    if speakerish(toks, np):
        return True
    return (
        toks[np[0]].low in DETERMINERS
        and head.kind == "W"
        and not cap(head)
        and head.low not in NOT_HEAD
        and head.low not in AUX_BETWEEN
        and not possessive(toks, np[1] - 1)
    )


_APPOSITIVE_WINDOW = 32


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
    if cap(toks[cand[1] - 1]) or (toks[cand[0]].low in DETERMINERS and speakerish(toks, cand)):
        return cand
    return None


def appositive_name(toks: list[Tok], j: int, mark: str) -> tuple[int, int] | None:
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
        if k + 1 < j and toks[k + 1].low in RELATIVES:
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
            and (cand is None or not cap(toks[cand[1] - 1]))
            and len(inner) <= 6
            and cap(inner[0])
            and all(
                cap(t) or t.low == "and" or (t.text == "." and x > 0) for x, t in enumerate(inner)
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
                and toks[r - 1].low not in NOT_HEAD
                and toks[r - 1].low not in AUX_BETWEEN
                and toks[r - 1].low not in CUE_STANCE
            ):
                r -= 1
            return (r, j)
        if cand is not None:
            before = toks[cand[0] - 1] if cand[0] > 0 else None
            if before is not None and before.low in PREPOSITIONS:
                continue  # "in Aurora, Colorado,": a place in the appositive
            return cand
    return None


def _to_verb(toks: list[Tok], k: int, j: int) -> bool:
    """Does a verb follow a subject ending before token k (by token j)? Appositives
    (", a former aide,"), party tags, date phrases and adverbs may sit between."""
    for _ in range(5):
        if k > j:
            return False
        t = toks[k]
        if t.kind == "W" and not cap(t) and verbish(t.low):
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
        if t.kind == "W" and (t.low in DATE_WORDS or (t.low.endswith("ly") and not cap(t))):
            k += 1
            continue
        if (
            t.low in ("on", "last", "this", "earlier", "late")
            and k + 1 <= j
            and toks[k + 1].low in DATE_HEADS
        ):
            k += 2
            continue
        return False
    return False


def _opening_adverbial(toks: list[Tok], i: int, j: int) -> bool:
    """Does the sentence open with a prepositional, subordinate or participle phrase
    ("On Monday, …", "Speaking in Ohio, …")?"""
    if i + 1 > j or toks[i].kind != "W":
        return False
    low = toks[i].low
    if low in ("and", "but", "or", "here", "there", "now", "then", "still", "yet"):
        # "Here in Columbia, …", "But in Iowa, …": an adverbial after a leading word
        nxt = toks[i + 1]
        return nxt.low in PREPOSITIONS or nxt.low in SUBORDINATORS and nxt.low != "and"
    if low in PREPOSITIONS or low in SUBORDINATORS:
        return True
    if not low.endswith("ing") or len(low) < 6 or low in ING_NOUNS:
        return False
    nxt = toks[i + 1]  # "Speaking to", "Addressing attendees"; not "Beijing says"
    return (
        nxt.kind == "W"
        and not cap(nxt)
        and nxt.low not in CUE_STANCE
        and nxt.low not in AUX_BETWEEN
        and nxt.low not in IRREGULAR_PAST
        and not nxt.low.endswith("ed")
    )


_SUBJECT_WINDOW = 40


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
        if first is None and toks[i].low in DETERMINERS:
            first = lower_np_forward(toks, i, j + 1)
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
        if not (nxt.kind == "W" and not cap(nxt) and verbish(nxt.low)):
            continue
        np = np_back(toks, k, lo)
        if np is None or not speakerish(toks, np) or toks[np[1] - 1].low in DATE_HEADS:
            continue
        before = toks[np[0] - 1] if np[0] > lo else None
        if (
            before is not None
            and before.kind == "W"
            and not cap(before)
            and toks[np[0]].low not in PRONOUNS
            and before.low not in AUX_BETWEEN
            and verbish(before.low)
        ):
            continue  # the object of a verb ("released a statement saying")
        return np
    return None
