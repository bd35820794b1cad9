"""Attribution frames inside one sentence: who said it, with which cue, and what content.

The driver: it finds the cues (`cues.py`), builds one `Frame` for each from the speaker
phrase around it (`phrases.py`), adds label frames ("Name: “…”") and bare-verb frames
(“…,” Roe retorted), then hands them to `content.py` for what each reports.

Frames recognised (quotes are single tokens here, see `segment.py`):

* SPEAKER CUE [object] [that|:|,] CONTENT      "Hua said Mr X is due …", "X told Reuters …"
* CONTENT, SPEAKER CUE.  /  CONTENT, CUE SPEAKER.   "…, the ministry said." / "…,” said Burns."
* “Q1,” SPEAKER CUE, “Q2”                        a quote split by its attribution: two contents
* according to SPEAKER, CONTENT  /  CONTENT, according to SPEAKER
* …, CUE-ing CONTENT                             "…, saying that would bring …": the speaker is
                                                 the subject of the clause before the comma
* … and|but CUE CONTENT                          an elided subject: the sentence's speaker
* … was asked by SPEAKER whether CONTENT         a passive that names its speaker after "by"
* SPEAKER: “Q”                                   a label and a colon
* “Q,” SPEAKER VERBED.                           a bare past tense after a quote
"""

from __future__ import annotations

from .content import assign_contents
from .cues import cue_at, skip_dates_back
from .lexicon import (
    AUX_BETWEEN,
    CUE_FIRST,
    CUE_STANCE,
    DATE_HEADS,
    DETERMINERS,
    IRREGULAR_PAST,
    NOT_HEAD,
    NP_LOWER,
    NP_MODIFIERS,
    PARTICIPLE_CUES,
    PASSIVE_BY,
    PHRASE_PREPS,
    PREPOSITIONS,
    PRONOUNS,
    QUOTE_ONLY_CUES,
    TELL_CUES,
    TITLES,
    VENUE_HEADS,
)
from .phrases import (
    appositive_name,
    clause_subject,
    long_np_forward,
    lower_np_forward,
    np_back,
    np_forward,
    speakerish,
)
from .segment import Tok
from .shapes import role_phrase_back, source_phrase
from .types import Frame, Mode
from .words import cap, ends_with_comma, past_or_cue


def find_frames(toks: list[Tok], colon: bool = True, quotes: bool = True) -> list[Frame]:
    """All attribution frames of one sentence, left to right (`colon=False`: the sentence
    holds no colon, so no "Name: “…”" label frame; `quotes=False`: it holds no quote)."""
    frames: list[Frame] = []
    after = 0
    for i in [i for i, t in enumerate(toks) if t.low in CUE_FIRST]:
        if i < after:
            continue
        hit = cue_at(toks, i)
        if hit is None:
            continue
        cue_end, cue_text, stance = hit
        f = _frame_for(toks, i, cue_end, cue_text, stance, frames)
        if f is not None:
            frames.append(f)
        after = cue_end
    if colon:
        _colon_frames(toks, frames)
    if quotes:
        _bare_verb_frames(toks, frames)
    assign_contents(toks, frames, quotes)
    return [f for f in frames if f.contents or f.pending_colon]


