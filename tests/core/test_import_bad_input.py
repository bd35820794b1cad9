"""Bad input: one line naming the file (and line) and the reason, non-zero exit, nothing stored changed."""

from __future__ import annotations

import json
import sqlite3

import pytest

JSONL_OK = (
    json.dumps(
        {
            "quote": "The plant will reopen in May, without any doubt.",
            "speaker": "Ana Silva",
            "source": {"title": "Plant"},
        }
    )
    + "\n"
)


def _counts(url: str) -> dict:
    from ledger.services.query import stats
    from ledger.store.db import open_database

    db = open_database(url)
    with db.read() as s:
        data = stats(s)
    db.dispose()
    return {k: data[k] for k in ("sources", "statements", "speakers", "events")}


def _no_traceback(result) -> None:
    assert "Traceback" not in result.err and "Traceback" not in result.out


@pytest.fixture
def stored(cli, db_url, tmp_path):
    """A database that already holds one source, to prove bad input changes nothing."""
    f = tmp_path / "good.jsonl"
    f.write_text(JSONL_OK, encoding="utf-8")
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err
    return _counts(db_url)


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n ", "file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("baddate.txt", b"date 2023-02-30 Someone said hello.", "'2023-02-30' is not a valid date"),
        ("notdate.txt", b"date tomorrow The mayor said so.", "'tomorrow' is not a valid date"),
        ("broken.jsonl", (JSONL_OK + '{"quote": "x", \n').encode(), "line 2: not valid JSON"),
        ("noquote.jsonl", b'{"speaker": "A"}\n', "line 1: 'quote' is required"),
        ("badkind.jsonl", b'{"quote": "x", "kind": "rumour"}\n', "line 1: kind 'rumour'"),
        ("badjsondate.jsonl", b'{"quote": "x", "stated_on": "2024-13-01"}\n', "line 1: stated_on"),
    ],
)
def test_bad_file_is_reported_and_changes_nothing(
    cli, db_url, tmp_path, stored, name, content, expected
):
    f = tmp_path / name
    f.write_bytes(content)
    fmt = ["--format", "jsonl"] if name.endswith(".jsonl") else []
    r = cli("import", *fmt, f, db=db_url)
    assert r.code != 0
    _no_traceback(r)
    lines = [ln for ln in r.err.splitlines() if "failed" in ln and expected in ln]
    assert lines and str(f) in lines[0], r.err
    assert "failed 1" in r.out
    assert _counts(db_url) == stored


def test_missing_file_and_empty_folder(cli, db_url, tmp_path, stored):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.png").write_bytes(b"\x89PNG")
    r = cli("import", tmp_path / "nope.txt", tmp_path / "pics", db=db_url)
    assert r.code == 1
    _no_traceback(r)
    assert "nope.txt: no such file or folder" in r.err
    assert "pics: folder holds no files matching" in r.err
    assert "failed 2" in r.out
    assert _counts(db_url) == stored


def test_oversized_file_is_refused_with_the_limit(cli, db_url, tmp_path, stored):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        line = b"The minister said the budget was fine and nothing would change at all.\n"
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    r = cli("import", big, db=db_url)
    assert r.code == 1
    _no_traceback(r)
    assert "big.txt: file is 50.0 MB, over the 25 MB limit (raise it with --max-size)" in r.err
    assert _counts(db_url) == stored


def test_malformed_jsonl_stores_none_of_its_lines(cli, db_url, tmp_path, stored):
    f = tmp_path / "mixed.jsonl"
    good = json.dumps(
        {
            "quote": "A different statement that is fine.",
            "speaker": "Bo Lund",
            "source": {"title": "Other"},
        }
    )
    f.write_text(good + "\n" + "{nope\n", encoding="utf-8")
    r = cli("import", f, db=db_url)
    assert r.code == 1 and f"{f}: line 2: not valid JSON" in r.err
    assert _counts(db_url) == stored


def test_unreachable_database_is_one_line(cli, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(JSONL_OK, encoding="utf-8")
    r = cli("import", f, db="postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert r.code == 3
    _no_traceback(r)
    assert r.err.startswith("ledger: error: database postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert len(r.err.strip().splitlines()) == 1


def test_missing_database_folder_is_one_line(cli, tmp_path):
    r = cli("stats", db=f"sqlite:///{tmp_path}/no/such/dir/ledger.db")
    assert r.code == 3 and "does not exist" in r.err
    _no_traceback(r)


def test_locked_database_is_reported_and_nothing_half_stored(
    cli, sqlite_url, tmp_path, monkeypatch
):
    import ledger.store.database as dbmod

    f = tmp_path / "a.jsonl"
    f.write_text(JSONL_OK, encoding="utf-8")
    assert cli("stats", db=sqlite_url).code == 0  # create at head
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)
    path = sqlite_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        r = cli("import", f, db=sqlite_url)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.code == 3
    _no_traceback(r)
    assert "is locked" in r.err
    assert _counts(sqlite_url)["sources"] == 0
    assert cli("import", f, db=sqlite_url).code == 0


def test_newer_schema_is_refused_by_every_command(cli, sqlite_url):
    assert cli("stats", db=sqlite_url).code == 0
    con = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    con.execute("UPDATE alembic_version SET version_num = 'beefbeef'")
    con.commit()
    con.close()
    r = cli("statements", db=sqlite_url)
    assert r.code == 3 and "newer than this ledger" in r.err
    _no_traceback(r)


def test_debug_shows_the_traceback(cli, tmp_path):
    r = cli("--debug", "stats", db=f"sqlite:///{tmp_path}/no/such/dir/x.db")
    assert r.code == 3 and "Traceback" in r.err
