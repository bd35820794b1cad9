"""Who speaks in a sentence, within the source: the speaker of each frame (a pronoun bound
to the frame that reports it, "who" to its antecedent, anything else through the
`Resolver`), and the named subject of a sentence, which a later pronoun may reach and a
quote with no frame of its own after a sentence that reported nothing may take.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .lexicon import ARTICLES, ROLE_NOUNS, SENTENCE_FUNCTION
from .phrases import np_forward
from .pronouns import Entity, Resolver
from .segment import Sentence, Tok
from .speakers import Mention, parse_mention
from .types import Frame
from .words import cap, verbish


@dataclass(slots=True)
class Subject:
    """The subject of a sentence ("Roe praised the plan."): its entity and mention when
    already known, else only its tokens, parsed when a quote needs them. (Built with
    positional arguments: one is built for most sentences, and a keyword call to a class
    costs twice as much.)"""

    entity: Entity | None
    mention: Mention | None
    tokens: list[Tok]
    start: int  # where its sentence starts
    paragraph: int

    def speaker(self, text: str, resolver: Resolver) -> tuple[Entity, Mention] | None:
        """The subject as the speaker of a quote that follows it, if it can be one."""
        ent, m = self.entity, self.mention
        if m is None:
            m = parse_mention(text, self.tokens, resolver.mentions)
        if m is None or not (m.pronoun or m.kind in ("person", "organisation", "group")):
            return None
        if ent is None:
            ent = resolver.resolve(m, m.start)
        if ent is None:  # "They lie in a dead zone.": no speaker
            return None
        return ent, m


_BOUND = {"he": ("person", "male"), "she": ("person", "female")}


def _bound(m: Mention, f: Frame, outer: list[tuple[Frame, Entity]]) -> Entity | None:
    """A pronoun subject inside what an earlier frame of the sentence reports is that
    frame's speaker when it fits ("Roe said she believes …", "voters say they fear …")."""
    for g, ent in reversed(outer):
        if not any(a <= f.cue_start < b for a, b in g.contents):
            continue
        if m.pronoun in _BOUND:
            kind, gender = _BOUND[m.pronoun]
            if ent.kind == kind and ent.gender in (None, gender):
                ent.gender = gender
                return ent
        elif m.pronoun == "they" and ent.kind in ("group", "organisation"):
            return ent
        elif m.pronoun == "it" and ent.kind == "organisation":
            return ent
        return None
    return None


def speaker_of(
    text: str,
    toks: list[Tok],
    f: Frame,
    resolver: Resolver,
    outer: list[tuple[Frame, Entity]] | None = None,
) -> tuple[Entity | None, Mention | None]:
    """The entity and mention of a frame's speaker phrase; the entity is None for "I",
    "we", "you" and for what cannot be resolved."""
    if f.speaker is None:
        return None, None
    a, b = f.speaker
    m = parse_mention(text, toks[a:b], resolver.mentions)
    if m is None:
        return None, None
    if outer and m.pronoun:
        ent = _bound(m, f, outer)
        if ent is not None:
            return ent, m
    if m.pronoun == "who" and f.antecedent is not None:
        ante = parse_mention(text, toks[f.antecedent[0] : f.antecedent[1]], resolver.mentions)
        if ante is not None:
            ent = resolver.resolve(ante, ante.start)
            return ent, m
        return None, m
    if m.pronoun in ("i", "we", "you", "who"):
        return None, m
    if m.kind == "person" and m.role is None and not m.unnamed:
        m = _with_appositive_role(text, toks, f, m, resolver)
    return resolver.resolve(m, m.start), m


_ROLE_WINDOW = 12  # tokens of an appositive role


def _with_appositive_role(
    text: str, toks: list[Tok], f: Frame, m: Mention, resolver: Resolver
) -> Mention:
    """ "Dr Osei, the county health director, warned" / "…, said Dr Osei, the county health
    director.": the appositive between commas is the person's role (and its capitalised
    words or "for X" the affiliation)."""
    assert f.speaker is not None
    k = f.speaker[1]
    n = len(toks)
    if k >= n or toks[k].text != ",":
        return m
    if f.mode == "np":
        stop = f.cue_start - 1  # the comma right before the cue
        if stop <= k + 1 or toks[stop].text != ",":
            return m
    elif f.mode == "inverted":
        stop = k + 1
        while stop < n and stop - k <= _ROLE_WINDOW and toks[stop].kind == "W":
            stop += 1
        if stop - k > _ROLE_WINDOW or (stop < n and toks[stop].text not in (",", ".", ";")):
            return m
    else:
        return m
    inner = toks[k + 1 : stop]
    if not inner or len(inner) > _ROLE_WINDOW or any(t.kind != "W" for t in inner):
        return m
    role = parse_mention(text, inner, resolver.mentions)
    if (
        role is None
        or role.pronoun
        or not ((role.kind == "person" and role.unnamed) or inner[-1].low in ROLE_NOUNS)
    ):
        return m  # "Roe, 66,", "Roe, Republican of Ohio,": no role noun
    aff = role.affiliation
    if aff is None:
        # "the CIA director": its capitalised words
        aff = " ".join(t.text for t in inner if cap(t) and t.low not in ROLE_NOUNS) or None
    body = inner[1:] if inner[0].low in ARTICLES and len(inner) > 1 else inner
    said = text[body[0].start : body[-1].end]
    return replace(m, role=said, affiliation=m.affiliation or aff)


def register_subject(text: str, sent: Sentence, resolver: Resolver) -> Subject | None:
    """Make a sentence's named subject available to later pronouns, and return the
    subject (a speaker phrase followed by a verb) when there is one."""
    toks = sent.tokens
    i = 0
    n = len(toks)
    while i < n and (toks[i].kind == "P" or toks[i].low in SENTENCE_FUNCTION):
        i += 1
    if i + 1 >= n:
        return None
    first = toks[i]
    nxt = toks[i + 1]
    if first.low in ("he", "she", "they"):
        if nxt.kind != "W" or nxt.text[0].isupper() or not verbish(nxt.low):
            return None
        return Subject(None, None, toks[i : i + 1], sent.start, sent.paragraph)
    if not first.text[:1].isupper():
        return None
    second = nxt.text[:1]
    if not (second.isupper() or second == "."):
        # one capitalised word ("Roe praised …"): a subject only if a quote needs it
        if nxt.kind != "W" or not verbish(nxt.low):
            return None
        return Subject(None, None, toks[i : i + 1], sent.start, sent.paragraph)
    np = np_forward(toks, i, n)
    # only a full name introduces someone new; a bare surname is resolved when it speaks
    if np is None or np[1] >= n or np[1] - np[0] < 2:
        return None
    nxt = toks[np[1]]
    if nxt.kind != "W" or nxt.text[0].isupper():
        return None
    m = parse_mention(text, toks[np[0] : np[1]], resolver.mentions)
    if m is None or m.pronoun or m.kind not in ("person", "organisation", "group"):
        return None
    ent = None
    if m.kind != "group" and not (
        m.kind == "person" and m.surname_only and resolver.by_surname.get(m.name.lower()) is None
    ):
        ent = resolver.resolve(m, m.start)
    if not verbish(nxt.low):
        return None
    return Subject(ent, m, toks[np[0] : np[1]], sent.start, sent.paragraph)