def _bare_verb_frames(toks: list[Tok], frames: list[Frame]) -> None:
    """“…,” Hannity started. / “…?” an angry Roe retorted: a quote, a short speaker phrase
    and a past tense that ends the clause attribute the quote, whatever the verb."""
    n = len(toks)
    for q in range(n - 2):
        t = toks[q]
        if t.kind != "Q":
            continue
        end = t.text.rstrip("”\"’' ")
        if not end or end[-1] not in ",?!.":
            continue
        if any(q < f.cue_start <= q + 8 for f in frames):
            continue  # the quote has an attribution of its own
        np = long_np_forward(toks, q + 1, n) or lower_np_forward(toks, q + 1, n)
        if np is None or np[1] - np[0] > 6 or np[1] >= n:
            continue
        v = np[1]
        if toks[v].low.endswith("ly") and v + 1 < n:
            v += 1  # “…,” Roe said quietly / Roe quietly added
        verb = toks[v]
        if not (
            verb.kind == "W"
            and not cap(verb)
            and verb.low not in AUX_BETWEEN
            and (verb.low in IRREGULAR_PAST or (verb.low.endswith("ed") and len(verb.low) > 3))
        ):
            continue
        if v + 1 < n and toks[v + 1].text not in (".", ",", "!", "?", ";"):
            continue
        head = toks[np[1] - 1]
        if not (cap(head) or head.low in PRONOUNS or speakerish(toks, np)):
            continue
        frames.append(
            Frame(
                cue_start=v,
                cue_end=v + 1,
                cue_text=verb.text,
                stance="neutral",
                speaker=np,
                mode="np",
                attr_start=np[0],
                attr_end=v + 1,
            )
        )
    frames.sort(key=lambda f: f.attr_start)


def _colon_frames(toks: list[Tok], frames: list[Frame]) -> None:
    """A speaker phrase ("Pollster Jane Roe: “…”"), a colon and a quote (or the end of the
    paragraph, the quote following in the next one)."""
    n = len(toks)
    for k in range(1, n):
        if toks[k].text != ":":
            continue
        if k + 1 < n and toks[k + 1].kind != "Q":
            continue
        if any(f.attr_start <= k <= f.attr_end + 1 for f in frames):
            continue
        m = k - 1
        if m > 0 and toks[m].text == ")":  # "Rep. Jane Roe (R-S.C.):"
            while m > 0 and m > k - 9 and toks[m].text != "(":
                m -= 1
            m -= 1
        np = np_back(toks, m, 0)
        if np is not None and toks[np[0]].low in ("it", "this", "that", "there"):
            continue
        if np is not None:
            # "Former secretary of state Jane Roe:": lower-case title words before the name
            a = np[0]
            while (
                a > 0
                and np[0] - a < 6
                and toks[a - 1].kind == "W"
                and (
                    toks[a - 1].low in NP_LOWER
                    or toks[a - 1].low in NP_MODIFIERS
                    or toks[a - 1].low.rstrip(".") in TITLES
                    or toks[a - 1].low in PHRASE_PREPS
                    or cap(toks[a - 1])
                )
            ):
                a -= 1
            np = (a, np[1])
        # the phrase must be the whole clause before the colon (a label, not a sentence)
        if np is not None and np[0] > 0 and toks[np[0] - 1].kind == "W":
            np = None
        adverbial = np is not None and toks[np[0]].low in PREPOSITIONS and np[0] > 0
        if adverbial:
            np = None  # "Roe replied, with a smile:": an adverbial, the speaker is before it
        if np is None and (k == n - 1 or adverbial):
            # "Jane Roe, 17, echoed:" at the end of a paragraph: the clause's subject
            # introduces the quote that follows
            np = clause_subject(toks, k - 1, 0)
            if np is None or not speakerish(toks, np):
                continue
        if np is None:
            continue
        f = Frame(
            cue_start=k,
            cue_end=k + 1,
            cue_text=":",
            stance="neutral",
            speaker=np,
            mode="np",
            attr_start=np[0],
            attr_end=k + 1,
            pending_colon=k == n - 1,  # the quote is in the next paragraph
        )
        frames.append(f)
    frames.sort(key=lambda f: f.attr_start)


def _earlier_speaker(toks: list[Tok], j: int, frames: list[Frame]) -> tuple[int, int] | None:
    """Who says what a participle or an elided clause at token j reports: the speaker of
    the sentence's last frame, else the subject of the clause before j."""
    speaker = frames[-1].speaker if frames else None
    if speaker is None:
        speaker = clause_subject(toks, j - 1, 0)
    return speaker


def _frame(
    cue: tuple[int, int, str, str],
    *,
    speaker: tuple[int, int],
    mode: Mode,
    attr_start: int,
    attr_end: int,
    antecedent: tuple[int, int] | None = None,
) -> Frame:
    """The frame of `cue` (its start, end, text and stance)."""
    # positional, unlike elsewhere: a frame is built for every cue, and a keyword call to
    # a class passes its arguments through a dict (twice the cost)
    start, end, text, stance = cue
    return Frame(
        start, end, text, stance, speaker, mode, attr_start, attr_end, [], False, antecedent
    )


