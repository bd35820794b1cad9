"""First appearance that is right (issue 12, item 3), on the real store (SQLite, and
PostgreSQL when configured): a statement's date is an interval (`stated_on` and its
precision), stored and shown as such, and `ledger claim`, the reviewer's appearances and
the ClaimReview export's `firstAppearance` name the same first statement."""

from __future__ import annotations

import csv
import io
import json

from ledger.export.claimreview import claim_reviews
from ledger.export.prov import provenance
from ledger.services import decisions, derivation
from ledger.services.queue import appearances
from ledger.store.db import open_database

QUOTE = "We will reopen the harbour bridge in May"


def _source(url: str, published: str, attribution: str, quote: str = QUOTE) -> str:
    return (
        f"---\nurl: {url}\noutlet: {url.split('/')[2]}\ndate: {published}\n---\n\n"
        f"“{quote},” Mayor Ana Reyes said {attribution}.\n"
    )


def _import(cli, db_url, tmp_path, sources: dict[str, str]) -> None:
    for name, text in sources.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        r = cli("import", tmp_path / name, db=db_url)
        assert r.code == 0, r.err


def _statements(cli, db_url) -> dict[str, dict]:
    """The stored statements by their source's URL."""
    out = cli("statements", "--format", "jsonl", db=db_url).out
    return {r["url"]: r for r in map(json.loads, out.splitlines())}


def _verify_and_rate(db_url, statement_ids, claim_id) -> None:
    db = open_database(db_url)
    try:
        with db.write() as s:
            for sid in statement_ids:
                seen = derivation.status_of(s, sid)["version"]
                decisions.decide(s, sid, "verified", seen_version=seen, reviewer="vi")
            seen = derivation.claim_status(s, claim_id)["version"]
            decisions.rate_claim(s, claim_id, "false", seen_version=seen, reviewer="ed")
    finally:
        db.dispose()


def _exported(db_url) -> tuple[list[dict], list[str]]:
    db = open_database(db_url)
    try:
        with db.read() as s:
            return claim_reviews(s, org_name="Checks", org_url="https://checks.example")
    finally:
        db.dispose()


def _first_of_claim(cli, db_url, claim_id) -> dict:
    detail = json.loads(cli("claim", str(claim_id), "--format", "json", db=db_url).out)
    (first,) = [a for a in detail["appearances"] if a["first"]]
    return first


def test_precision_is_stored_and_shown(cli, db_url, tmp_path):
    _import(
        cli,
        db_url,
        tmp_path,
        {
            "week.txt": _source("https://week.example/a", "2024-06-16", "last week"),
            "day.txt": _source("https://day.example/b", "2024-06-07", "on Wednesday"),
            "none.txt": _source("https://none.example/c", "2024-06-08", "at a rally"),
        },
    )
    rows = _statements(cli, db_url)
    week, day, none = (
        rows[f"https://{h}"] for h in ("week.example/a", "day.example/b", "none.example/c")
    )
    assert (week["stated_on"], week["stated_on_precision"]) == ("2024-06-03", "week")
    assert (day["stated_on"], day["stated_on_precision"]) == ("2024-06-05", "day")
    assert (none["stated_on"], none["stated_on_precision"]) == (None, None)
    # CSV carries the column; the table and `show` say what the date covers
    out = cli("statements", "--format", "csv", db=db_url).out
    by_id = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert by_id[str(week["id"])]["stated_on_precision"] == "week"
    table = cli("statements", db=db_url, env={"COLUMNS": "250"}).out
    assert "week of 2024-06-03" in table and "2024-06-05" in table
    shown = cli("show", str(week["id"]), db=db_url, env={"COLUMNS": "250"}).out
    assert "week of 2024-06-03 (2024-06-03 to 2024-06-09)" in shown
    assert (
        json.loads(cli("show", str(week["id"]), "--format", "json", db=db_url).out)[
            "stated_on_precision"
        ]
        == "week"
    )
    # PROV says it too
    db = open_database(db_url)
    try:
        with db.read() as s:
            prov = json.loads(provenance(s).serialize(format="json"))
    finally:
        db.dispose()
    entity = prov["entity"][f"ledger:statement-{week['id']}"]
    assert entity["ledger:statedOnPrecision"] == "week"


