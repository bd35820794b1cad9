#!/usr/bin/env python3
"""Fit and measure the check-worthiness model on labelled debate sentences, in-process.

    python benchmarks/tune_checkworthy.py [--jsonl ../shared/data/checkworthy-2020/train.jsonl]
                                          [--folds 5] [--fit] [--drop F1,F2]
                                          [--context F1,F2] [--bigrams W] [--lex-cap C]

The file is CheckThat 2020 Task 5's shape: one sentence a line (`doc`, `line`, `speaker`,
`text`, `label`; label 1 = check-worthy). Each sentence is scored from its own text by
`ledger.checkworthy` (the feature `moderator` is the speaker's role, which only the
transcript import knows; here it stays 0 unless --moderators names the labels, so the
in-process figures are text-only).

MAP is eval_transcripts.py's: the mean over debates of the average precision of that
debate's sentences ranked by score. Prints ONE JSON object:

* ``in_code``: MAP, P@10 and AUC of the model as written in ledger/checkworthy (WEIGHTS);
* ``baseline``: the number-and-length heuristic (a number first, then longer first);
* ``cv``: k-fold cross-validation BY DEBATE: the feature weights and the word table
  refitted on the debates of k-1 folds, the held-out fold's debates ranked by them
  (``per_fold_map`` and the mean) at the wording weight chosen on the pooled CV MAP from
  ``--lex-grid`` (``by_lex_weight``: every one tried; 0 = the features alone), and the
  word table alone (``wording_only``);
* ideas measured by the same CV and not kept in the model (docs/checkworthiness.md):
  ``--context`` adds features of a sentence's place in its debate (CONTEXT: first of a
  turn, the turn's length, the sentence follows a question of another speaker, its place
  in its turn, the extractor's hedging and negative polarity); ``--bigrams W`` adds W times
  a word-pair table (pairs seen 100 times, same formula, over the number of words);
  ``--lex-cap C`` clips the wording evidence to [-C, C];
* with ``--fit``: ``fit``: WEIGHTS, SCALING, LEX_WEIGHT and LEX_MEAN fitted on the whole
  file (paste them into ledger/checkworthy/model.py); with ``--write-words`` the word table
  is written into ledger/checkworthy/wording.py.

Tune on training data only (never on a held-out test file).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from logistic import auc_of, compress, fit, group_folds, model_of, scaling_of  # noqa: E402

from ledger.checkworthy import score  # noqa: E402
from ledger.checkworthy.features import FEATURES, features  # noqa: E402
from ledger.checkworthy.model import WEIGHTS  # noqa: E402
from ledger.checkworthy.wording import MIN_COUNT, MIN_WEIGHT, words_of  # noqa: E402

WORDING = Path(__file__).resolve().parents[1] / "ledger/checkworthy/wording.py"
SMOOTHING = 0.5


def word_table(
    words: list[frozenset[str]], ys: list[bool], idx: list[int], min_count: int = MIN_COUNT
) -> dict[str, float]:
    """Each word's smoothed log-odds of appearing in a check-worthy sentence rather than in
    another, over the sentences `idx` (words seen `min_count` times; |weight| >= MIN_WEIGHT)."""
    pos: Counter[str] = Counter()
    neg: Counter[str] = Counter()
    npos = nneg = 0
    for i in idx:
        if ys[i]:
            pos.update(words[i])
            npos += 1
        else:
            neg.update(words[i])
            nneg += 1
    out = {}
    a = SMOOTHING
    for w in set(pos) | set(neg):
        if pos[w] + neg[w] < min_count:
            continue
        v = math.log((pos[w] + a) / (npos + 2 * a)) - math.log((neg[w] + a) / (nneg + 2 * a))
        if abs(v) >= MIN_WEIGHT:
            out[w] = round(v, 3)
    return out


def lex_of(table: dict[str, float], words: frozenset[str]) -> float:
    """wording.wording()'s value with `table` (the same formula)."""
    if not words:
        return 0.0
    return sum(table.get(w, 0.0) for w in words) / math.sqrt(len(words))


