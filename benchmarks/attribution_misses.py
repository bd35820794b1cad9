"""Where speaker accuracy and span boundaries are lost on a PolNeAR folder, by category.

Runs `ledger.extract.extract` in this process on every text of a PolNeAR folder (text/ and
attributions/, as `eval_extract.py --polnear` reads it), matches statements to the gold the
way that script does (its functions are imported, so the scoring is the contract's own), and
sorts the matched pairs whose speaker is wrong, or whose Dice is below --dice, into rough
categories. Prints the overall figures, then a count per category; with --show N it prints
N examples of each (for reading only: never copy them into the project).

    python benchmarks/attribution_misses.py --polnear /tmp/k80 [--dice 0.8] [--show 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ledger.extract import extract  # noqa: E402

_SPEECH = re.compile(r"$^")  # the scorer's speech cues, set in main()
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}


def _eval_module(path: Path):
    spec = importlib.util.spec_from_file_location("eval_extract", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _pred(st) -> dict:
    return {
        "quote": st.quote,
        "start": st.start,
        "end": st.end,
        "speaker": st.speaker.name if st.speaker else None,
        "speaker_mention": st.speaker_mention,
        "kind": st.kind,
        "cue": st.cue,
        "hedging": None,
        "cue_start": st.cue_start,
    }


def _speaker_category(text: str, p: dict, g: dict, golds: list[dict]) -> str:
    src = g.get("source_span")
    if not src:
        return "gold has no source"
    s_text = text[src[0] : src[1]]
    if p["kind"] == "unattributed" or not (p["speaker"] or p["speaker_mention"]):
        return "no speaker predicted"
    mention = (p["speaker_mention"] or "").strip().lower()
    if mention in PRONOUNS and p["speaker"] is None:
        return "pronoun unresolved"
    if s_text.strip().lower() in PRONOUNS:
        return "gold source a pronoun (resolution)"
    cue = (g.get("cue") or "").strip()
    if cue and not _SPEECH.match(cue):
        tag = "non-speech cue"
    else:
        tag = ""
    # nested: the gold's source lies inside the prediction, or another gold's content holds it
    if p["start"] <= src[0] < p["end"]:
        return "nested: gold source inside our content" + (f" ({tag})" if tag else "")
    if src[0] >= g["end"]:
        between = text[g["end"] : src[0]]
        if re.search(r"[.!?][\"”’]?\s", between):
            return "speaker in a following sentence"
    pc = p.get("cue_start")
    if pc is not None and abs(pc - src[0]) > 200 and src[0] < g["start"]:
        between = text[src[0] : g["start"]]
        if re.search(r"[.!?][\"”’]?\s", between):
            return "speaker in an earlier sentence"
    if tag:
        return tag
    if pc is not None and pc >= 0:
        cue_word = text[pc : pc + 12].lower()
        if re.match(r"\w+ing\b", cue_word):
            return "participle clause subject"
    return "other clause / phrase"


def _dice_category(text: str, p: dict, g: dict, fragments: int) -> str:
    ps, pe, gs, ge = p["start"], p["end"], g["start"], g["end"]
    gold_text = text[gs:ge]
    if fragments:
        return "split quote (fragments)"
    start_d, end_d = ps - gs, pe - ge
    if abs(start_d) <= 3 and abs(end_d) <= 3:
        return "marks / comma only"
    if start_d > 3 and abs(end_d) <= 3:
        lead = text[gs:ps].strip().lower()
        if lead in ("that", "\u201cthat", "if", "whether"):
            return "start: complementiser"
        return "start: ours later"
    if start_d < -3 and abs(end_d) <= 3:
        return "start: ours earlier"
    if end_d < -3 and abs(start_d) <= 3:
        rest = text[pe:ge]
        if re.match(r"\s*[,;]?\s*(and|but)\b", rest):
            return "end: too early at and/but"
        return "end: too early"
    if end_d > 3 and abs(start_d) <= 3:
        return "end: too late"
    if ps >= gs and pe <= ge:
        return "ours inside gold (both ends)"
    if ps <= gs and pe >= ge:
        return "gold inside ours (both ends)"
    return "shifted" + (" (gold has quote)" if '"' in gold_text or "\u201c" in gold_text else "")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear", required=True)
    ap.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval" / "eval_extract.py"))
    ap.add_argument("--dice", type=float, default=0.8)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--only", default="", help="show only categories starting with this")
    a = ap.parse_args()
    ev = _eval_module(Path(a.eval))
    global _SPEECH
    _SPEECH = ev.SPEECH
    texts, golds = ev.load_polnear(a.polnear, True)
    preds = {f: [_pred(s) for s in extract(texts[f])] for f in texts}
    overall = ev.score(preds, golds, texts)
    spk = Counter()
    dice = Counter()
    dice_loss = defaultdict(float)
    examples = defaultdict(list)
    n_pairs = 0
    dice_total = 0.0
    for f, gl in golds.items():
        text = texts[f]
        pl = preds[f]
        pairs = []
        for gi, g in enumerate(gl):
            for pi, p in enumerate(pl):
                o = ev.overlap((p["start"], p["end"]), (g["start"], g["end"]))
                if o >= 0.5:
                    pairs.append((o, gi, pi))
        pairs.sort(reverse=True)
        used_g, used_p, matched = set(), set(), []
        for _o, gi, pi in pairs:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            matched.append((gi, pi))
        for gi, pi in matched:
            g, p = gl[gi], pl[pi]
            n_pairs += 1
            if g.get("source_span") and not ev.speaker_ok(p, g, text):
                c = _speaker_category(text, p, g, gl)
                spk[c] += 1
                examples["S " + c].append((f, p, g))
            lo, hi = max(p["start"], g["start"]), min(p["end"], g["end"])
            d = 2 * max(0, hi - lo) / max(1, (p["end"] - p["start"]) + (g["end"] - g["start"]))
            dice_total += d
            if d < a.dice:
                frags = sum(
                    1
                    for qi, q in enumerate(pl)
                    if qi not in used_p and g["start"] <= q["start"] and q["end"] <= g["end"]
                )
                c = _dice_category(text, p, g, frags)
                dice[c] += 1
                dice_loss[c] += 1 - d
                examples["D " + c].append((f, p, g))
    print(json.dumps(overall))
    print(f"matched pairs {n_pairs}, mean Dice {dice_total / max(1, n_pairs):.4f}")
    print("speaker misses:", sum(spk.values()))
    for c, n in spk.most_common():
        print(f"  {n:5d}  {c}")
    print(f"pairs with Dice < {a.dice}:", sum(dice.values()))
    for c, n in dice.most_common():
        print(
            f"  {n:5d}  {c}  (Dice lost per pair, summed over pairs: {dice_loss[c] / n_pairs:.4f})"
        )
    if a.show:
        for key, exs in sorted(examples.items()):
            if a.only and not key[2:].startswith(a.only):
                continue
            print("\n==", key)
            for f, p, g in exs[: a.show]:
                text = texts[f]
                src = g.get("source_span")
                print("  gold:", repr(g["content"][:300]))
                print(
                    "   src:", repr(text[src[0] : src[1]]) if src else None, "cue:", repr(g["cue"])
                )
                print("  ours:", repr(text[p["start"] : p["end"]][:300]))
                print(
                    "   spk:",
                    p["speaker"],
                    "|",
                    p["speaker_mention"],
                    "| cue:",
                    p["cue"],
                    p["kind"],
                )
                ctx0 = max(0, min(p["start"], g["start"]) - 150)
                ctx1 = max(p["end"], g["end"]) + 80
                print("   ctx:", repr(text[ctx0:ctx1]))


if __name__ == "__main__":
    main()
