"""Targeted probes: SQL metacharacters, paths, spreadsheet formulas, markup and terminal
escapes are stored and shown as text, with no other effect."""

from __future__ import annotations

import csv
import io
import json

ROWS = [
    {
        "quote": "Taxes rose 100% in 2023_Q1, not 50\\%",
        "speaker": "Robert'); DROP TABLE speaker;--",
        "hedging": "none",
        "source": {
            "title": "../../evil",
            "outlet": "=cmd|' /C calc'!A0",
            "url": "http://x.test/../../etc/passwd",
        },
    },
    {
        "quote": '=HYPERLINK("http://evil.example","click")',
        "speaker": "@SUM(A1:A9)",
        "hedging": "none",
        "source": {"title": "+1+1", "outlet": "-2+3", "published_on": "2024-02-01"},
    },
    {
        "quote": "\x1b[31mRed\x1b[0m \x9b2J [bold]loud[/bold] [link=http://x]x[/link]",
        "speaker": "Tab\tName",
        "hedging": "none",
        "source": {"title": "\x1b]0;pwned\x07", "published_on": "2024-02-02"},
    },
]


def _ledger(cli, url, tmp_path):
    f = tmp_path / "rows.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    r = cli("import", str(f), db=url)
    assert r.code == 0, r.err
    return f


def _ids(cli, url, *args):
    r = cli("statements", "--format", "jsonl", *args, db=url)
    assert r.code == 0, r.err
    return [json.loads(x)["quote"] for x in r.out.splitlines()]


def test_sql_metacharacters_are_searched_literally(cli, db_url, tmp_path):
    _ledger(cli, db_url, tmp_path)
    # --search is words (#15): LIKE's % and _ are never wildcards; a search of nothing but
    # punctuation is refused in one line before any output, and no quote matches
    # everything
    for only_punctuation in ("%", "\\%", "%%"):
        r = cli("statements", "--search", only_punctuation, db=db_url)
        assert r.code == 1 and r.out == "", (only_punctuation, r.out)
        assert r.err.strip().splitlines() == [
            f"ledger: error: search {only_punctuation!r} has no word to look for"
        ], r.err
    assert _ids(cli, db_url, "--search", "_") == []
    for words in ("100%", "50\\%", "2023_Q1"):
        assert _ids(cli, db_url, "--search", words) == [ROWS[0]["quote"]], words
    assert _ids(cli, db_url, "--search", "' OR '1'='1") == []
    assert _ids(cli, db_url, "--speaker", "DROP TABLE") == [ROWS[0]["quote"]]
    r = cli("speakers", "--format", "json", db=db_url)
    names = {s["name"] for s in json.loads(r.out)}
    assert ROWS[0]["speaker"] in names  # stored verbatim, and the table is still there
    r = cli("--as", "ed", "speakers", "alias", "1", "x'); DELETE FROM statement;--", db=db_url)
    assert r.code == 0, r.err
    assert len(_ids(cli, db_url)) == 3
    assert cli("verify", db=db_url).code == 0


def test_csv_export_neutralises_formulas(cli, db_url, tmp_path):
    _ledger(cli, db_url, tmp_path)
    r = cli("export", "--format", "csv", db=db_url)
    assert r.code == 0, r.err
    rows = list(csv.reader(io.StringIO(r.out)))
    cells = [c for row in rows[1:] for c in row]
    assert cells, "export wrote no rows"
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert "'@SUM(A1:A9)" in cells and "'+1+1" in cells and "'-2+3" in cells
    r = cli("statements", "--format", "csv", db=db_url)
    for row in list(csv.reader(io.StringIO(r.out)))[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_output_paths_are_the_users_and_nothing_else(cli, db_url, tmp_path, monkeypatch):
    _ledger(cli, db_url, tmp_path)
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    before = {p for p in tmp_path.rglob("*")}
    r = cli("export", "--format", "csv", "-o", "../out.csv", db=db_url)
    assert r.code == 0, r.err
    assert (tmp_path / "a" / "out.csv").is_file()
    absolute = tmp_path / "abs.jsonl"
    assert cli("export", "-o", str(absolute), db=db_url).code == 0
    created = {p for p in tmp_path.rglob("*")} - before
    # titles like "../../evil" and URLs like /etc/passwd never become paths
    assert created == {tmp_path / "a" / "out.csv", absolute}
    for bad in (str(tmp_path), str(tmp_path / "nope" / "x.csv"), "../out.csv"):
        r = cli("export", "-o", bad, db=db_url)
        assert r.code == 1 and r.err.startswith("ledger: error:"), (bad, r.err)
    assert (tmp_path / "a" / "out.csv").read_text(encoding="utf-8").startswith("id,")


def test_markup_and_escapes_show_as_text(cli, db_url, tmp_path):
    _ledger(cli, db_url, tmp_path)
    for args in (["statements"], ["show", "3"], ["sources"], ["speakers"], ["history", "3"]):
        r = cli(*args, db=db_url)
        assert r.code == 0, (args, r.err)
        assert "\x1b" not in r.out and "\x9b" not in r.out and "\x07" not in r.out, args
    r = cli("show", "3", db=db_url)
    assert "[bold]loud[/bold]" in r.out and "[link=http://x]x[/link]" in r.out
    assert "\\x1b[31mRed" in r.out


def test_escapes_in_file_names_do_not_reach_the_terminal(cli, db_url, tmp_path):
    bad = tmp_path / "\x1b]0;pwned\x07\x1b[2J.txt"
    bad.write_text("", encoding="utf-8")  # empty: the import fails and names the file
    r = cli("import", str(bad), db=db_url)
    assert r.code == 1
    assert "\x1b" not in r.err and "\x07" not in r.err, r.err
    assert "pwned" in r.err


def test_reviewer_ui_renders_untrusted_text_as_plain_text():
    from tui.safe import plain

    shown = plain("[bold]x[/bold] \x1b[31mred \x9b2J [link=http://evil]y[/link]")
    assert shown.plain == "[bold]x[/bold] \\x1b[31mred \\x9b2J [link=http://evil]y[/link]"
    assert not shown.spans


def test_numbers_that_are_not_plain_digits_are_names_not_ids(cli, sqlite_url, tmp_path):
    # "¹" and "٣" pass str.isdigit() but are no id a user could mean
    _ledger(cli, sqlite_url, tmp_path)
    for odd in ("¹", "٣", "²³"):
        for args in (("statements", "--speaker", odd), ("statements", "--source", odd)):
            r = cli(*args, "--format", "jsonl", db=sqlite_url)
            assert r.code == 0 and r.out == "" and "internal error" not in r.err, (args, r.err)
        r = cli("history", odd, db=sqlite_url)
        assert r.code == 1 and r.err.startswith("ledger: ") and "internal" not in r.err
