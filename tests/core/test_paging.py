"""keyset_pages and chunked: every row once, in key order, in bounded pages."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from ledger.store.models import Speaker
from ledger.store.paging import SQL_PARAM_CHUNK, chunked, iso, keyset_pages, keyset_rows


@given(st.lists(st.integers(), max_size=50), st.integers(min_value=1, max_value=7))
def test_chunked_keeps_every_item_in_order_within_size(items, size):
    pieces = list(chunked(items, size))
    assert [x for p in pieces for x in p] == items
    assert all(1 <= len(p) <= size for p in pieces)


def test_default_chunk_fits_sqlite_parameter_limit():
    assert SQL_PARAM_CHUNK < 999


def test_iso():
    assert iso(None) is None
    assert iso(date(2024, 2, 29)) == "2024-02-29"
    assert iso(datetime(2024, 2, 29, 13, 5)) == "2024-02-29T13:05:00"


def test_keyset_pages_reads_every_row_once_in_bounded_pages(db):
    with db.write() as s:
        for i in range(23):
            s.add(Speaker(name=f"Person {i:02d}", name_key=f"person {i:02d}", kind="person"))
    with db.read() as s:
        pages = list(keyset_pages(s, select(Speaker), Speaker.id, batch=5))
        assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
        ids = [sp.id for p in pages for sp in p]
        assert ids == sorted(ids) and len(set(ids)) == 23
        names = list(
            keyset_rows(
                s,
                select(Speaker.id, Speaker.name).where(Speaker.name > "Person 10"),
                Speaker.id,
                batch=4,
                scalars=False,
            )
        )
        assert [n for _, n in names] == [f"Person {i:02d}" for i in range(11, 23)]
