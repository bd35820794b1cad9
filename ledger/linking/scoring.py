"""Pair scoring: decides whether two statements are a repeat, an altered quote, a paraphrase
or a conflict, with a score (0-100, higher = more confident they make the same claim).

Rules (thresholds in `Thresholds`, chosen on data, see docs/linking.md):

* repeat — same (known) speaker, and after normalisation one token sequence is the other,
  or the other cut short at either or both ends (a partial quote). Score 100. Two partial
  quotes that merely overlap are not a repeat (clauses may have been reordered).
* altered — same speaker, both presented as verbatim, the aligned core differs (words
  inserted, dropped or changed). Score: Dice over the aligned core of the token alignment.
  A changed number makes the link a suggestion only: it may be a misquote, or two claims.
* paraphrase — anything else: `pair_model`'s logistic model over overlap, order, numbers
  and negation features gives P(same claim); the score is 100 x P. Numbers must agree
  (the numbers of one text all in the other) and so must negation.
* conflicts — what would be a paraphrase, but the figures differ ("200 litres" vs "300
  litres") or one side is negated ("is safe" vs "is not safe"): always a suggestion,
  with a word diff that shows the differing words, never joining a claim. Scored by the
  same model as if the figures and negation agreed (how sure the rest is the same claim).

Status: `auto` at or above the high threshold, `suggested` between the low and high one;
texts under `min_auto_words` words are never `auto`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, fields

from rapidfuzz import fuzz

from .diff import diff_ops, token_diff, word_diff
from .model import ALTERED, CONFLICTS, PARAPHRASE, REPEAT, LinkItem, ProposedLink
from .normalise import _NUMBER, content_text, normalise
from .pair_model import FEATURES, PairFeatures, agreeing, pair_features, same_claim_probability

__all__ = [
    "THRESHOLDS",
    "Prepared",
    "Thresholds",
    "align_core",
    "classify_pair",
    "decide_pair",
    "passes_gates",
    "classify_prepared",
    "paraphrase_score",
    "prepare",
]

_HAS_DIGIT = re.compile(r"\d").search
METHOD_REPEAT = "token-align/v1"
METHOD_ALTERED = "token-align/v1"
METHOD_PARAPHRASE = "pair-logit/v2"
METHOD_CONFLICTS = "pair-logit/v2"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Cut-offs of every relation (docs/linking.md says how each was chosen).

    Fields added later go at the end: a Linker cache pickles its Thresholds, and
    `__setstate__` gives fields an older pickle lacks their defaults.
    """

    altered_low: float = 76.0
    altered_high: float = 80.0
    # The Linker pre-filters paraphrase candidates at token_set_ratio >= paraphrase_low - 8
    # on content words; classify applies the same gate so that both agree.
    paraphrase_low: float = 68.0
    # Since pair-logit/v1 an auto paraphrase also needs the lexical score (the mean of
    # token_set and token_sort ratio on content words, `paraphrase_score`) at or above
    # this: a pair that shares a frame and a figure but few other words ("12 protesters
    # arrested in Paris" / "12 journalists arrested in Lyon") is never linked automatically
    # however the model rates it; it kept synthetic auto links >= 0.99 precise. 82 (not 84):
    # MRPC train 5-fold CV auto recall 0.289 -> 0.303 at precision 0.971 (docs/linking.md).
    paraphrase_high: float = 82.0
    min_auto_words: int = 8
    # Overlapping partial quotes must share at least this share of the shorter one.
    min_overlap_share: float = 0.5
    # Paraphrase needs this many content words on each side to be considered at all.
    min_content_words: int = 4
    # On the pair model's score (100 x P(same claim)): suggest, auto, and conflicts.
    same_claim_low: float = 48.5
    same_claim_high: float = 91.5
    conflict_low: float = 83.5
    # No paraphrase or conflict below this lexical score, whatever the model says.
    lexical_low: float = 60.0

    def __setstate__(self, state: list[object]) -> None:
        names = [f.name for f in fields(self)]
        for name, value in zip(names, state, strict=False):
            object.__setattr__(self, name, value)
        for f in fields(self)[len(state) :]:
            object.__setattr__(self, f.name, f.default)


