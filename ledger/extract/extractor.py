"""The extraction pipeline: article text in, attributed statements out.

It walks the sentences once, in order: finds attribution frames (`attribution.py`), ties
their speakers to the source's earlier speakers (`subjects.py`, over `speakers.py` and
`pronouns.py`), turns each content into a statement (direct, mixed or indirect), hands
quotes that have no frame of their own to the speaker who introduced them (a colon at a
paragraph end, the paragraph that a multi-paragraph quote continues, a lone quote right
after that speaker's quote, a clause whose verb is no cue), and keeps the article's own
hedged claims as unattributed statements; `finish.py` then adds dates, venues and hedging.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import replace
from datetime import date

from .attribution import find_frames
from .datelines import blank, dateline_spans
from .finish import RawStatement, finish
from .lexicon import (
    CUE_STANCE,
    INANIMATE_HEADS,
    INTEREST_WORDS,
    QUOTE_JOINERS,
)
from .pronouns import Entity, Resolver
from .segment import Sentence, Tok, sentences
from .speakers import Mention
from .subjects import Subject, register_subject, speaker_of
from .types import ExtractedStatement, Frame
from .verb_frames import WINDOW, content_span, verb_frame

_log = logging.getLogger(__name__)

_UNATTRIBUTED_RE = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:widely\s+|also\s+|now\s+)?"
    r"(?P<verb>believed|said|thought|reported|rumou?red|expected|understood|alleged|suspected)\s+to\b"
    r"|reportedly\b|allegedly\b|purportedly\b)",
    re.IGNORECASE,
)


_MIN_LONE_QUOTE_WORDS = 4
# a real sentence holds a few quotes; a run of hundreds is not prose, and trying a verb
# frame for each would cost a look-back per quote
_VERB_TRIES = 4
_WORD_RE = re.compile(r"\w+")


def _words(text: str, s: int, e: int) -> int:
    n = 0
    for _ in _WORD_RE.finditer(text, s, e):
        n += 1
        if n >= _MIN_LONE_QUOTE_WORDS:
            break
    return n


_HEAD_CUT = re.compile(r"\s(?:of|by|from|for|in|on|at|with|among|conducted|released|compiled)\s")


def _inanimate(m: Mention) -> bool:
    """A common-noun phrase naming a thing that shows or reports ("the latest samples",
    "the data", "the report")."""
    if m.kind == "person" or m.unnamed or not m.name or m.pronoun:
        return False
    # the head of the phrase's first part ("early results | of exit polls conducted by …")
    words = _HEAD_CUT.split(m.name, 1)[0].split()
    head = words[-1] if words else ""
    return head.islower() and head in INANIMATE_HEADS


def _extract(text: str, published_on: date | None) -> list[ExtractedStatement]:
    sents, quotes = sentences(text, INTEREST_WORDS)
    qindex = {q.start: i for i, q in enumerate(quotes)}
    qstarts = [q.start for q in quotes]
    resolver = Resolver(text)
    raws: list[RawStatement] = []
    covered: set[int] = set()
    by_quote: dict[int, RawStatement] = {}  # quote index → the statement that carries it
    pending: RawStatement | None = None  # "X said:" waiting for its quote
    last: RawStatement | None = None
    last_para = -1
    # the subject of the latest sentence that reported nothing ("Roe praised the plan."),
    # for a quote that follows it with no frame of its own
    subj: Subject | None = None
    for sent in sents:
        toks = sent.tokens
        got_subj = register_subject(text, sent, resolver)
        if sent.glance:
            if got_subj is not None:
                subj = got_subj
            continue
        at = bisect_left(qstarts, sent.start)
        has_quote = at < len(qstarts) and qstarts[at] < sent.end
        frames = find_frames(toks, text.find(":", sent.start, sent.end) >= 0, has_quote)
        if pending is not None and sent.paragraph > last_para + 1:
            pending = None
        outer: list[tuple[Frame, Entity]] = []
        sent_frames: list[tuple[Frame, RawStatement]] = []
        for fi, f in enumerate(frames):
            ent, m = speaker_of(text, toks, f, resolver, outer)
            if m is not None and _inanimate(m):
                # "the latest samples suggest …", "the report said …": a source as written,
                # no speaker; inside what an earlier frame reports it is part of that
                # content, not a statement of its own
                if any(a <= f.cue_start < b for g in frames[:fi] for a, b in g.contents):
                    continue
                ent = None
            if ent is not None:
                outer.append((f, ent))
            cue_s, cue_e = toks[f.cue_start].start, toks[f.cue_end - 1].end
            attr = (toks[f.attr_start].start, toks[max(f.attr_start, f.attr_end - 1)].end)
            if f.pending_colon and not f.contents:
                pending = _said(
                    f, cue_s, cue_e, ent, m, kind="direct", start=0, end=0, spans=[attr]
                )
                last_para = sent.paragraph
                continue
            for a, b in f.contents:
                got = content_span(text, toks, a, b)
                if got is None:
                    continue
                kind, s, e, qtoks = got
                # dates and venues sit near the cue: a window either side of the content
                # (not the whole sentence, so a dense run-on text stays linear)
                before, after = (max(sent.start, s - WINDOW), s), (e, min(sent.end, e + WINDOW))
                spans = [before, after]
                # a date on the far side of the content from the cue belongs to what was
                # said ("said he arrives on Tuesday, leaving on Thursday"), not to saying it
                dates = [before] if cue_e <= s else [after] if cue_s >= e else spans
                if s < cue_s and cue_e < e:
                    # "This plan, Roe said on Monday, is …": the attribution set into the
                    # content is still where its date and venue are
                    spans, dates = [before, attr, after], [attr]
                if f.tail is not None:
                    # ", in an interview with CBS on Sunday": the venue phrase after the
                    # content is part of the attribution
                    tail = (toks[f.tail[0]].start, toks[f.tail[1] - 1].end)
                    if tail[0] >= e:
                        dates = [*dates, tail]
                r = _said(
                    f, cue_s, cue_e, ent, m, kind=kind, start=s, end=e, spans=spans, dates=dates
                )
                raws.append(r)
                sent_frames.append((f, r))
                last, last_para = r, sent.paragraph
                for qt in qtoks:
                    qi = qindex.get(qt.quote.start) if qt.quote else None
                    if qi is not None:
                        covered.add(qi)
                        by_quote[qi] = r
        # quotes without a frame of their own
        if has_quote:
            qidx = [i for i, t in enumerate(toks) if t.kind == "Q"]
        else:
            qidx = []  # no quote starts in this sentence
        qtoks = [toks[i] for i in qidx]
        if not qtoks and not frames and got_subj is not None:
            subj = got_subj
        near_subj: tuple[Entity, Mention] | None = None
        if (
            subj is not None
            and qtoks
            and sent.paragraph - subj.paragraph <= 1
            and (last is None or subj.start > last.start)
        ):
            near_subj = subj.speaker(text, resolver)
            subj = None
        quotes_only = bool(qtoks) and (len(qtoks) == len(toks) or all(t.kind != "W" for t in toks))
        verb_tries = 0
        for qpos, qt in zip(qidx, qtoks, strict=True):
            q = qt.quote
            qi = qindex.get(q.start) if q else None
            if q is None or qi is None or qi in covered:
                continue
            origin: RawStatement | None = None
            if q.continues is not None and q.continues in by_quote:
                origin = by_quote[q.continues]
            elif pending is not None and (qpos == 0 or toks[qpos - 1].kind == "Q"):
                # "X said:" then a paragraph that opens with the quote (not a quoted word
                # somewhere in it, nor markup such as author="…")
                origin = pending
            elif near_subj is not None and quotes_only:
                # "Roe praised the plan. “We need it.”": the quote is the subject's
                origin = RawStatement(
                    kind="direct",
                    start=0,
                    end=0,
                    entity=near_subj[0],
                    mention=near_subj[1],
                    implicit=True,
                )
            elif (
                last is not None
                and last.kind in ("direct", "mixed")
                and sent.paragraph - last_para <= 1
                and quotes_only
                and last.entity is not None
            ):
                origin = last
            if origin is None and sent_frames:
                origin = _joined_frame(toks, qpos, sent_frames)
            fallback = False
            if origin is None and verb_tries < _VERB_TRIES:
                verb_tries += 1
                verb = verb_frame(text, toks, qpos, resolver, frames)
                if verb is not None:
                    raws.append(verb)
                    last, last_para = verb, sent.paragraph
                    for t in qtoks:
                        if t.quote is not None and verb.start <= t.start < verb.end:
                            covered.add(qindex.get(t.quote.start, -1))
                    continue
            if origin is None:
                if _words(text, q.inner_start, q.inner_end) < _MIN_LONE_QUOTE_WORDS:
                    continue
                fallback = True
            got = content_span(text, [qt], 0, 1)
            if got is None:
                continue
            _, s, e, _ = got
            if fallback:
                # a quote nobody is named for: most likely the speaker quoted just before
                near = last if (last is not None and sent.paragraph - last_para <= 2) else None
                if near_subj is not None:
                    # …or the subject of the sentence just before, when that came later
                    r = RawStatement(
                        kind="direct",
                        start=s,
                        end=e,
                        entity=near_subj[0],
                        mention=near_subj[1],
                        implicit=True,
                    )
                elif near is None:
                    r = RawStatement(kind="direct", start=s, end=e)
                else:
                    r = near.quote_at(s, e, attr_spans=[], implicit=True)
            else:
                r = origin.quote_at(s, e, attr_spans=origin.attr_spans, implicit=origin.implicit)
            raws.append(r)
            covered.add(qi)
            by_quote[qi] = r
            last, last_para = r, sent.paragraph
        if (
            qtoks
            and pending is not None
            and all(qindex.get(t.quote.start) in covered for t in qtoks if t.quote)
        ):
            pending = None
        if not frames:
            _unattributed(text, sent, raws)
    return finish(text, raws, published_on)


def _said(
    f: Frame,
    cue_start: int,
    cue_end: int,
    entity: Entity | None,
    mention: Mention | None,
    *,
    kind: str,
    start: int,
    end: int,
    spans: list[tuple[int, int]],
    dates: list[tuple[int, int]] | None = None,
) -> RawStatement:
    """A statement that frame `f` reports, with its cue (at cue_start:cue_end in the text)."""
    # positional, unlike elsewhere: one is built per statement (see `RawStatement`)
    return RawStatement(
        kind,
        start,
        end,
        entity,
        mention,
        f.cue_text,
        cue_start,
        cue_end,
        f.stance,
        spans,
        False,
        dates,
    )


def _joined_frame(
    toks: list[Tok], qpos: int, sent_frames: list[tuple[Frame, RawStatement]]
) -> RawStatement | None:
    """ "…, Roe said, but “we don't ask”": a quote joined to the attribution just before it
    by a comma or a conjunction belongs to the same speaker."""
    for f, r in reversed(sent_frames):
        end = max([f.attr_end] + [b for _, b in f.contents])
        if end > qpos:
            continue
        if r.entity is None and r.mention is None:
            return None
        if qpos - end <= 3 and all(toks[k].low in QUOTE_JOINERS for k in range(end, qpos)):
            return r
        return None
    return None


_UNATTRIBUTED_HINTS = (
    "believed",
    "said",
    "thought",
    "reported",
    "rumo",
    "expected",
    "understood",
    "alleged",
    "suspected",
    "purportedly",
)


def _unattributed(text: str, sent: Sentence, raws: list[RawStatement]) -> None:
    low = text[sent.start : sent.end].lower()
    if not any(h in low for h in _UNATTRIBUTED_HINTS):
        return
    m = _UNATTRIBUTED_RE.search(text, sent.start, sent.end)
    if m is None:
        return
    for t in sent.tokens:
        if t.kind == "Q" and t.start <= m.start() < t.end:
            return
    s, e = sent.start, sent.end
    while e > s and text[e - 1] in ".!? \t":
        e -= 1
    if e <= s:
        return
    cue = m.group(0)
    stance = CUE_STANCE.get(
        re.sub(r"\s+", " ", cue.lower())
        .replace("widely ", "")
        .replace("also ", "")
        .replace("now ", ""),
        "distancing",
    )
    if m.group("verb") and m.group("verb").lower() == "expected":
        stance = "belief"
    raws.append(
        RawStatement(
            kind="unattributed",
            start=s,
            end=e,
            cue=cue,
            cue_start=m.start(),
            cue_end=m.end(),
            stance=stance,
        )
    )


def _touches(s: ExtractedStatement, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Does the statement overlap one of the (sorted, disjoint) spans? By bisection: a text
    may hold many datelines and many statements."""
    k = bisect_left(starts, s.end)  # spans starting before the statement ends
    return k > 0 and spans[k - 1][1] > s.start


def extract(text: str, published_on: date | None = None) -> list[ExtractedStatement]:
    """Attributed statements of an article body, in document order. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    if published_on is not None and not isinstance(published_on, date):
        published_on = None
    try:
        spans = dateline_spans(text)
        if not spans:
            return _extract(text, published_on)
        out = _extract(blank(text, spans), published_on)
        # a statement never starts inside a dateline, but its quote must be the text's own
        starts = [a for a, _ in spans]
        return [
            replace(s, quote=text[s.start : s.end]) if _touches(s, spans, starts) else s
            for s in out
        ]
    except Exception:  # pragma: no cover - a last resort; the property tests call _extract
        # An import must not die on one odd article: log it and report no statements.
        _log.exception("extraction failed on a text of %d characters", len(text))
        return []
