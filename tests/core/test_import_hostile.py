"""Hostile input in a multi-file import: each file succeeds or fails alone, with one line
naming the file and line; a re-run afterwards works; nothing already stored changes."""

from __future__ import annotations

import json

import pytest
from test_import_bad_input import _counts

GOOD_TEXT = (
    "The mayor said the bridge would open in June. "
    '"We will not raise taxes this year," the governor said on Monday.\n'
)


def _line(quote: str, title: str = "T", **extra) -> str:
    return json.dumps({"quote": quote, "speaker": "Ana Silva", "source": {"title": title}, **extra})


DEEP = 100_000

HOSTILE = {
    "deep": "[" * DEEP + "]" * DEEP,
    "deep_in_object": '{"quote": "x", "hedge_cues": ' + "[" * DEEP + "]" * DEEP + "}",
    "surrogate_quote": '{"quote": "bad \\ud800 text", "speaker": "Ana Silva"}',
    "surrogate_speaker": '{"quote": "A fine quote here.", "speaker": "A\\udfff"}',
    "surrogate_title": '{"quote": "A fine quote here.", "source": {"title": "\\ud83d"}}',
    "huge_number": '{"quote": "A fine quote here.", "start": ' + "7" * 5000 + "}",
    "huge_first": '{"n": ' + "9" * 5000 + ', "quote": "x"}',
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("position", ["first", "second"])
def test_hostile_jsonl_line_fails_its_file_only(cli, db_url, tmp_path, case, position):
    a = tmp_path / "a.jsonl"
    a.write_text(_line("The plant will reopen in May, without any doubt.", "A") + "\n")
    b = tmp_path / "b.txt"
    b.write_text(GOOD_TEXT)
    c = tmp_path / "c.jsonl"
    lines = [_line("Prices will fall next year, the minister promised.", "C"), HOSTILE[case]]
    if position == "first":
        lines.reverse()
    c.write_text("\n".join(lines) + "\n")
    bad_line = 1 if position == "first" else 2

    r = cli("import", a, c, b, db=db_url)
    assert r.code == 1, r.err
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    failed = [ln for ln in r.err.splitlines() if ln.startswith("ledger: failed:")]
    assert len(failed) == 1, r.err
    assert f"{c}: line {bad_line}:" in failed[0], r.err
    assert "imported 2, unchanged 0, failed 1" in r.out, r.out
    after = _counts(db_url)
    assert after["sources"] == 2

    # the re-run: the good files are unchanged, the bad one fails again, nothing else moves
    r2 = cli("import", a, c, b, db=db_url)
    assert r2.code == 1 and "internal error" not in r2.err, r2.err
    assert "imported 0, unchanged 2, failed 1" in r2.out, r2.out
    assert _counts(db_url) == after

    # fixed, the file imports
    c.write_text(lines[0] if position == "second" else lines[1])
    r3 = cli("import", a, c, b, db=db_url)
    assert r3.code == 0, r3.err
    assert "imported 1, unchanged 2, failed 0" in r3.out


def test_hostile_jsonl_in_worker_processes_fails_its_file_only(cli, db_url, tmp_path, monkeypatch):
    import ledger.services.prepare as prepare

    monkeypatch.setattr(prepare, "PARALLEL_MIN", 2)
    monkeypatch.setattr(prepare, "BATCH", 2)
    monkeypatch.setattr(prepare.os, "cpu_count", lambda: 2)
    files = []
    for i in range(4):
        f = tmp_path / f"f{i}.jsonl"
        f.write_text(_line(f"Statement number {i} will surely be fine.", f"S{i}") + "\n")
        files.append(f)
    files[1].write_text(_line("Fine.", "X") + "\n" + HOSTILE["surrogate_quote"] + "\n")
    files[2].write_text(HOSTILE["deep"] + "\n")
    r = cli("import", "--jobs", "1", *files, db=db_url)
    assert "internal error" not in r.err, r.err
    assert f"{files[1]}: line 2:" in r.err and f"{files[2]}: line 1:" in r.err, r.err
    assert "imported 2, unchanged 0, failed 2" in r.out, r.out


@pytest.mark.parametrize(
    "content,expected",
    [
        ('{"quote": "x", "n": ' + "1" * 5000 + "}\n", "line 1: number too long"),
        ("{nope\n" + _line("A fine quote here.") + "\n", "line 1: not valid JSON"),
        ("[" * DEEP + "]" * DEEP + "\n", "line 1: nested too deeply"),
    ],
)
def test_jsonl_by_extension_even_when_first_line_is_bad(cli, db_url, tmp_path, content, expected):
    f = tmp_path / "statements.jsonl"
    f.write_text(content)
    r = cli("import", f, db=db_url)
    assert r.code == 1 and f"{f}: {expected}" in r.err, r.err
    assert "failed 1" in r.out and "statements" in r.out
    assert _counts(db_url)["sources"] == 0


def test_jsonl_named_by_format_even_when_first_line_is_bad(cli, db_url, tmp_path):
    f = tmp_path / "statements.txt"
    f.write_text('{"quote": "x", "n": ' + "1" * 5000 + "}\n")
    r = cli("import", "--input-format", "jsonl", f, db=db_url)
    assert r.code == 1 and f"{f}: line 1: number too long" in r.err, r.err


def test_deep_first_line_of_a_text_file_is_text(cli, db_url, tmp_path):
    f = tmp_path / "odd.txt"
    f.write_text("{" * DEEP + "\n" + GOOD_TEXT)
    r = cli("import", f, db=db_url)
    assert "internal error" not in r.err, r.err
    assert r.code == 0, r.err


@pytest.mark.parametrize(
    "url",
    [
        "sqlite://",
        "sqlite:///",
        "sqlite:///:memory:",
        "sqlite:///file::memory:?uri=true",
        "sqlite:///file:x?mode=memory&uri=true",
        "sqlite+pysqlite:///:memory:",
    ],
)
def test_in_memory_database_is_refused(cli, tmp_path, monkeypatch, url):
    f = tmp_path / "a.jsonl"
    f.write_text(_line("The plant will reopen in May, without any doubt.") + "\n")
    r = cli("import", f, db=url)
    assert r.code == 3, (r.out, r.err)
    assert "in-memory" in r.err and len(r.err.strip().splitlines()) == 1, r.err
    assert "imported" not in r.out
    monkeypatch.setenv("LEDGER_DATABASE_URL", url)
    r = cli("stats")
    assert r.code == 3 and "in-memory" in r.err


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "/relative/path", "http://"],
)
def test_front_matter_url_must_be_http(cli, db_url, tmp_path, url):
    f = tmp_path / "a.txt"
    f.write_text(f"---\ntitle: T\nurl: {url}\n---\n{GOOD_TEXT}")
    r = cli("import", f, db=db_url)
    assert r.code == 1 and f"{f}: line 3: url" in r.err and "http" in r.err, r.err
    assert _counts(db_url)["sources"] == 0


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:x", "ftp://h/x", "//h/x"])
def test_jsonl_source_url_must_be_http(cli, db_url, tmp_path, url):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"quote": "A fine quote here.", "source": {"url": url}}) + "\n")
    r = cli("import", f, db=db_url)
    assert r.code == 1 and f"{f}: line 1: source.url" in r.err, r.err
    assert _counts(db_url)["sources"] == 0