THRESHOLDS = Thresholds()


@dataclass(frozen=True, slots=True)
class Prepared:
    """What scoring needs of a statement, computed once: normalised and content text."""

    id: int
    norm: str
    content: str
    speaker: Hashable | None
    verbatim: bool
    text: str = ""


def prepare(item: LinkItem) -> Prepared:
    norm = normalise(item.text)
    return Prepared(item.id, norm, content_text(norm), item.speaker_key, item.verbatim, item.text)


def paraphrase_score(ca: str, cb: str) -> float:
    """Mean of token_set_ratio (robust to truncation) and token_sort_ratio (to reordering).

    token_set alone rates any subset 100; averaging with token_sort keeps a short fragment
    of a long text from looking like the same claim.
    """
    return (fuzz.token_set_ratio(ca, cb) + fuzz.token_sort_ratio(ca, cb)) / 2.0


def align_core(ta: list[str], tb: list[str]) -> tuple[int, int, int, bool, bool, bool]:
    """Align two token lists, ignoring one-sided gaps at either end (truncation).

    Returns (equal tokens, core length in a, core length in b, core identical, numbers
    changed inside the core, contained: the trimmed ends all come from one side, i.e. one
    text is the other cut short).
    """
    ops = diff_ops(ta, tb)
    i, j = 0, len(ops)
    while i < j and ops[i][0] in ("insert", "delete"):
        i += 1
    while j > i and ops[j - 1][0] in ("insert", "delete"):
        j -= 1
    trimmed = {op[0] for op in ops[:i]} | {op[0] for op in ops[j:]}
    eq = la = lb = 0
    identical = True
    number_changed = False
    for tag, a0, a1, b0, b1 in ops[i:j]:
        la += a1 - a0
        lb += b1 - b0
        if tag == "equal":
            eq += a1 - a0
            continue
        identical = False
        if not number_changed and (
            any(_NUMBER.fullmatch(t) for t in ta[a0:a1])
            or any(_NUMBER.fullmatch(t) for t in tb[b0:b1])
        ):
            number_changed = True
    return eq, la, lb, identical and eq > 0, number_changed, len(trimmed) <= 1


def _numbers_agree(ca: str, cb: str) -> bool:
    # Agree unless each side has a number the other lacks ("122" vs "12"); a text that was
    # cut short before its number still agrees.
    if not (_HAS_DIGIT(ca) and _HAS_DIGIT(cb)):
        return True
    na, nb = Counter(_NUMBER.findall(ca)), Counter(_NUMBER.findall(cb))
    return na <= nb or nb <= na


def classify_prepared(
    a: Prepared, b: Prepared, th: Thresholds = THRESHOLDS, *, with_diff: bool = True
) -> ProposedLink | None:
    """Classify a pair of prepared statements; symmetric in (a, b)."""
    if a.id == b.id:
        return None
    if b.id < a.id:
        a, b = b, a
    ta, tb = a.norm.split(), b.norm.split()
    if not ta or not tb:
        return None
    shortest = min(len(ta), len(tb))
    same_speaker = a.speaker is not None and a.speaker == b.speaker

    if same_speaker:
        short, long_ = (a.norm, b.norm) if len(ta) <= len(tb) else (b.norm, a.norm)
        if f" {short} " in f" {long_} ":
            status = "auto" if shortest >= th.min_auto_words else "suggested"
            return _link(a, b, REPEAT, 100.0, METHOD_REPEAT, status, with_diff)
        eq, la, lb, identical, number_changed, contained = align_core(ta, tb)
        if identical and contained:
            status = "auto" if min(eq, shortest) >= th.min_auto_words else "suggested"
            return _link(a, b, REPEAT, 100.0, METHOD_REPEAT, status, with_diff)
        if a.verbatim and b.verbatim and eq >= th.min_overlap_share * shortest and la + lb > 0:
            score = round(200.0 * eq / (la + lb), 2)
            if score >= th.altered_low:
                auto = (
                    score >= th.altered_high
                    and shortest >= th.min_auto_words
                    and not number_changed
                )
                return _link(
                    a, b, ALTERED, score, METHOD_ALTERED, "auto" if auto else "suggested", with_diff
                )

    ca, cb = a.content, b.content
    if not passes_gates(ca, cb, th):
        return None
    pf = pair_features(a.norm, ca, b.norm, cb)
    decision = decide_pair(pf, shortest, th)
    if decision is None:
        return None
    relation, score, status = decision
    if relation == CONFLICTS:
        return _link(a, b, CONFLICTS, score, METHOD_CONFLICTS, status, with_diff)
    return _link(a, b, PARAPHRASE, score, METHOD_PARAPHRASE, status, False)


