"""Decoding accuracy and speed (`ledger.sources.decoding`), then print JSON.

python benchmarks/bench_decoding.py                       # this tree's decoder
python benchmarks/bench_decoding.py --before HEAD~3       # and a revision's, same run

Accuracy: `--trials` seeded short texts (3 to 40 words, drawn from small word lists
written for this benchmark: French, German, Spanish, Portuguese, Polish, Czech, Russian,
mixed with English words), each encoded in a codec its language is written in (cp1252,
Latin-1, cp1250, cp1251, UTF-8) and decoded with no hint. Each is `ok` (the text back),
`wrong` (another text: the failure that matters, since offsets then point into mojibake)
or `error` (refused: the user names the encoding). Mixed files: a UTF-8 paragraph and a
cp1252 one, which must be `error`. Speed: one ~1 MB cp1252 file, one cp1251 file, and
one UTF-8 file with one bad byte, each decoded three times (`*_cpu_s`: the least CPU time).

Each decoder runs in a subprocess of its own (two decoders register the same codec error
handler, so they cannot share one process); `--before REV` reads the module from git.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WORDS = {
    "fr": "le la les été café déjà très où à garçon naïve Noël élève hôtel forêt crème "
    "après ça œuvre cœur « » prêts réparé Genève",
    "de": "der die das Straße größer über Bürgermeister schön Müller Äpfel Öl Übung heißt "
    "„ “ weiß Fußball Mädchen",
    "es": "el la señor Núñez año economía crecerá añadió ¿ ? ¡ ! José Málaga corazón pequeño",
    "pt": "ação São Paulo não solução João coração irmã órgão Conceição avô",
    "pl": "że pieniądze będą powiedział Łukasz źle środę rząd szkoły gęś żółć Kraków",
    "cz": "že řekl Dvořák příliš žluťoučký kůň úpěl ďábelské ódy",
    "ru": "цены упадут министр сказал всё будет хорошо «ЦЕНТР» ещё",
}
ENGLISH = ["and", "the", "said", "was", "a", "in"]
CODECS = {
    "fr": ["cp1252", "latin-1"],
    "de": ["cp1252", "latin-1"],
    "es": ["cp1252", "latin-1"],
    "pt": ["cp1252", "latin-1"],
    "pl": ["cp1250"],
    "cz": ["cp1250"],
    "ru": ["cp1251"],
}


def _samples(trials: int, seed: int) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    out = []
    while len(out) < trials:
        lang = rng.choice(sorted(WORDS))
        words = WORDS[lang].split() + ENGLISH
        text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 40))) + ".\n"
        codec = rng.choice(CODECS[lang] + ["utf-8"])
        try:
            text.encode(codec)
        except UnicodeEncodeError:
            continue  # "œ" has no Latin-1 byte
        out.append((lang, codec, text))
    return out


def _mixed(n: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    west = [w for lang in ("fr", "de", "es", "pt") for w in WORDS[lang].split()]
    out = []
    for _ in range(n):
        a = " ".join(rng.choice(west) for _ in range(rng.randint(5, 30))) + ".\n"
        b = " ".join(rng.choice(west) for _ in range(rng.randint(5, 30))) + ".\n"
        try:
            out.append(a.encode("utf-8") + b.encode("cp1252"))
        except UnicodeEncodeError:
            continue
    return out


def run_one(args: argparse.Namespace) -> dict:
    """In the subprocess: decode everything with the decoder at `args.module`."""
    import importlib.util

    sys.path.insert(0, str(REPO))
    spec = importlib.util.spec_from_file_location("decoding_under_test", args.module)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    decode_bytes = module.decode_bytes
    from ledger.errors import InputError

    by = Counter()
    for lang, codec, text in _samples(args.trials, args.seed):
        try:
            got = decode_bytes(text.encode(codec), "f").text
            by[(lang, codec, "ok" if got == text else "wrong")] += 1
        except InputError:
            by[(lang, codec, "error")] += 1
    mixed = Counter()
    for data in _mixed(args.trials // 10, args.seed):
        try:
            decode_bytes(data, "f")
            mixed["wrong"] += 1
        except InputError:
            mixed["error"] += 1
    french = "Le maire a déclaré : « Nous réparerons le pont », selon l'agence. " * 15_000
    russian = "Министр сказал, что цены упадут. «Всё будет хорошо», добавил он. " * 15_000
    timed = {
        "cp1252_1mb_s": french.encode("cp1252"),
        "cp1251_1mb_s": russian.encode("cp1251"),
        "utf8_one_bad_byte_1mb_s": french.encode() + b"\xff",
    }
    speed = {}
    for key, data in timed.items():
        cpu = []
        for _ in range(3):  # CPU seconds, the least of three: the machine is shared
            start = time.process_time()
            try:
                decode_bytes(data, "f")
            except InputError:
                pass
            cpu.append(time.process_time() - start)
        speed[key.replace("_s", "_cpu_s")] = round(min(cpu), 3)
    cells: dict[str, dict[str, int]] = {}
    for (lang, codec, outcome), n in sorted(by.items()):
        cells.setdefault(f"{lang} {codec}", {"ok": 0, "wrong": 0, "error": 0})[outcome] = n
    legacy = {k: v for k, v in cells.items() if not k.endswith("utf-8")}
    return {
        "wrong_legacy": sum(v["wrong"] for v in legacy.values()),
        "legacy_trials": sum(sum(v.values()) for v in legacy.values()),
        "wrong_utf8": sum(v["wrong"] + v["error"] for k, v in cells.items() if k.endswith("utf-8")),
        "mixed_files": dict(mixed),
        **speed,
        "by_language_and_codec": cells,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--before", help="a git revision whose decoder is measured too")
    parser.add_argument("--module", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.module:
        print(json.dumps(run_one(args)))
        return
    variants = {"after": str(REPO / "ledger" / "sources" / "decoding.py")}
    with tempfile.TemporaryDirectory() as tmp:
        if args.before:
            source = subprocess.run(
                ["git", "-C", str(REPO), "show", f"{args.before}:ledger/sources/decoding.py"],
                check=True,
                capture_output=True,
            ).stdout
            path = Path(tmp) / "decoding_before.py"
            path.write_bytes(source)
            variants = {"before": str(path), **variants}
        out = {"trials": args.trials, "seed": args.seed, "before_rev": args.before}
        for name, module in variants.items():
            cmd = [sys.executable, __file__, "--module", module]
            cmd += ["--trials", str(args.trials), "--seed", str(args.seed)]
            done = subprocess.run(cmd, check=True, capture_output=True, text=True)
            out[name] = json.loads(done.stdout)
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
