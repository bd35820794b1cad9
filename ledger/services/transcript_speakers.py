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

from ledger.extract.lexicon import HONORIFICS
from ledger.extract.types import SpeakerRef

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
#: a turn that runs the show: thanks someone, addresses a speaker by title and name, or
#: introduces ("welcome to", "let's turn to", "time is up")
_HOSTING = re.compile(
    r"\b(?:[Tt]hank you|[Tt]hanks)\b"
    r"|\b(?:Senator|Governor|Secretary|Congressman|Congresswoman|Mayor|Mr\.|Mrs\.|Ms\.|Dr\.)"
    r" [A-Z]"
    r"|\b(?:[Ww]elcome (?:to|back)|[Gg]ood (?:evening|morning|afternoon)|joins? us"
    r"|[Ll]et's (?:turn|move|go|begin|start)|next question|we'll be right back|time is up"
    r"|(?:minutes?|seconds?) to respond|rebuttal)\b"
)


@dataclass
class Label:
    """One label read: titles and role, the name words, and whether it names a person."""

    raw: str
    role: str | None
    words: list[str]  # name words, cased for display (a title alone: the title's)
    generic: bool
    title_only: bool = False  # "The PRESIDENT": a role, no name

    @property
    def surname(self) -> str | None:
        names = [w for w in self.words if w.casefold() not in _SUFFIXES]
        return names[-1].casefold() if names and self.named else None

    @property
    def first(self) -> str | None:
        names = [w for w in self.words if w.casefold() not in _SUFFIXES]
        return names[0].casefold().strip(".") if len(names) >= 2 and self.named else None

    @property
    def named(self) -> bool:
        """Does the label give a person's name (not a part, not a title alone)?"""
        return not self.generic and not self.title_only


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
    title_only = not words
    generic = not title_only and all(
        w.casefold().strip(".") in GENERIC_WORDS or w.isdigit() for w in words
    )
    if title_only:  # "The PRESIDENT", "MODERATOR": the title is all it says
        words = [w for w in raw.split() if w.casefold() != "the"][:3]
    return Label(raw, role, [_display(w) for w in words], generic, title_only)


@dataclass
class Person:
    """One speaker of the transcript and the labels that name it."""

    labels: list[Label] = field(default_factory=list)
    turns: int = 0
    moderator: bool = False

    def full(self) -> Label:
        """The label with the longest name (most words, then most letters), a name before a
        title alone."""
        return max(
            self.labels, key=lambda lab: (lab.named, len(lab.words), len(" ".join(lab.words)))
        )

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
            if p.full().named
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
    """Give the role `moderator` to the speakers who run the transcript, read off their
    turns. A candidate is a named speaker with three turns or more whose labels give no
    other role, whose turns are shorter than the median of the other speakers' (generic
    ones such as QUESTION included), and who ends a quarter of them with a question. It is
    a moderator when it also hosts in 40 % of its turns (thanks someone, addresses a speaker
    by title and name, introduces: a debate's moderators), or when its turns are at most 0.6
    times that median and 30 % end with a question (an interviewer), or when it takes the
    most turns, half as many again as anyone else, and 30 % end with a question (a panel
    show's host). Tuned on the CheckThat 2020 training debates, where it finds their
    moderators and interviewers and none of the candidates or guests."""
    stats: dict[int, list[int]] = {}  # person -> [turns, asking, hosting, words]
    for label, words in turn_texts:
        s = stats.setdefault(id(people[label]), [0, 0, 0, 0])
        s[0] += 1
        s[1] += "?" in words
        s[2] += bool(_HOSTING.search(words))
        s[3] += len(words.split())
    by_id = {id(p): p for p in people.values()}
    named = [pid for pid in stats if not by_id[pid].full().generic]
    if len(named) < 2:
        return
    regular = [pid for pid in stats if stats[pid][0] >= 3]
    most_turns = sorted((stats[pid][0] for pid in stats), reverse=True)
    for pid in named:
        p = by_id[pid]
        turns, asking, hosting, words = stats[pid]
        if turns < 3 or any(lab.role and lab.role != "moderator" for lab in p.labels):
            continue
        others = sorted(stats[o][3] / stats[o][0] for o in regular if o != pid)
        if not others:
            continue
        median = others[len(others) // 2]
        length = words / turns
        if length >= median or asking < 0.25 * turns:
            continue
        debate = hosting >= 0.4 * turns
        interview = asking >= 0.3 * turns and length <= 0.6 * median
        host = (
            asking >= 0.3 * turns
            and turns == most_turns[0]
            and (len(most_turns) < 2 or turns >= 1.5 * most_turns[1])
        )
        if debate or interview or host:
            p.moderator = True
