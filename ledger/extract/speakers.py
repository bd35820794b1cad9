"""Speaker phrases: from the words that name a speaker to a name, kind, role and affiliation.

"CIA director William Burns" is the person William Burns with the role "CIA director" and
the affiliation "CIA"; "China’s foreign ministry" and "the White House" are organisations;
"Beijing" is a government by metonymy; "top US officials" is an unnamed group. Pronouns
and surnames are left to `pronouns.py`, which ties them to earlier speakers.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import (
    ARTICLES,
    FEMALE_HONORIFICS,
    GROUP_HEADS,
    HONORIFICS,
    MALE_HONORIFICS,
    NP_MODIFIERS,
    ORG_WORDS,
    PLACE_METONYMS,
    PRONOUNS,
    TITLES,
)
from .segment import Tok
from .words import cap


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
    while toks and toks[-1].kind == "P":
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
    name = _span_text(text, body)
    head = body[-1]
    if honorific:
        return Mention(
            whole, start, end, name, "person", gender=gender, surname_only=len(body) == 1
        )
    if head.low in GROUP_HEADS and (not cap(head) or len(body) > 1 or head.low.endswith("s")):
        return Mention(whole, start, end, name, "group")
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
            return Mention(whole, start, end, name, "person", role=name)
        return Mention(
            whole, start, end, name, "person", gender=gender, surname_only=len(body) == 1
        )
    if _title_word(head):
        # "a spokesman", "the Chinese president": a person known only by role
        aff = [t.text for t in body if cap(t) and not _title_word(t)]
        return Mention(
            whole, start, end, name, "person", role=name, affiliation=" ".join(aff) or None
        )
    if head.low in NP_MODIFIERS and not cap(head):
        return None  # "the former": no head noun ("another Republican" is a person)
    return Mention(whole, start, end, name, "unknown")
