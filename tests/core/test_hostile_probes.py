"""The probe table of issue #13 (encodings and hostile input): every attack of the issue's
opening, run as written through the command line, on SQLite and PostgreSQL. Each probe
asserts the answer docs/operations.md ("Hostile input", the probe table) gives for it: a
one-line error naming the file (and line, field or bytes), or the text kept verbatim; and
that nothing else was stored or lost. The detailed tests of each rule are beside this:
test_decoding, test_import_hostile, test_safe_output, test_ids, test_import_limits."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_import_bad_input import _counts

from ledger.export.tabular import formula_like

ARTICLE = (
    "\u201cWe will repair the bridge before the winter,\u201d Mayor Ana Silva told reporters"
    " at the caf\u00e9 on Monday. The council said the repairs would cost less than expected.\n"
)
GOOD = "good.txt"


def _one_line_failure(r, path, *needles: str) -> str:
    """The one `ledger: failed:` line about `path`, holding every needle."""
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    lines = [ln for ln in r.err.splitlines() if ln.startswith(f"ledger: failed: {path}: ")]
    assert len(lines) == 1, r.err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def _dump_sources(cli, db) -> list[dict]:
    out = []
    for row in json.loads(cli("sources", "--format", "json", db=db).out):
        sid = row["id"]
        statements = cli("statements", "--source", str(sid), "--format", "jsonl", db=db).out
        first = statements.splitlines()[0] if statements.strip() else None
        text = None
        if first:
            shown = json.loads(
                cli("show", str(json.loads(first)["id"]), "--format", "json", db=db).out
            )
            text = shown["context"]["text"]
        out.append({**row, "text": text})
    return out


def test_probe_one_bad_byte_in_utf8_is_not_cp1125(cli, db_url, tmp_path):
    data = ARTICLE.encode()
    at = data.index(b"Mayor")
    f = tmp_path / "bad.txt"
    f.write_bytes(data[:at] + b"\xff" + data[at:])
    r = cli("import", f, db=db_url)
    assert r.code == 1
    _one_line_failure(r, f, f"not valid UTF-8: 1 invalid byte at offset {at}", "--errors replace")
    assert _counts(db_url)["sources"] == 0
    r = cli("import", "--errors", "replace", f, db=db_url)
    assert r.code == 0, r.err
    (src,) = _dump_sources(cli, db_url)
    assert src["encoding"] == "utf-8 (1 byte replaced)"
    assert src["text"].startswith("\u201cWe will repair")  # the quotes are still quotes
    assert "\u0442\u0410\u042c" not in src["text"]  # cp1125's reading of them


def test_probe_latin1_is_not_cp1250(cli, db_url, tmp_path):
    text = "Les pr\u00eats du maire: \u00ab Nous r\u00e9parerons le pont \u00bb, a dit Ana Silva.\n"
    f = tmp_path / "latin1.txt"
    f.write_bytes(text.encode("latin-1"))
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err
    assert "decoded as cp1252, which fits every byte" in r.err  # the guess is said
    (src,) = json.loads(cli("sources", "--format", "json", db=db_url).out)
    assert src["encoding"] == "cp1252"  # Latin-1 and cp1252 read these bytes the same
    ex = json.loads(cli("extract", "--format", "json", f).out)
    assert "pr\u0119ts" not in json.dumps(ex, ensure_ascii=False)


def test_probe_deep_line_and_lone_surrogate_fail_their_files_only(cli, db_url, tmp_path):
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"quote": "x"}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    surrogate = tmp_path / "surrogate.jsonl"
    surrogate.write_text(
        '{"quote": "The tax will rise.", "speaker": "Ana Silva"}\n'
        '{"quote": "bad \\ud800 here", "speaker": "Ana Silva"}\n'
    )
    good = tmp_path / GOOD
    good.write_text(ARTICLE)
    for run in ("first", "again"):
        r = cli("import", deep, surrogate, good, db=db_url)
        assert r.code == 1, r.err
        _one_line_failure(r, deep, "line 2: nested too deeply to read")
        _one_line_failure(r, surrogate, "line 2: \\ud800 is half of a surrogate pair")
        expected = "imported 1, unchanged 0" if run == "first" else "imported 0, unchanged 1"
        assert f"{expected}, failed 2" in r.out, r.out
        assert _counts(db_url)["sources"] == 1
    assert cli("verify", db=db_url).code == 0


def test_probe_jsonl_whose_first_line_holds_a_5000_digit_number(cli, db_url, tmp_path):
    f = tmp_path / "big.jsonl"
    f.write_text(
        '{"quote": "n", "x": ' + "9" * 5000 + "}\n"
        '{"quote": "Rates will rise soon.", "speaker": "Bo Park"}\n'
    )
    r = cli("import", f, db=db_url)
    assert r.code == 1
    _one_line_failure(r, f, "line 1: number too long")
    assert "failed 1" in r.out and _counts(db_url)["sources"] == 0  # not plain text


@pytest.mark.parametrize("url", ["sqlite:///", "sqlite://", "sqlite:///:memory:"])
def test_probe_in_memory_database_is_refused(cli, tmp_path, url):
    f = tmp_path / GOOD
    f.write_text(ARTICLE)
    r = cli("import", f, db=url)
    assert r.code == 3 and "in-memory database is lost" in r.err, r.err
    assert "imported" not in r.out


def test_probe_javascript_url_in_front_matter(cli, db_url, tmp_path):
    f = tmp_path / "js.txt"
    f.write_text(f"---\ntitle: Repairs\nurl: javascript:alert(1)\n---\n{ARTICLE}")
    r = cli("import", f, db=db_url)
    assert r.code == 1
    _one_line_failure(r, f, "line 3: url: 'javascript:alert(1)' is not an http(s) URL")
    assert _counts(db_url)["sources"] == 0


def test_probe_json_output_escapes_c1_controls(cli, db_url, tmp_path):
    f = tmp_path / "c1.jsonl"
    row = {
        "quote": "A \u009b2J and \u0085 here.",
        "speaker": "Cy Dee",
        "source": {"title": "t\u009bx"},
    }
    f.write_text(json.dumps(row) + "\n")
    assert cli("import", f, db=db_url).code == 0
    for args in (
        ("statements", "--format", "json"),
        ("statements", "--format", "jsonl"),
        ("sources", "--format", "json"),
        ("show", "1", "--format", "json"),
        ("export", "--format", "json"),
        ("export", "--format", "jsonl"),
        ("history", "statement:1", "--format", "json"),
    ):
        r = cli(*args, db=db_url)
        assert r.code == 0, (args, r.err)
        raw = [c for c in r.out if ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F]
        assert raw == [], (args, raw)
        assert "\\u009b" in r.out, args


def test_probe_csv_neutralises_every_formula_like_cell(cli, db_url, tmp_path):
    triggers = [" =1+1", "\uff1d1+1", "\u200b=1+1", "\n=1+1", "=1+1", "+1", "-1", "@SUM(A1)"]
    triggers += ["\t=1", "\r=1"]
    f = tmp_path / "cells.jsonl"
    f.write_text(
        "".join(
            json.dumps({"quote": t + " is what she typed", "speaker": "Ana Silva", "ref": t}) + "\n"
            for t in triggers
        )
    )
    assert cli("import", f, db=db_url).code == 0
    r = cli("export", "--format", "csv", db=db_url)
    rows = list(csv.DictReader(io.StringIO(r.out)))
    # the quote is kept verbatim behind its "'"; refs are stored stripped, "=1+1" and the like
    assert sorted(row["quote"] for row in rows) == sorted(
        f"'{t} is what she typed" for t in triggers
    )
    assert all(row["ref"].startswith("'") for row in rows)
    for row in rows:
        for cell in row.values():
            assert not formula_like(cell), cell


@pytest.mark.parametrize("n", ["99999999999999999999", "2147483648", "9223372036854775808"])
def test_probe_show_an_id_out_of_range(cli, db_url, n):
    r = cli("show", n, db=db_url)
    assert r.code == 1 and r.err.strip() == f"ledger: error: no statement with id {n}", r.err
