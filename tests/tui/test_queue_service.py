"""The queue's data layer: keyset pages in every order add up to the whole, filters,
appearance counts, detail marks and appearances (plain data only)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tui_helpers import T0, build_ledger

from ledger.errors import InputError
from ledger.services import queue, speakers
from ledger.services.query import StatementFilter
from ledger.services.queue import QueueQuery
from ledger.store.models import Source, Statement


def _many(db, n=37):
    with db.write() as s:
        text = " ".join(f"w{i}" for i in range(n))
        s.add(Source(id=10, content_sha256="f" * 64, title="Many", text=text, imported_at=T0))
        s.flush()
        pos = 0
        for i in range(n):
            word = f"w{i}"
            stated = None if i % 5 == 0 else date(2024, 1, 1) + timedelta(days=i % 7)
            s.add(
                Statement(
                    id=100 + i,
                    source_id=10,
                    kind="direct",
                    quote=word,
                    start=pos,
                    end=pos + len(word),
                    stated_on=stated,
                    hedging="none",
                    created_at=T0,
                    status="verified" if i % 3 == 0 else "unreviewed",
                )
            )
            pos += len(word) + 1


def _key(sort):
    def k(r):
        d = r["stated_on"] or ""
        return {
            "id": (r["id"],),
            "-id": (-r["id"],),
            "date": (d != "", d, r["id"]),
        }.get(sort)

    return k


@pytest.mark.parametrize("sort", ["id", "-id", "date", "-date"])
def test_keyset_pages_add_up_to_the_whole_in_every_order(db, sort):
    _many(db)
    q = QueueQuery(sort=sort)
    with db.read() as s:
        whole = queue.queue_page(s, q, None, 1000)
        paged, after = [], None
        while True:
            page = queue.queue_page(s, q, after, 4)
            if not page:
                break
            paged += page
            after = page[-1]
    assert [r["id"] for r in paged] == [r["id"] for r in whole]
    assert len(whole) == 37
    dated = [r for r in whole if r["stated_on"]]
    undated = [r for r in whole if not r["stated_on"]]
    if sort == "date":
        assert whole[: len(undated)] == undated
        assert [r["stated_on"] for r in dated] == sorted(r["stated_on"] for r in dated)
    if sort == "-date":
        assert whole[len(dated) :] == undated
        assert [r["stated_on"] for r in dated] == sorted(
            (r["stated_on"] for r in dated), reverse=True
        )


def test_filters_and_counts(db):
    _many(db)
    with db.read() as s:
        q = QueueQuery(StatementFilter(status="verified"))
        rows = queue.queue_page(s, q, None, 100)
        assert [r["id"] for r in rows] == [100 + i for i in range(37) if i % 3 == 0]
        assert queue.queue_count(s, q) == len(rows)
        assert queue.queue_count(s, QueueQuery(), cap=10) == 11  # stops past the cap
        # a search is by words (w3 is not part of w30), and by prefix with a star
        found = queue.queue_page(s, QueueQuery(StatementFilter(search="w3")), None, 100)
        assert {r["quote"] for r in found} == {"w3"}
        found = queue.queue_page(s, QueueQuery(StatementFilter(search="w3*")), None, 100)
        assert {r["quote"] for r in found} == {"w3", *(f"w{i}" for i in range(30, 37))}
        # LIKE wildcards in a search are literal
        assert queue.queue_page(s, QueueQuery(StatementFilter(search="w%")), None, 100) == []
    with pytest.raises(InputError, match="sort 'sideways'"):
        QueueQuery(sort="sideways").validate()
    with pytest.raises(InputError, match="hedging 'lots'"):
        QueueQuery(StatementFilter(hedging="lots")).validate()


def test_appearances_detail_and_marks(db):
    build_ledger(db)
    with db.read() as s:
        rows = queue.queue_page(s)
        assert [r["appearances"] for r in rows] == [2, 2, 1]
        d = queue.statement_detail(s, 1)
        ctx = d["context"]["text"]
        assert ctx[d["context"]["quote_start"] : d["context"]["quote_end"]] == d["quote"]
        assert [(m["kind"], ctx[m["start"] : m["end"]]) for m in d["marks"]] == [
            ("cue", "said"),
            ("hedge", "likely"),
        ]
        [other] = queue.appearances(s, 2)
        assert (other["id"], other["first"], other["relation"]) == (1, True, "altered")
        # the diff runs from statement 2's words to statement 1's
        ops = [(p["op"], p["a"], p["b"]) for p in other["diff"] if p["op"] != "equal"]
        assert ("insert", "", "likely") in ops
        assert ("replace", "June", "May") in ops
        assert queue.appearances(s, 3) == []
    with pytest.raises(InputError, match="no statement with id 99"):
        with db.read() as s:
            queue.statement_detail(s, 99)


def test_merge_speaker_by_name_needs_exactly_one_match(db):
    from ledger.store.models import Speaker

    build_ledger(db)
    with db.write() as s:
        s.add(Speaker(id=3, name="Roe", name_key="roe", kind="person", created_at=T0))
    with pytest.raises(InputError, match=r"'roe' names 2 speakers \(1, 3\): give the id"):
        with db.write() as s:
            speakers.edit_speaker(s, 2, merge_into="roe")
    with pytest.raises(InputError, match="no other speaker is called 'Nobody'"):
        with db.write() as s:
            speakers.edit_speaker(s, 2, merge_into="Nobody")
    with db.write() as s:
        kept = speakers.edit_speaker(s, 2, merge_into="Jane Roe")
    assert kept["id"] == 1 and "John Doe" in kept["aliases"]
