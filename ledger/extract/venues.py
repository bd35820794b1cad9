"""Where a statement was made: an interview, a press conference, a statement, a post.

Read from the attribution around the cue ("in an interview with CBS", "told Reuters",
"on Twitter"), never from the quoted content. The venue is a short normalised phrase
("interview on CBS", "press conference", "statement", "Reuters", "Twitter").
"""

from __future__ import annotations

import re

# a name: capitalised words, and a number as part of one ("Channel 7", "BBC Radio 4")
_OUTLET = r"(?:[A-Z][\w’'&.-]*(?:\s+(?:[A-Z][\w’'&.-]*|\d{1,4}\b)){0,4})"
# where a conference, briefing, rally or speech was held ("at the town hall", "at City Hall")
_AT_PLACE = (
    r"(?:\s+(?P<at>at\s+(?:the\s+)?(?:[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,3}"
    r"|(?:[a-z]+\s+)?(?:hall|centre|center|headquarters|courthouse|library|school|church)\b)))?"
)
_VENUE_RE = re.compile(
    rf"""\binterview\b[^.;:“”"]{{0,80}}?\b(?P<iprep>with|on|to)\s+(?:(?:the|an?|American|British|US|U\.S\.)\s+)?(?:[a-z]+\s+){{0,2}}(?P<iout>{_OUTLET})
    |\b(?P<kind>press\s+conference|news\s+conference|press\s+briefing|news\s+briefing|briefing|rally|hearing|debate|town\s+hall|speech|statement|press\s+release|tweet|blog\s+post|post|op-ed|letter|memo|email|e-mail|podcast|video|interview|testimony|radio\s+interview|television\s+interview|TV\s+interview)\b{_AT_PLACE}
    |\b(?:told|telling|tells|tell)\s+(?P<told>{_OUTLET})
    |\bon\s+(?P<platform>Twitter|X|Facebook|Instagram|Telegram|TikTok|YouTube|Truth\s+Social|Weibo|LinkedIn|social\s+media)\b
    """,
    re.VERBOSE,
)
# cheap substring tests before the full pattern (most attribution text names no venue)
_HINTS = (
    "interview",
    "conference",
    "briefing",
    "rally",
    "hearing",
    "debate",
    "town hall",
    "speech",
    "statement",
    "release",
    "tweet",
    "post",
    "op-ed",
    "letter",
    "memo",
    "mail",
    "podcast",
    "video",
    "testimony",
    "told",
    "tell",
)
# "on Twitter" and the other platforms: their names, not every " on "
_PLATFORM_HINTS = r"on\s+x\b|twitter|facebook|instagram|telegram|tiktok|youtube|truth\s+social|weibo|linkedin|social\s+media"
_HINT_RE = re.compile("|".join(re.escape(h) for h in _HINTS) + "|" + _PLATFORM_HINTS)
# venues held somewhere, whose place is part of the venue
_HELD_AT = frozenset(
    ["press conference", "news conference", "press briefing", "news briefing", "briefing"]
    + ["rally", "hearing", "debate", "town hall", "speech"]
)
_NOT_OUTLETS = frozenset("He She They It We I The A An His Her Their".split())


_LEAD = 32
_DOTTED = re.compile(r"(?:[A-Z]\.){2,}$")


def _no_full_stop(name: str) -> str:
    """ "CBS." at the end of a sentence is "CBS"; "U.S." keeps its dots."""
    if name.endswith(".") and not _DOTTED.search(name):
        return name.rstrip(".")
    return name


def find_venue(text: str, spans: list[tuple[int, int]]) -> str | None:
    """A normalised venue phrase from the attribution parts of a sentence."""
    for s, e in spans:
        if e <= s:
            continue
        window = text[s:e]
        low = window.lower()
        hint = _HINT_RE.search(low)
        if hint is None:
            continue
        # every venue phrase holds a hint, a word or two in at most ("television interview",
        # "on Twitter"): none starts well before the first one
        for m in _VENUE_RE.finditer(text, s + max(0, hint.start() - _LEAD), e):
            g = m.groupdict()
            if g["iout"]:
                out = g["iout"].split()[-1] if len(g["iout"].split()) > 2 else g["iout"]
                out = _no_full_stop(out)
                return f"interview {g['iprep']} {out}".replace("interview to", "interview with")
            if g["kind"]:
                kind = re.sub(r"\s+", " ", g["kind"].lower())
                if g["at"] and kind in _HELD_AT:
                    place = _no_full_stop(re.sub(r"\s+", " ", g["at"]))
                    return f"{kind} {place}"
                return kind
            if g["told"] and g["told"].split()[0] not in _NOT_OUTLETS:
                return _no_full_stop(g["told"])
            if g["platform"]:
                return re.sub(r"\s+", " ", g["platform"])
    return None
