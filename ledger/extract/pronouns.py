"""Within-source speaker resolution: later mentions tied to the speaker they refer to.

A surname ("Burns") or an honorific ("Mr Lukashenko") joins the person whose name ends in
it; "he"/"she" go to the most recent person of a compatible gender, "it" to the most recent
organisation, "they" to the most recent group or organisation. Every lookup is a dict probe
or a walk over a short recency list, so resolution stays linear in the article's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from .lexicon import (
    ARTICLES,
    DETERMINERS,
    HONORIFICS,
    MONTHS,
    PREPOSITIONS,
    PRONOUNS,
    SENTENCE_FUNCTION,
    TITLES,
    WEEKDAYS,
)
from .names import name_key
from .speakers import Mention
from .types import SpeakerRef

_RECENT = 40  # how far back (in entities) a pronoun may look
_NAME_REACH = 20_000  # characters before a bare surname searched for its full name


@dataclass(slots=True, eq=False)  # identity: one entity per speaker
class Entity:
    name: str
    kind: str
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    aliases: list[str] = field(default_factory=list)
    last_pos: int = -1
    surname_only: bool = True
    unnamed: bool = False  # a group or a person known only by a role (`SpeakerRef.unnamed`)

    def ref(self) -> SpeakerRef:
        aliases = tuple(a for a in dict.fromkeys(self.aliases) if a != self.name)
        return SpeakerRef(self.name, self.kind, self.role, self.affiliation, aliases, self.unnamed)


def _surname(name: str) -> str:
    parts = name_key(name).split()
    return parts[-1] if parts else ""


# "First Surname" / "First M. Surname" at every capitalised word (a lookahead, so that
# "Jonas Weber Smith" yields "Jonas Weber" and "Weber Smith")
_FULL_NAME = re.compile(
    r"(?<![\w’'-])(?=([A-Z][\w’'-]+)\s+((?:[A-Z]\.\s+)?)([A-Z][\w’'-]+)(?![\w’'-]))"
)


def _offset(item: tuple[int, str, int]) -> int:
    return item[0]


_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][\w’'-]*")


# capitalised words before a surname that are no first name ("Mr Weber", "Mayor Weber",
# "When Weber", "Monday Weber")
_NOT_FIRST_NAMES = (
    HONORIFICS
    | TITLES
    | SENTENCE_FUNCTION
    | PREPOSITIONS
    | DETERMINERS
    | ARTICLES
    | frozenset(WEEKDAYS)
    | frozenset(MONTHS)
    | frozenset(PRONOUNS)
    | frozenset("and but or so then said says told".split())
)


class Resolver:
    """The speakers of one source, and the recency order pronouns search."""

    def __init__(self, text: str = "") -> None:
        #: the source's text, where a bare surname looks for a full name said earlier
        self.text = text
        #: surname → (offset, full name, start of its run of equal names) of every "First
        #: Surname" in the text (built lazily)
        self.names: dict[str, list[tuple[int, str, int]]] | None = None
        self.by_key: dict[str, Entity] = {}
        self.by_surname: dict[str, Entity] = {}
        self.recent: list[Entity] = []
        #: speaker phrases parsed so far in this source (see `parse_mention`)
        self.mentions: dict = {}

    def _touch(self, ent: Entity, pos: int) -> None:
        ent.last_pos = max(ent.last_pos, pos)
        if self.recent and self.recent[-1] is ent:
            return
        try:
            self.recent.remove(ent)
        except ValueError:
            pass
        self.recent.append(ent)
        if len(self.recent) > _RECENT * 2:
            del self.recent[:_RECENT]

    def _pronoun(self, m: Mention) -> Entity | None:
        p = m.pronoun
        for ent in reversed(self.recent[-_RECENT:]):
            if p in ("he", "she"):
                if ent.kind != "person":
                    continue
                want = "male" if p == "he" else "female"
                if ent.gender in (None, want):
                    ent.gender = want
                    return ent
            elif p == "it":
                if ent.kind == "organisation":
                    return ent
            elif p == "they":
                if ent.kind in ("group", "organisation"):
                    return ent
            else:
                return None
        return None

    def _index_names(self) -> dict[str, list[tuple[int, str, int]]]:
        """Every "First Surname" of the text by surname, in text order (one pass, built when
        a bare surname first needs it). A first name the source also writes in lower case
        is a word ("Is Sanders …?", "Sees Reagan …" against "is", "sees")."""
        lower = set(_LOWER_WORD.findall(self.text))
        index: dict[str, list[tuple[int, str, int]]] = {}
        for hit in _FULL_NAME.finditer(self.text):
            first, initial, surname = hit.group(1), hit.group(2), hit.group(3)
            low = first.lower()
            if low.rstrip(".") in _NOT_FIRST_NAMES or low in lower:
                continue
            got = index.setdefault(surname, [])
            name = f"{first} {initial}{surname}"
            # where the run of this same name starts, so a window is checked in O(1)
            run = got[-1][2] if got and got[-1][1] == name else len(got)
            got.append((hit.start(), name, run))
        return index

    def _earlier_full_name(self, m: Mention) -> str | None:
        """The only full name ("Jonas Weber", "Ana M. Ruiz") that ends in the surname of
        `m` within `_NAME_REACH` characters before it, or None when there is none or there
        are two."""
        assert m.name is not None
        surname = m.name.split()[-1]
        if not surname[:1].isupper() or len(surname) < 2:
            return None
        if self.names is None:
            self.names = self._index_names()
        got = self.names.get(surname)
        if not got:
            return None
        # the names within reach before the mention, found by bisection (a surname said a
        # thousand times is not scanned a thousand times)
        a = bisect_left(got, m.start - _NAME_REACH, key=_offset)
        b = bisect_left(got, m.start, key=_offset)
        if a >= b or got[b - 1][2] > a:
            return None  # none, or two people: "Jonas Weber" and "Elena Weber"
        return got[a][1]

    def resolve(self, m: Mention, pos: int, register: bool = True) -> Entity | None:
        """The entity `m` refers to; a new one for a new name (when `register`)."""
        if m.pronoun:
            ent = self._pronoun(m)
            if ent is not None:
                self._touch(ent, pos)
            return ent
        assert m.name is not None
        key = name_key(m.name)
        if not key:
            return None
        ent = self.by_key.get(key)
        if ent is None and m.kind in ("person", "unknown") and " " not in key:
            ent = self.by_surname.get(key)
        if ent is None and m.kind in ("person", "unknown") and " " not in key and self.text:
            # "Mr Weber told reporters" after "the bakery owned by Jonas Weber": the one
            # full name earlier in the source that ends in this surname (never two)
            full = self._earlier_full_name(m)
            if full is not None:
                m = Mention(
                    m.text,
                    m.start,
                    m.end,
                    full,
                    "person",
                    m.role,
                    m.affiliation,
                    gender=m.gender,
                    unnamed=m.unnamed,
                )
                key = name_key(full)
                ent = self.by_key.get(key)
        if ent is None and m.kind == "person" and not m.surname_only:
            # an earlier bare surname ("Burns") now meets its full name
            cand = self.by_key.get(_surname(m.name))
            if cand is not None and cand.surname_only and cand.kind in ("person", "unknown"):
                ent = cand
                ent.name, ent.kind, ent.surname_only = m.name, "person", False
        if ent is None and m.kind == "organisation":
            for other in reversed(self.recent[-_RECENT:]):
                ok = name_key(other.name)
                if other.kind == "organisation" and (
                    ok.endswith(" " + key) or key.endswith(" " + ok)
                ):
                    ent = other
                    break
        if ent is None:
            if not register:
                return None
            ent = Entity(
                m.name,
                m.kind if m.kind != "unknown" else "person",
                m.role,
                m.affiliation,
                m.gender,
                [],
                pos,
                m.surname_only,
                m.unnamed,
            )
            if m.kind == "unknown" and (" " in key or not m.name[:1].isupper()):
                ent.kind = "unknown"  # "the email", "the ad": no person for "he" to find
        else:
            if ent.role is None and m.role:
                ent.role = m.role
            if ent.affiliation is None and m.affiliation:
                ent.affiliation = m.affiliation
            if ent.gender is None and m.gender:
                ent.gender = m.gender
        self.by_key[key] = ent
        self.by_key.setdefault(name_key(ent.name), ent)
        if ent.kind == "person" and not ent.surname_only:
            self.by_surname[_surname(ent.name)] = ent
        if m.text not in ent.aliases:
            ent.aliases.append(m.text)
        if m.name not in ent.aliases:
            ent.aliases.append(m.name)
        self._touch(ent, pos)
        return ent
