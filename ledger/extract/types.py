"""Plain dataclasses that the extractor returns: the contract between extraction and the rest;
and `Frame`, the one record the frame rules hand to the pipeline.

The returned types are immutable and free of database types, so extraction can run (and be
tested and benchmarked) with no store at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

# The vocabularies are part of the extractor's contract, so they are importable from here too.
from ledger.vocabulary import HEDGING_LEVELS, KINDS, SPEAKER_KINDS, STANCES  # noqa: F401


@dataclass(frozen=True)
class HedgeCue:
    """One word or phrase that set the hedging level, with offsets into the analysed text."""

    text: str
    start: int
    end: int
    level: str  # one of HEDGING_LEVELS except "none"


@dataclass(frozen=True)
class Hedge:
    """The speaker's commitment to a piece of content."""

    level: str = "none"
    cues: tuple[HedgeCue, ...] = ()
    polarity: str = "positive"  # or "negative"


@dataclass(frozen=True)
class SpeakerRef:
    """Who made a statement, resolved within one source.

    `name` is the canonical name ("William Burns", "China's foreign ministry", "top US
    officials"); `mention` is the text as written at this statement ("he", "Burns").
    `aliases` are the other ways this source refers to the same speaker.

    `unnamed` marks a speaker the source never names: a group ("officials", "authorities
    in Millbrook") or a person known only by a role ("a spokeswoman for the mayor's
    office": name "spokeswoman for the mayor's office", role "spokeswoman", affiliation
    "the mayor's office"). Its name is a description, not an identity: two sources'
    "spokeswoman for the mayor's office" may be two people, so it is never matched to a
    speaker of another source (`names.same_speaker` refuses it).
    """

    name: str
    kind: str = "unknown"  # one of SPEAKER_KINDS
    role: str | None = None
    affiliation: str | None = None
    aliases: tuple[str, ...] = ()
    unnamed: bool = False


@dataclass(frozen=True)
class ExtractedStatement:
    """One attributed statement. Invariant: text[start:end] == quote for the analysed text."""

    kind: str  # one of KINDS
    quote: str
    start: int
    end: int
    speaker: SpeakerRef | None = None
    speaker_mention: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    cue: str | None = None
    cue_stance: str | None = None
    stated_on: date | None = None
    venue: str | None = None
    hedging: str = "none"
    hedge_cues: tuple[HedgeCue, ...] = field(default_factory=tuple)
    polarity: str = "positive"
    #: offsets of the cue in the analysed text (added after the first contract; may be None)
    cue_start: int | None = None
    cue_end: int | None = None
    #: how much of the date of saying is known (set exactly when `stated_on` is): "day",
    #: "week", "month" or "year" (`dates.PRECISIONS`); `stated_on` is then the first day of
    #: that interval (a Monday, a 1st, 1 January) and `dates.interval` gives its last
    stated_on_precision: str | None = None
    #: seconds into the recording, for a statement of a timed transcript
    time_start: float | None = None
    time_end: float | None = None
    #: 0-1, how worth checking it is, and the features that raised it (`ledger.checkworthy`;
    #: set by the import pipeline, not by the extractor)
    checkworthiness: float | None = None
    checkworthy_cues: tuple[str, ...] = ()

    def shifted(self, offset: int) -> ExtractedStatement:
        """The same statement with every offset moved by `offset` (body → whole file)."""
        return replace(
            self,
            start=self.start + offset,
            end=self.end + offset,
            mention_start=None if self.mention_start is None else self.mention_start + offset,
            mention_end=None if self.mention_end is None else self.mention_end + offset,
            cue_start=None if self.cue_start is None else self.cue_start + offset,
            cue_end=None if self.cue_end is None else self.cue_end + offset,
            hedge_cues=tuple(
                replace(c, start=c.start + offset, end=c.end + offset) for c in self.hedge_cues
            ),
        )


#: how a frame found its speaker: before the cue ("np"), after it ("inverted": "…,” said
#: Roe), after "according to", after "by" ("passive": "was asked by Roe whether"), the
#: subject of the clause before a participle ("participle": "…, saying"), the subject of
#: an elided clause ("elided": "… but has also said"), or "who" ("relative")
Mode = Literal["np", "inverted", "according", "passive", "participle", "elided", "relative"]


@dataclass(slots=True)
class Frame:
    """One attribution inside a sentence, in token indices of that sentence: the cue, the
    speaker phrase, the whole attribution and the content(s) it reports."""

    cue_start: int
    cue_end: int
    cue_text: str
    stance: str
    speaker: tuple[int, int] | None  # token range of the speaker phrase
    mode: Mode
    attr_start: int  # token range of the attribution (speaker + cue + skipped words)
    attr_end: int
    contents: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    pending_colon: bool = False  # "X said:" at the end: the content is in the next paragraph
    antecedent: tuple[int, int] | None = None  # for "who": the phrase it refers to
    #: a venue phrase after the content (", in an interview with CBS"): part of the
    #: attribution, not of what was said
    tail: tuple[int, int] | None = None
