"""Pre-extracted statements (JSONL) say how precise their date is, and a JSONL export of
a week-precision statement comes back a week when imported again."""

from __future__ import annotations

import json


def _line(**fields) -> str:
    return json.dumps(
        {"quote": "The bridge will reopen in spring.", "speaker": "Ana Ruiz", **fields}
    )


def test_given_precision_is_stored_and_survives_an_export_round_trip(cli, db_url, tmp_path):
    path = tmp_path / "given.jsonl"
    path.write_text(_line(stated_on="2026-03-04", stated_on_precision="week") + "\n")
    assert cli("import", path, db=db_url).code == 0
    [row] = [
        json.loads(x)
        for x in cli("statements", "--format", "jsonl", db=db_url).out.split("\n")
        if x
    ]
    # stored as the week's interval: its first day, with the precision beside it
    assert row["stated_on_precision"] == "week"
    assert row["stated_on"] == "2026-03-02"

    exported = tmp_path / "out.jsonl"
    assert cli("export", "--format", "jsonl", "-o", exported, db=db_url).code == 0
    fresh = f"sqlite:///{tmp_path}/fresh.db"
    assert cli("import", "--input-format", "jsonl", exported, db=fresh).code == 0
    [again] = [
        json.loads(x) for x in cli("statements", "--format", "jsonl", db=fresh).out.split("\n") if x
    ]
    assert (again["stated_on"], again["stated_on_precision"]) == ("2026-03-02", "week")


def test_a_date_without_precision_is_a_day(cli, db_url, tmp_path):
    path = tmp_path / "given.jsonl"
    path.write_text(_line(stated_on="2026-03-04") + "\n")
    assert cli("import", path, db=db_url).code == 0
    [row] = [
        json.loads(x)
        for x in cli("statements", "--format", "jsonl", db=db_url).out.split("\n")
        if x
    ]
    assert (row["stated_on"], row["stated_on_precision"]) == ("2026-03-04", "day")


def test_bad_precision_is_one_line_naming_the_line_and_stores_nothing(cli, db_url, tmp_path):
    path = tmp_path / "given.jsonl"
    path.write_text(_line(stated_on="2026-03-04", stated_on_precision="fortnight") + "\n")
    r = cli("import", path, db=db_url)
    assert r.code != 0
    assert "stated_on_precision 'fortnight' is not one of day, week, month, year" in r.err
    assert "line 1" in r.err
    path.write_text(_line(stated_on_precision="month") + "\n")
    r = cli("import", path, db=db_url)
    assert r.code != 0 and "stated_on_precision without stated_on" in r.err
    assert cli("statements", "--format", "jsonl", db=db_url).out.strip() == ""
