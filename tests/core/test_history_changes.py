"""`ledger history` shows what each event changed, field by field (old → new), not whole
row snapshots cut off mid-quote."""

from __future__ import annotations

import json

ARTICLE = (
    "date 2025-04-02\n\n"
    '"The ferry will run every hour from May," said harbour master Ola Brandt.\n\n'
    '"Fares stay as they are," Brandt said.\n'
)


def test_history_names_each_changed_field_with_its_old_and_new_value(cli, db_url, tmp_path):
    src = tmp_path / "ferry.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    run = lambda *a: cli(*a, db=db_url)  # noqa: E731
    assert run("import", src).code == 0
    assert run("verdict", "1", "verified").code == 0

    events = json.loads(run("history", "1", "--format", "json").out)
    insert, update = events[0], events[-1]
    assert insert["action"] == "insert"
    inserted = {c["field"]: c["new"] for c in insert["changes"]}
    assert inserted["quote"].startswith("The ferry will run every hour from May")
    assert all(c["old"] is None for c in insert["changes"])
    assert update["changes"] == [{"field": "status", "old": "unreviewed", "new": "verified"}]

    table = cli("history", "1", db=db_url, env={"COLUMNS": "250"}).out
    assert "status: unreviewed → verified" in table


def test_latest_events_compare_each_record_with_its_own_previous_state(cli, db_url, tmp_path):
    src = tmp_path / "ferry.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    run = lambda *a: cli(*a, db=db_url)  # noqa: E731
    assert run("import", src).code == 0
    assert run("verdict", "2", "disputed").code == 0
    assert run("verdict", "1", "verified").code == 0
    last = json.loads(run("history", "--limit", "3", "--format", "json").out)
    by_subject = {e["subject"]: e for e in last if e["action"] == "update"}
    # statement 1's previous state is its insert, not statement 2's update just before it
    assert by_subject["statement:1"]["changes"] == [
        {"field": "status", "old": "unreviewed", "new": "verified"}
    ]
