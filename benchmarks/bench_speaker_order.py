"""Does a statement's speaker depend on the order the sources were imported in?

    python benchmarks/bench_speaker_order.py --articles 400 [--seed 7]
    python benchmarks/bench_speaker_order.py --folder ../shared/data/polnear-train/text --limit 200

Imports the same files four ways into fresh SQLite ledgers: one by one in name order,
one by one in reverse order, `--jobs 2`, and four importer processes at once (each given
every fourth file). Each statement is identified by its source's content and its offsets;
its speaker by name and kind (who it is) and, apart, by the role and affiliation its
record holds. Prints ONE JSON object: statements, and for each way, how many statements
got another speaker than the name-order import gave (`differ`), how many the same speaker
with another role or affiliation (`role_differs`), the number of speakers, and the wall
seconds; `examples` lists a few differences of speaker.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def _run(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ledger", "--db", url, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LEDGER_CHECKPOINT_DIR": ""},
        cwd=REPO,
    )


def _wait(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        _, err = p.communicate()
        if p.returncode not in (0, 1):
            raise SystemExit(f"import failed: {err[-500:]}")


def speakers_of(url: str) -> tuple[dict[tuple, tuple], int]:
    """(source sha, start, end) -> (speaker name, kind, role, affiliation), and the number of
    speakers."""
    from sqlalchemy import func, select

    from ledger.store.db import open_database
    from ledger.store.models import Source, Speaker, Statement

    db = open_database(url, notice=lambda _m: None)
    with db.read() as s:
        rows = s.execute(
            select(
                Source.content_sha256,
                Statement.start,
                Statement.end,
                Speaker.name,
                Speaker.kind,
                Speaker.role,
                Speaker.affiliation,
            )
            .join(Source, Statement.source_id == Source.id)
            .outerjoin(Speaker, Statement.speaker_id == Speaker.id)
        ).all()
        n = s.scalar(select(func.count()).select_from(Speaker))
    db.dispose()
    return {(r[0], r[1], r[2]): tuple(r[3:]) for r in rows}, n


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=400)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--folder", help="Import these files instead of generated articles.")
    p.add_argument("--limit", type=int, default=0, help="With --folder: the first N files.")
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if a.folder:
            files = sorted(Path(a.folder).iterdir())
            files = [f for f in files if f.is_file()][: a.limit or None]
        else:
            from articles import write_articles

            files = sorted(write_articles(tmp_path / "articles", a.articles, seed=a.seed))
        ways = {
            "name order": lambda url: _wait([_run(url, "import", *map(str, files))]),
            "reverse order": lambda url: _wait([_run(url, "import", *map(str, files[::-1]))]),
            "--jobs 2": lambda url: _wait([_run(url, "import", "--jobs", "2", *map(str, files))]),
            "4 importers": lambda url: _wait(
                [_run(url, "import", *map(str, files[i::4])) for i in range(4)]
            ),
        }
        result: dict = {"files": len(files)}
        reference: dict | None = None
        examples = []
        for name, way in ways.items():
            url = f"sqlite:///{tmp_path / (name.replace(' ', '_') + '.db')}"
            t = time.perf_counter()
            way(url)
            seconds = round(time.perf_counter() - t, 1)
            got, n_speakers = speakers_of(url)
            if reference is None:
                reference = got
                result["statements"] = len(got)
            differ = [k for k in reference if (got.get(k) or ())[:2] != reference[k][:2]]
            role_differs = sum(
                1 for k in reference if k not in differ and got.get(k) != reference[k]
            )
            for k in differ[:3]:
                examples.append({"way": name, "reference": reference[k], "got": got.get(k)})
            result[name] = {
                "differ": len(differ),
                "role_differs": role_differs,
                "speakers": n_speakers,
                "seconds": seconds,
            }
        result["examples"] = examples
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
