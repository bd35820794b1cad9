"""How a source's speaker is matched to a stored one, on evidence that does not depend on
import order: the rules (`match`, `strict_match` for a transcript's speakers), the names a
speaker goes by (`alias_names`, `without_initials`), what a match adds to the stored
speaker (`complete`: a role, an affiliation, a better name) and the snapshots they work on
(`Known`, `SpeakerCache`). Pure: `ledger.services.speakers` reads and writes the store.

A person is matched by a full name the stored speaker has (as its name or an alias); an
organisation or group by its exact proper name or alias ("the campaign" ties nothing);
an unnamed speaker ("officials", "a spokeswoman for X") or a person known by a surname
alone never: each becomes a new provisional speaker rather than borrowing another
source's person. A surname is no bridge: "Adeyemi" is an alias of Elena Adeyemi and of
Hana Adeyemi alike, and which of them was stored first must not decide who said what. A
merged speaker takes the fullest name of a person and the shortest of an organisation, so
its name does not depend on the order either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz import fuzz

from ledger.extract.names import name_key
from ledger.extract.types import SpeakerRef
from ledger.services.transcript_speakers import read_label

_PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "we", "i", "you"}


def alias_names(ref: SpeakerRef) -> list[str]:
    """The names a speaker goes by: its name and the variants the source used ("Burns",
    "Mr Burns"), but not the name with a title or role in front ("CIA director William
    Burns"): the role is kept on its own, and such mentions would pile up one alias per
    title a speaker was ever given."""
    names = [ref.name, *ref.aliases]
    own = name_key(ref.name or "")
    out, seen = [], set()
    for n in names:
        n = (n or "").strip()
        k = name_key(n)
        if not n or not k or k in seen or k in _PRONOUNS:
            continue
        if own and k != own and k.endswith(" " + own):
            continue
        seen.add(k)
        out.append(n)
    return out


@dataclass
class Known:
    """A stored speaker as the resolver needs it (a snapshot, no ORM object)."""

    id: int
    name: str
    name_key: str
    kind: str
    role: str | None
    affiliation: str | None
    created_at: datetime | None = None  # None until a new speaker is inserted
    aliases: list[str] = field(default_factory=list)
    alias_keys: set[str] = field(default_factory=set)
    #: names it was known by before a better one, still to be stored as aliases
    pending_aliases: list[str] = field(default_factory=list)

    def columns(self) -> dict:
        """Its `speaker` row's values, but for the id and creation time the store assigns."""
        return {
            "name": self.name,
            "name_key": self.name_key,
            "kind": self.kind,
            "role": self.role,
            "affiliation": self.affiliation,
        }


@dataclass
class SpeakerCache:
    by_id: dict[int, Known] = field(default_factory=dict)
    by_key: dict[str, set[int]] = field(default_factory=dict)

    def remember(self, known: Known) -> None:
        self.by_id[known.id] = known
        for key in {known.name_key, *known.alias_keys}:
            self.by_key.setdefault(key, set()).add(known.id)


def strict_match(
    cache: SpeakerCache, ref: SpeakerRef, own_key: str, names: list[str]
) -> Known | None:
    """The stored speaker a transcript's speaker is, on strong evidence only: one whose
    name or alias is one of its full names (and a compatible kind), else, for a bare
    surname with a role, one of that surname whose role agrees."""
    if not read_label(ref.name).named:  # QUESTION, AUDIENCE, The PRESIDENT
        return None
    full = [k for k in dict.fromkeys(name_key(n) for n in [ref.name, *names]) if " " in k]
    for key in full:
        for sid in sorted(cache.by_key.get(key, ())):
            cand = cache.by_id[sid]
            if _kinds_agree(cand.kind, ref.kind):
                return cand
    if full or not ref.role:
        return None
    for sid in sorted(cache.by_key.get(own_key, ())):
        cand = cache.by_id[sid]
        if cand.role and fuzz.token_set_ratio(name_key(cand.role), name_key(ref.role)) >= 90:
            return cand
    return None


def match(cache: SpeakerCache, ref: SpeakerRef, own_key: str, names: list[str]) -> Known | None:
    """The stored speaker `ref` is, on evidence that does not depend on what happened to
    be imported first: a full name the stored speaker has (as its name or an alias) for a
    person; its exact proper name or alias for an organisation or group (a common noun,
    "the campaign", ties nothing); never for an unnamed
    speaker ("officials", "a spokeswoman for X") or a person known by a surname alone,
    who becomes a new provisional speaker rather than borrowing another source's person.

    A surname is no bridge: "Adeyemi" is an alias of Elena Adeyemi and of Hana Adeyemi
    alike, and which of them was stored first must not decide who said what. Variants
    the names alone do not tie ("Bill" and "William Clinton") stay apart until an editor
    merges them; the merge's aliases then tie later imports."""
    if ref.unnamed:
        return None
    # only proper names tie sources: "the campaign" or "the company" could be anyone's
    proper = [n for n in (ref.name, *names) if _proper(n)]
    keys = list(dict.fromkeys(name_key(n) for n in proper))
    if ref.kind == "person":
        keys = [k for k in keys if " " in k]  # full names only
    for key in keys:
        for sid in sorted(cache.by_key.get(key, ())):
            cand = cache.by_id[sid]
            if (
                _kinds_agree(cand.kind, ref.kind)
                and not _bare(cand.kind, cand.name_key)
                and _proper(cand.name)
            ):
                return cand
    return None


def without_initials(ref: SpeakerRef) -> list[str]:
    """A person's full names without their middle initials ("Donald J. Trump" -> "Donald
    Trump"), as aliases: a source that writes the initial and one that does not then
    share a full name, whichever was imported first."""
    if ref.kind != "person" or ref.unnamed:
        return []
    out = []
    for n in (ref.name, *ref.aliases):
        words = (n or "").split()
        kept = [w for i, w in enumerate(words) if i in (0, len(words) - 1) or not _INITIAL.match(w)]
        if len(kept) >= 2 and len(kept) < len(words):
            out.append(" ".join(kept))
    return out


_INITIAL = re.compile(r"^\w\.?$")


_DETERMINER = re.compile(r"^(?:the|a|an|his|her|its|their|our|my|your|this|that)\s+", re.I)


def _proper(name: str) -> bool:
    """A name with a capital past its determiner ("Harbour City council", not "His campaign"
    at the start of a sentence)."""
    return any(c.isupper() for c in _DETERMINER.sub("", name.strip()))


def _bare(kind: str, key: str) -> bool:
    """A person known by one name only (a surname: "Adeyemi", "Mr Weber" with no first
    name anywhere in its source)."""
    return kind == "person" and bool(key) and " " not in key


def _kinds_agree(stored: str, given: str) -> bool:
    return stored == given or "unknown" in (stored, given)


def better_name(known: Known, ref: SpeakerRef, own_key: str) -> bool:
    """Whether `ref`'s name should be the speaker's: whichever source came first, a person
    is called by the fullest form of the name ("John Kasich" over "Kasich"), an
    organisation or group by the shortest ("Politico" over "new article in Politico"),
    ties by the first in alphabetical order, so the name is the same in any import order."""
    if not own_key or ref.unnamed:
        return False
    if own_key == known.name_key:  # one name, spelled two ways ("Dr. Ben Carson")
        new, old = ref.name.strip(), known.name
        return (len(new), new) < (len(old), old)
    mine, theirs = own_key.split(), known.name_key.split()
    if known.kind == "person" or ref.kind == "person":
        if not set(theirs) <= set(mine):
            return False
        return (len(mine), known.name_key) > (len(theirs), own_key)
    return (len(mine), own_key) < (len(theirs), known.name_key)


def complete(known: Known, ref: SpeakerRef, own_key: str) -> bool:
    """Give a matched speaker what `ref` adds (a role, an affiliation, a better name);
    whether anything changed."""
    changed = False
    if (known.role is None and ref.role) or (known.affiliation is None and ref.affiliation):
        known.role, known.affiliation = known.role or ref.role, known.affiliation or ref.affiliation
        changed = True
    if better_name(known, ref, own_key):
        old = known.name
        known.name, known.name_key = ref.name.strip(), own_key
        if name_key(old) not in known.alias_keys:
            known.aliases.append(old)
            known.alias_keys.add(name_key(old))
            known.pending_aliases.append(old)
        changed = True
    return changed
