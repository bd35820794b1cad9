"""An import of many files extracts in worker processes and stores exactly what a
one-process import stores, in the same order, with bad files reported the same way."""

from __future__ import annotations

import json

FIELDS = ("source_id", "speaker", "kind", "quote", "start", "end", "stated_on", "hedging")


def _article(i: int) -> str:
    day = 1 + i % 27
    return (
        f"date 2024-05-{day:02d}\n"
        f"The council met on Monday to discuss plan number {i}. "
        f"“We will finish the works on street {i} before the winter,” said Mayor Ada Novak{i % 7}. "
        f"Novak{i % 7} added that the budget might grow by {i} percent.\n\n"
        f"Opposition leader Karl Weiss{i % 5} told reporters the plan {i} was “a costly mistake”.\n"
    )


def _folder(tmp_path, n: int):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:04d}.txt").write_text(_article(i), encoding="utf-8")
    # one file that cannot be read as text, and one that is too large
    (folder / "a0030x.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "a0031x.txt").write_text("date 2024-05-01\n" + "x" * 300_000, encoding="utf-8")
    return folder


def _stored(cli, url) -> tuple[list, list]:
    """Every statement's fields with its claim, and every link."""
    rows = [json.loads(x) for x in cli("statements", "--format", "jsonl", db=url).out.splitlines()]
    links = [json.loads(x) for x in cli("links", "--format", "jsonl", db=url).out.splitlines()]
    return [(r["id"], r["claim_id"], *(r[f] for f in FIELDS)) for r in rows], links


def test_workers_store_what_one_process_stores(cli, tmp_path):
    folder = _folder(tmp_path, 80)
    runs = {}
    for jobs in ("0", "2"):
        url = f"sqlite:///{tmp_path / f'jobs{jobs}.db'}"
        r = cli("import", str(folder), "--jobs", jobs, "--max-size", "0.1", db=url)
        assert r.code == 1  # the two bad files
        assert "imported 80, unchanged 0, failed 2" in r.out
        assert r.err.count("ledger: failed:") == 2 and "a0030x.txt" in r.err
        assert "Traceback" not in r.err
        runs[jobs] = (_stored(cli, url), r.err)
        assert cli("verify", db=url).code == 0
    assert runs["0"] == runs["2"]
    statements, links = runs["0"][0]
    assert len(statements) >= 160 and len(links) >= 20
    # the same folder again: nothing new, with workers too
    again = cli("import", str(folder), "--jobs", "2", "--max-size", "0.1", db=url)
    assert "imported 0, unchanged 80, failed 2" in again.out


def test_jobs_option_is_checked(cli, tmp_path):
    r = cli("import", str(tmp_path), "--jobs", "-1", db=f"sqlite:///{tmp_path / 'x.db'}")
    assert r.code == 2 and "--jobs" in r.err
