#!/usr/bin/env python3
"""Tune and measure "checked before?" in-process on CLEF 2021 CheckThat! Task 2B.

Reproduces what ../shared/eval/eval_checked.py asks of `ledger similar` (documents: each
fact-check's claim with its headline as the title, as the ClaimReview import stores them;
queries: the debate sentence with its speaker, date and up to three previous sentences of
the transcript as "SPEAKER: sentence") but calls `SimilarIndex` and the re-ranker
(`ledger.linking.search.search_prior`) directly, so a configuration is scored in seconds.

    python benchmarks/tune_checked.py [--data ../shared/data/checkthat-2021-2b] [--split train]
        [--grid] [--no-speaker] [--no-date] [--no-context]

The date is the query's own `date`, else the debate's date from the transcript's name
("20161019_third_presidential_debate" or "2019_nov_21_…"). `--grid` searches the re-ranking
weights on the split given (use train only: the weights in `PriorParams` were chosen so)
and prints the best few. Prints JSON lines. Exits 0 with {"skipped": ...} without the data.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.linking.claimants import best_agreement, name_agreement  # noqa: E402
from ledger.linking.search import (  # noqa: E402
    PriorParams,
    PriorQuery,
    SimilarIndex,
    rerank_prior,
    split_context,
)

DEFAULT_DATA = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "checkthat-2021-2b"
)
BASE = "https://www.politifact.com"
_STATED = re.compile(r"stated on ([A-Z][a-z]+ \d{1,2}, \d{4})")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def stated_on(text: str | None) -> date | None:
    m = _STATED.search(text or "")
    if not m:
        return None
    try:
        return datetime.strptime(m.group(1), "%B %d, %Y").date()
    except ValueError:
        return None


def transcript_date(name: str | None) -> date | None:
    """'20161019_third…' or '2019_nov_21…' -> the debate's date."""
    name = name or ""
    try:
        m = re.match(r"(\d{4})(\d{2})(\d{2})_", name)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.match(r"(\d{4})_([a-z]{3})_(\d{1,2})", name)
        if m and m.group(2) in _MONTHS:
            return date(int(m.group(1)), _MONTHS[m.group(2)], int(m.group(3)))
    except ValueError:
        return None
    return None


def load_context(root: Path) -> dict[tuple[str, int], list[str]]:
    """{(transcript, line): up to three previous lines as 'SPEAKER: sentence'} (as the eval)."""
    ctx: dict[tuple[str, int], list[str]] = {}
    tdir = root / "transcripts"
    if not tdir.is_dir():
        return ctx
    for sub in sorted(os.listdir(tdir)):
        for f in sorted(os.listdir(tdir / sub)):
            rows = []
            with open(tdir / sub / f, encoding="utf-8") as fh:
                for line in fh:
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) >= 3 and parts[0].strip().isdigit():
                        text = " ".join(parts[2].split())
                        rows.append((int(parts[0]), f"{parts[1].strip()}: {text}"))
            rows.sort()
            for i, (n, _) in enumerate(rows):
                ctx[(f[:-4], n)] = [t for _, t in rows[max(0, i - 3) : i]]
    return ctx


def load(data: Path, split: str):
    with open(data / "verified_claims.jsonl", encoding="utf-8") as f:
        claims = [json.loads(line) for line in f if line.strip()]
    claims = [c for c in claims if (c.get("vclaim") or "").strip() and c.get("url")]
    with open(data / split / "queries.jsonl", encoding="utf-8") as f:
        queries = [json.loads(line) for line in f if line.strip()]
    queries = [q for q in queries if q.get("vclaims") and (q.get("text") or "").strip()]
    return claims, queries


