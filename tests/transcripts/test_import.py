"""Transcripts through `ledger import`: stored statements with time codes, speakers matched
across sources only on strong evidence, and the warning for a source with no statements."""

from __future__ import annotations

import json

from sqlalchemy import select

from ledger.store.db import open_database
from ledger.store.models import Source, Statement

SRT = """1
00:00:01,000 --> 00:00:03,000
SEN. ELIZABETH WARREN: We passed the bill in 2019.

2
00:00:03,500 --> 00:00:06,000
WARREN: It cut costs by a third.
"""


def _speakers(cli, db):
    return {s["name"]: s for s in json.loads(cli("speakers", "--format", "json", db=db).out)}


def test_import_stores_transcript_statements_with_time_codes(cli, db_url, tmp_path):
    f = tmp_path / "hearing.srt"
    f.write_text(SRT, encoding="utf-8")
    r = cli("import", f, db=db_url)
    assert r.code == 0 and "imported 1" in r.out and "(2 statements)" in r.out
    assert "warning" not in r.err
    db = open_database(db_url)
    try:
        with db.read() as session:
            source = session.scalars(select(Source)).one()
            rows = session.scalars(select(Statement).order_by(Statement.start)).all()
            assert source.kind == "transcript" and source.format == "transcript"
            assert [(s.kind, s.quote, s.time_start, s.time_end) for s in rows] == [
                ("transcript", "We passed the bill in 2019.", 1.0, 3.0),
                ("transcript", "It cut costs by a third.", 3.5, 6.0),
            ]
            assert all(source.text[s.start : s.end] == s.quote for s in rows)
            assert len({s.speaker_id for s in rows}) == 1
    finally:
        db.dispose()
    warren = _speakers(cli, db_url)["Elizabeth Warren"]
    assert warren["role"] == "senator" and warren["statements"] == 2
    listed = json.loads(cli("sources", "--format", "json", db=db_url).out)
    assert [s["statements"] for s in listed] == [2]


def test_speakers_match_across_sources_only_on_strong_evidence(cli, db_url, tmp_path):
    first = tmp_path / "a.srt"
    first.write_text(SRT, encoding="utf-8")
    assert cli("import", first, db=db_url).code == 0
    # surname and the same role: the stored senator
    role = tmp_path / "b.txt"
    role.write_text("SEN. WARREN: The bill worked.\n\nHOST: Thank you.\n", encoding="utf-8")
    # the full name: the stored speaker
    full = tmp_path / "c.txt"
    full.write_text("ELIZABETH WARREN: Costs fell.\n\nHOST: Thanks.\n", encoding="utf-8")
    # a bare surname: someone new, however many Warrens are stored
    bare = tmp_path / "d.txt"
    bare.write_text("WARREN: I run a bakery.\n\nHOST: Great.\n", encoding="utf-8")
    r = cli("import", role, full, bare, db=db_url)
    assert r.code == 0, r.err
    rows = [
        json.loads(x) for x in cli("statements", "--format", "jsonl", db=db_url).out.splitlines()
    ]
    by_quote = {r["quote"]: r["speaker"] for r in rows}
    assert by_quote["The bill worked."] == "Elizabeth Warren"
    assert by_quote["Costs fell."] == "Elizabeth Warren"
    assert by_quote["I run a bakery."] == "Warren"
    speakers = _speakers(cli, db_url)
    assert speakers["Elizabeth Warren"]["statements"] == 4
    # generic labels are speakers of their own transcript: two hosts, not one
    assert (
        sum(
            1
            for s in json.loads(cli("speakers", "--format", "json", db=db_url).out)
            if s["name"] == "Host"
        )
        == 3
    )


def test_a_source_with_no_statements_is_named_in_the_summary(cli, db_url, tmp_path):
    empty = tmp_path / "weather.txt"
    empty.write_text("Rain is expected on Tuesday across the north.\n", encoding="utf-8")
    talk = tmp_path / "talk.txt"
    talk.write_text("ANA LUND: The port lost money.\n\nBO: How much?\n", encoding="utf-8")
    r = cli("import", empty, talk, db=db_url)
    assert r.code == 0
    assert "ledger: warning: " in r.err and "weather.txt: no statements found in 8 words" in r.err
    assert "--input-format transcript" in r.err
    assert "talk.txt" not in r.err
    assert "imported 2, unchanged 0, failed 0 (2 statements), 1 with no statements" in r.out
    listed = json.loads(cli("sources", "--format", "json", db=db_url).out)
    assert sorted(s["statements"] for s in listed) == [0, 2]
