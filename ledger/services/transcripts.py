"""A transcript's statements: every sentence of a turn, a statement of the turn's speaker.

`sources/transcript.py` reads the turns (labels, offsets, stage directions, time codes);
here each turn is cut at its stage directions, split into sentences by the extractor's
segmenter (`extract.segment.sentences`: no sentence ends inside a quote or after "Mr."),
and each sentence becomes an `ExtractedStatement` of kind `transcript` whose speaker is the
turn's person (`transcript_speakers`), with the recording's time codes when the file has
them, hedging classified, and the transcript's date as the date said.

A quotation inside a turn ("As Reagan said, “Trust, but verify.”") is found by the
extractor run on that turn; a quote it gives to a named person is that person's statement,
and the sentence it fills (half or more of it) is not the turn speaker's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ledger.extract import classify_hedging, extract
from ledger.extract.segment import sentences
from ledger.extract.types import ExtractedStatement, SpeakerRef
from ledger.services.transcript_speakers import group_labels, mark_moderators
from ledger.sources.formats import Document
from ledger.sources.transcript import Cue, Turn

_QUOTE_MARKS = ("“", '"', "„", "«")
#: characters of the longest quotation read inside a turn (a few sentences read out)
_MOST_QUOTED = 600
#: quotation marks as spaces (the same length: offsets hold)
_BLANK_MARKS = str.maketrans({m: " " for m in '“”„«»"'})


def _segments(text: str, turn: Turn) -> list[tuple[int, int]]:
    """The turn's text cut at the stage directions that stand between sentences: after a
    full stop, or before a capital ("We will win. (APPLAUSE) Thank you.", "[applause]
    Thank you"). One inside a sentence ("Tech Ridge (ph), California", "bayonets —
    (laughter) — because") stays inside its sentence's quote."""
    out, pos = [], turn.start
    for s, e in sorted(turn.directions):
        before = text[pos:s].rstrip()
        after = text[e : turn.end].lstrip()
        if before and not (before[-1] in ".!?…:;\"”'’" or after[:1].isupper() or not after):
            continue  # inside a sentence
        if before:
            out.append((pos, pos + len(before)))
        pos = max(pos, e)
    if text[pos : turn.end].strip():
        out.append((pos, turn.end))
    return out


def _trim(text: str, s: int, e: int, directions: list[tuple[int, int]]) -> tuple[int, int]:
    """A sentence without the stage directions at its edges (and the spaces beside them)."""
    changed = True
    while changed and s < e:
        changed = False
        for ds, de in directions:
            if ds <= s < de:
                s, changed = de, True
            if ds < e <= de:
                e, changed = ds, True
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
    return s, e


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of text[start:end]. One longer than `_MOST_QUOTED` that holds a
    quotation mark is a stray mark's work (no sentence ends inside a quote, so an unclosed
    one swallows the rest of its paragraph): it is split again with the marks blanked."""
    spans = []
    for s, e in _split(text[start:end], start):
        piece = text[s:e]
        if e - s > _MOST_QUOTED and any(m in piece for m in _QUOTE_MARKS):
            spans.extend(_split(piece.translate(_BLANK_MARKS), s))
        else:
            spans.append((s, e))
    return [(s, e) for s, e in spans if any(ch.isalnum() for ch in text[s:e])]


def _split(piece: str, offset: int) -> list[tuple[int, int]]:
    found, _ = sentences(piece)
    return [(offset + sent.start, offset + sent.end) for sent in found]


def _time_at(cues: list[Cue], pos: int, end: bool) -> float | None:
    for c in cues:
        if c.start <= pos <= c.end:
            return c.time_end if end else c.time_start
    return None


_NOT_NAMES = frozenset(
    """i i'd i'm i've i'll we we've we're we'd you you've he he's she she's they they're
    it it's our my your his her their""".split()
)


def _named(name: str) -> bool:
    """Does the extractor's speaker name someone: a name that opens with a capital, not a
    pronoun ("I'd", "Our") nor a phrase ("final law of the Navy")?"""
    words = name.split()
    if not words or not words[0][:1].isupper():
        return False
    return words[0].casefold().replace("’", "'") not in _NOT_NAMES


def _quoted(text: str, start: int, end: int, doc: Document, turn_ref: SpeakerRef):
    """Quotes in text[start:end] the extractor gives to a named person other than the turn's
    speaker, as statements with offsets into `text`. A "quote" longer than `_MOST_QUOTED`
    is a mark paired with the wrong one (a speech's stray quotation mark runs to the end of
    its paragraph): the words stay the turn speaker's."""
    piece = text[start:end]
    if not any(m in piece for m in _QUOTE_MARKS):
        return []
    out = []
    for st in extract(piece, doc.published_on):
        who = st.speaker
        if st.kind != "direct" or who is None or who.kind not in ("person", "organisation"):
            continue
        if who.name == turn_ref.name or who.name in turn_ref.aliases or not _named(who.name):
            continue
        if len(st.quote) > _MOST_QUOTED:
            continue
        out.append(st.shifted(start))
    return out


def _statement(
    text: str, s: int, e: int, turn: Turn, ref: SpeakerRef | None, doc: Document
) -> ExtractedStatement:
    quote = text[s:e]
    hedge = classify_hedging(quote)
    return ExtractedStatement(
        kind="transcript",
        quote=quote,
        start=s,
        end=e,
        speaker=ref,
        speaker_mention=turn.label,
        mention_start=turn.label_start if turn.label else None,
        mention_end=turn.label_end if turn.label else None,
        stated_on=doc.published_on,
        stated_on_precision="day" if doc.published_on else None,
        hedging=hedge.level,
        hedge_cues=tuple(replace(c, start=c.start + s, end=c.end + s) for c in hedge.cues),
        polarity=hedge.polarity,
        time_start=_time_at(turn.cues, s, False),
        time_end=_time_at(turn.cues, e, True),
    )


def transcript_statements(doc: Document) -> list[ExtractedStatement]:
    """The statements of a transcript document, in text order."""
    assert doc.turns is not None
    text = doc.text
    labels = [t.label for t in doc.turns if t.label]
    counts = Counter(labels)
    people = group_labels(list(counts), counts)
    mark_moderators(
        people, [(t.label, text[t.start : t.end]) for t in doc.turns if t.label is not None]
    )
    refs = {id(p): p.ref() for p in people.values()}
    out: list[ExtractedStatement] = []
    for turn in doc.turns:
        ref = refs[id(people[turn.label])] if turn.label else None
        for seg_start, seg_end in _segments(text, turn):
            spans = [
                _trim(text, s, e, turn.directions)
                for s, e in _sentence_spans(text, seg_start, seg_end)
            ]
            spans = [(s, e) for s, e in spans if any(ch.isalnum() for ch in text[s:e])]
            quotes = _quoted(text, seg_start, seg_end, doc, ref) if ref else []
            for s, e in spans:
                inside = [q for q in quotes if q.start < e and q.end > s]
                filled = sum(min(e, q.end) - max(s, q.start) for q in inside)
                if filled * 2 < e - s:
                    out.append(_statement(text, s, e, turn, ref, doc))
            for q in quotes:
                out.append(
                    replace(
                        q,
                        time_start=_time_at(turn.cues, q.start, False),
                        time_end=_time_at(turn.cues, q.end, True),
                    )
                )
    out.sort(key=lambda st: (st.start, st.end))
    return out
