"""What a frame reports: the content spans of each frame of a sentence (`assign_contents`).

Content ends at the sentence end, at "; " or ", but", at a participial adjunct, or where
the next frame starts; the words after a cue that are attribution rather than content (an
addressee, "on Sunday", "in a statement", a venue phrase after the content) are stepped
over. Weak cues need a clausal complement and naming cues a quote.
"""

from __future__ import annotations

from bisect import bisect_left

from .lexicon import (
    ADJUNCT_OPENERS,
    AFTER_QUOTE_STOPS,
    CLAUSE_LINKS,
    CLAUSE_STOPS,
    CONTENT_VERBS,
    CUE_STANCE,
    DATE_WORDS,
    FINITE_VERBS,
    MONTHS,
    OBJECT_PRONOUNS,
    OBJECT_SKIP,
    PREPOSITIONS,
    QUOTE_ONLY_CUES,
    STRICT_VENUES,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    TAIL_PREPS,
    TELL_CUES,
    VENUE_HEADS,
    WEAK_CUES,
    WH_WORDS,
)
from .phrases import lower_np_forward, np_forward
from .segment import Tok
from .types import Frame
from .words import cap, ends_with_comma, past_or_cue, possessive, verbish


def _year_or_month(toks: list[Tok], k: int) -> bool:
    t = toks[k]
    if t.text in ("‘", "’", "'") and k + 1 < len(toks):
        t = toks[k + 1]
        return t.text.isdigit() and len(t.text) == 2
    return (t.text.isdigit() and len(t.text) == 4) or t.low in MONTHS


def _skip_adverbials(toks: list[Tok], j: int, hi: int) -> int:
    """Step forward over date and venue phrases after a cue ("on Sunday", "in a statement")."""
    for _ in range(6):
        if j >= hi:
            return j
        t = toks[j]
        low = t.low
        if t.kind != "W":
            return j
        if low in DATE_WORDS:
            j += 1
            if j < hi and toks[j].low in ("night", "morning", "afternoon", "evening"):
                j += 1
            continue
        if (
            low in ("last", "this", "earlier", "late")
            and j + 1 < hi
            and toks[j + 1].low in ("week", "month", "year", "night", "weekend", "morning", "month")
        ):
            j += 2
            continue
        if low in ("in", "during") and j + 1 < hi and _year_or_month(toks, j + 1):
            j += 3 if toks[j + 1].text in ("‘", "’", "'") else 2  # "said in 2008", "in ‘08"
            continue
        if low == "on" and j + 1 < hi and toks[j + 1].low in DATE_WORDS:
            j += 2  # "said on Sunday …"
            continue
        if (
            low.endswith("ly")
            and j + 1 < hi
            and (toks[j + 1].kind == "Q" or toks[j + 1].text in (":", ","))
        ):
            j += 1  # "fired back forcefully: “…”"
            continue
        if low in ("on", "in", "at", "during", "via", "through", "over") and j + 1 < hi:
            # a venue phrase runs to "that", a comma, a colon or a quote, within a few words;
            # a verb on the way means the content has begun: the phrase ends after its head
            stop = None
            head = None
            for k in range(j + 1, min(hi, j + 12)):
                tk = toks[k]
                if tk.low in VENUE_HEADS or tk.low in DATE_WORDS or (low == "on" and cap(tk)):
                    if head is None:
                        head = k
                if tk.kind == "Q" or tk.low in ("that", ",", ":"):
                    stop = k
                    break
                if tk.kind == "W" and not cap(tk) and tk.low in CONTENT_VERBS:
                    break
            else:
                if head is not None and k + 1 >= hi:
                    stop = hi  # "said in a statement." — the venue closes the sentence
            if head is not None and stop is not None:
                j = stop
                continue
            if head is not None:
                # "said in a statement the troops would leave": the head (and any name or
                # date right after it) ends the venue
                j = head + 1
                while (
                    j < hi and toks[j].kind == "W" and (cap(toks[j]) or toks[j].low in DATE_WORDS)
                ):
                    j += 1
                continue
            return j
        return j
    return j