def test_http_urls_are_kept(cli, db_url, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"---\nurl: HTTPS://example.org/a?b=1\n---\n{GOOD_TEXT}")
    g = tmp_path / "b.jsonl"
    g.write_text(json.dumps({"quote": "A fine quote.", "source": {"url": "http://x.test/"}}) + "\n")
    r = cli("import", f, g, db=db_url)
    assert r.code == 0, r.err
    out = cli("sources", "--format", "json", db=db_url).out
    assert "HTTPS://example.org/a?b=1" in out and "http://x.test/" in out


def test_file_name_that_is_not_utf8_is_imported_under_a_shown_name(cli, db_url, tmp_path):
    import os

    folder = os.fsencode(tmp_path)
    with open(folder + b"/bad\xff.txt", "wb") as fh:
        fh.write(GOOD_TEXT.encode())
    (tmp_path / "good.txt").write_text("The minister said the plan was working well.\n")
    r = cli("import", tmp_path, db=db_url)
    assert r.code == 0 and "internal error" not in r.err, r.err
    assert "imported 2" in r.out
    origins = [s["origin"] for s in json.loads(cli("sources", "--format", "json", db=db_url).out)]
    assert any(o.endswith("bad\\udcff.txt") for o in origins), origins
    r = cli("import", os.fsdecode(folder + b"/bad\xff.txt"), db=db_url)
    assert r.code == 0 and "unchanged" in r.err, r.err


def test_html_page_url_is_kept_only_when_http(cli, db_url, tmp_path, monkeypatch):
    import trafilatura

    real = trafilatura.extract_metadata

    def hostile(*args, **kwargs):
        meta = real(*args, **kwargs)
        meta.url = "javascript:alert(1)"
        return meta

    monkeypatch.setattr(trafilatura, "extract_metadata", hostile)
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>Taxes</title></head><body><article><p>"
        + GOOD_TEXT * 3
        + "</p></article></body></html>"
    )
    r = cli("import", page, db=db_url)
    assert r.code == 0, r.err
    (src,) = json.loads(cli("sources", "--format", "json", db=db_url).out)
    assert src["url"] is None and src["title"] == "Taxes"


