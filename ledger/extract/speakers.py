"""Speaker phrases: from the words that name a speaker to a name, kind, role and affiliation.

"CIA director William Burns" is the person William Burns with the role "CIA director" and
the affiliation "CIA"; "China’s foreign ministry" and "the White House" are organisations;
"Beijing" is a government by metonymy; "top US officials" is an unnamed group. Pronouns
and surnames are left to `pronouns.py`, which ties them to earlier speakers.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import (
    AFFILIATION_PREPS,
    ARTICLES,
    FEMALE_HONORIFICS,
    GROUP_HEADS,
    HONORIFICS,
    MALE_HONORIFICS,
    NP_MODIFIERS,
    ORG_WORDS,
    PLACE_METONYMS,
    PRONOUNS,
    ROLE_NOUNS,
    TITLES,
)
from .segment import Tok
from .words import cap, quantity_head


@dataclass(slots=True)
class Mention:
    """A speaker phrase as parsed; `name` is None for a pronoun."""

    text: str
    start: int
    end: int
    name: str | None
    kind: str
    role: str | None = None
    affiliation: str | None = None
    pronoun: str | None = None
    gender: str | None = None
    surname_only: bool = False
    unnamed: bool = False  # a group, or a person known only by a role


def _span_text(text: str, toks: list[Tok]) -> str:
    return text[toks[0].start : toks[-1].end]


def _title_word(t: Tok) -> bool:
    return t.kind == "W" and t.low.rstrip(".") in TITLES or t.low in TITLES


def parse_mention(
    text: str,
    toks: list[Tok],
    cache: dict[tuple[str, int], tuple[Mention | None, int]] | None = None,
) -> Mention | None:
    """Parse the tokens of a speaker phrase (as found before or after a cue). With `cache`
    (one per source), a phrase already parsed at another place is only moved there."""
    if cache is None or not toks:
        return _parse(text, toks)
    first = toks[0].start
    key = (text[first : toks[-1].end], len(toks))
    if key in cache:
        m, was = cache[key]
        if m is None:
            return None
        shift = first - was
        return Mention(
            m.text,
            m.start + shift,
            m.end + shift,
            m.name,
            m.kind,
            m.role,
            m.affiliation,
            m.pronoun,
            m.gender,
            m.surname_only,
            m.unnamed,
        )
    m = _parse(text, toks)
    cache[key] = (m, first)
    return m


def _parse(text: str, toks: list[Tok]) -> Mention | None:
    kept: list[Tok] = []
    depth = 0
    for t in toks:
        # party tags ("(D-Ore.)") and quotes are not part of a name
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and t.kind != "Q":
            kept.append(t)
    toks = kept
    while toks and toks[-1].kind == "P" and toks[-1].text != "%":
        toks = toks[:-1]
    while toks and toks[0].kind == "P":
        toks = toks[1:]
    if not toks:
        return None
    whole = _span_text(text, toks)
    start, end = toks[0].start, toks[-1].end
    if len(toks) == 1 and toks[0].low in PRONOUNS:
        p = toks[0].low
        return Mention(whole, start, end, None, "unknown", pronoun=p, gender=PRONOUNS[p])
    body = toks
    while body and body[0].low in ARTICLES:
        body = body[1:]
    if not body:
        return None
    gender = None
    honorific = False
    if body[0].low in HONORIFICS and len(body) > 1:
        gender = "male" if body[0].low in MALE_HONORIFICS else None
        if body[0].low in FEMALE_HONORIFICS:
            gender = "female"
        honorific = True
        body = body[1:]
    while body and body[0].kind == "P":
        body = body[1:]
    if not body:
        return None
    if not honorific and any(
        quantity_head(body, k) and (k == len(body) - 1 or body[k + 1].low == "of")
        for k in range(len(body))
    ):
        # "47 percent", "About 4 in 10", "Nearly half of voters": a share of people
        return Mention(whole, start, end, _span_text(text, body), "group", unnamed=True)
    if not honorific:
        unnamed = _role_at_organisation(text, body, whole, start, end)
        if unnamed is not None:
            return unnamed
    # role + name: the name is the run of capitalised words after the last title word
    last_title = -1
    for i, t in enumerate(body):
        if _title_word(t):
            last_title = i
    if 0 <= last_title < len(body) - 1:
        name_toks = body[last_title + 1 :]
        while name_toks and name_toks[0].kind == "P":
            name_toks = name_toks[1:]
        place: list[Tok] = []
        if name_toks and not cap(name_toks[0]):
            # "secretary | of state Jane Roe": the role goes on up to the trailing name
            run = len(name_toks)
            while run > 0 and (cap(name_toks[run - 1]) or name_toks[run - 1].text == "."):
                run -= 1
            if len(name_toks) - run >= 2:
                if name_toks[run - 1].low == "of" if run > 0 else False:
                    # "Secretary of State Ana Ruiz": the department after "of" is the
                    # role's; a name is its last two words (and initials between)
                    words = [k for k in range(run, len(name_toks)) if len(name_toks[k].text) > 1]
                    if len(words) > 2:
                        run = words[-2]
                name_toks = name_toks[run:]
        for k, t in enumerate(name_toks):
            if k > 0 and t.low in ("of", "from"):
                # "voter Jane Roe of Derry": the place is not part of the name
                name_toks, place = name_toks[:k], name_toks[k + 1 :]
                break
        if (
            name_toks
            and all(cap(t) or t.text == "." for t in name_toks)
            and not any(t.low in ORG_WORDS for t in name_toks)
        ):
            first = next(i for i, t in enumerate(body) if t is name_toks[0])
            role_toks = body[:first]
            while role_toks and role_toks[-1].kind == "P":
                role_toks = role_toks[:-1]
            aff = [t.text for t in role_toks if cap(t) and not _title_word(t)]
            if not aff and place:
                aff = [t.text for t in place if cap(t)]
            return Mention(
                whole,
                start,
                end,
                _span_text(text, name_toks),
                "person",
                role=_span_text(text, role_toks),
                affiliation=" ".join(aff) or None,
                gender=gender,
                surname_only=len(name_toks) == 1,
            )
    split = _name_of_organisation(text, body, whole, start, end, gender)
    if split is not None:
        return split
    name = _span_text(text, body)
    head = body[-1]
    if honorific:
        return Mention(
            whole, start, end, name, "person", gender=gender, surname_only=len(body) == 1
        )
    if head.low in GROUP_HEADS and (not cap(head) or len(body) > 1 or head.low.endswith("s")):
        return Mention(whole, start, end, name, "group", unnamed=True)
    if any(t.low in ORG_WORDS for t in body) or all(
        t.low.replace("’s", "").replace("'s", "") in PLACE_METONYMS for t in body if t.kind == "W"
    ):
        return Mention(whole, start, end, name, "organisation")
    if all(
        cap(t) or t.low in ("of", "de", "van", "von", "al", "bin", "da", "le", "la")
        for t in body
        if t.kind == "W"
    ):
        if _title_word(head):
            return Mention(whole, start, end, name, "person", role=name, unnamed=True)
        return Mention(
            whole, start, end, name, "person", gender=gender, surname_only=len(body) == 1
        )
    if _title_word(head):
        # "a spokesman", "the Chinese president": a person known only by role
        aff = [t.text for t in body if cap(t) and not _title_word(t)]
        return Mention(
            whole,
            start,
            end,
            name,
            "person",
            role=name,
            affiliation=" ".join(aff) or None,
            unnamed=True,
        )
    if head.low in NP_MODIFIERS and not cap(head):
        return None  # "the former": no head noun ("another Republican" is a person)
    return Mention(whole, start, end, name, "unknown")


def _role_at_organisation(
    text: str, body: list[Tok], whole: str, start: int, end: int
) -> Mention | None:
    """ "spokeswoman for the mayor's office", "a senior official at the port", "authorities in
    Millbrook": a person known only by a role, or an unnamed group, with the organisation
    or place as affiliation. The role's head is lower case ("Secretary of State John
    Kerry" is a title), except a group opening the sentence ("Authorities in …")."""
    for k in range(1, min(len(body) - 1, 5)):
        prep = body[k]
        if prep.low not in AFFILIATION_PREPS:
            continue
        head = body[k - 1]
        group = head.low in GROUP_HEADS
        if not (group or head.low in ROLE_NOUNS) or (cap(head) and not (group and k == 1)):
            return None
        if any(cap(t) and not (i == 0 and group) for i, t in enumerate(body[:k])):
            # "US officials in Beijing", "Senior official at X": modifiers are fine, a
            # name is not ("Jane Roe, director of X" never reaches here)
            if not all(t.low in NP_MODIFIERS or t.low in GROUP_HEADS for t in body[:k]):
                return None
        rest = body[k + 1 :]
        if any(_title_word(t) and cap(t) for t in rest):
            return None  # "spokesman for Senator Jane Roe": a named person's staff (kept whole)
        aff = rest[1:] if rest[0].low in ARTICLES and len(rest) > 1 else rest
        return Mention(
            whole,
            start,
            end,
            _span_text(text, body),
            "group" if group else "person",
            role=None if group else _span_text(text, body[:k]),
            affiliation=_span_text(text, aff),
            unnamed=True,
        )
    return None


def _name_of_organisation(
    text: str, body: list[Tok], whole: str, start: int, end: int, gender: str | None
) -> Mention | None:
    """ "Martin Hale of Kessler Chemicals", "Ana Ruiz from the port authority": a full name,
    then the organisation it speaks for. Two capitalised words at least before the
    preposition, none an organisation or title word ("Bank of England", "University of
    Ghana" and "Secretary of State" stay whole)."""
    for k in range(2, min(len(body) - 1, 5)):
        if body[k].low not in ("of", "from", "at"):
            continue
        name_toks = body[:k]
        if not all(
            cap(t) and t.low not in ORG_WORDS and not _title_word(t) and t.low not in PLACE_METONYMS
            for t in name_toks
            if t.kind == "W"
        ):
            return None
        rest = body[k + 1 :]
        if not rest or not any(cap(t) for t in rest):
            return None
        aff = rest[1:] if rest[0].low in ARTICLES and len(rest) > 1 else rest
        return Mention(
            whole,
            start,
            end,
            _span_text(text, name_toks),
            "person",
            affiliation=_span_text(text, aff),
            gender=gender,
        )
    return None
