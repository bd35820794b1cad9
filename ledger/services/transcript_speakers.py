"""Who the speakers of one transcript are: its labels resolved to people.

A transcript names one person in several ways (`TRUMP`, `MR. TRUMP`, `DONALD TRUMP`,
`President Trump`, `The PRESIDENT`). Each label is read into titles, a role and name words;
labels that share a surname (with compatible first names) are one speaker, whose canonical
name is the longest full name the transcript gives and whose role comes from a title
(`SEN.` → senator) or a role after a comma (`JOSEPH RICE, BUSINESS OWNER`). A title alone
(`The PRESIDENT`) is the one speaker with that role. Generic labels (`QUESTION`,
`AUDIENCE`, `UNIDENTIFIED MALE`, `SPEAKER 2`) name no person: they stay speakers of this
transcript only (`speakers.resolve_all` never matches them across sources). A speaker gets
the role `moderator` when a label says so, or when the turns show it: most of them ask
questions or introduce the others.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ledger.extract.types import SpeakerRef

HONORIFICS = frozenset("mr mrs ms miss mx dr sir dame lord lady madam".split())
#: titles (folded, without the full stop) and the role they give, longest first when read
ROLE_TITLES = {
    "vice president": "vice president",
    "prime minister": "prime minister",
    "attorney general": "attorney general",
    "lt gov": "lieutenant governor",
    "lieutenant governor": "lieutenant governor",
    "secretary of state": "secretary of state",
    "president": "president",
    "pres": "president",
    "sen": "senator",
    "senator": "senator",
    "rep": "representative",
    "representative": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "gov": "governor",
    "governor": "governor",
    "sec": "secretary",
    "secretary": "secretary",
    "mayor": "mayor",
    "judge": "judge",
    "justice": "justice",
    "chairman": "chair",
    "chairwoman": "chair",
    "chair": "chair",
    "ambassador": "ambassador",
    "minister": "minister",
    "chancellor": "chancellor",
    "gen": "general",
    "general": "general",
    "prof": "professor",
    "professor": "professor",
    "moderator": "moderator",
    "speaker": "speaker",
}
_MAX_TITLE = max(len(t.split()) for t in ROLE_TITLES)
#: words of labels that name a part, not a person
GENERIC_WORDS = frozenset(
    """question questioner questions q a answer audience member members crowd unidentified
    unknown male female man woman reporter reporters announcer narrator voice voices system
    speaker participant participants caller interviewer interviewee several multiple
    protester protesters off camera off-camera moderator host panelist panel
    student voter citizen""".split()
)
_GROUPS = frozenset("audience crowd members participants reporters voices protesters".split())
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
_PAREN = re.compile(r"\s*\(([^()]{0,40})\)\s*$")
_INTRO = re.compile(
    r"\b(?:welcome (?:to|back)|good (?:evening|morning|afternoon)|joining us|joins us"
    r"|let's (?:turn|move|go|begin|start)|(?:our|the) next question|we'll be right back"
    r"|we're back|your time is up|time is up|(?:minutes?|seconds?) to respond|rebuttal)\b",
    re.I,
)


@dataclass
class Label:
    """One label read: titles and role, the name words, and whether it names a person."""

    raw: str
    role: str | None
    words: list[str]  # name words, cased for display
    generic: bool

    @property
    def surname(self) -> str | None:
        names = [w for w in self.words if w.casefold() not in _SUFFIXES]
        return names[-1].casefold() if names and not self.generic else None

    @property
    def first(self) -> str | None:
        names = [w for w in self.words if w.casefold() not in _SUFFIXES]
        return names[0].casefold().strip(".") if len(names) >= 2 and not self.generic else None


def _display(word: str) -> str:
    """An upper-case label word in the case a name is written: O'MALLEY → O'Malley,
    MCCRORY → McCrory, JOY-ANN → Joy-Ann, JR. → Jr., III stays."""
    if not word.isupper() or word in ("II", "III", "IV") or len(word) == 1:
        return word
    out = "-".join(
        "'".join(p[:1] + p[1:].lower() for p in part.split("'")) for part in word.split("-")
    )
    if re.match(r"Mc[a-z]", out):
        out = "Mc" + out[2].upper() + out[3:]
    return out.replace("’", "'")


def read_label(raw: str) -> Label:
    """A speaker label's parts: "SEN. BERNIE SANDERS" → role senator, name Bernie Sanders."""
    s = raw.strip()
    role = None
    m = _PAREN.search(s)
    if m:
        inner = m.group(1).strip().casefold()
        if inner in ROLE_TITLES:
            role = ROLE_TITLES[inner]
        s = s[: m.start()].strip()
    s, _, after = s.partition(",")
    if after.strip():
        role = role or " ".join(after.split()).casefold()
    words = [w.strip('"“”') for w in s.split()]
    words = [w for w in words if w]
    if words and words[0].casefold() == "the":
        words = words[1:]
    # titles in front: honorifics are dropped, role titles give the role
    while words:
        folded = [w.casefold().rstrip(".") for w in words]
        if folded[0] in HONORIFICS:
            words = words[1:]
            continue
        for size in range(min(_MAX_TITLE, len(words)), 0, -1):
            title = " ".join(folded[:size])
            # "SPEAKER 2" is a generic label, not the Speaker of a house
            if title in ROLE_TITLES and not (
                title == "speaker" and len(words) == size + 1 and words[-1].isdigit()
            ):
                role = role or ROLE_TITLES[title]
                words = words[size:]
                break
        else:
            break
    generic = not words or all(
        w.casefold().strip(".") in GENERIC_WORDS or w.isdigit() for w in words
    )
    if not words:  # "The PRESIDENT", "MODERATOR": the title is all it says
        words = [_display(w) for w in raw.split() if w.casefold() != "the"][:3]
    return Label(raw, role, [_display(w) for w in words], generic)


