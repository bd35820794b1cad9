"""The per-source bounds besides the byte limit (`ledger.sources.limits`): statements,
speakers, links. A source over one is refused in one line naming the file and the bound;
nothing of it is stored, the other files go on, and the process's caches stay right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_import_bad_input import _counts

from ledger.sources import limits


def _jsonl(path, quotes, speakers=None, title="T"):
    speakers = speakers or ["Ana Silva"] * len(quotes)
    path.write_text(
        "".join(
            json.dumps({"quote": q, "speaker": s, "source": {"title": title}}) + "\n"
            for q, s in zip(quotes, speakers, strict=True)
        )
    )
    return path


def _ok(tmp_path):
    return _jsonl(tmp_path / "ok.jsonl", ["The harbour will be dredged by the autumn."], title="ok")


def _refused(r, path, what, bound):
    assert r.code == 1, (r.out, r.err)
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    failed = [ln for ln in r.err.splitlines() if ln.startswith("ledger: failed:")]
    assert len(failed) == 1, r.err
    assert f"{path}: over {bound:,} {what} in one source" in failed[0], r.err


def test_jsonl_statements_over_the_bound(cli, db_url, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_STATEMENTS", 3)
    big = _jsonl(tmp_path / "big.jsonl", [f"Statement {i} is here." for i in range(4)])
    fine = _jsonl(tmp_path / "fine.jsonl", [f"Fine statement {i}." for i in range(3)], title="F")
    r = cli("import", big, fine, db=db_url)
    _refused(r, big, "statements", 3)
    assert "imported 1, unchanged 0, failed 1 (3 statements)" in r.out


def test_extracted_statements_over_the_bound(cli, db_url, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_STATEMENTS", 2)
    f = tmp_path / "talk.txt"
    f.write_text(
        "".join(f'"Point number {i} stands," the mayor said on Monday.\n\n' for i in range(3))
    )
    r = cli("import", f, _ok(tmp_path), db=db_url)
    _refused(r, f, "statements", 2)
    assert _counts(db_url)["sources"] == 1


def test_speakers_over_the_bound(cli, db_url, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SPEAKERS", 2)
    names = ["Ana Silva", "Bo Lund", "Cy Tan"]
    f = _jsonl(tmp_path / "many.jsonl", [f"Quote by {n} here." for n in names], names)
    r = cli("import", f, _ok(tmp_path), db=db_url)
    _refused(r, f, "speakers", 2)
    assert _counts(db_url)["speakers"] == 1


def test_links_over_the_bound_and_the_caches_after(cli, db_url, tmp_path, monkeypatch):
    quote = "The new bridge over the river will open to traffic next June."
    monkeypatch.setattr(limits, "MAX_LINKS", 5)
    first = _jsonl(tmp_path / "first.jsonl", [quote], title="first")
    assert cli("import", first, db=db_url).code == 0
    before = _counts(db_url)
    # four more copies: 4 links to the stored one and 6 among themselves, over 5
    loud = _jsonl(tmp_path / "loud.jsonl", [quote] * 4, title="loud")
    r = cli("import", loud, db=db_url)
    _refused(r, loud, "links", 5)
    assert _counts(db_url) == before
    # the same process links the next source against what is stored, not the refused one
    again = _jsonl(tmp_path / "again.jsonl", [quote], title="again")
    r = cli("import", again, db=db_url)
    assert r.code == 0, r.err
    links = json.loads(cli("links", "--format", "json", db=db_url).out)
    ids = {s["id"] for s in json.loads(cli("statements", "--format", "json", db=db_url).out)}
    assert len(ids) == 2 and len(links) == 1
    assert all({lk["a"], lk["b"]} <= ids for lk in links), links
    r = cli("verify", db=db_url)
    assert r.code == 0, r.err


def test_a_page_repeating_one_quote_links_linearly_and_a_low_bound_still_refuses(
    cli, db_url, tmp_path
):
    quote = "We will never, ever raise the tax on bread, the minister said."
    n = 700  # a complete graph would be 244,650 links, over the default bound of 200,000
    assert n * (n - 1) // 2 > limits.MAX_LINKS
    f = _jsonl(tmp_path / "echo.jsonl", [quote] * n)
    r = cli("import", f, db=db_url, env={"LEDGER_MAX_LINKS": "100"})
    _refused(r, f, "links", 100)
    assert _counts(db_url)["sources"] == 0
    r = cli("import", f, db=db_url, env={"LEDGER_MAX_LINKS": str(limits.MAX_LINKS)})
    assert r.code == 0, r.err
    links = [x for x in cli("links", "--format", "jsonl", db=db_url).out.splitlines() if x]
    assert len(links) <= 12 * n  # bounded per statement, not the square of the claim
    claims = {
        json.loads(x)["claim_id"]
        for x in cli("statements", "--format", "jsonl", db=db_url).out.splitlines()
        if x
    }
    assert len(claims) == 1  # ...and the 700 repeats are still one claim


POLNEAR = Path(__file__).resolve().parents[3] / "shared" / "data" / "polnear-train" / "text"


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="../shared/data/polnear-train is not here")
def test_default_bounds_fit_real_sources(cli, sqlite_url):
    # the largest PolNeAR training article (34 KB: 132 statements, 38 speakers, 9 links)
    # is at least a hundred times under each bound
    largest = max(POLNEAR.glob("*.txt"), key=lambda p: p.stat().st_size)
    r = cli("import", largest, db=sqlite_url)
    assert r.code == 0, r.err
    counts = _counts(sqlite_url)
    links = cli("links", "--format", "jsonl", db=sqlite_url).out.splitlines()
    assert counts["statements"] >= 50  # it is a real, quote-rich article
    assert counts["statements"] * 100 <= limits.bound("statements")
    assert counts["speakers"] * 100 <= limits.bound("speakers")
    assert len(links) * 100 <= limits.bound("links")


def test_bounds_are_set_by_environment_variables(cli, db_url, tmp_path):
    f = _jsonl(tmp_path / "three.jsonl", [f"Statement {i} is here." for i in range(3)])
    r = cli("import", f, db=db_url, env={"LEDGER_MAX_STATEMENTS": "2"})
    _refused(r, f, "statements", 2)
    assert "LEDGER_MAX_STATEMENTS" in r.err
    r = cli("import", f, db=db_url, env={"LEDGER_MAX_STATEMENTS": "lots"})
    assert r.code == 1 and "LEDGER_MAX_STATEMENTS" in r.err and "whole number" in r.err, r.err
    assert _counts(db_url)["sources"] == 0
    r = cli("import", f, db=db_url, env={"LEDGER_MAX_STATEMENTS": "3"})
    assert r.code == 0, r.err
