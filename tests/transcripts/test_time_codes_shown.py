"""A timed transcript's statements show where in the recording they were said: stored
time codes in `ledger statements` JSON and in `ledger show`, and a folder import finds
.vtt and .srt files without --glob."""

from __future__ import annotations

import json

VTT = """WEBVTT

00:12:01.000 --> 00:12:09.250
<v Mira Holt>The new line will carry 4,000 passengers a day.

00:12:10.000 --> 00:12:14.000
<v Jonas Fell>That figure assumes a second platform.
"""

SRT = """1
00:00:02,000 --> 00:00:05,500
DANA VOSS: Our budget grew by 3 percent this year.
"""


def test_time_codes_are_listed_and_shown_and_folders_find_subtitles(cli, db_url, tmp_path):
    (tmp_path / "hearing.vtt").write_text(VTT, encoding="utf-8")
    (tmp_path / "council.srt").write_text(SRT, encoding="utf-8")
    r = cli("import", tmp_path, db=db_url)
    assert r.code == 0, r.err
    rows = json.loads(cli("statements", "--format", "json", db=db_url).out)
    timed = {row["quote"]: (row["time_start"], row["time_end"]) for row in rows}
    assert timed["The new line will carry 4,000 passengers a day."] == (721.0, 729.25)
    assert timed["Our budget grew by 3 percent this year."] == (2.0, 5.5)
    first = next(row for row in rows if row["time_start"] == 721.0)
    shown = cli("show", str(first["id"]), db=db_url, env={"COLUMNS": "200"}).out
    assert "recording: 12:01–12:09.2" in shown
