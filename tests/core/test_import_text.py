"""Decoding and formats: BOM, CRLF, other encodings, front matter, seed header, progress."""

from __future__ import annotations

import json

ARTICLE = "The mayor said the bridge will reopen in May.\n\n“We have found the money for the repairs,” Mayor Ana Silva told reporters.\n"


def _statements(cli, db):
    return [json.loads(x) for x in cli("statements", "--format", "jsonl", db=db).out.splitlines()]


def _sources(cli, db):
    return json.loads(cli("sources", "--format", "json", db=db).out)


def test_bom_and_crlf_decode_to_the_same_text(cli, db_url, tmp_path):
    lf = tmp_path / "lf.txt"
    lf.write_bytes(("date 2024-05-02 " + ARTICLE).encode("utf-8"))
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(
        b"\xef\xbb\xbf" + ("date 2024-05-02 " + ARTICLE).replace("\n", "\r\n").encode("utf-8")
    )
    r = cli("import", lf, db=db_url)
    assert r.code == 0 and "imported 1" in r.out
    again = cli("import", crlf, db=db_url)
    assert again.code == 0 and "imported 0, unchanged 1" in again.out
    rows = _statements(cli, db_url)
    assert rows and all(r["published_on"] == "2024-05-02" for r in rows)
    # offsets point into the decoded text: extract on the CRLF+BOM file gives the same ones
    ex = [json.loads(x) for x in cli("extract", crlf).out.splitlines()]
    assert [(e["start"], e["end"], e["quote"]) for e in ex] == [
        (r["start"], r["end"], r["quote"]) for r in rows
    ]


def test_other_encoding_is_detected_and_said(cli, db_url, tmp_path):
    f = tmp_path / "latin.txt"
    text = "Le maire a déclaré : « Nous réparerons le pont avant l’été, c’est promis », selon l’agence. Le café était fermé à côté de l’hôtel."
    f.write_bytes(text.replace("’", "'").encode("cp1252"))
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err
    assert "not valid UTF-8" in r.err and "decoded as" in r.err
    src = _sources(cli, db_url)[0]
    assert src["encoding"] and src["encoding"].lower() not in ("utf-8", "utf_8")


def test_front_matter_sets_metadata_and_options_override(cli, db_url, tmp_path):
    f = tmp_path / "fm.md"
    f.write_text(
        "---\ntitle: Bridge money found\noutlet: Harbour Herald\nurl: https://h.example/b\ndate: 2024-04-01\n---\n"
        + ARTICLE,
        encoding="utf-8",
    )
    assert cli("import", "--outlet", "Override Daily", f, db=db_url).code == 0
    src = _sources(cli, db_url)[0]
    assert src["title"] == "Bridge money found" and src["outlet"] == "Override Daily"
    assert src["url"] == "https://h.example/b" and src["published_on"] == "2024-04-01"
    rows = _statements(cli, db_url)
    text = cli("show", str(rows[0]["id"]), "--format", "json", db=db_url).out
    ctx = json.loads(text)["context"]
    assert ctx["text"][ctx["quote_start"] : ctx["quote_end"]] == rows[0]["quote"]


def test_bad_front_matter_date_names_the_line(cli, db_url, tmp_path):
    f = tmp_path / "fm.txt"
    f.write_text("---\ntitle: X\ndate: 2024-02-31\n---\n" + ARTICLE, encoding="utf-8")
    r = cli("import", f, db=db_url)
    assert r.code == 1 and f"{f}: line 3: date: '2024-02-31' is not a valid date" in r.err


def test_stdin_and_folder_with_glob_and_progress(cli, db_url, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for i in range(3):
        (folder / "sub" / f"a{i}.txt").write_text(
            f"date 2024-05-0{i + 1} Story {i}. " + ARTICLE, encoding="utf-8"
        )
    (folder / "skip.md").write_text("date 2024-05-09 " + ARTICLE, encoding="utf-8")
    r = cli("import", "--glob", "*.txt", "--progress", folder, db=db_url)
    assert r.code == 0 and "imported 3, unchanged 0, failed 0" in r.out
    s = cli("import", "-", db=db_url, stdin="date 2024-06-01 Other story. " + ARTICLE)
    assert s.code == 0 and "imported 1" in s.out
    assert {x["origin"] for x in _sources(cli, db_url)} >= {"-"}


def test_html_page_is_read_as_article(cli, db_url, tmp_path):
    f = tmp_path / "page.html"
    body = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    f.write_text(
        f"<!DOCTYPE html><html><head><title>Bridge</title></head><body><article>{body}</article></body></html>",
        encoding="utf-8",
    )
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err
    src = _sources(cli, db_url)[0]
    assert src["format"] == "html"


def test_import_gives_back_the_collectors_settings_even_when_it_fails(db, tmp_path, monkeypatch):
    # the importer collects less often while it runs; the process must not keep that
    import gc

    import pytest

    from ledger.errors import DatabaseError
    from ledger.services import importing
    from ledger.sources.inputs import discover

    (tmp_path / "a.txt").write_text("date 2024-05-02 " + ARTICLE, encoding="utf-8")
    before = gc.get_threshold()
    assert before != importing.IMPORT_GC_THRESHOLDS
    seen: list = []
    inputs, _ = discover([str(tmp_path)])
    report = importing.import_inputs(db, inputs, on_done=lambda o: seen.append(gc.get_threshold()))
    assert report.count("imported") == 1 and seen == [importing.IMPORT_GC_THRESHOLDS]
    assert gc.get_threshold() == before

    def unreachable(*_args, **_kwargs):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(importing, "store_document", unreachable)
    (tmp_path / "b.txt").write_text("date 2024-05-03 " + ARTICLE + "More.", encoding="utf-8")
    inputs, _ = discover([str(tmp_path / "b.txt")])
    with pytest.raises(DatabaseError):
        importing.import_inputs(db, inputs)
    assert gc.get_threshold() == before
