"""A statement "in context" (`ledger show`, the UI's detail) is its paragraph of the
article's body: never the front matter or the `date …` header, and an HTML page's own
paragraphs rather than the whole page."""

from __future__ import annotations

import json


def _context(cli, db_url, statement_id: int) -> str:
    r = cli("show", str(statement_id), "--format", "json", db=db_url)
    assert r.code == 0, r.err
    return json.loads(r.out)["context"]["text"]


def test_context_is_the_body_paragraph(cli, db_url, tmp_path):
    (tmp_path / "a.txt").write_text(
        '---\ntitle: Ferry\noutlet: Herald\n---\n"The ferry runs until May," said captain'
        " Ilse Marr.\n\nThe harbour board meets on Friday.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        'date 2025-02-03\n"Fares stay the same," said treasurer Ola Brand.\n', encoding="utf-8"
    )
    (tmp_path / "c.html").write_text(
        "<html><head><title>Pier</title></head><body><article>"
        "<p>The pier has been closed since the storm in the autumn of last year.</p>"
        '<p>"The pier reopens in June," said harbour master Ken Aldo at the meeting.</p>'
        "<p>Repairs cost more than the council had planned for in its budget.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert cli("import", tmp_path, db=db_url).code == 0
    rows = json.loads(cli("statements", "--format", "json", db=db_url).out)

    def by_speaker(name: str) -> int:
        return next(row["id"] for row in rows if name in (row["speaker"] or ""))

    assert _context(cli, db_url, by_speaker("Ilse Marr")) == (
        '"The ferry runs until May," said captain Ilse Marr.'
    )
    assert _context(cli, db_url, by_speaker("Ola Brand")) == (
        '"Fares stay the same," said treasurer Ola Brand.'
    )
    assert _context(cli, db_url, by_speaker("Ken Aldo")) == (
        '"The pier reopens in June," said harbour master Ken Aldo at the meeting.'
    )
