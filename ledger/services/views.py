"""The shapes of the plain data the reviewer UI reads: a queue row, a statement's detail
(with its source, speaker, claim, highlight marks and appearances), review states, review
log entries and rating scale entries.

They are TypedDicts, not classes: the services build plain dicts (safe to hand from a
worker thread to the UI's event loop, and to compare or print in tests), and these give
their keys and value types a name. The review states are built by the review services;
`ReviewState` and `ClaimState` name the keys the UI reads of them.

A statement's `stated_on` is the first day of an interval whose length is
`stated_on_precision` (day, week, month, year); `date_label` is how the shells write the two
together ("week of 2024-06-03", "2024-03", "2024").
"""

from __future__ import annotations

from datetime import date
from typing import Any, NotRequired, TypedDict

from ledger.extract.dates import interval


def date_label(
    value: str | date | None, precision: str | None = None, *, full: bool = False
) -> str | None:
    """A date as precise as it is known: `2024-06-14` (a day), `week of 2024-06-03`,
    `2024-06` (a month), `2024` (a year); None stays None. `value` is the interval's first
    day, ISO text or a date. `full` adds the days it covers, for a detail view:
    `week of 2024-06-03 (2024-06-03 to 2024-06-09)`, `2024-06-14 (day)`."""
    if value is None or value == "":
        return None
    text = value.isoformat() if isinstance(value, date) else str(value)
    label = text
    if precision == "week":
        label = f"week of {text}"
    elif precision == "month":
        label = text[:7]
    elif precision == "year":
        label = text[:4]
    if not full or precision is None:
        return label
    if precision == "day":
        return f"{label} (day)"
    first, last = interval(date.fromisoformat(text[:10]), precision)
    return f"{label} ({first.isoformat()} to {last.isoformat()})"


class QueueCursor(TypedDict):
    """Where the next queue page starts: the last row shown (its id, and what the order
    sorts by: stated date, or status and check-worthiness)."""

    id: int
    stated_on: str | None
    status: NotRequired[str]
    checkworthiness: NotRequired[float | None]


class QueueRow(TypedDict):
    """One row of the queue: columns only, never the source text."""

    id: int
    status: str
    version: int
    speaker_id: int | None
    speaker: str | None  # the speaker's name, else the mention in the source
    stated_on: str | None
    stated_on_precision: str | None  # day, week, month, year (None when stated_on is)
    published_on: str | None
    outlet: str | None  # the outlet, else the title
    hedging: str | None
    quote: str
    claim_id: int | None
    assigned_to: str | None
    appearances: int  # the claim's size, else 1 + the standing links
    checkworthiness: float | None  # 0-1 (ledger.checkworthy); None: not scored yet


class SpeakerView(TypedDict):
    id: int
    name: str
    kind: str
    role: str | None
    affiliation: str | None
    aliases: list[str]  # every alias but the name itself, oldest first


class ClaimView(TypedDict):
    id: int
    canonical_text: str
    first_statement_id: int | None
    rating: str | None
    rating_final: bool
    status: str
    version: int


class SourceView(TypedDict):
    id: int
    title: str | None
    outlet: str | None
    url: str | None
    published_on: str | None
    kind: str | None


class SourceContext(TypedDict):
    """The statement's paragraph(s): `text` starts at source offset `offset`; the quote
    is `text[quote_start:quote_end]`."""

    text: str
    offset: int
    quote_start: int
    quote_end: int


class Mark(TypedDict):
    """A span of `SourceContext.text` to highlight: a hedge cue or the attribution cue."""

    start: int
    end: int
    kind: str  # "hedge" or "cue"
    text: str


class StatementDetail(TypedDict):
    """Everything the detail pane shows about one statement."""

    id: int
    version: int
    status: str
    kind: str
    quote: str
    start: int
    end: int
    cue: str | None
    cue_stance: str | None
    hedging: str | None
    hedge_cues: list[dict[str, Any]]
    polarity: str | None
    stated_on: str | None
    stated_on_precision: str | None  # day, week, month, year (None when stated_on is)
    venue: str | None
    speaker_mention: str | None
    assigned_to: str | None
    claim_id: int | None
    checkworthiness: float | None  # 0-1; None: not scored yet (`ledger rescore`)
    checkworthy_cues: list[str]  # the features that raised it, strongest first
    source: SourceView
    context: SourceContext
    marks: list[Mark]
    speaker: SpeakerView | None
    claim: ClaimView | None


class Appearance(TypedDict):
    """A statement linked to the one shown, directly (`link`) or through its claim."""

    link: bool
    a_id: int
    b_id: int
    relation: str  # repeat, altered, paraphrase, or "claim"
    score: float | None
    method: str | None
    decided: str | None
    decided_by: str | None
    diff: list[dict[str, Any]] | None  # word diff from the shown quote to this one
    id: int
    quote: str
    speaker: str | None
    outlet: str | None
    date: str | None  # the statement's stated_on, else its source's publication date
    date_precision: str | None  # of `date`: a publication date is a day
    first: bool  # the claim's first appearance


class ReviewState(TypedDict):
    """A statement's derived review status (the keys the UI reads)."""

    status: str
    final: bool
    approvals: int
    required: int
    pending_verdict: str | None
    approved_by: list[str]
    version: int
    assigned_to: str | None


class ClaimState(TypedDict):
    """A claim's derived rating (the keys the UI reads)."""

    rating: str | None
    final: bool
    approvals: int
    required: int
    version: int


class StatementView(StatementDetail):
    """The detail with its review state, its claim's state and its appearances."""

    review: ReviewState
    claim_review: ClaimState | None
    appearances: list[Appearance]


class ReviewEntry(TypedDict):
    """One row of a review log (the keys the UI reads)."""

    id: int
    reviewer: str
    verdict: str
    note: str | None
    evidence: list[str]
    created_at: str | None
    retracts_id: int | None
    retracted: bool


class History(TypedDict):
    statement: list[ReviewEntry]
    claim: list[ReviewEntry]


class RatingEntry(TypedDict, total=False):
    """A step of the claim rating scale (schema.org names)."""

    name: str
    alternateName: str
    ratingValue: int
    bestRating: int
    worstRating: int


def clock(seconds: float) -> str:
    """Seconds into a recording as a clock: `1:02:03.5`, `2:03`."""
    whole, frac = divmod(round(seconds, 1), 1)
    h, rest = divmod(int(whole), 3600)
    m, sec = divmod(rest, 60)
    tail = f".{round(frac * 10):d}" if frac >= 0.05 else ""
    return f"{h}:{m:02d}:{sec:02d}{tail}" if h else f"{m}:{sec:02d}{tail}"


def time_span_label(start: float | None, end: float | None) -> str | None:
    """Where in its recording a statement was said (`12:01–12:09`), or None."""
    if start is None:
        return None
    return clock(start) + (f"–{clock(end)}" if end is not None and end > start else "")


# --- what the reviewer UI reads beside a statement's detail (built in `leases` and
# `history`) ------------------------------------------------------------------------------


class Lease(TypedDict):
    """Who holds the statement (`ledger next`) and until when (ISO, UTC); live or not."""

    owner: str
    until: str | None
    live: bool


class CorrectionEntry(TypedDict, total=False):
    """A correction record (`ledger.services.corrections`) as the detail lists it."""

    id: int
    kind: str
    subject: str
    state: str  # pending, applied, declined
    proposed_by: str
    note: str | None


Head = tuple[int, str]