# words that carry a source phrase on ("a count by The Associated Press", "polls of voters")
_SOURCE_LINKS = frozenset("of by from for in on at with among".split())


def _frame_for(
    toks: list[Tok], i: int, cue_end: int, cue_text: str, stance: str, frames: list[Frame]
) -> Frame | None:
    """The frame of the cue at toks[i:cue_end], or None when no speaker goes with it here;
    `frames` are the sentence's frames so far (a speaker phrase read back from the cue
    stops at the last one's attribution; an elided or participle frame takes its speaker)."""
    n = len(toks)
    low = toks[i].low
    lo = frames[-1].attr_end if frames else 0

    cue = (i, cue_end, cue_text, stance)
    if cue_text == "according to":
        np = np_forward(toks, cue_end, n)
        if np is None or (
            np[1] < n
            and toks[np[1]].kind == "W"
            and (toks[np[1]].low in _SOURCE_LINKS or toks[np[1]].low.endswith("ed"))
        ):
            # "according to early results of exit polls conducted by …", "according to one
            # global index": a source phrase runs to the end of its clause
            np = source_phrase(toks, cue_end, n) or np
        if np is None:
            return None
        end = np[1]
        return _frame(cue, speaker=np, mode="according", attr_start=i, attr_end=end)
    if cue_end < n and toks[cue_end].low == "by" and low in PASSIVE_BY:
        # the passive: the speaker follows "by"; the content follows the speaker
        np = long_np_forward(toks, cue_end + 1, n)
        if np is None:
            np = lower_np_forward(toks, cue_end + 1, n)
        if np is None:
            return None
        return _frame(cue, speaker=np, mode="passive", attr_start=i, attr_end=np[1])
    before = i - 1
    j = skip_dates_back(toks, before, lo)
    prev = toks[j] if j >= lo and j >= 0 else None
    if (
        low in PARTICIPLE_CUES
        and prev is not None
        and (prev.text in (",", "—", "–", "-") or ends_with_comma(prev))
        and j == before
    ):
        speaker = _earlier_speaker(toks, j, frames)
        if speaker is None:
            return None
        return _frame(cue, speaker=speaker, mode="participle", attr_start=j, attr_end=cue_end)
    if (
        prev is not None
        and (prev.kind == "Q" or prev.text in (",", "—", "–", ":"))
        and j == before
        # "…, Roe told the mayor": the phrase after "told" is the addressee
        and low not in TELL_CUES
    ):
        # inverted: “…,” said Burns. / …, said the ministry, adding …
        # “…,” said retired neurosurgeon Ben Carson: lower-case modifiers, then the name
        np = long_np_forward(toks, cue_end, n)
        if np is None and prev.kind == "Q":
            np = lower_np_forward(toks, cue_end, n)
        # after a comma the phrase must end the clause ("…, said the ministry."); "…, calls
        # Horgos “a mistake”" is a subject's own verb with an object
        if np is not None and toks[np[1] - 1].low in DATE_HEADS:
            np = None  # "…, Roe, an adviser, said Sunday.": a date, not the speaker
        if np is not None and (np[1] >= n or toks[np[1]].kind == "P" or prev.kind == "Q"):
            return _frame(cue, speaker=np, mode="inverted", attr_start=i, attr_end=np[1])
    if prev is None:
        return None
    if prev.text in ("—", "–") and j - 1 >= lo:
        # "Jason Roe — a teacher from Derry — says": an appositive between dashes
        cand = appositive_name(toks, j, prev.text)
        if cand is not None:
            return _frame(cue, speaker=cand, mode="np", attr_start=j, attr_end=cue_end)
    if prev.low in ("and", "but") or prev.text in ("—", "–"):
        speaker = _earlier_speaker(toks, j, frames)
        if speaker is None:
            return None
        return _frame(cue, speaker=speaker, mode="elided", attr_start=j, attr_end=cue_end)
    np = np_back(toks, j, lo)
    if np is not None and low in QUOTE_ONLY_CUES and low.endswith("ed") and j == before:
        # "slammed the loophole called an “inversion”", "from an account called “X”": a
        # thing named so, not a speaker naming it
        head = toks[np[1] - 1]
        pre = toks[np[0] - 1] if np[0] > 0 else None
        if (
            not cap(head)
            and head.low not in PRONOUNS
            and pre is not None
            and pre.kind == "W"
            and not cap(pre)
            and (pre.low in PREPOSITIONS or past_or_cue(pre.low))
        ):
            return None
    if np is not None and np[0] >= 2 and toks[np[0] - 1].low in ("with", "to", "by", "for"):
        # "officials who spoke with The Huffington Post said": the phrase before the cue
        # ends a relative clause; the speaker is what "who" refers to
        for w in range(np[0] - 2, max(lo, np[0] - 8) - 1, -1):
            if toks[w].kind != "W":
                break
            if toks[w].low == "who":
                ante = np_back(toks, w - 1, lo) if w > lo else None
                if ante is not None and speakerish(toks, ante):
                    np = ante
                break
    if (
        np is not None
        and low in PARTICIPLE_CUES
        and np[0] > 0
        and (
            toks[np[1] - 1].low in VENUE_HEADS
            or (
                toks[np[0] - 1].kind == "W"
                and not cap(toks[np[0] - 1])
                and past_or_cue(toks[np[0] - 1].low)
            )
        )
    ):
        # "The town released a statement Wednesday saying …": the phrase before the
        # participle is the object of a verb; the speaker is that verb's subject
        speaker = clause_subject(toks, np[0] - 1, 0)
        if speaker is None:
            return None
        return _frame(cue, speaker=speaker, mode="participle", attr_start=i, attr_end=cue_end)
    if np is None and prev.text in (",", "—", "–") and j - 1 >= lo:
        cand = appositive_name(toks, j, prev.text)
        if cand is not None:
            # the attribution proper starts at the comma before the cue; the appositive
            # between may hold a frame of its own
            return _frame(cue, speaker=cand, mode="np", attr_start=j, attr_end=cue_end)
    if np is None:
        return None
    if toks[np[0]].low == "who" and np[1] - np[0] == 1:
        if np[0] >= 2 and toks[np[0] - 1].text == ",":
            ante = np_back(toks, np[0] - 2, 0)
        elif np[0] >= 1 and toks[np[0] - 1].kind == "W":
            # "commentators who have suggested …", "a surrogate who said …": the phrase
            # right before a restrictive "who"
            ante = np_back(toks, np[0] - 1, 0)
            if ante is not None and (
                not speakerish(toks, ante)
                # "a graduate of Harvard Law School who …": "who" is the graduate
                or (ante[0] > 0 and toks[ante[0] - 1].low in PREPOSITIONS)
            ):
                ante = None
        else:
            ante = None
        return _frame(
            cue, speaker=np, mode="relative", attr_start=np[0], attr_end=cue_end, antecedent=ante
        )
    np = role_phrase_back(toks, np, lo)
    start = np[0]
    # “…,” former State policy planning director X wrote: the words between the quote and
    # the name belong to the speaker phrase
    # (“…,” a spokesman for committee Democrats said)
    for k in range(np[0] - 1, max(lo, np[0] - 8) - 1, -1):
        t = toks[k]
        if t.kind == "Q" or t.text == ",":
            if k + 1 < np[0] and (
                t.kind == "Q" or toks[k + 1].low in DETERMINERS or cap(toks[k + 1])
            ):
                start = k + 1
            break
        if (
            t.kind != "W"
            or (t.low in CUE_STANCE and not cap(t))
            or t.low in AUX_BETWEEN
            or (t.low in NOT_HEAD and t.low not in PHRASE_PREPS)
        ):
            break
    return _frame(cue, speaker=(start, np[1]), mode="np", attr_start=start, attr_end=cue_end)
