"""Transcript import time: a generated two-hour debate of 2,000 sentences into a fresh SQLite.

The transcript is written here from templates (seeded, so every run sees the same text):
a moderator and three candidates, each label in several forms (`MR. HOLM`, `HOLM`, `ERIK
HOLM`), stage directions between and inside sentences, a quotation inside a turn now and
then, and time codes (plain text `[hh:mm:ss] NAME:` turns, or the same as WebVTT, SRT or
CSV with `--format`). It is imported with `services.importing.import_inputs` in this
process, on one core (pinned when the OS allows it), no worker processes: reading,
sentences, speakers, check-worthiness, storing, claim linking and the history append all
count. Prints one JSON object; `under_target` is the issue's bar (under 5 s).

    python benchmarks/bench_transcript.py [--sentences 2000] [--seed 7] [--format text|vtt|srt|csv]
    python benchmarks/bench_transcript.py --jsonl ../shared/data/checkworthy-2020/train.jsonl \\
        --doc 20160225_GOP_texas    # a real two-hour debate (2,216 sentences) instead
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_SECONDS = 5.0
PEOPLE = [
    # (labels the transcript uses, weight of turns)
    (["MODERATOR LINDA PARK", "PARK", "LINDA PARK"], 3),
    (["MR. HOLM", "HOLM", "ERIK HOLM"], 4),
    (["SEN. ELSA MARDH", "MARDH", "SENATOR MARDH"], 4),
    (["GOV. ANTON REIS", "REIS", "ANTON REIS"], 3),
]
FUNCTION = (
    "the a of to and in that is it we for on with as was be this they have are not but "
    "our by at from or will can all what there would their so if about more when which"
).split()
SYLLABLES = "ka ri mo ten sa lu vor an del pi ro mi ne tas gor ul fe da zin bo har el su".split()
QUESTION_OPENERS = ["What would you do about", "How will you pay for", "Why did you vote on"]
DIRECTIONS = ["(APPLAUSE)", "[CROSSTALK]", "(LAUGHTER)", "[inaudible]"]


class Words:
    """Content words with a Zipf distribution (weight 1/rank), as in running text: a few
    frequent ("jobs", "people"), a long tail, so that claim linking meets as many shared
    word pairs as it does in a real debate, not the few of a fixed template."""

    def __init__(self, rng: random.Random, size: int = 6000) -> None:
        seen: set[str] = set()
        while len(seen) < size:
            seen.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        self.words = sorted(seen)
        rng.shuffle(self.words)
        total, self.cum = 0.0, []
        for rank in range(1, size + 1):
            total += 1 / rank
            self.cum.append(total)

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.words, cum_weights=self.cum)[0]


def _sentence(rng: random.Random, words: Words, moderator: bool) -> str:
    n = rng.randint(5, 24)
    toks = [words.draw(rng) if rng.random() < 0.45 else rng.choice(FUNCTION) for _ in range(n)]
    if rng.random() < 0.3:
        toks.insert(rng.randrange(len(toks)), f"{rng.randint(2, 95)} percent")
    if rng.random() < 0.15:
        toks.insert(rng.randrange(len(toks)), str(rng.randint(1990, 2024)))
    if moderator and rng.random() < 0.6:
        s = f"{rng.choice(QUESTION_OPENERS)} {' '.join(toks)}?"
    else:
        s = " ".join(toks)
        s = s[0].upper() + s[1:] + "."
    if rng.random() < 0.03:
        s = f"As Ada Winter said, “{s}”"
    elif rng.random() < 0.03:
        parts = s.split()
        cut = rng.randrange(1, len(parts))
        s = " ".join(parts[:cut] + [rng.choice(DIRECTIONS)] + parts[cut:])
    return s


def turns(sentences: int, seed: int) -> list[tuple[str, list[str], float, float]]:
    """(label, sentences, start, end seconds) of each turn: two hours over `sentences`."""
    rng = random.Random(seed)
    words = Words(rng)
    out, n, clock = [], 0, 0.0
    per_sentence = 7200.0 / sentences
    last = None
    while n < sentences:
        labels, _ = rng.choices(PEOPLE, weights=[w for _, w in PEOPLE])[0]
        if labels is last:
            continue
        last = labels
        moderator = labels is PEOPLE[0][0]
        k = min(sentences - n, rng.randint(1, 3) if moderator else rng.randint(2, 9))
        said = [_sentence(rng, words, moderator) for _ in range(k)]
        if rng.random() < 0.15:
            said.append(rng.choice(DIRECTIONS))
        start = clock
        clock += k * per_sentence
        out.append((rng.choice(labels), said, start, clock))
        n += k
    return out


def _clock(seconds: float, comma: bool = False) -> str:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{',' if comma else '.'}{ms:03d}"


def write(path: Path, fmt: str, sentences: int, seed: int) -> int:
    """Write the transcript in `fmt`; returns the number of sentences spoken."""
    ts = turns(sentences, seed)
    if fmt == "text":
        body = "".join(f"[{_clock(a)}] {who}: {' '.join(said)}\n\n" for who, said, a, _ in ts)
        path.write_text("date 2024-09-10\n\n" + body, encoding="utf-8")
    elif fmt == "vtt":
        cues = [
            f"{_clock(a)} --> {_clock(b)}\n<v {who}>{' '.join(said)}\n" for who, said, a, b in ts
        ]
        path.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    elif fmt == "srt":
        cues = [
            f"{i}\n{_clock(a, True)} --> {_clock(b, True)}\n{who}: {' '.join(said)}\n"
            for i, (who, said, a, b) in enumerate(ts, 1)
        ]
        path.write_text("\n".join(cues), encoding="utf-8")
    else:
        rows = ["speaker,start,end,text"]
        for who, said, a, b in ts:
            text = " ".join(said).replace('"', '""')
            rows.append(f'"{who}",{a:.3f},{b:.3f},"{text}"')
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return sum(sum(1 for s in said if not s.startswith(("(", "["))) for _, said, _, _ in ts)


def _real_debate(path: Path, jsonl: str, doc: str) -> int:
    """Write one debate of a CheckThat JSONL as `SPEAKER: text` turns after a date line."""
    rows = [r for r in map(json.loads, open(jsonl, encoding="utf-8")) if r["doc"] == doc]
    if not rows:
        raise SystemExit(f"no debate {doc!r} in {jsonl}")
    rows.sort(key=lambda r: int(r["line"]))
    out = [f"date {doc[:4]}-{doc[4:6]}-{doc[6:8]}\n\n"] if doc[:8].isdigit() else []
    for i, r in enumerate(rows):
        if i == 0 or rows[i - 1]["speaker"] != r["speaker"]:
            out.append(("\n\n" if i else "") + f"{r['speaker']}: ")
        else:
            out.append(" ")
        out.append(" ".join(r["text"].split()))
    path.write_text("".join(out) + "\n", encoding="utf-8")
    return len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--format", choices=("text", "vtt", "srt", "csv"), default="text")
    ap.add_argument(
        "--jsonl",
        help="instead: a real debate from a CheckThat JSONL (doc, line, speaker, text), "
        "written the way ../shared/eval/eval_transcripts.py writes it",
    )
    ap.add_argument("--doc", default="20160225_GOP_texas", help="the debate in --jsonl")
    args = ap.parse_args()
    with contextlib.suppress(AttributeError, OSError):  # one core, where the OS allows it
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from ledger.services.importing import import_inputs
    from ledger.services.pipeline import read_documents, statements_of
    from ledger.sources.inputs import discover
    from ledger.store.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        if args.jsonl:
            path = Path(tmp) / f"{args.doc}.txt"
            spoken = _real_debate(path, args.jsonl, args.doc)
        else:
            path = Path(tmp) / f"debate.{'txt' if args.format == 'text' else args.format}"
            spoken = write(path, args.format, args.sentences, args.seed)
        inputs, problems = discover([str(path)])
        assert not problems, problems
        db = open_database(f"sqlite:///{tmp}/bench.db")
        # the import first: it pays for loading the word lists, as a fresh `ledger import` does
        t0, c0 = time.perf_counter(), time.process_time()
        report = import_inputs(db, inputs, jobs=0)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        db.dispose()
        t0 = time.perf_counter()
        docs, _ = read_documents(inputs[0])
        found = [st for d in docs for st in statements_of(d)]
        read_seconds = time.perf_counter() - t0
    assert report.count("failed") == 0, [o.message for o in report.outcomes]
    speakers = {st.speaker.name for st in found if st.speaker and st.kind == "transcript"}
    print(
        json.dumps(
            {
                "format": "text" if args.jsonl else args.format,
                "debate": args.doc if args.jsonl else "generated",
                "sentences_written": spoken,
                "statements": report.statements,
                "transcript_speakers": sorted(speakers),
                "timed": sum(1 for st in found if st.time_start is not None),
                # reading, sentences, speakers and check-worthiness alone, warm
                "read_and_extract_seconds": round(read_seconds, 3),
                "import_seconds": round(seconds, 3),
                # CPU seconds of this process: the figure that holds on a shared machine
                "import_cpu_seconds": round(cpu, 3),
                "load_avg_1m": round(os.getloadavg()[0], 2),
                "statements_per_second": round(report.statements / seconds, 1),
                "target_seconds": TARGET_SECONDS,
                "under_target": seconds < TARGET_SECONDS,
                "cpu_under_target": cpu < TARGET_SECONDS,
            }
        )
    )


if __name__ == "__main__":
    main()