_COLON_REACH = 16  # tokens of an addressee, venue and date phrase before a colon


def _phrase_before_colon_quote(toks: list[Tok], j: int, hi: int) -> int:
    """ "told a news conference at the town hall on Tuesday: “…”": words without a verb
    between the cue and a colon that opens a quote are attribution (an addressee, a venue,
    a date), so the content starts at the colon."""
    for k in range(j, min(hi - 1, j + _COLON_REACH)):
        t = toks[k]
        if t.text == ":":
            return k if k > j and toks[k + 1].kind == "Q" else j
        if t.kind == "Q" or t.text in (";", ".", "!", "?"):
            return j
        if (
            t.kind == "W"
            and not cap(t)
            and (t.low in FINITE_VERBS or t.low in WH_WORDS or past_or_cue(t.low))
        ):
            return j  # "said the plan was clear: “…”": the content began
    return j


_ADVERBIAL_MAX = 20  # tokens of place and time phrases between an addressee and "that"


def _object_end(toks: list[Tok], j: int, hi: int, cue_low: str) -> int:
    """After "told"/"asked"/"warned": step over the addressee."""
    if j >= hi or toks[j].kind != "W":
        return j
    t = toks[j]
    always = cue_low in ("told", "tell", "tells", "telling", "assured", "informed", "reminded")
    end = None
    if t.low in OBJECT_PRONOUNS or t.low in (
        "reporters",
        "journalists",
        "lawmakers",
        "supporters",
        "voters",
        "congress",
        "colleagues",
        "members",
    ):
        end = j + 1
    else:
        np = np_forward(toks, j, hi) or lower_np_forward(toks, j, hi)
        if np is not None:
            end = np[1]
        elif not cap(t) and j + 1 < hi and toks[j + 1].low in PREPOSITIONS:
            end = j + 1  # "told diners at …": a bare noun, then where they were
    if end is None:
        return j
    if end < hi and toks[end].kind == "W" and toks[end].low in PREPOSITIONS:
        # "told customers at a diner in Salem, New Hampshire, on Monday that …": the
        # adverbials after the addressee are attribution too, up to the "that"
        for m in range(end, min(hi, end + _ADVERBIAL_MAX)):
            if toks[m].kind == "Q" or toks[m].text in (";", ":"):
                break
            if toks[m].low == "that":
                return m
    if always:
        return end
    if end < hi and (toks[end].low in ("that", ",", ":") or toks[end].kind == "Q"):
        return end
    return j


def _content_ok_for_weak(
    toks: list[Tok], after_cue: int, content_start: int, content_end: int
) -> bool:
    """A weak cue needs a clause: "that", a wh-word, a colon, a quote, or a bare clause
    ("Sanders suggests the former secretary is a captive")."""
    for k in range(after_cue, min(content_start + 1, len(toks))):
        t = toks[k]
        if t.kind == "Q" or t.low in WH_WORDS or t.low == ":":
            return True
    for k in range(content_start, min(content_end, content_start + 6)):
        if toks[k].kind == "Q":
            return True  # "noted the “senseless, tragic deaths”": quoted words
    if content_start < content_end and toks[content_start].low in SUBJECT_PRONOUNS:
        return True
    for k in range(content_start + 1, min(content_end, content_start + 9)):
        t = toks[k]
        if t.low in FINITE_VERBS:
            return True
        if t.kind != "W":
            return False
    return False