def write_words(table: dict[str, float]) -> None:
    """The table into wording.py's _TABLE, eight pairs a line, by weight then word."""
    items = [f"{w}:{v}" for w, v in sorted(table.items(), key=lambda t: (-t[1], t[0]))]
    lines = [" ".join(items[i : i + 8]) for i in range(0, len(items), 8)]
    text = WORDING.read_text(encoding="utf-8")
    start = text.index('_TABLE = """') + len('_TABLE = """')
    end = text.index('"""', start)
    WORDING.write_text(text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:], "utf-8")


DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/checkworthy-2020/train.jsonl"


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def ap(ranked: list[bool]) -> float | None:
    """Average precision of one ranking (eval_transcripts.py's ap())."""
    n = sum(ranked)
    hits = 0
    s = 0.0
    for i, gold in enumerate(ranked, 1):
        if gold:
            hits += 1
            s += hits / i
    return s / n if n else None


def ranking_metrics(rows: list[dict], scores: list[float]) -> dict:
    """MAP and P@10 over the docs of `rows`, ranked by `scores` (stable: ties keep line order)."""
    by_doc: dict[str, list[tuple[float, int, bool]]] = defaultdict(list)
    for r, s in zip(rows, scores, strict=True):
        by_doc[r["doc"]].append((s, int(r["line"]), bool(r["label"])))
    aps, p10 = [], []
    for items in by_doc.values():
        ranked = [g for _, _, g in sorted(items, key=lambda t: (-t[0], t[1]))]
        v = ap(ranked)
        if v is not None:
            aps.append(v)
            p10.append(sum(ranked[:10]) / 10)
    return {
        "docs": len(aps),
        "map": round(sum(aps) / len(aps), 4) if aps else None,
        "p_at_10": round(sum(p10) / len(p10), 3) if p10 else None,
        "auc": auc_of(list(zip(scores, [bool(r["label"]) for r in rows], strict=True))),
    }


CONTEXT = ("first_in_turn", "turn_length", "after_question", "turn_position", "hedged", "negative")


def context_of(rows: list[dict], names: list[str]) -> list[tuple[float, ...]]:
    """The CONTEXT features `names` of each row: its turn (consecutive sentences of one
    speaker, in line order) and the sentence before its turn; hedging and polarity are
    `ledger.extract.classify_hedging`'s."""
    from ledger.extract import classify_hedging

    values: list[dict[str, float]] = [{} for _ in rows]
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_doc[r["doc"]].append(i)
    for idx in by_doc.values():
        idx.sort(key=lambda i: int(rows[i]["line"]))
        turns: list[list[int]] = []
        for i in idx:
            if turns and rows[turns[-1][-1]]["speaker"] == rows[i]["speaker"]:
                turns[-1].append(i)
            else:
                turns.append([i])
        for t, turn in enumerate(turns):
            asked = t > 0 and rows[turns[t - 1][-1]]["text"].rstrip().endswith("?")
            for j, i in enumerate(turn):
                values[i]["first_in_turn"] = 1.0 if j == 0 else 0.0
                values[i]["turn_length"] = round(math.log1p(len(turn)), 1)
                values[i]["after_question"] = 1.0 if asked and j < 3 else 0.0
                values[i]["turn_position"] = min(j, 10) / 10
    if {"hedged", "negative"} & set(names):
        for v, r in zip(values, rows, strict=True):
            h = classify_hedging(r["text"])
            v["hedged"] = 0.0 if h.level == "none" else 1.0
            v["negative"] = 0.0 if h.polarity == "positive" else 1.0
    return [tuple(v[n] for n in names) for v in values]


def pairs_of(text: str) -> frozenset[str]:
    """The text's pairs of consecutive words, as the word table keys words."""
    ws = _PAIR_TOKEN.findall(_PAIR_DIGITS.sub("0", text.lower()))
    return frozenset(f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False))


