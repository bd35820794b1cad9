"""Speaker names as lookup keys, and the fuzzy test of whether two names are one speaker.

Used across sources by the store (the extractor resolves within a source itself). Two
different full names that share a surname are never the same speaker; a bare surname only
matches with other evidence (an alias, or a role); an unnamed speaker matches no other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

from .types import SpeakerRef

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_HONORIFIC_RE = re.compile(
    r"^(?:(?:the|mr|mrs|ms|miss|dr|sir|dame|lord|lady|madam|prof|professor)\.?\s+)+"
)
_SPACES = re.compile(r"\s+")
_DEMONYMS = {
    "chinese": "china",
    "russian": "russia",
    "american": "us",
    "u.s.": "us",
    "united states": "us",
    "british": "uk",
    "ukrainian": "ukraine",
    "french": "france",
    "german": "germany",
    "japanese": "japan",
    "iranian": "iran",
    "israeli": "israel",
    "indian": "india",
    "belarusian": "belarus",
    "turkish": "turkey",
    "korean": "korea",
}
_POSSESSIVE = re.compile(r"'s?\b")


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A stable lookup key: NFKC, case-folded, apostrophes folded, no honorifics or "the"."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).casefold()
    s = _SPACES.sub(" ", s).strip(" .,;:")
    return _HONORIFIC_RE.sub("", s).strip()


def _tokens(key: str) -> list[str]:
    """Comparable words of a key: possessives dropped, demonyms mapped to their country."""
    s = _POSSESSIVE.sub("", key)
    for adj, country in _DEMONYMS.items():
        s = re.sub(rf"\b{re.escape(adj)}\b", country, s)
    return [w for w in re.split(r"[^\w]+", s) if w]


def _person_match(a: list[str], b: list[str], evidence: bool) -> bool:
    if a == b:
        return True
    if len(a) >= 2 and len(b) >= 2:
        # both full names: same surname and compatible first names (initials allowed)
        if a[-1] != b[-1]:
            return False
        fa, fb = a[0], b[0]
        return (
            fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))
        )
    # one side is a bare surname: it must be the other's surname and there must be evidence
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return bool(short) and bool(long_) and short[-1] == long_[-1] and evidence


def same_speaker(
    a: SpeakerRef,
    b_name: str,
    b_kind: str,
    b_aliases: Iterable[str],
    b_role: str | None = None,
) -> bool:
    """Is `a` the same speaker as the stored (b_name, b_kind, b_aliases, b_role)?

    Never for an unnamed `a` (`SpeakerRef.unnamed`: "officials", "a spokeswoman for the
    mayor's office"): its name describes, it does not identify, so another source's
    speaker of that description may be someone else."""
    if a.unnamed:
        return False
    ka, kb = name_key(a.name), name_key(b_name)
    if not ka or not kb:
        return False
    b_aliases = [x for x in b_aliases if x]
    b_keys = {name_key(x) for x in b_aliases} | {kb}
    a_keys = {name_key(x) for x in a.aliases} | {ka}
    kinds = {a.kind, b_kind} - {"unknown"}
    if len(kinds) > 1:
        return False
    kind = next(iter(kinds), "unknown")
    ta, tb = _tokens(ka), _tokens(kb)
    if kind == "person" or (kind == "unknown" and len(ta) <= 3 and len(tb) <= 3):
        alias_hit = bool(a_keys & b_keys - {ka, kb}) or ka in b_keys or kb in a_keys
        role_hit = bool(
            a.role and b_role and fuzz.token_set_ratio(name_key(a.role), name_key(b_role)) >= 90
        )
        if len(ta) >= 2 and len(tb) >= 2:
            return _person_match(ta, tb, False)
        return _person_match(ta, tb, alias_hit or role_hit)
    # organisations and groups: token-sorted fuzzy match on demonym-folded words
    if a_keys & b_keys:
        return True
    sa, sb = " ".join(sorted(ta)), " ".join(sorted(tb))
    return fuzz.ratio(sa, sb) >= 90
