"""From an input to statements: read, decode, parse and extract — shared by `extract` and `import`.

`ledger extract` prints exactly what `ledger import` stores because both go through
`read_documents` and `statements_of`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from ledger.checkworthy import score as checkworthiness_of
from ledger.extract import classify_hedging, extract, stance_of
from ledger.extract.dates import start_of
from ledger.extract.types import ExtractedStatement, HedgeCue, SpeakerRef
from ledger.sources.decoding import decode_bytes
from ledger.sources.formats import Document, GivenStatement, parse_text
from ledger.sources.inputs import DEFAULT_MAX_MB, Input, read_bytes
from ledger.store.paging import iso

if TYPE_CHECKING:
    from ledger.store.models import Statement


@dataclass(frozen=True)
class Overrides:
    """What the user sets on the command line: metadata that wins over what the file
    says, and how its bytes are decoded (`errors`: strict or replace; `encoding`: a codec
    to use instead of the detected one). Worker processes get the same, pickled."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_on: date | None = None
    kind: str | None = None
    errors: str = "strict"
    encoding: str | None = None

    def reading(self, errors: str | None = "strict", encoding: str | None = None) -> Overrides:
        """The same, with the bytes decoded as `errors` and `encoding` say."""
        return replace(self, errors=errors or "strict", encoding=encoding)

    def apply(self, doc: Document) -> Document:
        for key in ("title", "outlet", "url", "published_on", "kind"):
            value = getattr(self, key)
            if value is not None:
                setattr(doc, key, value)
        return doc


def read_documents(
    inp: Input,
    fmt: str = "auto",
    max_mb: float = DEFAULT_MAX_MB,
    overrides: Overrides | None = None,
) -> tuple[list[Document], str | None]:
    """The documents in one input and a note for the user (e.g. the encoding had to be
    guessed, or invalid bytes were replaced)."""
    how = overrides or Overrides()
    decoded = decode_bytes(read_bytes(inp, max_mb), inp.name, how.errors, how.encoding)
    docs = parse_text(decoded.text, inp.name, fmt, decoded.encoding)
    if overrides:
        docs = [overrides.apply(d) for d in docs]
    return docs, decoded.note