_PAIR_TOKEN = re.compile(r"[a-z0-9$%']+")
_PAIR_DIGITS = re.compile(r"[0-9]+")


def baseline(text: str) -> float:
    """The number-and-length heuristic: sentences with a digit first, longer ones first."""
    return (1000.0 if any(c.isdigit() for c in text) else 0.0) + len(text.split())


def main() -> None:
    ap_ = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap_.add_argument("--jsonl", type=Path, default=DEFAULT)
    ap_.add_argument("--folds", type=int, default=5)
    ap_.add_argument("--seed", type=int, default=14)
    ap_.add_argument("--l2", type=float, default=1.0)
    ap_.add_argument("--fit", action="store_true", help="fit weights on the whole file")
    ap_.add_argument(
        "--no-balance", dest="balance", action="store_false", help="fit without class weights"
    )
    ap_.add_argument("--lex-grid", default="0,0.5,1,1.5,2,3", help="wording weights to try")
    ap_.add_argument("--write-words", action="store_true", help="with --fit: write the word table")
    ap_.add_argument("--drop", default="", help="comma-separated features left out (ablation)")
    ap_.add_argument(
        "--moderators", default="", help="comma-separated speaker labels that are moderators"
    )
    ap_.add_argument(
        "--moderators-from",
        type=Path,
        help="JSON {'doc|line': true} of the sentences the transcript import gives a "
        "moderator (benchmarks/moderators_of.py writes it)",
    )
    ap_.add_argument("--context", default="", help="CONTEXT features to add (CV only)")
    ap_.add_argument("--bigrams", type=float, default=0.0, help="weight of a word-pair table")
    ap_.add_argument("--lex-cap", type=float, help="clip the wording evidence to [-C, C]")
    a = ap_.parse_args()
    if not a.jsonl.exists():
        print(json.dumps({"error": f"{a.jsonl} not found"}))
        raise SystemExit(1)

    rows = load(a.jsonl)
    moderators = {m.strip().casefold() for m in a.moderators.split(",") if m.strip()}
    t0 = time.perf_counter()
    marked = json.loads(a.moderators_from.read_text()) if a.moderators_from else {}

    def is_moderator(r: dict) -> bool:
        return r["speaker"].casefold() in moderators or bool(marked.get(f"{r['doc']}|{r['line']}"))

    xs = [features(r["text"], moderator=is_moderator(r)) for r in rows]
    context = [n for n in a.context.split(",") if n]
    if context:
        unknown = set(context) - set(CONTEXT)
        if unknown or a.fit:
            raise SystemExit(f"--context: one of {CONTEXT}, and not with --fit")
        xs = [x + c for x, c in zip(xs, context_of(rows, context), strict=True)]
    t_feat = time.perf_counter() - t0
    ys = [bool(r["label"]) for r in rows]
    dropped = [FEATURES.index(f) for f in a.drop.split(",") if f]
    if dropped:
        # a left-out feature is constant 0: its fitted weight is 0 and it carries nothing
        xs = [tuple(0.0 if i in dropped else v for i, v in enumerate(x)) for x in xs]

    result: dict = {"jsonl": str(a.jsonl), "sentences": len(rows), "positive": sum(ys)}
    if len(WEIGHTS) == len(FEATURES) + 1:
        t1 = time.process_time()
        in_code = [score(r["text"], moderator=is_moderator(r)).value for r in rows]
        result["score_us_per_sentence"] = round((time.process_time() - t1) / len(rows) * 1e6, 1)
        result["in_code"] = ranking_metrics(rows, in_code)
    result["baseline"] = ranking_metrics(rows, [baseline(r["text"]) for r in rows])

    def fit_on(idx: list[int]) -> tuple[list[float], list[tuple[float, float]]]:
        sub_y = [ys[i] for i in idx]
        # balanced classes: the positives together weigh as much as the negatives
        pos_w = (len(sub_y) - sum(sub_y)) / max(1, sum(sub_y)) if a.balance else 1.0
        cx, cy, cw = compress([xs[i] for i in idx], sub_y, [pos_w if y else 1.0 for y in sub_y])
        return fit(cx, cy, a.l2, weights=cw, sc=scaling_of(cx, cw))

    words = [words_of(r["text"]) for r in rows]
    pairs = [pairs_of(r["text"]) for r in rows] if a.bigrams else []
    grid = [float(x) for x in a.lex_grid.split(",")]
    fold = group_folds([r["doc"] for r in rows], a.folds, a.seed)
    z_cv = [0.0] * len(rows)
    lex_cv = [0.0] * len(rows)
    for k in range(a.folds):
        train = [i for i, f in enumerate(fold) if f != k]
        w, sc = fit_on(train)
        m = model_of(w, sc)
        table = word_table(words, ys, train)
        pair_table = word_table(pairs, ys, train, 100) if a.bigrams else {}
        for i, f in enumerate(fold):
            if f == k:
                p = min(max(m(xs[i]), 1e-12), 1 - 1e-12)
                z_cv[i] = math.log(p / (1 - p))
                lex_cv[i] = lex_of(table, words[i])
                if a.bigrams and words[i]:
                    lex_cv[i] += (
                        a.bigrams
                        * lex_of(pair_table, pairs[i])
                        * (math.sqrt(len(pairs[i])) / math.sqrt(len(words[i])))
                    )
                if a.lex_cap is not None:
                    lex_cv[i] = max(-a.lex_cap, min(a.lex_cap, lex_cv[i]))

    def combined(b: float) -> list[float]:
        return [z + b * lx for z, lx in zip(z_cv, lex_cv, strict=True)]

    by_b = {b: ranking_metrics(rows, combined(b)) for b in grid}
    best = max(grid, key=lambda b: by_b[b]["map"])
    per_fold = []
    scores = combined(best)
    for k in range(a.folds):
        held = [i for i, f in enumerate(fold) if f == k]
        per_fold.append(ranking_metrics([rows[i] for i in held], [scores[i] for i in held]))
    maps = [f["map"] for f in per_fold if f["map"] is not None]
    result["cv"] = {
        "folds": a.folds,
        "lex_weight": best,
        "per_fold_map": maps,
        "mean_fold_map": round(sum(maps) / len(maps), 4),
        "pooled": by_b[best],
        "by_lex_weight": {str(b): by_b[b]["map"] for b in grid},
        "wording_only": ranking_metrics(rows, lex_cv),
    }
    result["feature_seconds"] = round(t_feat, 2)
    result["l2"] = a.l2
    result["balanced"] = a.balance
    result["dropped"] = [FEATURES[i] for i in dropped]
    result["context"] = context
    result["bigrams"] = a.bigrams
    result["lex_cap"] = a.lex_cap
    if a.fit:
        every = list(range(len(rows)))
        w, sc = fit_on(every)
        table = word_table(words, ys, every)
        lex = [lex_of(table, ws) for ws in words]
        lex_mean = sum(lex) / len(lex)
        m = model_of(w, sc)
        fitted = []
        for x, lx in zip(xs, lex, strict=True):
            p = min(max(m(x), 1e-12), 1 - 1e-12)
            fitted.append(math.log(p / (1 - p)) + best * (lx - lex_mean))
        if a.write_words:
            write_words(table)
        result["fit"] = {
            "train": ranking_metrics(rows, fitted),
            "WEIGHTS": [round(x, 4) for x in w],
            "SCALING": [[round(mu, 4), round(sd, 4)] for mu, sd in sc],
            "LEX_WEIGHT": best,
            "LEX_MEAN": round(lex_mean, 4),
            "words": len(table),
            "features": list(FEATURES),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
