"""The per-statement finish: statements as the pipeline found them (`RawStatement`: offsets,
speaker, cue, where the attribution is) become `ExtractedStatement`s, in document order,
with hedging, polarity, the date of saying and the venue.

A quote nobody was named for borrows the speaker of the attribution just after it here,
once every statement of the source is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from .dates import find_date
from .hedging import hedge_cues, level_of, polarity_of
from .pronouns import Entity
from .speakers import Mention
from .types import ExtractedStatement, HedgeCue
from .venues import find_venue


@dataclass(slots=True)
class RawStatement:
    """A statement before its finish; offsets into the article text.

    Built with keywords, except by the helpers that build one per statement
    (`extractor._said`, `quote_at`): a keyword call to a class passes its arguments through
    a dict, twice the cost of a positional one.
    """

    kind: str
    start: int
    end: int
    entity: Entity | None = None
    mention: Mention | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    stance: str | None = None
    attr_spans: list[tuple[int, int]] = field(default_factory=list)
    implicit: bool = False  # speaker inferred from context, no attribution of its own
    # where the date of saying may be; None: the attribution spans
    date_spans: list[tuple[int, int]] | None = None

    def quote_at(
        self, start: int, end: int, *, attr_spans: list[tuple[int, int]], implicit: bool
    ) -> RawStatement:
        """A direct quote at start:end said by this statement's speaker with its cue (a
        quote that continues it, or follows it with no frame of its own)."""
        return RawStatement(
            "direct",
            start,
            end,
            self.entity,
            self.mention,
            self.cue,
            self.cue_start,
            self.cue_end,
            self.stance,
            attr_spans,
            implicit,
        )


def _borrow_following_speaker(raws: list[RawStatement]) -> None:
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


def finish(
    text: str, raws: list[RawStatement], published_on: date | None
) -> list[ExtractedStatement]:
    """The statements of `raws` in document order, one per span, each with its hedging,
    polarity, date and venue."""
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
