"""Output that hostile text cannot subvert: JSON with every control character escaped, CSV
with every formula-like cell neutralised (issue #13, item 5)."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ledger.export.claimreview import claim_reviews_json
from ledger.export.tabular import formula_like, safe_cell
from ledger.store.safe_json import escape_json_text, safe_dumps

#: what no JSON the ledger writes may hold raw (but the LF, CR, tab of indentation)
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
NASTY = "\x00\x1b\x7f\x85\x9b\x9f\u2028\u2029<>&\"\\\n\r\t'é“”\u200b\ufeff𝒜"

texts = st.text(alphabet=st.sampled_from(NASTY) | st.characters(), max_size=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


@given(json_values, st.sampled_from([None, 2]), st.booleans())
def test_safe_dumps_is_the_same_json_without_raw_controls(value, indent, html):
    text = safe_dumps(value, indent=indent, html=html)
    assert json.loads(text) == value
    assert not RAW.search(text)
    if html:
        assert not re.search("[<>&]", text)
    text.encode("utf-8")  # writable to a UTF-8 file


@given(texts)
def test_safe_dumps_keeps_other_text_readable(s):
    keep = "".join(ch for ch in s if ch.isalnum() and ord(ch) > 127)
    assert keep in safe_dumps(keep)


def test_escapes_are_the_json_ones():
    assert safe_dumps("a\x9bb\u2028c\x7f") == '"a\\u009bb\\u2028c\\u007f"'
    assert safe_dumps(["</script>"], html=True) == '["\\u003c/script\\u003e"]'
    assert safe_dumps("é “quoted”") == '"é “quoted”"'
    assert escape_json_text('{\n  "a": "\x85"\n}') == '{\n  "a": "\\u0085"\n}'


def test_claim_review_json_cannot_end_its_script():
    docs = [{"claimReviewed": "</script><script>alert(1)</script> & \u2028"}]
    out = claim_reviews_json(docs)
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == docs


def test_prov_json_escapes_whatever_the_library_writes():
    from ledger.export.prov import prov_json

    class Doc:  # a prov library that wrote raw C1 and separators
        def serialize(self, format: str, indent: int) -> str:
            return '{\n  "label": "a\x9bb\u2028c\x7f"\n}'

    out = prov_json(Doc())  # type: ignore[arg-type]
    assert not RAW.search(out)
    assert json.loads(out) == {"label": "a\x9bb\u2028c\x7f"}


# --- CSV --------------------------------------------------------------------------------

TRIGGERS = "=+-@"
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202e\u00ad"
LEADING = " \u00a0\u3000\u2003" + INVISIBLE
cells = st.text(
    alphabet=st.sampled_from(TRIGGERS + LEADING + "\t\r\n＝＋－＠﹦﹢﹣﹫aZ3.") | st.characters(),
    max_size=12,
)


def _reads_as_formula(text: str) -> bool:
    """The test's own account: a tab, CR or LF among the leading blanks, or a trigger after
    them once NFKC-normalised."""
    rest = text
    while rest and (rest[0].isspace() or rest[0] in INVISIBLE or ord(rest[0]) < 32):
        if rest[0] in "\t\r\n":
            return True
        rest = rest[1:]
    return unicodedata.normalize("NFKC", rest[:1])[:1] in set(TRIGGERS)


@given(cells)
def test_every_formula_like_cell_is_neutralised(text):
    cell = safe_cell(text)
    if _reads_as_formula(text):
        assert cell == "'" + text
    assert cell in (text, "'" + text)
    assert not _reads_as_formula(cell)


@given(
    st.text(alphabet=st.sampled_from(LEADING), min_size=1, max_size=4),
    st.sampled_from("=+-@＝＋－＠﹦﹢﹣﹫\t\r\n"),
    st.text(max_size=8),
)
def test_a_trigger_behind_blanks_or_full_width_is_neutralised(blanks, trigger, rest):
    text = blanks + trigger + rest
    assert safe_cell(text) == "'" + text


@given(st.text(alphabet=st.characters(categories=["L", "N"]), max_size=20))
def test_plain_text_and_numbers_are_unchanged(text):
    if unicodedata.normalize("NFKC", text[:1])[:1] not in set(TRIGGERS):
        assert safe_cell(text) == text


def test_csv_cells_examples():
    for bad in ("=1+1", " =1", "＝1", "\u200b=1", "\ufeff@SUM(A1)", "\n=1", "\t1", "\r1", "-3"):
        assert formula_like(bad), bad
        assert safe_cell(bad) == "'" + bad
    for good in ("3.5", "12", "hello", " hello", "a=b", "", "'quoted"):
        assert safe_cell(good) == good
    assert safe_cell(None) == "" and safe_cell(7) == "7"


# --- through the command line -----------------------------------------------------------

HOSTILE = [
    {
        "quote": "Bad \x9b31m red \x7f del \u2028 ls \u2029 ps </script> & é “x”",
        "speaker": "=Mallory",
        "ref": "a",
        "source": {"title": "\u200b=cmd", "outlet": "＝SUM(A1)", "published_on": "2024-02-01"},
    },
    {
        "quote": "\n=1+1 and -3",
        "speaker": "Bob",
        "ref": "b",
        "source": {"title": "\u200b=cmd", "outlet": "＝SUM(A1)", "published_on": "2024-02-01"},
    },
]


def _import(cli, db_url, tmp_path):
    f = tmp_path / "hostile.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in HOSTILE), encoding="utf-8")
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err


def _clean_json_lines(text: str) -> list:
    assert not RAW.search(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_json_outputs_escape_controls(cli, db_url, tmp_path):
    _import(cli, db_url, tmp_path)
    quote = HOSTILE[0]["quote"]
    for args in (
        ("statements", "--format", "jsonl"),
        ("export", "--format", "jsonl"),
        ("export", "--all", "--format", "jsonl"),
    ):
        r = cli(*args, db=db_url)
        assert r.code == 0, (args, r.err)
        rows = _clean_json_lines(r.out)
        assert any(row.get("quote") == quote for row in rows), args
        assert "é “x”" in r.out  # other text stays readable
    for args in (
        ("statements", "--format", "json"),
        ("export", "--format", "json"),
        ("show", "1", "--format", "json"),
    ):
        r = cli(*args, db=db_url)
        assert r.code == 0, (args, r.err)
        assert not RAW.search(r.out), args
        assert quote in json.dumps(json.loads(r.out), ensure_ascii=False)
    r = cli("export", "--format", "prov", db=db_url)
    assert r.code == 0, r.err
    assert not RAW.search(r.out)


def test_extract_jsonl_escapes_controls(cli, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(
        'The mayor said: "We will \x9b fix the \u2028 bridge by May." Then she left.\n',
        encoding="utf-8",
    )
    for fmt in ("jsonl", "json"):
        r = cli("extract", f, "--format", fmt)
        assert r.code == 0, r.err
        assert not RAW.search(r.out)


def test_csv_export_neutralises_formula_cells(cli, db_url, tmp_path):
    _import(cli, db_url, tmp_path)
    r = cli("export", "--format", "csv", db=db_url)
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert len(rows) == 2
    for row in rows:
        assert row["title"] == "'\u200b=cmd"
        assert row["outlet"] == "'＝SUM(A1)"
    by_ref = {row["ref"]: row for row in rows}
    assert by_ref["a"]["speaker"] == "'=Mallory"
    assert by_ref["b"]["quote"] == "'\n=1+1 and -3"
    for row in rows:
        for value in row.values():
            assert not formula_like(value), value


def test_tables_show_bidirectional_overrides_as_escapes(cli, db_url, tmp_path):
    # U+202E reverses what follows in a terminal that honours it: "exe.gpj" reads "jpg.exe"
    quote = "The file is \u202eexe.gpj\u202c, the mayor said, \u2067not\u2069 a picture."
    f = tmp_path / "bidi.jsonl"
    row = {"quote": quote, "speaker": "Ana \u202eSilva", "source": {"title": "T\u2066x"}}
    f.write_text(json.dumps(row) + "\n")
    assert cli("import", f, db=db_url).code == 0
    for args in (("statements",), ("show", "1"), ("speakers",), ("sources",)):
        r = cli(*args, db=db_url)
        assert r.code == 0, (args, r.err)
        assert not any("\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" for c in r.out)
    assert "\\u202eexe.gpj\\u202c" in cli("show", "1", db=db_url).out
    # the data itself stays verbatim: JSON output parses back to the stored quote
    shown = json.loads(cli("show", "1", "--format", "json", db=db_url).out)
    assert shown["quote"] == quote
