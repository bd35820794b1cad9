"""The extraction pipeline: article text in, attributed statements out.

It walks the sentences once, in order: finds attribution frames (`attribution.py`), ties
their speakers to the source's earlier speakers (`speakers.py`, `pronouns.py`), turns each
content into a statement (direct, mixed or indirect), hands quotes that have no frame of
their own to the speaker who introduced them (a colon at a paragraph end, the paragraph
that a multi-paragraph quote continues, a lone quote right after that speaker's quote),
keeps the article's own hedged claims as unattributed statements, and adds dates, venues
and hedging.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass, field, fields
from datetime import date

from .attribution import find_frames
from .dates import find_date
from .hedging import hedge_cues, level_of, polarity_of
from .lexicon import AUX_BETWEEN, CUE_STANCE, INTEREST_WORDS, SENTENCE_FUNCTION
from .phrases import clause_subject, np_forward
from .pronouns import Entity, Resolver
from .segment import Sentence, Tok, sentences
from .speakers import Mention, parse_mention
from .types import ExtractedStatement, Frame, HedgeCue
from .venues import find_venue
from .words import verbish

_log = logging.getLogger(__name__)

_UNATTRIBUTED_RE = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:widely\s+|also\s+|now\s+)?"
    r"(?P<verb>believed|said|thought|reported|rumou?red|expected|understood|alleged|suspected)\s+to\b"
    r"|reportedly\b|allegedly\b|purportedly\b)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Raw:
    kind: str
    start: int
    end: int
    entity: Entity | None
    mention: Mention | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    stance: str | None
    attr_spans: list[tuple[int, int]] = field(default_factory=list)
    implicit: bool = False  # speaker inferred from context, no attribution of its own
    # where the date of saying may be; None: the attribution spans
    date_spans: list[tuple[int, int]] | None = None


_MIN_LONE_QUOTE_WORDS = 4
_VERB_CONTENT_MAX = 60
# a real sentence holds a few quotes; a run of hundreds is not prose, and trying a verb
# frame for each would cost a look-back per quote
_VERB_TRIES = 4  # tokens of a verb frame's content after its quote
_WINDOW = 160
_WORD_RE = re.compile(r"\w+")


def _words(text: str, s: int, e: int) -> int:
    n = 0
    for _ in _WORD_RE.finditer(text, s, e):
        n += 1
        if n >= _MIN_LONE_QUOTE_WORDS:
            break
    return n


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


def _speaker_of(
    text: str,
    toks: list[Tok],
    f: Frame,
    resolver: Resolver,
    outer: list[tuple[Frame, Entity]] | None = None,
) -> tuple[Entity | None, Mention | None]:
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
    return resolver.resolve(m, m.start), m


def _register_subject(
    text: str, toks: list[Tok], resolver: Resolver
) -> tuple[Entity | None, Mention | None, list[Tok]] | None:
    """Make a sentence's named subject available to later pronouns, and return the
    subject (a speaker phrase followed by a verb) when there is one: its entity and
    mention when known, else only its tokens (parsed only if a quote needs it)."""
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
        return None, None, toks[i : i + 1]
    if not first.text[:1].isupper():
        return None
    second = nxt.text[:1]
    if not (second.isupper() or second == "."):
        # one capitalised word ("Roe praised …"): a subject only if a quote needs it
        if nxt.kind != "W" or not verbish(nxt.low):
            return None
        return None, None, toks[i : i + 1]
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
    return ent, m, toks[np[0] : np[1]]


def _content_span(
    text: str, toks: list[Tok], a: int, b: int
) -> tuple[str, int, int, list[Tok]] | None:
    qtoks = [t for t in toks[a:b] if t.kind == "Q"]
    words = any(t.kind == "W" for t in toks[a:b])
    if qtoks and not words and len(qtoks) == 1:
        q = qtoks[0].quote
        assert q is not None
        s, e = q.inner_start, min(q.inner_end, qtoks[0].end)
        while s < e and text[s].isspace():
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
            e -= 1
        if e <= s:
            return None
        return "direct", s, e, qtoks
    s, e = toks[a].start, toks[b - 1].end
    if e <= s:
        return None
    return ("mixed" if qtoks else "indirect"), s, e, qtoks


def _extract(text: str, published_on: date | None) -> list[ExtractedStatement]:
    sents, quotes = sentences(text, INTEREST_WORDS)
    qindex = {q.start: i for i, q in enumerate(quotes)}
    qstarts = [q.start for q in quotes]
    resolver = Resolver()
    raws: list[_Raw] = []
    covered: set[int] = set()
    by_quote: dict[int, _Raw] = {}  # quote index → the statement that carries it
    pending: _Raw | None = None  # "X said:" waiting for its quote
    last: _Raw | None = None
    last_para = -1
    # the subject of the latest sentence that reported nothing ("Roe praised the plan."),
    # for a quote that follows it with no frame of its own
    subj: tuple[Entity | None, Mention | None, list[Tok], int, int] | None = None
    for sent in sents:
        toks = sent.tokens
        got_subj = _register_subject(text, toks, resolver)
        if sent.glance:
            if got_subj is not None:
                subj = (*got_subj, sent.start, sent.paragraph)
            continue
        at = bisect_left(qstarts, sent.start)
        has_quote = at < len(qstarts) and qstarts[at] < sent.end
        frames = find_frames(toks, text.find(":", sent.start, sent.end) >= 0, has_quote)
        if pending is not None and sent.paragraph > last_para + 1:
            pending = None
        outer: list[tuple[Frame, Entity]] = []
        sent_frames: list[tuple[Frame, _Raw]] = []
        for f in frames:
            ent, m = _speaker_of(text, toks, f, resolver, outer)
            if ent is not None:
                outer.append((f, ent))
            cue_s, cue_e = toks[f.cue_start].start, toks[f.cue_end - 1].end
            attr = (toks[f.attr_start].start, toks[max(f.attr_start, f.attr_end - 1)].end)
            if f.pending_colon and not f.contents:
                pending = _Raw("direct", 0, 0, ent, m, f.cue_text, cue_s, cue_e, f.stance, [attr])
                last_para = sent.paragraph
                continue
            for a, b in f.contents:
                got = _content_span(text, toks, a, b)
                if got is None:
                    continue
                kind, s, e, qtoks = got
                # dates and venues sit near the cue: a window either side of the content
                # (not the whole sentence, so a dense run-on text stays linear)
                before, after = (max(sent.start, s - _WINDOW), s), (e, min(sent.end, e + _WINDOW))
                spans = [before, after]
                # a date on the far side of the content from the cue belongs to what was
                # said ("said he arrives on Tuesday, leaving on Thursday"), not to saying it
                dates = [before] if cue_e <= s else [after] if cue_s >= e else spans
                if f.tail is not None:
                    # ", in an interview with CBS on Sunday": the venue phrase after the
                    # content is part of the attribution
                    tail = (toks[f.tail[0]].start, toks[f.tail[1] - 1].end)
                    if tail[0] >= e:
                        dates = [*dates, tail]
                r = _Raw(kind, s, e, ent, m, f.cue_text, cue_s, cue_e, f.stance, spans)
                r.date_spans = dates
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
            subj = (*got_subj, sent.start, sent.paragraph)
        near_subj: tuple[Entity | None, Mention] | None = None
        if (
            subj is not None
            and qtoks
            and sent.paragraph - subj[4] <= 1
            and (last is None or subj[3] > last.start)
        ):
            ent, m = subj[0], subj[1]
            if m is None:
                m = parse_mention(text, subj[2], resolver.mentions)
            if m is not None and (m.pronoun or m.kind in ("person", "organisation", "group")):
                if ent is None:
                    ent = resolver.resolve(m, m.start)
                if ent is not None:  # "They lie in a dead zone.": no speaker
                    near_subj = (ent, m)
            subj = None
        quotes_only = bool(qtoks) and (len(qtoks) == len(toks) or all(t.kind != "W" for t in toks))
        verb_tries = 0
        for qpos, qt in zip(qidx, qtoks, strict=True):
            q = qt.quote
            qi = qindex.get(q.start) if q else None
            if q is None or qi is None or qi in covered:
                continue
            origin: _Raw | None = None
            if q.continues is not None and q.continues in by_quote:
                origin = by_quote[q.continues]
            elif pending is not None and (qpos == 0 or toks[qpos - 1].kind == "Q"):
                # "X said:" then a paragraph that opens with the quote (not a quoted word
                # somewhere in it, nor markup such as author="…")
                origin = pending
            elif near_subj is not None and quotes_only:
                # "Roe praised the plan. “We need it.”": the quote is the subject's
                origin = _Raw(
                    "direct", 0, 0, near_subj[0], near_subj[1], None, None, None, None, []
                )
                origin.implicit = True
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
                verb = _verb_frame(text, toks, qpos, resolver, frames)
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
            got = _content_span(text, [qt], 0, 1)
            if got is None:
                continue
            _, s, e, _ = got
            if fallback:
                # a quote nobody is named for: most likely the speaker quoted just before
                near = last if (last is not None and sent.paragraph - last_para <= 2) else None
                if near_subj is not None:
                    # …or the subject of the sentence just before, when that came later
                    r = _Raw("direct", s, e, near_subj[0], near_subj[1], None, None, None, None, [])
                    r.implicit = True
                elif near is None:
                    r = _Raw("direct", s, e, None, None, None, None, None, None, [])
                else:
                    r = _Raw(
                        "direct",
                        s,
                        e,
                        near.entity,
                        near.mention,
                        near.cue,
                        near.cue_start,
                        near.cue_end,
                        near.stance,
                        [],
                        implicit=True,
                    )
            else:
                r = _Raw(
                    "direct",
                    s,
                    e,
                    origin.entity,
                    origin.mention,
                    origin.cue,
                    origin.cue_start,
                    origin.cue_end,
                    origin.stance,
                    origin.attr_spans,
                    implicit=origin.implicit,
                )
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
    return _finish(text, raws, published_on)


_NOT_VERBS = frozenset("a an the".split())
_JOINERS = frozenset(", but and : — – though yet".split())


def _joined_frame(toks: list[Tok], qpos: int, sent_frames: list[tuple[Frame, _Raw]]) -> _Raw | None:
    """ "…, Roe said, but “we don't ask”": a quote joined to the attribution just before it
    by a comma or a conjunction belongs to the same speaker."""
    for f, r in reversed(sent_frames):
        end = max([f.attr_end] + [b for _, b in f.contents])
        if end > qpos:
            continue
        if r.entity is None and r.mention is None:
            return None
        if qpos - end <= 3 and all(toks[k].low in _JOINERS for k in range(end, qpos)):
            return r
        return None
    return None


def _verb_frame(
    text: str, toks: list[Tok], qi: int, resolver: Resolver, frames: list[Frame] = ()
) -> _Raw | None:
    """A quote inside a clause whose verb is no reporting cue ("X denounced Trump’s remarks
    as “hurtful”"): the clause's subject is the speaker, the rest of the clause the content."""
    if qi == 0:
        return None
    np = clause_subject(toks, qi - 1, 0)
    if np is None or np[1] >= qi:
        return None
    v = np[1]
    while (
        v < qi - 1
        and toks[v].kind == "W"
        and (toks[v].low in AUX_BETWEEN or toks[v].low.endswith("ly"))
    ):
        v += 1  # "Ms. X later served as …": the verb is past the adverb
    verb = toks[v]
    if verb.kind == "W" and verb.low in _NOT_VERBS:
        return None  # "Cuban, who is also a host on “Shark Tank”": no verb of its own
    a = v + 1
    b = len(toks)
    b = min(b, qi + _VERB_CONTENT_MAX)
    for f in frames:  # …and before the next attribution of the sentence
        if qi < f.cue_start < b:
            b = max(f.attr_start, qi + 1)
    for k in range(qi + 1, b):
        if toks[k].text == ";" or (
            toks[k].text == "," and k + 1 < len(toks) and toks[k + 1].low == "but"
        ):
            b = k
            break
    while b > a and toks[b - 1].kind == "P" and toks[b - 1].text not in ("?", "!"):
        b -= 1
    while a < b and toks[a].kind == "P":
        a += 1
    if b <= a:
        return None
    m = parse_mention(text, toks[np[0] : np[1]], resolver.mentions)
    if m is None:
        return None
    ent = None
    if m.pronoun not in ("i", "we", "you", "who"):
        ent = resolver.resolve(m, m.start)
    s, e = toks[a].start, toks[b - 1].end
    only_quote = all(t.kind != "W" for t in toks[a:b])
    kind = "direct" if only_quote else "mixed"
    if only_quote and toks[a].kind == "Q" and b - a == 1 and toks[a].quote is not None:
        got = _content_span(text, toks, a, b)
        if got is None:
            return None
        kind, s, e, _ = got
    return _Raw(
        kind,
        s,
        e,
        ent,
        m,
        verb.text,
        verb.start,
        verb.end,
        None,
        [(max(toks[0].start, s - _WINDOW), s)],
        implicit=True,
    )


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


def _unattributed(text: str, sent: Sentence, raws: list[_Raw]) -> None:
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
    raws.append(_Raw("unattributed", s, e, None, None, cue, m.start(), m.end(), stance, []))


def _borrow_following_speaker(raws: list[_Raw]) -> None:
    """A quote with nobody before it is usually introduced by the attribution that follows
    (a quote paragraph, then "- Jane Roe." or "…, Roe said in a later paragraph")."""
    for i, r in enumerate(raws):
        if r.kind != "direct" or r.entity is not None or r.mention is not None:
            continue
        for nxt in raws[i + 1 : i + 4]:
            if nxt.start - r.end > _FOLLOW_WINDOW:
                break
            if nxt.mention is not None and not nxt.implicit:
                r.entity, r.mention, r.cue, r.stance = nxt.entity, nxt.mention, nxt.cue, nxt.stance
                r.cue_start, r.cue_end, r.implicit = nxt.cue_start, nxt.cue_end, True
                break


_FOLLOW_WINDOW = 400


def _finish(text: str, raws: list[_Raw], published_on: date | None) -> list[ExtractedStatement]:
    raws.sort(key=lambda r: (r.start, r.end))
    _borrow_following_speaker(raws)
    out: list[ExtractedStatement] = []
    seen: set[tuple[int, int]] = set()
    refs: dict[int, object] = {}
    for r in raws:
        if (r.start, r.end) in seen or not (0 <= r.start < r.end <= len(text)):
            continue
        seen.add((r.start, r.end))
        quote = text[r.start : r.end]
        low = quote.lower()
        cues = hedge_cues(text, r.start, r.end, low)
        if r.stance == "belief" and r.cue_start is not None and r.cue_end is not None:
            cues.insert(0, HedgeCue(text[r.cue_start : r.cue_end], r.cue_start, r.cue_end, "low"))
        if r.kind == "unattributed" and r.cue_start is not None and r.cue_end is not None:
            if not any(c.start <= r.cue_start < c.end for c in cues):
                cues.append(HedgeCue(text[r.cue_start : r.cue_end], r.cue_start, r.cue_end, "low"))
        date_spans = r.attr_spans if r.date_spans is None else r.date_spans
        stated_on, precision = find_date(text, date_spans, published_on)
        venue = find_venue(text, r.attr_spans)
        ref = None
        if r.entity is not None:
            ref = refs.get(id(r.entity))
            if ref is None:
                ref = refs[id(r.entity)] = r.entity.ref()
        out.append(
            _statement(
                kind=r.kind,
                quote=quote,
                start=r.start,
                end=r.end,
                speaker=ref,
                speaker_mention=r.mention.text if r.mention else None,
                mention_start=r.mention.start if r.mention else None,
                mention_end=r.mention.end if r.mention else None,
                cue=r.cue,
                cue_stance=r.stance,
                stated_on=stated_on,
                venue=venue,
                hedging=level_of(cues),
                hedge_cues=tuple(cues),
                polarity=polarity_of(text, r.start, r.end, low),
                cue_start=r.cue_start,
                cue_end=r.cue_end,
                stated_on_precision=precision if stated_on else None,
            )
        )
    return out


_STATEMENT_FIELDS = frozenset(f.name for f in fields(ExtractedStatement))


def _statement(**values: object) -> ExtractedStatement:
    """An `ExtractedStatement` from every one of its fields, without the frozen dataclass's
    per-field `object.__setattr__` (ten times faster; one is built per statement)."""
    if values.keys() != _STATEMENT_FIELDS:  # pragma: no cover - a field was added
        return ExtractedStatement(**values)  # type: ignore[arg-type]
    st = object.__new__(ExtractedStatement)
    st.__dict__.update(values)
    return st


def extract(text: str, published_on: date | None = None) -> list[ExtractedStatement]:
    """Attributed statements of an article body, in document order. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    if published_on is not None and not isinstance(published_on, date):
        published_on = None
    try:
        return _extract(text, published_on)
    except Exception:  # pragma: no cover - a last resort; the property tests call _extract
        # An import must not die on one odd article: log it and report no statements.
        _log.exception("extraction failed on a text of %d characters", len(text))
        return []