def test_an_undated_statement_counts_from_its_publication(cli, db_url, tmp_path):
    """Said by 3 June (the day its source was published) comes before said on 5 June, in
    `ledger claim`, in the reviewer's appearances and in the ClaimReview export."""
    _import(
        cli,
        db_url,
        tmp_path,
        {
            "dated.txt": _source("https://dated.example/a", "2024-06-07", "on Wednesday"),
            "undated.txt": _source("https://undated.example/b", "2024-06-03", "at a rally"),
        },
    )
    rows = _statements(cli, db_url)
    dated, undated = rows["https://dated.example/a"], rows["https://undated.example/b"]
    assert dated["claim_id"] == undated["claim_id"] is not None
    first = _first_of_claim(cli, db_url, dated["claim_id"])
    assert first["statement_id"] == undated["id"]
    db = open_database(db_url)
    try:
        with db.read() as s:
            seen = appearances(s, dated["id"])
    finally:
        db.dispose()
    assert [(a["id"], a["first"], a["date"], a["date_precision"]) for a in seen] == [
        (undated["id"], True, "2024-06-03", "day")
    ]
    _verify_and_rate(db_url, [dated["id"], undated["id"]], dated["claim_id"])
    (doc,), notes = _exported(db_url)
    assert notes == []
    item = doc["itemReviewed"]
    assert item["firstAppearance"]["url"] == first["url"] == "https://undated.example/b"
    assert item["datePublished"] == "2024-06-03"


def test_a_week_is_not_earlier_than_a_day_inside_it(cli, db_url, tmp_path):
    """'Last week' (3-9 June) against 'on Wednesday' (5 June): the day is the first
    appearance, though the week starts earlier; `ledger claim` and ClaimReview agree."""
    _import(
        cli,
        db_url,
        tmp_path,
        {
            "week.txt": _source("https://week.example/a", "2024-06-16", "last week"),
            "day.txt": _source("https://day.example/b", "2024-06-07", "on Wednesday"),
        },
    )
    rows = _statements(cli, db_url)
    week, day = rows["https://week.example/a"], rows["https://day.example/b"]
    assert week["claim_id"] == day["claim_id"] is not None
    first = _first_of_claim(cli, db_url, week["claim_id"])
    assert first["statement_id"] == day["id"]
    text = cli("claim", str(week["claim_id"]), db=db_url, env={"COLUMNS": "250"}).out
    assert "week of 2024-06-03" in text
    assert text.index("2024-06-05") < text.index("week of 2024-06-03")
    _verify_and_rate(db_url, [week["id"], day["id"]], week["claim_id"])
    (doc,), notes = _exported(db_url)
    assert notes == []
    item = doc["itemReviewed"]
    assert item["firstAppearance"]["url"] == first["url"] == "https://day.example/b"
    assert item["datePublished"] == "2024-06-05"


def test_claimreview_says_no_more_than_the_precision_knows(cli, db_url, tmp_path):
    """A claim first made 'last month' is dated by its month, not by the 1st."""
    _import(
        cli,
        db_url,
        tmp_path,
        {"month.txt": _source("https://month.example/a", "2024-06-16", "last month")},
    )
    (row,) = _statements(cli, db_url).values()
    assert (row["stated_on"], row["stated_on_precision"]) == ("2024-05-01", "month")
    _verify_and_rate(db_url, [row["id"]], row["claim_id"])
    (doc,), _ = _exported(db_url)
    assert doc["itemReviewed"]["datePublished"] == "2024-05"
