"""L2-regularised logistic regression in pure Python, and the cross-validation helpers the
tuning scripts share (`tune_pairs.py` for the pair classifier, `tune_checkworthy.py` for
check-worthiness).

Features are standardised (mean 0, sd 1) before fitting, so the weights a script prints
read as "how much one standard deviation of this feature moves the log-odds"; the scaling
is printed beside them and the models in `ledger/` apply it the same way. Newton steps on
the full Hessian: the feature counts are small (tens), the sample counts large; callers with
many identical rows pass them once with a weight (see `compress`).
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable, Hashable, Sequence

__all__ = [
    "auc_of",
    "compress",
    "fit",
    "folds_of",
    "group_folds",
    "linear_prob",
    "scaling_of",
]


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        piv = m[c][c]
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / piv
                mr, mc = m[r], m[c]
                for k in range(c, n + 1):
                    mr[k] -= f * mc[k]
    return [m[i][n] / m[i][i] for i in range(n)]


def scaling_of(
    xs: Sequence[tuple[float, ...]], weights: Sequence[float] | None = None
) -> list[tuple[float, float]]:
    """(mean, sd) of each column (weighted by `weights` when given); sd 0 becomes 1."""
    ws = weights or [1.0] * len(xs)
    total = sum(ws)
    out = []
    for j in range(len(xs[0])):
        mu = sum(x[j] * w for x, w in zip(xs, ws, strict=True)) / total
        var = sum((x[j] - mu) ** 2 * w for x, w in zip(xs, ws, strict=True)) / total
        out.append((mu, math.sqrt(var) or 1.0))
    return out


def fit(
    xs: Sequence[tuple[float, ...]],
    ys: Sequence[bool],
    l2: float,
    iters: int = 12,
    weights: Sequence[float] | None = None,
    sc: list[tuple[float, float]] | None = None,
) -> tuple[list[float], list[tuple[float, float]]]:
    """(weights with bias first, scaling) of an L2-regularised logistic regression;
    `weights`: per-sample weights (default 1); `sc`: the scaling to use (default: of xs)."""
    sc = sc or scaling_of(xs)
    weights = weights or [1.0] * len(xs)
    z = [[1.0] + [(v - mu) / sd for v, (mu, sd) in zip(x, sc, strict=True)] for x in xs]
    d = len(z[0])
    w = [0.0] * d
    for _ in range(iters):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for row, y, sw in zip(z, ys, weights, strict=True):
            s = sum(wi * xi for wi, xi in zip(w, row, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))
            g = sw * (p - (1.0 if y else 0.0))
            h = sw * p * (1.0 - p)
            for i in range(d):
                ri = row[i]
                grad[i] += g * ri
                hi = hess[i]
                hr = h * ri
                for k in range(i, d):
                    hi[k] += hr * row[k]
        for i in range(d):
            for k in range(i):
                hess[i][k] = hess[k][i]
            if i:
                grad[i] += l2 * w[i]
                hess[i][i] += l2
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return w, sc


def compress(
    xs: Sequence[tuple[float, ...]], ys: Sequence[bool], weights: Sequence[float] | None = None
) -> tuple[list[tuple[float, ...]], list[bool], list[float]]:
    """Identical (row, label) pairs merged into one row carrying their summed weight: the
    same fit, in a fraction of the time when features are few and discrete."""
    ws = weights or [1.0] * len(xs)
    merged: dict[tuple[tuple[float, ...], bool], float] = {}
    for x, y, w in zip(xs, ys, ws, strict=True):
        merged[(x, y)] = merged.get((x, y), 0.0) + w
    keys = list(merged)
    return [k[0] for k in keys], [k[1] for k in keys], [merged[k] for k in keys]


def linear_prob(
    w: Sequence[float], sc: Sequence[tuple[float, float]], values: Sequence[float]
) -> float:
    """The fitted model's probability for one row of feature values."""
    s = w[0] + sum(wi * (x - mu) / sd for wi, x, (mu, sd) in zip(w[1:], values, sc, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))


def auc_of(scores: Sequence[tuple[float, bool]]) -> float:
    """Area under the ROC curve of (score, gold) pairs (ties count half)."""
    neg = sorted(s for s, g in scores if not g)
    pos = [s for s, g in scores if g]
    tot = sum(
        bisect.bisect_left(neg, s)
        + 0.5 * (bisect.bisect_right(neg, s) - bisect.bisect_left(neg, s))
        for s in pos
    )
    return round(tot / max(1, len(pos) * len(neg)), 4)


def folds_of(n: int, k: int, seed: int) -> list[int]:
    """A fold (0..k-1) for each of n samples, shuffled by `seed`, sizes within one."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    fold = [0] * n
    for r, i in enumerate(order):
        fold[i] = r % k
    return fold


def group_folds(groups: Sequence[Hashable], k: int, seed: int) -> list[int]:
    """A fold for each sample such that all samples of one group (say, one debate) share it:
    the groups are dealt to folds as `folds_of` deals samples."""
    names = sorted(set(groups), key=str)
    by_group = dict(zip(names, folds_of(len(names), k, seed), strict=True))
    return [by_group[g] for g in groups]


def model_of(
    w: Sequence[float], sc: Sequence[tuple[float, float]]
) -> Callable[[Sequence[float]], float]:
    """`linear_prob` with the weights bound."""
    return lambda values: linear_prob(w, sc, values)