def _clause_like(toks: list[Tok], a: int, b: int) -> bool:
    """Can toks[a:b] be reported content? A quote, or a clause with a verb that does not
    open with a subordinator or preposition ("Earlier in the week, X said" has none). An
    adverbial that only holds a short quoted title is no content ("On ABC's “This Week,”
    Rubio said", "Wednesday on Fox News’s “Hannity,” Gingrich said")."""
    first = toks[a].low
    adverbial = (
        first in SUBORDINATORS
        or first in PREPOSITIONS
        or (first in DATE_WORDS and a + 1 < b and toks[a + 1].low in PREPOSITIONS)
    )
    quotes = [k for k in range(a, b) if toks[k].kind == "Q"]
    verb = any(t.kind == "W" and not cap(t) and verbish(t.low) for t in toks[a:b])
    if quotes:
        # a title sits right after a possessive or a preposition ("ABC's “This Week”",
        # "on “Hannity”"), unlike words said ("In the end, “we won,” Roe said")
        title_only = (
            adverbial
            and not verb
            and all(
                k > a
                and (possessive(toks, k - 1) or toks[k - 1].low in PREPOSITIONS)
                and len(toks[k].text.split()) <= _TITLE_WORDS
                for k in quotes
            )
        )
        return not title_only
    if adverbial:
        return False
    return verb


_TITLE_WORDS = 6  # a quoted programme or book title in an adverbial is this short


def _trim(toks: list[Tok], a: int, b: int) -> tuple[int, int]:
    while a < b and toks[a].kind == "P" and toks[a].text not in ("(", "["):
        a += 1
    while b > a and toks[b - 1].kind == "P" and toks[b - 1].text not in (")", "]", "?", "!"):
        b -= 1
    return a, b


#: the only tokens `_is_stop` can accept
_STOP_FIRST = ADJUNCT_OPENERS | CLAUSE_STOPS | {"—", "–", ","}


def _is_stop(toks: list[Tok], k: int, n: int) -> bool:
    """Does reported content end at punctuation token k? At ";", ", but", a dash aside, a
    participial adjunct (", applauding …", "while adding …"), or a relative clause or an
    appositive that runs to the end of the sentence (", which …", ", who …", ", a …")."""
    t = toks[k].text
    if t in CLAUSE_STOPS or t in ("—", "–"):
        return True
    if toks[k].low in ADJUNCT_OPENERS:
        return k + 1 < n and toks[k + 1].low.endswith("ing") and len(toks[k + 1].low) > 4
    if t != "," or k + 1 >= n:
        return False
    nxt = toks[k + 1]
    if nxt.low == "but":
        # "said X, but that Y", "would not shut it, but rather sell it": the reported
        # clause goes on
        return not (k + 2 < n and toks[k + 2].low in ("that", "rather", "only"))
    if nxt.low in ("which", "who", "a", "an"):
        # "said the plan would fail, which …", "said she wrote to Roe, who …", "said the
        # levy stays, a blow to …" to the end: the writer's gloss, not what was said
        return not any(toks[m].text in (",", "—", "–") for m in range(k + 2, n))
    if nxt.low in ("while", "before", "after", "when") and k + 2 < n:
        nxt = toks[k + 2]
    return nxt.kind == "W" and not cap(nxt) and nxt.low.endswith("ing") and len(nxt.low) > 4


def _parenthetical(
    toks: list[Tok], f: Frame, prev_end: int, la: int, lb: int, ra: int, left_end: int, j: int
) -> bool:
    """Is the frame set between commas into a reported clause that opens the sentence
    ("This campaign, he says, is different"; "In his state, Roe said, offenders are …")?
    Not for quotes (“Q1,” X said, “Q2” gives two statements) nor belief verbs."""
    return (
        f.mode == "np"
        and prev_end == 0
        and lb > la
        and toks[lb - 1].kind != "Q"
        and toks[ra].kind != "Q"
        and left_end > 0
        and toks[left_end - 1].text == ","
        and j > 0
        and toks[j - 1].text == ","
        and f.stance != "belief"
        and all(t.kind != "Q" for t in toks[la:lb])
    )


def _as_clause(toks: list[Tok], f: Frame) -> bool:
    """ "As Roe noted in an op-ed, …": an "as" clause always reports what follows it."""
    k = f.speaker[0] if f.speaker else f.cue_start
    return (
        k > 0
        and toks[k - 1].low == "as"
        and (k == 1 or toks[k - 2].kind == "P")
        and any(t.text == "," for t in toks[f.cue_end : f.cue_end + 12])
    )


