"""The check-worthiness model: fixed logistic weights over `features`, the wording of
checked claims (`wording`), and the cues.

The log-odds are the logistic model's over the features plus `LEX_WEIGHT` times the
statement's wording evidence (centred on its training mean `LEX_MEAN`). `WEIGHTS` (bias
first) and `SCALING` (each feature's mean and sd on the training file), `LEX_WEIGHT` and
`LEX_MEAN` are fitted by `benchmarks/tune_checkworthy.py --fit` on CheckThat 2020 Task 5's
training debates and pasted here (the word table it writes into `wording.py`); rerun that
script to refit. `LEX_WEIGHT` is the one chosen by debate-wise cross-validation. The classes were balanced in the fit (each
check-worthy sentence weighs as much as all the others over their count), so the score
reads on a usable scale: 0.5 means as likely check-worthy as not had both been equally
common, not a 1-in-100 probability. The ranking is what the score is for.

A cue is a feature present in the statement whose term raised the log-odds by at least
`CUE_MIN` (a feature whose absence raises the score, like "not a question", is no cue, and
neither are the features that describe a sentence not worth checking, `NOT_CUES`, when
their fitted weight happens to be positive), or the wording, named by its strongest words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .features import CUE_NAMES, FEATURES, features
from .wording import wording

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
    0.0549,  # bias
    0.3575,  # number
    0.0703,  # percent
    0.187,  # money
    0.0938,  # big_quantity
    -0.0495,  # year
    0.0393,  # people
    0.0479,  # comparison
    0.2124,  # superlative
    0.0286,  # trend
    0.0003,  # causal
    0.2804,  # record
    0.3274,  # policy
    -0.0654,  # place
    0.0137,  # institution
    0.1237,  # named
    0.259,  # third_party
    -0.0037,  # negation
    0.3282,  # length
    -0.1746,  # short
    -0.1536,  # question
    -0.0991,  # greeting
    -0.2957,  # procedure
    -0.0733,  # opinion
    -0.2456,  # promise
    -0.0075,  # first_person
    -0.0781,  # second_person
    -0.0315,  # interrupted
    0.3013,  # stage
    0.0,  # moderator
)
SCALING: tuple[tuple[float, float], ...] = (
    (0.47, 0.9482),  # number
    (0.0318, 0.1754),  # percent
    (0.2016, 0.5105),  # money
    (0.0763, 0.2655),  # big_quantity
    (0.0167, 0.1282),  # year
    (0.2274, 0.5172),  # people
    (0.0272, 0.1628),  # comparison
    (0.1111, 0.3143),  # superlative
    (0.0783, 0.2928),  # trend
    (0.0698, 0.2548),  # causal
    (0.1388, 0.4108),  # record
    (0.3414, 0.6193),  # policy
    (0.1917, 0.4646),  # place
    (0.1363, 0.4036),  # institution
    (0.8055, 1.0644),  # named
    (0.4777, 0.7235),  # third_party
    (0.1675, 0.3734),  # negation
    (2.5197, 0.8001),  # length
    (0.2252, 0.3716),  # short
    (0.0685, 0.2369),  # question
    (0.0443, 0.2059),  # greeting
    (0.0993, 0.3354),  # procedure
    (0.1488, 0.4155),  # opinion
    (0.1077, 0.3452),  # promise
    (0.3467, 0.616),  # first_person
    (0.2645, 0.5589),  # second_person
    (0.0566, 0.231),  # interrupted
    (0.0481, 0.2141),  # stage
    (0.0, 1.0),  # moderator
)


# the wording's weight and mean (tune_checkworthy.py --fit). CV MAP by weight: 2: 0.123,
# 3: 0.129, 4: 0.130, 6: 0.130, 10: 0.132 (wording alone 0.133, features alone 0.089); 4 is
# within noise of the best and leaves the features a say in the ranking and the cues
LEX_WEIGHT = 4.0
LEX_MEAN = 0.504


def score(text: str, *, moderator: bool = False) -> Checkworthiness:
    """How worth checking `text` is, and why (`moderator`: its speaker has that role)."""
    values = features(text, moderator=moderator)
    z = WEIGHTS[0]
    raised: list[tuple[float, str]] = []
    for name, w, x, (mu, sd) in zip(FEATURES, WEIGHTS[1:], values, SCALING, strict=True):
        term = w * (x - mu) / sd
        z += term
        if x > 0 and term >= CUE_MIN and name not in NOT_CUES:
            raised.append((term, CUE_NAMES[name]))
    lex, words = wording(text)
    term = LEX_WEIGHT * (lex - LEX_MEAN)
    z += term
    if words and term >= CUE_MIN:
        raised.append((term, "claim wording (" + ", ".join(words) + ")"))
    raised.sort(key=lambda t: -t[0])
    value = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return Checkworthiness(round(value, 4), tuple(c for _, c in raised[:MAX_CUES]))
