"""The review queue's order at scale (migration 0009): most check-worthy unreviewed first,
paged by keyset on one indexed rank; word searches that match many statements read that
index instead of sorting every match; capped counts of a search stop reading at the cap.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from ledger.services import leases, queue
from ledger.services.query import StatementFilter
from ledger.services.queue import QueueQuery
from ledger.store import text_search
from ledger.store.models import Source, Statement

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
WORDS = ["bridge", "harbour", "budget", "reactor", "flood", "school"]


def _fill(db, n: int = 60, seed: int = 3) -> list[dict]:
    """n statements with ties, unscored rows and every status; returns them as rows."""
    rng = random.Random(seed)
    rows = []
    with db.write() as s:
        quotes = [f"The {rng.choice(WORDS)} report number {i} is due" for i in range(n)]
        text = "\n\n".join(quotes)
        s.add(Source(id=1, content_sha256="a" * 64, title="Many", text=text, imported_at=T0))
        s.flush()
        pos = 0
        for i, q in enumerate(quotes):
            score = rng.choice([None, 0.0, 0.25, 0.5, 0.5, 0.9, 1.0])
            status = rng.choice(["unreviewed", "unreviewed", "verified", "in_review", "retracted"])
            s.add(
                Statement(
                    id=i + 1,
                    source_id=1,
                    kind="direct",
                    quote=q,
                    start=pos,
                    end=pos + len(q),
                    hedging="none",
                    created_at=T0,
                    status=status,
                    checkworthiness=score,
                )
            )
            rows.append({"id": i + 1, "status": status, "cw": score, "quote": q})
            pos += len(q) + 2
    return rows


def _expected(rows, word: str | None = None) -> list[int]:
    kept = [r for r in rows if r["status"] != "retracted"]
    if word:
        kept = [r for r in kept if word in r["quote"]]
    kept.sort(
        key=lambda r: (
            r["status"] != "unreviewed",
            -(r["cw"] if r["cw"] is not None else -1.0),
            r["id"],
        )
    )
    return [r["id"] for r in kept]


def _all_pages(db, q: QueueQuery, limit: int = 7) -> list[int]:
    seen, after = [], None
    while True:
        with db.read() as s:
            page = queue.queue_page(s, q, after, limit)
        seen += [r["id"] for r in page]
        if len(page) < limit:
            return seen
        last = page[-1]
        after = {
            "id": last["id"],
            "stated_on": last["stated_on"],
            "status": last["status"],
            "checkworthiness": last["checkworthiness"],
        }


def test_checkworthy_pages_follow_the_order_with_ties_and_unscored(db):
    rows = _fill(db)
    assert _all_pages(db, QueueQuery(sort="checkworthy")) == _expected(rows)
    # one status: ordered by its (status, score) index, the same order
    for status in ("verified", "unreviewed"):
        q = QueueQuery(StatementFilter(status=status), sort="checkworthy")
        want = _expected([r for r in rows if r["status"] == status])
        assert _all_pages(db, q) == want


@pytest.mark.parametrize("plan", ["list", "scan", "probe"])
def test_a_search_pages_the_same_whichever_plan_it_takes(db, monkeypatch, plan):
    rows = _fill(db)
    # thresholds of 1 make every search read the order's index, or probe it row by row
    monkeypatch.setattr(text_search, "COMMON", 10**9 if plan == "list" else 1)
    monkeypatch.setattr(text_search, "VERY_COMMON", 1 if plan == "probe" else 10**9)
    with db.read() as s:
        # SQLite reads by the plan chosen; PostgreSQL's planner chooses by itself
        expected = plan if s.get_bind().dialect.name == "sqlite" else "list"
        assert text_search.search_plan(s, "reactor") == expected
    for typed, word in (("reactor", "reactor"), ("react*", "reactor"), ('"report number"', "")):
        q = QueueQuery(StatementFilter(search=typed), sort="checkworthy")
        assert _all_pages(db, q) == _expected(rows, word)
        q = QueueQuery(StatementFilter(search=typed), sort="id")
        assert _all_pages(db, q) == sorted(_expected(rows, word))


def test_search_counts_leave_retracted_statements_out_and_stop_at_the_cap(db):
    rows = _fill(db)
    matching = _expected(rows, "report")  # every quote: the words-only count path
    with db.read() as s:
        assert queue.queue_count(s, QueueQuery(StatementFilter(search="report"))) == len(matching)
        assert queue.queue_count(s, QueueQuery(StatementFilter(search="report")), cap=5) == 6
        both = StatementFilter(search="reactor", status="verified")
        want = [r for r in rows if r["status"] == "verified" and "reactor" in r["quote"]]
        assert queue.queue_count(s, QueueQuery(both)) == len(want)


def test_next_leases_the_most_check_worthy_of_a_status(db):
    rows = _fill(db)
    best = _expected([r for r in rows if r["status"] == "in_review"])[0]
    with db.write() as s:
        got = leases.next_item(s, "alice", status="in_review", order="checkworthy")
    assert got is not None and got["id"] == best


def _plans(db, run) -> list[str]:
    """The SQLite query plans of every SELECT `run` makes, joined per statement."""
    seen: list[tuple[str, tuple]] = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "statement" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", grab)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", grab)
    plans = []
    with db.engine.connect() as conn:
        for sql, params in seen:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
            plans.append(" | ".join(r[-1] for r in rows))
    return plans


def test_sqlite_pages_and_next_read_the_order_index_not_a_sort(sqlite_url):
    from ledger.store.db import open_database

    db = open_database(sqlite_url)
    try:
        _fill(db)
        after = {"id": 5, "stated_on": None, "status": "unreviewed", "checkworthiness": 0.5}

        def page():
            with db.read() as s:
                queue.queue_page(s, QueueQuery(sort="checkworthy"), after, 10)

        (plan, *_) = _plans(db, page)
        assert "USING INDEX ix_statement_queue_rank" in plan and "SEARCH statement" in plan
        assert "TEMP B-TREE" not in plan

        def verified_page():
            with db.read() as s:
                q = QueueQuery(StatementFilter(status="verified"), sort="checkworthy")
                queue.queue_page(s, q, after, 10)

        (plan, *_) = _plans(db, verified_page)
        assert "USING INDEX ix_statement_status_score" in plan and "TEMP B-TREE" not in plan

        def lease():
            with db.write() as s:
                leases.next_item(s, "alice", status="in_review", order="checkworthy")

        plans = _plans(db, lease)
        assert any("ix_statement_status_score" in p and "TEMP B-TREE" not in p for p in plans)
    finally:
        db.dispose()