def test_url_option_must_be_http(cli, db_url, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(GOOD_TEXT)
    r = cli("import", "--url", "javascript:alert(1)", f, db=db_url)
    assert r.code == 1 and "javascript:alert(1)" in r.err and "http(s)" in r.err, r.err
    assert _counts(db_url)["sources"] == 0


@pytest.mark.parametrize("name", ["esc.txt", "esc.html", "esc.jsonl"])
def test_text_decoded_to_a_lone_surrogate_fails_its_file_only(cli, db_url, tmp_path, name):
    # a codec such as unicode_escape can decode bytes to a lone surrogate
    bad = tmp_path / name
    body = "The mayor said the bridge \\ud800 would open in June.\n\nMore text follows."
    if name.endswith(".jsonl"):
        body = '{"quote": "x"}\n{"quote": "The mayor said \\ud800 it would open."}'
    elif name.endswith(".html"):
        body = f"<html><head><title>t</title></head><body><p>{body * 5}</p></body></html>"
    bad.write_text("\n\n" + body)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT)
    r = cli("import", "--encoding", "unicode_escape", bad, good, db=db_url)
    assert r.code == 1 and "internal error" not in r.err, r.err
    line = 4 if name.endswith(".jsonl") else 3
    assert f"{bad}: line {line}:" in r.err and "surrogate" in r.err, r.err
    assert "imported 1, unchanged 0, failed 1" in r.out


def test_a_first_sentence_that_looks_like_a_url_key_is_text(cli, db_url, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("URL: javascript is everywhere, the expert said.\n" + GOOD_TEXT)
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err
    (src,) = json.loads(cli("sources", "--format", "json", db=db_url).out)
    assert src["url"] is None
    g = tmp_path / "b.txt"
    g.write_text("URL: javascript:alert(1)\n\n" + GOOD_TEXT)  # front matter: refused
    r = cli("import", g, db=db_url)
    assert r.code == 1 and f"{g}: line 1: url" in r.err, r.err


@pytest.mark.parametrize(
    "url",
    [
        "https://x.test/\u2028javascript:alert(1)",  # a line separator: a line end in JS
        "https://x.test/\u202egpj.exe",  # a right-to-left override: reads as exe.jpg
        "https://x\u200b.test/",  # a zero-width space in the host
        "https://x.test/\ufeff",
        "https://x.test/a\u00a0b",  # a no-break space
    ],
)
def test_urls_with_invisible_characters_are_refused(cli, db_url, tmp_path, url):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"quote": "A fine quote here.", "source": {"url": url}}) + "\n")
    r = cli("import", f, db=db_url)
    assert r.code == 1 and f"{f}: line 1: source.url" in r.err, r.err
    g = tmp_path / "b.txt"
    g.write_text(f"---\ntitle: T\nurl: {url}\n---\n{GOOD_TEXT}", encoding="utf-8")
    r = cli("import", g, db=db_url)
    assert r.code == 1 and f"{g}: line 3: url" in r.err, r.err
    assert _counts(db_url)["sources"] == 0


def test_urls_in_other_scripts_are_kept():
    from ledger.sources.urls import http_url

    assert http_url("https://example.org/café") and http_url("https://例え.jp/ニュース")


@pytest.mark.parametrize(
    "content,expected",
    [
        ('{"@type": "ClaimReview", "n": ' + "9" * 5000 + "}", "number too long"),
        ('{"@graph": ' + "[" * DEEP + "]" * DEEP + "}", "nested too deeply"),
        ('[{"quote": "A fine quote here."}]', "not a ClaimReview"),
    ],
)
def test_a_json_file_is_never_plain_text(cli, db_url, tmp_path, content, expected):
    # before: imported as an article with no statements, and said "imported 1"
    f = tmp_path / "checks.json"
    f.write_text(content)
    b = tmp_path / "b.txt"
    b.write_text(GOOD_TEXT)
    r = cli("import", f, b, db=db_url)
    assert r.code == 1 and f"{f}: " in r.err and expected in r.err, r.err
    assert "imported 1, unchanged 0, failed 1" in r.out, r.out
    assert _counts(db_url)["sources"] == 1


@pytest.mark.parametrize("size", ["nan", "inf", "1e308", "-1", "0"])
def test_a_max_size_no_file_can_be_measured_against_is_one_error(cli, db_url, tmp_path, size):
    # before: nan, inf and 1e308 were internal errors; -1 said "file is 0.0 MB, over the -1 MB"
    f = tmp_path / "a.txt"
    f.write_text(GOOD_TEXT)
    r = cli("import", f"--max-size={size}", f, f, db=db_url)
    assert r.code == 1 and "internal error" not in r.err, r.err
    assert r.err.strip().splitlines() == [
        f"ledger: error: --max-size {float(size):g}: want a number of megabytes above 0 "
        "and at most 1,048,576"
    ]
    ex = cli("extract", f"--max-size={size}", f)
    assert ex.code == 1 and "want a number of megabytes" in ex.err and "internal" not in ex.err
    assert _counts(db_url)["sources"] == 0
