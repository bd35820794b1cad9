#!/usr/bin/env python3
"""Benchmark links at scale: one claim seen 1,000 to 100,000 times, and a repetitive page.

    python benchmarks/bench_claim_scale.py [--sizes 1000,10000,100000] [--seed 5]
        [--page-kb 400] [--no-linker] [--no-store] [--unbounded-up-to 1000]

Prints ONE JSON object:

* ``linker``: per size N, N appearances of one claim (generated, seeded: near-identical
  quotes with small variations: typography, a word changed, dropped or inserted,
  truncation, indirect speech, a few other speakers) plus distractors (10 % other claims,
  2 % the claim with a changed figure), linked one by one with `Linker.add` as an import
  does: seconds, cpu_seconds, peak_rss_mb (each size in its own process), links,
  links_per_statement, max_links_of_one_statement, collapsed_copies, and what the links
  make of the claim: ``claim_recall`` (share of its appearances in its largest claim,
  `build_claims` over the auto links) and ``claim_intruders`` (distractors in that claim).
  Sizes up to ``--unbounded-up-to`` are also run with bounds so large they never bind,
  which is how the linker behaved before links were bounded (``unbounded``).
* ``store``: a generated plain-text page of ``--page-kb`` KB that repeats three claims
  (with small variations of wording and attribution), imported with ``ledger import``
  into a fresh SQLite file in a temporary folder: seconds, peak_rss_mb of that process,
  statements, links, links_per_statement, claims (and the three largest claims' sizes).
* ``page_vs_complete``: a smaller page of the same kind (``--compare-kb``, 40) extracted
  with ``ledger extract`` and linked by the pure Linker with the bounds and without them
  (the complete graph): links of each, and whether `build_claims` makes the same claims.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ledger.linking import Linker, LinkItem, build_claims  # noqa: E402
from ledger.linking.linker import Bounds  # noqa: E402

BASE = (
    "the harbour tunnel will cost the city 240 million pounds more than anyone "
    "was told when the council voted for it"
).split()
POOL = (
    "bridge budget road council ministry quietly really almost never surely extra "
    "new old local public private several many few early late"
).split()
OTHER = (
    "river school nurse ward winter flood tax sugar drink money promise family plant "
    "town dam spring bridge harbour council city vote road budget ministry minister "
    "report week month year station line train bus airport runway"
).split()
QUOTES = [("“", "”"), ('"', '"'), ("", ""), ("‘", "’")]
UNBOUNDED = Bounds(head=10**9, tail=0, scored=10**9, anchors=0, links=10**9, others=0, copies=10**9)


def _surface(words: list[str], rng: random.Random) -> str:
    text = " ".join(words)
    if rng.random() < 0.5:
        text = text[0].upper() + text[1:]
    if rng.random() < 0.1:
        text = text.replace("240", "240.0" if rng.random() < 0.5 else "240")
    q0, q1 = rng.choice(QUOTES)
    return f"{q0}{text}{rng.choice(('.', '', ',', '!'))}{q1}"


def appearances(n: int, seed: int) -> tuple[list[LinkItem], list[bool]]:
    """`n` statements in import order, and which of them are the claim (not distractors)."""
    rng = random.Random(seed)
    items, truth = [], []
    for i in range(n):
        roll = rng.random()
        speaker: int | None = 1 if rng.random() < 0.8 else rng.randrange(2, 22)
        if rng.random() < 0.05:
            speaker = None
        verbatim = True
        if roll < 0.10:  # another claim
            words = [rng.choice(OTHER) for _ in range(rng.randint(8, 16))]
            items.append(LinkItem(i, _surface(words, rng), rng.randrange(1, 40), True, order=i))
            truth.append(False)
            continue
        words = list(BASE)
        if roll < 0.12:  # the same claim with another figure: never the same claim
            words[words.index("240")] = str(rng.choice((24, 140, 340, 2400)))
            items.append(LinkItem(i, _surface(words, rng), speaker, True, order=i))
            truth.append(False)
            continue
        kind = rng.random()
        if kind < 0.45:
            pass  # the same words
        elif kind < 0.60:
            cut = rng.randint(2, 4)
            words = words[cut:] if rng.random() < 0.5 else words[:-cut]
        elif kind < 0.72:
            words[rng.randrange(len(words))] = rng.choice(POOL)
        elif kind < 0.80:
            del words[rng.randrange(len(words))]
        elif kind < 0.90:
            words.insert(rng.randrange(len(words) + 1), rng.choice(POOL))
        else:
            verbatim = False
        items.append(LinkItem(i, _surface(words, rng), speaker, verbatim, order=i))
        truth.append(True)
    return items, truth


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_linker(n: int, seed: int, unbounded: bool) -> dict:
    items, truth = appearances(n, seed)
    linker = Linker(bounds=UNBOUNDED) if unbounded else Linker()
    t0, c0 = time.perf_counter(), time.process_time()
    links = []
    per: dict[int, int] = {}
    for item in items:
        made = linker.add(item)
        links.extend(made)
        per[item.id] = len(made)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    claims = build_claims(range(n), links, include_singletons=False)
    members = {i for i, t in enumerate(truth) if t}
    best = max(claims, key=lambda c: len(members.intersection(c.statement_ids)), default=None)
    inside = set(best.statement_ids) if best else set()
    return {
        "appearances": n,
        "bounded": not unbounded,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": peak_rss_mb(),
        "links": len(links),
        "links_per_statement": round(len(links) / n, 2),
        "max_links_of_one_statement": max(per.values(), default=0),
        "auto_links": sum(1 for lk in links if lk.status == "auto"),
        "collapsed_copies": linker.index_stats()["collapsed_copies"],
        "claim_recall": round(len(inside & members) / len(members), 4) if members else None,
        "claim_intruders": len(inside - members),
    }


SPEAKERS = [
    ("Mayor Wilma Burns", "Wilma Burns", "Burns", "the mayor"),
    ("Health Minister Otto Lang", "Otto Lang", "Lang"),
    ("Ada Kovac, the council's treasurer,", "Ada Kovac", "Kovac"),
]
CLAIMS = [
    "The harbour bridge will stay closed for at least six more weeks this spring",
    "Our hospitals cannot take another winter without more nurses on every ward",
    "The new tax on sugar drinks raised far less money than the ministry promised",
]
CUES = ["said", "told reporters", "said on Monday", "insisted", "said again"]


def page(kb: int, seed: int) -> str:
    """A plain-text page of about `kb` KB repeating three claims with small variations."""
    rng = random.Random(seed)
    out = ["Title: The same three claims, again and again", "", ""]
    size = 0
    while size < kb * 1024:
        c = rng.randrange(3)
        words = CLAIMS[c].split()
        if rng.random() < 0.15:
            words[rng.randrange(1, len(words))] = rng.choice(POOL)
        quote = " ".join(words)
        who = rng.choice(SPEAKERS[c])
        cue = rng.choice(CUES)
        para = (
            f'"{quote}," {who} {cue}.'
            if rng.random() < 0.6
            else f'{SPEAKERS[c][0]} {cue}: "{quote}."'
        )
        out.append(para)
        out.append("")
        size += len(para) + 2
    return "\n".join(out)


def run_store(kb: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "repeated.txt"
        src.write_text(page(kb, seed), encoding="utf-8")
        db = Path(tmp) / "ledger.db"
        env = dict(os.environ, LEDGER_ACTOR="bench")
        cmd = [sys.executable, "-m", "ledger", "--db", f"sqlite:///{db}", "import", str(src)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        _, err = proc.communicate()
        seconds = time.perf_counter() - t0
        # this process runs alone for the store measurement: its children are the import
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if proc.returncode != 0:
            return {"error": err.decode(errors="replace").strip()[-500:]}
        with sqlite3.connect(db) as conn:
            statements = conn.execute("SELECT count(*) FROM statement").fetchone()[0]
            links = conn.execute("SELECT count(*) FROM link").fetchone()[0]
            sizes = [
                n
                for (n,) in conn.execute(
                    "SELECT count(*) FROM statement GROUP BY claim_id ORDER BY 1 DESC"
                )
            ]
        return {
            "page_kb": round(src.stat().st_size / 1024, 1),
            "seconds": round(seconds, 2),
            "peak_rss_mb": round(rss, 1),
            "statements": statements,
            "links": links,
            "links_per_statement": round(links / statements, 2) if statements else None,
            "claims": len(sizes),
            "largest_claims": sizes[:3],
        }


def compare_page(kb: int, seed: int) -> dict:
    """A `kb` KB page's statements linked with and without the bounds: the same claims?"""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "repeated.txt"
        src.write_text(page(kb, seed), encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-m", "ledger", "extract", str(src), "--format", "jsonl"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    rows = [json.loads(x) for x in out.splitlines()]
    items = [
        LinkItem(i, r["quote"], r["speaker"], r["kind"] in ("direct", "mixed"), order=i)
        for i, r in enumerate(rows)
    ]
    result: dict = {"page_kb": kb, "statements": len(items)}
    claims = {}
    for name, linker in (("bounded", Linker()), ("complete", Linker(bounds=UNBOUNDED))):
        links = [lk for item in items for lk in linker.add(item)]
        claims[name] = sorted(c.statement_ids for c in build_claims(range(len(items)), links))
        result[f"{name}_links"] = len(links)
        result[f"{name}_claims"] = len(claims[name])
    result["same_claims"] = claims["bounded"] == claims["complete"]
    return result


def child(args: list[str]) -> dict:
    """Run one measurement in a fresh process, so that its peak RSS is its own."""
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--page-kb", type=int, default=400)
    ap.add_argument("--no-linker", action="store_true")
    ap.add_argument("--no-store", action="store_true")
    ap.add_argument("--unbounded-up-to", type=int, default=1000)
    ap.add_argument("--compare-kb", type=int, default=40, help="0: no comparison")
    ap.add_argument("--one", choices=["linker", "unbounded", "store"], help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one == "store":
        print(json.dumps(run_store(a.page_kb, a.seed)))
        return
    if a.one:
        print(json.dumps(run_linker(a.size, a.seed, a.one == "unbounded")))
        return
    result: dict = {"seed": a.seed}
    if not a.no_linker:
        runs = []
        for n in (int(x) for x in a.sizes.split(",") if x):
            common = ["--size", str(n), "--seed", str(a.seed)]
            runs.append(child(["--one", "linker", *common]))
            if n <= a.unbounded_up_to:
                runs.append(child(["--one", "unbounded", *common]))
        result["linker"] = runs
    if not a.no_store and a.compare_kb:
        result["page_vs_complete"] = compare_page(a.compare_kb, a.seed)
    if not a.no_store:
        result["store"] = child(
            ["--one", "store", "--page-kb", str(a.page_kb), "--seed", str(a.seed)]
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