# Same margin as the Linker's pre-filter (linker._PREFILTER_MARGIN).
_PREFILTER_MARGIN = 8.0
_TOKEN_SET = FEATURES.index("token_set")
_TOKEN_SORT = FEATURES.index("token_sort")
_COVER_MAX = FEATURES.index("cover_max")


def passes_gates(ca: str, cb: str, th: Thresholds = THRESHOLDS) -> bool:
    """Cheap checks on two content texts before the pair model runs: enough content words,
    the Linker's pre-filter (what it never scores, classify never links) and decide_pair's
    lexical floor."""
    if min(ca.count(" "), cb.count(" ")) + 1 < th.min_content_words:
        return False
    token_set = fuzz.token_set_ratio(ca, cb)
    if token_set < th.paraphrase_low - _PREFILTER_MARGIN:
        return False
    return (token_set + fuzz.token_sort_ratio(ca, cb)) / 2.0 >= th.lexical_low


def decide_pair(
    pf: PairFeatures,
    shortest: int,
    th: Thresholds = THRESHOLDS,
    model: Callable[[PairFeatures], float] = same_claim_probability,
) -> tuple[str, float, str] | None:
    """(relation, score, status) of a pair that is not a repeat/altered quote, or None.

    `model` gives P(same claim) of a pair's features (benchmarks/tune_pairs.py passes the
    weights of each cross-validation fold). Figures or negation that disagree make a
    conflict when the rest of the pair is a likely paraphrase, else nothing: never a
    paraphrase. `shortest`: token count of the shorter text (short texts are never auto).
    """
    lexical = 50.0 * (pf.values[_TOKEN_SET] + pf.values[_TOKEN_SORT])
    if lexical < th.lexical_low:
        return None
    if pf.disagrees:
        rest = round(100.0 * model(agreeing(pf)), 2)
        if rest >= th.conflict_low:
            return CONFLICTS, rest, "suggested"
        return None
    score = round(100.0 * model(pf), 2)
    # One text is the other plus detail (every content word of the shorter is in the
    # longer): the same claim for a ledger even when the model, fitted on news pairs whose
    # annotators call "extra information" a different meaning, rates it low.
    contained = pf.values[_COVER_MAX] >= 1.0
    if score < th.same_claim_low and not contained:
        return None
    auto = (
        score >= th.same_claim_high
        and lexical >= th.paraphrase_high
        and shortest >= th.min_auto_words
    )
    return PARAPHRASE, score, "auto" if auto else "suggested"


def _link(
    a: Prepared,
    b: Prepared,
    relation: str,
    score: float,
    method: str,
    status: str,
    with_diff: bool,
) -> ProposedLink:
    if not with_diff:
        diff = None
    elif a.text and b.text:
        diff = word_diff(a.text, b.text, a.norm, b.norm)
    else:
        # Texts not kept (Linker default): a diff of the normalised words, much cheaper.
        diff = token_diff(a.norm.split(), b.norm.split())
    return ProposedLink(a.id, b.id, relation, score, method, status, diff)  # type: ignore[arg-type]


def classify_pair(
    a: LinkItem, b: LinkItem, thresholds: Thresholds = THRESHOLDS
) -> ProposedLink | None:
    """Relation between two statements, or None; the same answer for (a, b) and (b, a)."""
    return classify_prepared(prepare(a), prepare(b), thresholds)