@dataclass
class Person:
    """One speaker of the transcript and the labels that name it."""

    labels: list[Label] = field(default_factory=list)
    turns: int = 0
    moderator: bool = False

    def full(self) -> Label:
        """The label with the longest name (most words, then most letters)."""
        return max(self.labels, key=lambda lab: (len(lab.words), len(" ".join(lab.words))))

    def ref(self) -> SpeakerRef:
        best = self.full()
        name = " ".join(best.words)
        roles = [lab.role for lab in self.labels if lab.role]
        role = (
            "moderator" if "moderator" in roles or self.moderator else (roles[0] if roles else None)
        )
        aliases = []
        for lab in self.labels:
            alias = " ".join(lab.words)
            if alias != name and alias not in aliases:
                aliases.append(alias)
        if best.generic:
            kind = "group" if any(w.casefold() in _GROUPS for w in best.words) else "unknown"
        else:
            kind = "person"
        return SpeakerRef(name=name, kind=kind, role=role, aliases=tuple(aliases))


def _compatible(a: str | None, b: str | None) -> bool:
    """Two first names of one surname: equal, or one the other's initial."""
    if a is None or b is None:
        return True
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def group_labels(labels: list[str], counts: Counter[str]) -> dict[str, Person]:
    """Each distinct label's person. Full names first (two people of one surname stay two),
    then bare surnames (to the one person of that surname, else the one with more turns),
    then titles alone (to the one person with that role)."""
    read = {raw: read_label(raw) for raw in labels}
    out: dict[str, Person] = {}
    people: list[Person] = []

    def new(raw: str) -> None:
        p = Person([read[raw]], counts[raw])
        people.append(p)
        out[raw] = p

    def join(raw: str, p: Person) -> None:
        p.labels.append(read[raw])
        p.turns += counts[raw]
        out[raw] = p

    order = sorted(labels, key=lambda r: (-len(read[r].words), labels.index(r)))
    for raw in order:
        lab = read[raw]
        if lab.generic:
            same = [p for p in people if p.full().generic and p.full().words == lab.words]
            join(raw, same[0]) if same else new(raw)
            continue
        if lab.surname is None:
            continue  # a title alone: below
        same = [
            p
            for p in people
            if not p.full().generic
            and p.full().surname == lab.surname
            and all(_compatible(x.first, lab.first) for x in p.labels)
        ]
        if lab.first is not None:
            same = [p for p in same if any(x.first is not None for x in p.labels)] or same
        if same:
            join(raw, max(same, key=lambda p: p.turns))
        else:
            new(raw)
    for raw in labels:
        if raw in out:
            continue
        role = read[raw].role
        with_role = [p for p in people if any(x.role == role for x in p.labels)]
        join(raw, with_role[0]) if role and len(with_role) == 1 else new(raw)
    return out


def mark_moderators(people: dict[str, Person], turn_texts: list[tuple[str, str]]) -> None:
    """Give the role `moderator` to speakers whose turns are mostly questions or
    introductions, in a transcript of at least two named speakers (a press conference's
    QUESTION is generic, never a moderator)."""
    by_person: dict[int, list[str]] = {}
    for label, words in turn_texts:
        by_person.setdefault(id(people[label]), []).append(words)
    named = {id(p): p for p in people.values() if not p.full().generic}
    if len(named) < 2:
        return
    for pid, p in named.items():
        texts = by_person.get(pid, [])
        if len(texts) < 3 or any(lab.role and lab.role != "moderator" for lab in p.labels):
            continue
        asking = sum(1 for t in texts if "?" in t or _INTRO.search(t))
        if asking >= 0.6 * len(texts):
            p.moderator = True
