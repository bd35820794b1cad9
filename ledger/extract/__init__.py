"""Attribution extraction: who said what, how, when, where, and how firmly.

Pure text in, plain dataclasses out (see `types.py`); no database, no models, no network.

- `extract(text, published_on)`: statements of an article body, in document order.
- `classify_hedging(text)`: the hedging level, cues and polarity of one sentence.
- `stance_of(cue)`: the reporter's stance carried by a cue verb or phrase.
"""

from __future__ import annotations

from .extractor import extract
from .hedging import classify_hedging
from .lexicon import CUE_STANCE
from .types import (
    HEDGING_LEVELS,
    KINDS,
    SPEAKER_KINDS,
    STANCES,
    ExtractedStatement,
    Hedge,
    HedgeCue,
    SpeakerRef,
)

__all__ = [
    "HEDGING_LEVELS",
    "KINDS",
    "SPEAKER_KINDS",
    "STANCES",
    "ExtractedStatement",
    "Hedge",
    "HedgeCue",
    "SpeakerRef",
    "classify_hedging",
    "extract",
    "stance_of",
]


def stance_of(cue: str) -> str | None:
    """Stance of a cue ("said" → neutral, "claims" → distancing), or None when unknown.

    Multi-word cues are looked up whole, then by their last reporting word ("has also
    said" → neutral, "is widely believed to" → distancing).
    """
    if not isinstance(cue, str):
        return None
    words = cue.casefold().replace("’", "'").split()
    if not words:
        return None
    whole = " ".join(words)
    if whole in CUE_STANCE:
        return CUE_STANCE[whole]
    for size in (3, 2):
        for i in range(len(words) - size + 1):
            got = CUE_STANCE.get(" ".join(words[i : i + size]))
            if got:
                return got
    for w in reversed(words):
        w = w.strip('.,:;!?"“”')
        if w in CUE_STANCE:
            return CUE_STANCE[w]
    return None