def venue_tail(toks: list[Tok], a: int, b: int) -> int | None:
    """Where a venue phrase at the end of a content starts ("…within a month, in an
    interview with CBS", "…, at a news conference in Kyiv"), or None."""
    for k in range(b - 2, max(a + 2, b - 14) - 1, -1):
        t = toks[k]
        if t.kind == "Q":
            return None
        if t.low not in TAIL_PREPS:
            continue
        comma = toks[k - 1].text == ","
        head = None
        for h in range(k + 1, min(b, k + 6)):
            x = toks[h]
            if x.kind != "W":
                break
            if x.low in VENUE_HEADS:
                head = x.low
                break
        if head is None or (not comma and head not in STRICT_VENUES):
            continue
        # the head itself may be a cue word too ("in a tweet", "in a post")
        phrase = toks[k + 1 : h] + toks[h + 1 : b]
        if any(
            x.kind == "Q"
            or (x.kind == "W" and not cap(x) and (x.low in CONTENT_VERBS or x.low in CUE_STANCE))
            for x in phrase
        ):
            return None
        return k - 1 if comma else k
    return None


def assign_contents(toks: list[Tok], frames: list[Frame], quotes: bool = True) -> None:
    n = len(toks)
    if not frames:
        return
    # where a content must end: "; " or ", but" (found once per sentence)
    stops = [k for k, t in enumerate(toks) if t.low in _STOP_FIRST and _is_stop(toks, k, n)]
    # “…,” referencing … / “…,” when asked …: the comma inside a quote ends it too
    more = quotes and [
        k + 1
        for k, t in enumerate(toks)
        if t.kind == "Q"
        and k + 1 < n
        and ends_with_comma(t)
        and toks[k + 1].kind == "W"
        and not cap(toks[k + 1])
        and (
            toks[k + 1].low in AFTER_QUOTE_STOPS
            or (toks[k + 1].low.endswith("ing") and len(toks[k + 1].low) > 4)
        )
    ]
    if more:
        stops = sorted(stops + more)
    for idx, f in enumerate(frames):
        nxt = frames[idx + 1] if idx + 1 < len(frames) else None
        prev_end = frames[idx - 1].attr_end if idx > 0 else 0
        # the right-hand content
        hi = n
        if nxt is not None and nxt.mode in ("participle", "elided", "according", "inverted"):
            hi = nxt.attr_start
        elif (
            nxt is not None and nxt.attr_start > 0 and toks[nxt.attr_start - 1].low in CLAUSE_LINKS
        ):
            hi = nxt.attr_start - 1
        if f.mode == "relative" and nxt is not None and nxt.cue_start > f.attr_end:
            # "Graham, who says …, tweeted that …": the relative clause ends at its comma
            for k in range(nxt.cue_start - 1, f.attr_end, -1):
                if toks[k].text == ",":
                    hi = min(hi, k)
                    break
        at = bisect_left(stops, f.attr_end)
        if at < len(stops) and stops[at] < hi:
            hi = stops[at]
        if f.mode == "according":
            left_a, left_b = _trim(toks, prev_end, f.attr_start)
            if left_b > left_a and any(t.kind != "P" for t in toks[left_a:left_b]):
                f.contents.append((left_a, left_b))
            else:
                ra, rb = _trim(toks, f.attr_end, hi)
                if rb > ra:
                    f.contents.append((ra, rb))
            continue
        if f.mode == "inverted":
            la, lb = _trim(toks, prev_end, f.attr_start)
            if lb > la:
                f.contents.append((la, lb))
            # “Q1,” said X, “Q2.”
            ra, rb = _trim(toks, f.attr_end, hi)
            if rb > ra and toks[ra].kind == "Q" and f.attr_end < n and toks[f.attr_end].text == ",":
                f.contents.append((ra, rb))
            continue
        j = f.cue_end
        cue_low = toks[f.cue_start].low
        if f.mode == "passive":
            j = f.attr_end  # after "by" and the speaker
        elif cue_low in OBJECT_SKIP:
            j = _object_end(toks, j, hi, cue_low)
        j = _skip_adverbials(toks, j, hi)
        j = _phrase_before_colon_quote(toks, j, hi)
        after_cue = f.cue_end
        colon = False
        while j < hi and (toks[j].low in ("that", ",", ":", "—", "–") and toks[j].kind != "Q"):
            colon = colon or toks[j].text == ":"
            j += 1
            if toks[j - 1].low == "that":
                break
        f.attr_end = max(f.attr_end, j)
        ra, rb = _trim(toks, j, hi)
        tail = venue_tail(toks, ra, rb)
        if tail is not None:
            f.tail = (tail, rb)
            ra, rb = _trim(toks, ra, tail)
        right_ok = rb > ra and any(t.kind != "P" for t in toks[ra:rb])
        if (
            right_ok
            and not colon
            and toks[j - 1].low != "that"
            and toks[ra].kind == "W"
            and (
                (toks[ra].low in PREPOSITIONS and toks[ra].low != "to")
                or (toks[ra].low.endswith("ly") and ra + 1 < rb)
            )
        ):
            right_ok = False  # "…,” he said of the plan / said happily on TV: no content
        if right_ok and not colon and toks[j - 1].low != "that":
            span = toks[ra:rb]
            words = [t for t in span if t.kind == "W"]
            if (
                len(words) == 1
                and all(t.kind in ("W", "P") for t in span)
                and words[0].low not in ("yes", "no")
            ):
                # "…,” Burns said again / said so / told families: one bare word after the
                # cue is an adverb or an object, not what was said
                right_ok = False
        if right_ok and cue_low in QUOTE_ONLY_CUES:
            right_ok = False
            for k in range(ra, min(rb, ra + 10)):
                if toks[k].kind == "Q":
                    # "called the system “rigged” in a tweet, and …": the name given is the
                    # content, the rest is narrative
                    right_ok, rb = True, k + 1
                    break
        elif (
            right_ok
            and cue_low in WEAK_CUES
            and not _as_clause(toks, f)
            and not _content_ok_for_weak(toks, after_cue, ra, rb)
        ):
            right_ok = False
        # the left-hand content: "…, X said." or "“Q1,” X said, “Q2”"
        # an appositive frame starts its attribution at the comma before the cue, but its
        # left-hand content ends before the speaker's name
        left_end = min(f.attr_start, f.speaker[0]) if f.speaker else f.attr_start
        la, lb = _trim(toks, prev_end, left_end)
        left_sep = left_end > 0 and (
            toks[left_end - 1].text in (",", "—", "–") or toks[left_end - 1].kind == "Q"
        )
        left_ok = f.mode == "np" and left_sep and lb > la and _clause_like(toks, la, lb)
        if (
            left_ok
            and right_ok
            and cue_low in TELL_CUES
            and toks[lb - 1].kind == "Q"
            and toks[ra].kind != "Q"
            and toks[ra].low != "that"
            and not _clause_like(toks, ra, rb)
        ):
            # "“…,” he told the cheering crowd.": after a quote, what follows "told" is the
            # addressee, not a second content
            right_ok = False
        if right_ok and _parenthetical(toks, f, prev_end, la, lb, ra, left_end, j):
            # "Vice President Roe, the senator said, had been …": the attribution is set
            # into one reported clause, which runs on both sides of it
            f.contents.append((la, rb))
            continue
        if left_ok and (not right_ok or toks[lb - 1].kind == "Q"):
            f.contents.append((la, lb))
        if right_ok:
            f.contents.append((ra, rb))
        if not f.contents and j >= n - 1 and (colon or (j < n and toks[j].text == ":")):
            f.pending_colon = True
        elif (
            not f.contents and f.cue_end < n and toks[f.cue_end].text == ":" and f.cue_end >= n - 1
        ):
            f.pending_colon = True
