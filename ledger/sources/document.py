"""What a reader hands to the pipeline: a `Document` (one source to store) and its
`GivenStatement`s (statements extracted elsewhere, or read off a transcript's turns).

Its own module so that every reader (`formats`, `claimreview`, `transcript`) can build one;
`sources.formats` re-exports both names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ledger.sources.claimreview import ParsedReviews
from ledger.sources.transcript import Turn


@dataclass
class GivenStatement:
    """A statement extracted elsewhere (one JSONL line), validated."""

    line: int
    quote: str
    speaker: str | None = None
    role: str | None = None
    kind: str = "direct"
    cue: str | None = None
    cue_stance: str | None = None
    stated_on: date | None = None
    stated_on_precision: str | None = None
    venue: str | None = None
    hedging: str | None = None
    hedge_cues: list = field(default_factory=list)
    polarity: str | None = None
    ref: str | None = None
    start: int | None = None
    end: int | None = None
    speaker_mention: str | None = None
    speaker_kind: str | None = None
    affiliation: str | None = None


@dataclass
class Document:
    """One source to store: its text, metadata, and either statements to extract or given ones."""

    origin: str
    text: str
    format: str
    body_start: int = 0
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_on: date | None = None
    kind: str = "article"
    encoding: str | None = None
    given: list[GivenStatement] | None = None  # JSONL: statements as given, no extraction
    synthesized: bool = False  # the text was made from the given quotes, not supplied
    #: a ClaimReview file: its reviews (each a source of its own, stored by
    #: services/fact_checks.py), with no text and no statements of the document's own
    reviews: ParsedReviews | None = None
    #: a transcript: its speaker turns (offsets into `text`), made into statements by
    #: services/transcripts.py
    turns: list[Turn] | None = None

    @property
    def body(self) -> str:
        return self.text[self.body_start :]