def score(ranked: list[list[str]], gold: list[set[str]]) -> dict:
    ap_sum = hits = rr = 0.0
    for got, rel in zip(ranked, gold, strict=True):
        found, s, first = 0, 0.0, 0
        for k, r in enumerate(got[:5], 1):
            if r in rel:
                found += 1
                s += found / k
                first = first or k
        ap_sum += s / min(len(rel), 5)
        hits += bool(found)
        rr += 1 / first if first else 0
    n = len(gold) or 1
    return {
        "map_at_5": round(ap_sum / n, 3),
        "recall_at_5": round(hits / n, 3),
        "mrr": round(rr / n, 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=Path(os.environ.get("CHECKTHAT21_DIR", DEFAULT_DATA))
    )
    ap.add_argument("--split", default="train")
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--grid-spec", help='JSON: grid values to try, e.g. {"pool": [300]}')
    ap.add_argument("--params", help="JSON: PriorParams fields for the 'params' line")
    ap.add_argument("--no-speaker", action="store_true")
    ap.add_argument("--no-date", action="store_true")
    ap.add_argument("--no-context", action="store_true")
    a = ap.parse_args()
    if not (a.data / "verified_claims.jsonl").is_file():
        print(json.dumps({"skipped": f"no data at {a.data}"}))
        return
    t0 = time.perf_counter()
    claims, queries = load(a.data, a.split)
    index = SimilarIndex()
    index.build(
        (c["vclaim_id"], c["vclaim"].strip(), (c.get("title") or "").strip() or None)
        for c in claims
    )
    meta = {c["vclaim_id"]: (c.get("speaker") or None, stated_on(c.get("date"))) for c in claims}
    ctx = load_context(a.data)
    t1 = time.perf_counter()

    pq = []
    for q in queries:
        when = None
        if not a.no_date:
            when = date.fromisoformat(q["date"]) if q.get("date") else None
            when = when or transcript_date(q.get("transcript"))
        pq.append(
            PriorQuery(
                text=" ".join(q["text"].split()),
                speaker=None if a.no_speaker else q.get("speaker"),
                date=when,
                context=()
                if a.no_context
                else tuple(ctx.get((q.get("transcript"), q.get("line")), [])),
            )
        )
    gold = [set(q["vclaims"]) for q in queries]
    base = PriorParams()
    spec = {**GRID, **json.loads(a.grid_spec or "{}")}
    pool = max(300, base.pool, *(spec["pool"] if a.grid else ()))
    # The expensive part (text search) once per query; re-ranking is cheap.
    text_hits = [index.search(q.text, pool) for q in pq]
    ctx_hits = [
        index.search(" ".join(split_context(c)[1] for c in q.context) + " " + q.text, pool)
        if q.context
        else []
        for q in pq
    ]
    t2 = time.perf_counter()

    def run(p: PriorParams) -> dict:
        ranked = []
        for q, th, ch in zip(pq, text_hits, ctx_hits, strict=True):
            if q.plain():
                ranked.append([i for i, _ in th[:5]])
                continue
            th, ch = th[: p.pool], ch[: p.pool] if p.context_weight else []
            ids = {i for i, _ in th} | {i for i, _ in ch}
            m = {i: meta[i] for i in ids}
            ranked.append([i for i, _ in rerank_prior(q, th, ch, m, p, 5)])
        return score(ranked, gold)

    info = {
        "split": a.split,
        "queries": len(queries),
        "claims": len(claims),
        "dated_queries": sum(1 for q in pq if q.date),
        "build_s": round(t1 - t0, 1),
        "search_s": round(t2 - t1, 1),
    }
    print(
        json.dumps(
            {
                **info,
                "variant": "text only",
                **score([[i for i, _ in th[:5]] for th in text_hits], gold),
            }
        )
    )
    print(json.dumps({"variant": "defaults", **_weights(base), **run(base)}))
    if a.params:
        given = replace(base, **json.loads(a.params))
        print(json.dumps({"variant": "params", **_weights(given), **run(given)}))
    if not a.grid:
        return
    best = grid_search(pq, text_hits, ctx_hits, meta, gold, spec)
    for p, r in best[:10]:
        print(json.dumps({**_weights(p), **r}))
    undated = [(p, r) for p, r in best if not p.date_weight]
    for p, r in undated[:3]:
        print(json.dumps({"variant": "best without a date", **_weights(p), **r}))
    # the best configuration again, through the re-ranker the ledger runs
    print(json.dumps({"variant": "best, rerank_prior", **_weights(best[0][0]), **run(best[0][0])}))


def _weights(p: PriorParams) -> dict:
    return {
        "speaker_weight": p.speaker_weight,
        "context_speaker_weight": p.context_speaker_weight,
        "date_weight": p.date_weight,
        "date_half_life": p.date_half_life,
        "context_weight": p.context_weight,
        "pool": p.pool,
    }


#: the grid searched by --grid (the last one run, after the Snowball stems and bigrams of
#: SimilarIndex; docs/checked-before.md; --grid-spec overrides any part)
GRID = {
    "speaker_weight": (30.0, 40.0, 50.0),
    "context_speaker_weight": (0.0,),
    "date_weight": (30.0, 40.0, 60.0),
    "date_half_life": (180.0, 365.0),
    "context_weight": (0.75, 1.0),
    "pool": (600,),
}


def grid_search(pq, text_hits, ctx_hits, meta, gold, spec) -> list[tuple[PriorParams, dict]]:
    """Every configuration of a small grid, best MAP@5 (then MRR) first.

    The features of each (query, candidate) are computed once; a configuration is then a
    weighted sum (the same sum `rerank_prior` makes, checked on the best one by the caller).
    """
    feats = []  # per query: [(text_rank, ctx_rank, text, ctx, agree, ctx_extra, days, id)]
    for q, th, ch in zip(pq, text_hits, ctx_hits, strict=True):
        rank_t = {i: r for r, (i, _) in enumerate(th)}
        rank_c = {i: r for r, (i, _) in enumerate(ch)}
        st, sc = dict(th), dict(ch)
        speakers = [split_context(c)[0] for c in q.context]
        rows = []
        for cid in dict.fromkeys([i for i, _ in th] + [i for i, _ in ch]):
            claimant, when = meta[cid]
            agree = extra = 0.0
            if claimant:
                agree = name_agreement(q.speaker, claimant) or 0.0
                if agree < 1.0 and speakers:
                    extra = max(0.0, best_agreement(speakers, claimant) - agree)
            days = abs((q.date - when).days) if q.date and when else None
            rows.append(
                (
                    rank_t.get(cid, 10**9),
                    rank_c.get(cid, 10**9),
                    st.get(cid, 0.0),
                    sc.get(cid, 0.0),
                    agree,
                    extra,
                    days,
                    cid,
                )
            )
        feats.append(rows)
    grid = itertools.product(*(spec[k] for k in GRID))
    results = []
    for sw, csw, dw, hl, cw, pool in grid:
        if not dw and hl != spec["date_half_life"][0]:
            continue
        ranked = []
        for q, rows in zip(pq, feats, strict=True):
            if q.plain():
                ranked.append([r[7] for r in sorted(rows, key=lambda r: r[0])[:5]])
                continue
            scored = []
            for tr, cr, t, c, agree, extra, days, cid in rows:
                in_text = tr < pool
                if not in_text and not (cw and cr < pool):
                    continue
                v = (t if in_text else 0.0) + (cw * c if cr < pool else 0.0)
                v += sw * agree + csw * extra
                if days is not None and dw:
                    v += dw * 0.5 ** (days / hl)
                scored.append((-v, tr, cr, cid))
            scored.sort()
            ranked.append([x[3] for x in scored[:5]])
        p = PriorParams(
            pool=pool,
            speaker_weight=sw,
            context_speaker_weight=csw,
            date_weight=dw,
            date_half_life=hl,
            context_weight=cw,
        )
        results.append((p, score(ranked, gold)))
    results.sort(key=lambda t: (-t[1]["map_at_5"], -t[1]["mrr"]))
    return results


if __name__ == "__main__":
    main()
