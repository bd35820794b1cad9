"""The check-worthiness model: fixed logistic weights over `features`, the wording of
checked claims (`wording`), and the cues.

The log-odds are the logistic model's over the features plus `LEX_WEIGHT` times the
statement's wording evidence (centred on its training mean `LEX_MEAN`). `WEIGHTS` (bias
first) and `SCALING` (each feature's mean and sd on the training file), `LEX_WEIGHT` and
`LEX_MEAN` are fitted by `benchmarks/tune_checkworthy.py --fit` on CheckThat 2020 Task 5's
training debates and pasted here (the word table it writes into `wording.py`); rerun that
script to refit. `LEX_WEIGHT` was chosen on debate-wise cross-validation (see below).
The classes were balanced in the fit (each check-worthy sentence weighs as much as all the
others over their count), so 0.5 means as likely check-worthy as not had both been equally
common, not a 1-in-100 probability. The ranking is what the score is for.

A cue is a feature present in the statement whose term raised the log-odds by at least
`CUE_MIN` (a feature whose absence raises the score, like "not a question", is no cue, and
neither are the features that describe a sentence not worth checking, `NOT_CUES`, when
their fitted weight happens to be positive), or the wording, named by its strongest words.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from functools import lru_cache

from .features import CUE_NAMES, FEATURES, normalised, text_features
from .wording import evidence_of, strongest

__all__ = ["CUE_MIN", "LEX_MEAN", "LEX_WEIGHT", "SCALING", "WEIGHTS", "Checkworthiness", "score"]

CUE_MIN = 0.25  # log-odds a feature must add to be named as a reason
#: features that never count as a reason to check (the training labels mark a few stage
#: directions and short turns check-worthy, so their weights can come out positive)
NOT_CUES = frozenset(
    {"short", "question", "greeting", "procedure", "interrupted", "stage", "moderator"}
)
MAX_CUES = 4


@dataclass(frozen=True, slots=True)
class Checkworthiness:
    """A statement's score (0-1, higher = check first) and the cues that raised it, the
    strongest first."""

    value: float
    cues: tuple[str, ...]


# fitted by benchmarks/tune_checkworthy.py --fit (see docs/checkworthiness.md)
WEIGHTS: tuple[float, ...] = (
    0.0153,  # bias
    0.3388,  # number
    0.0554,  # percent
    0.1731,  # money
    0.1274,  # big_quantity
    -0.0378,  # year
    0.0172,  # people
    0.0476,  # comparison
    0.1961,  # superlative
    0.0477,  # trend
    0.0017,  # causal
    0.288,  # record
    0.3212,  # policy
    -0.0935,  # place
    0.0101,  # institution
    0.1421,  # named
    0.2784,  # third_party
    -0.024,  # negation
    0.2934,  # length
    -0.2053,  # short
    -0.0827,  # question
    -0.0824,  # greeting
    -0.2245,  # procedure
    -0.092,  # opinion
    -0.257,  # promise
    -0.0685,  # first_person
    0.0119,  # second_person
    -0.0127,  # interrupted
    0.2645,  # stage
    -0.5055,  # moderator
)
SCALING: tuple[tuple[float, float], ...] = (
    (0.471, 0.9579),  # number
    (0.0318, 0.1754),  # percent
    (0.1915, 0.4841),  # money
    (0.0763, 0.2655),  # big_quantity
    (0.0167, 0.1282),  # year
    (0.2122, 0.4782),  # people
    (0.0273, 0.163),  # comparison
    (0.1101, 0.313),  # superlative
    (0.0768, 0.2856),  # trend
    (0.0698, 0.2548),  # causal
    (0.1255, 0.364),  # record
    (0.3294, 0.5965),  # policy
    (0.1828, 0.4411),  # place
    (0.1296, 0.3834),  # institution
    (0.8055, 1.0644),  # named
    (0.453, 0.6876),  # third_party
    (0.1894, 0.3918),  # negation
    (2.5188, 0.8001),  # length
    (0.2254, 0.3717),  # short
    (0.0697, 0.2378),  # question
    (0.0443, 0.2057),  # greeting
    (0.0978, 0.3263),  # procedure
    (0.1644, 0.4633),  # opinion
    (0.1048, 0.3301),  # promise
    (0.3041, 0.5292),  # first_person
    (0.2305, 0.4769),  # second_person
    (0.0566, 0.231),  # interrupted
    (0.0481, 0.2141),  # stage
    (0.0954, 0.2937),  # moderator
)


# the wording's weight and mean (tune_checkworthy.py --fit --moderators-from, the file
# benchmarks/moderators_of.py writes). CV MAP by weight: 2: 0.127, 3: 0.131, 4: 0.131,
# 6: 0.132, 10: 0.133 (wording alone 0.133, features alone 0.092); 4 is within noise of
# the best and leaves the features a say in the ranking and the cues
LEX_WEIGHT = 4.0
LEX_MEAN = 0.504


# the model as one sum: a feature's term is w * (x - mu) / sd, so the log-odds are _BASE
# (the bias and every feature's term at x = 0) plus each feature's slope w / sd times its
# value; the terms of the features that may be cues are worked out for those present
_SLOPES = tuple(w / sd for w, (_, sd) in zip(WEIGHTS[1:], SCALING, strict=True))
_BASE = WEIGHTS[0] + sum(
    w * (0.0 - mu) / sd for w, (mu, sd) in zip(WEIGHTS[1:], SCALING, strict=True)
)
_CUES = tuple(
    (i, CUE_NAMES[name], w, mu, sd)
    for i, (name, w, (mu, sd)) in enumerate(zip(FEATURES, WEIGHTS[1:], SCALING, strict=True))
    if name not in NOT_CUES
)


def score(text: str, *, moderator: bool = False) -> Checkworthiness:
    """How worth checking `text` is, and why (`moderator`: its speaker has that role)."""
    return _score(text, moderator)


@lru_cache(maxsize=8192)
def _score(text: str, moderator: bool) -> Checkworthiness:
    text, lower = normalised(text)
    values = text_features(text, lower) + (1.0 if moderator else 0.0,)
    z = _BASE + sum(map(operator.mul, _SLOPES, values))
    raised: list[tuple[float, str]] = []
    for i, cue, w, mu, sd in _CUES:
        x = values[i]
        if x > 0:
            term = w * (x - mu) / sd
            if term >= CUE_MIN:
                raised.append((term, cue))
    lex, hits = evidence_of(lower)
    term = LEX_WEIGHT * (lex - LEX_MEAN)
    z += term
    if term >= CUE_MIN and (words := strongest(hits)):
        raised.append((term, "claim wording (" + ", ".join(words) + ")"))
    raised.sort(key=lambda t: -t[0])
    value = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return Checkworthiness(round(value, 4), tuple(c for _, c in raised[:MAX_CUES]))