def content_sha256(doc: Document) -> str:
    """The identity of a source: its normalised text, or for given statements without a
    text, the source object and the statements themselves."""
    if doc.synthesized:
        body = json.dumps(
            {
                "text": doc.text,
                "source": [doc.title, doc.outlet, doc.url, str(doc.published_on or "")],
                "statements": [
                    [g.quote, g.speaker, g.kind, g.ref, g.start, g.end] for g in doc.given
                ],
            },
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(body.encode("utf-8")).hexdigest()
    return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def statements_of(doc: Document) -> list[ExtractedStatement]:
    """The statements of a document, each with its check-worthiness (`scored`)."""
    return scored(_found_in(doc))


def scored(found: list[ExtractedStatement]) -> list[ExtractedStatement]:
    """The statements with `checkworthiness` and `checkworthy_cues` from `ledger.checkworthy`
    (a statement's own words, and whether its speaker is a moderator); a statement that
    already carries a score keeps it."""
    out = []
    for st in found:
        if st.checkworthiness is None:
            moderator = st.speaker is not None and st.speaker.role == "moderator"
            cw = checkworthiness_of(st.quote, moderator=moderator)
            st = _with_score(st, cw.value, cw.cues)
        out.append(st)
    return out


def _with_score(st: ExtractedStatement, value: float, cues: tuple[str, ...]) -> ExtractedStatement:
    """`replace(st, checkworthiness=value, checkworthy_cues=cues)`, copying the fields at
    once: `replace` passes each of the 24 through `__init__`, which took about 12 µs a
    statement, a third of what scoring a news statement costs."""
    new = object.__new__(ExtractedStatement)
    fields = new.__dict__
    fields.update(st.__dict__)
    fields["checkworthiness"] = value
    fields["checkworthy_cues"] = cues
    return new


def _found_in(doc: Document) -> list[ExtractedStatement]:
    """The statements of a document: extracted from its body, read off a transcript's
    turns, or converted from given ones."""
    if doc.turns is not None:
        from ledger.services.transcripts import transcript_statements

        return transcript_statements(doc)
    if doc.given is None:
        found = extract(doc.body, doc.published_on)
        if doc.body_start:
            found = [s.shifted(doc.body_start) for s in found]
        return found
    out = []
    for g in doc.given:
        assert g.start is not None and g.end is not None
        if g.hedging is None:
            hedge = classify_hedging(g.quote)
            level, polarity = hedge.level, hedge.polarity
            cues = tuple(
                replace(c, start=c.start + g.start, end=c.end + g.start) for c in hedge.cues
            )
        else:
            level, polarity = g.hedging, g.polarity or "positive"
            cues = tuple(_given_cue(c) for c in g.hedge_cues if isinstance(c, dict))
        precision = _given_precision(g)
        speaker = None
        if g.speaker:
            speaker = SpeakerRef(
                name=g.speaker,
                kind=g.speaker_kind or "unknown",
                role=g.role,
                affiliation=g.affiliation,
            )
        out.append(
            ExtractedStatement(
                kind=g.kind if (g.speaker or g.kind == "unattributed") else "unattributed",
                quote=g.quote,
                start=g.start,
                end=g.end,
                speaker=speaker,
                speaker_mention=g.speaker_mention or g.speaker,
                cue=g.cue,
                cue_stance=g.cue_stance or (stance_of(g.cue) if g.cue else None),
                # a given date of a coarser precision is stored as its interval's start
                stated_on=g.stated_on and start_of(g.stated_on, precision),
                stated_on_precision=precision,
                venue=g.venue,
                hedging=level,
                hedge_cues=cues,
                polarity=polarity or "positive",
            )
        )
    return out


def _given_precision(g: GivenStatement) -> str | None:
    """A given date is a day unless the line says otherwise (`stated_on_precision`, which
    the readers have checked: sources/formats.py and sources/claimreview.py); no date, no
    precision."""
    if g.stated_on is None:
        return None
    return g.stated_on_precision or "day"


def _given_cue(c: dict) -> HedgeCue:
    return HedgeCue(
        text=str(c.get("text", "")),
        start=int(c.get("start", 0) or 0),
        end=int(c.get("end", 0) or 0),
        level=str(c.get("level", "medium")),
    )


def statement_fields(st: ExtractedStatement | Statement, *, text_dates: bool = False) -> dict:
    """What a statement says and how, as stored and as printed: the fields an extracted
    statement and a stored one share, in the order `ledger extract` and `ledger statements`
    print them. Dates stay dates unless `text_dates` (ISO text, for JSON)."""
    return {
        "speaker_mention": st.speaker_mention,
        "kind": st.kind,
        "cue": st.cue,
        "cue_stance": st.cue_stance,
        "quote": st.quote,
        "start": st.start,
        "end": st.end,
        "stated_on": iso(st.stated_on) if text_dates else st.stated_on,
        # day, week, month or year: stated_on is the first day of that interval
        "stated_on_precision": st.stated_on_precision,
        "venue": st.venue,
        "hedging": st.hedging,
        "hedge_cues": _cue_dicts(st.hedge_cues),
        "polarity": st.polarity,
        # 0-1, higher = check first (ledger.checkworthy), and the cues that raised it
        "checkworthiness": st.checkworthiness,
        "checkworthy_cues": list(st.checkworthy_cues or ()),
    }


def _cue_dicts(cues: tuple[HedgeCue, ...] | list[dict] | None) -> list[dict]:
    """Hedge cues as stored: an extracted statement's `HedgeCue`s as dicts, a stored
    statement's list (of those dicts) as it is."""
    if isinstance(cues, tuple):
        return [{"text": c.text, "start": c.start, "end": c.end, "level": c.level} for c in cues]
    return cues or []


def statement_json(st: ExtractedStatement, source: str) -> dict:
    """One statement as `ledger extract` prints it."""
    return {
        "source": source,
        "speaker": st.speaker.name if st.speaker else None,
        "speaker_mention": st.speaker_mention,
        "role": st.speaker.role if st.speaker else None,
        **statement_fields(st, text_dates=True),
        # a timed transcript's statements: seconds into the recording
        **(
            {"time_start": st.time_start, "time_end": st.time_end}
            if st.time_start is not None or st.time_end is not None
            else {}
        ),
    }
