"""The process caches and the import's unit of work: a cached value is kept while the
history says nobody else changed what it watches, is kept per database, and is forgotten
when the transaction that used it rolls back; a failed import leaves no events behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ledger.services import claim_book, claims, importing, link_index, speakers
from ledger.sources.inputs import discover
from ledger.store.db import open_database
from ledger.store.import_queries import set_claims
from ledger.store.models import Claim, Event, Source, Speaker, Statement
from ledger.store.process_cache import ProcessCache
from ledger.store.unit_of_work import UnitOfWork
from ledger.store.verify import verify

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


class _Made:
    """Values made for a cache, counted."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> dict:
        self.count += 1
        return {"made": self.count}


def _get(db, cache: ProcessCache, make, refresh=None) -> dict:
    with db.write() as s:
        return cache.get(s, make, refresh)


def test_a_cached_value_lasts_until_someone_else_changes_what_it_watches(db):
    cache: ProcessCache[dict] = ProcessCache("test speakers", ("speaker",))
    make = _Made()
    first = _get(db, cache, make)
    with db.write() as s:
        assert cache.get(s, make) is first
        assert cache.get(s, make) is first  # checked once per transaction
    with db.write() as s:  # not watched: the value stays
        s.add(Source(content_sha256="a" * 64, text="T", origin="a.txt"))
    assert _get(db, cache, make) is first
    with db.write() as s:  # a speaker stored other than through the cache
        s.add(Speaker(name="Jane Roe", name_key="jane roe", kind="person"))
    second = _get(db, cache, make)
    assert second is not first and make.count == 2
    assert _get(db, cache, make) is second


def test_a_stale_value_is_refreshed_when_the_cache_is_told_how(db):
    cache: ProcessCache[dict] = ProcessCache("test refresh", ("speaker",))
    make = _Made()
    first = _get(db, cache, make)
    with db.write() as s:
        s.add(Speaker(name="Jane Roe", name_key="jane roe", kind="person"))
    refreshed = _get(db, cache, make, refresh=lambda old: {**old, "refreshed": True})
    assert refreshed == {**first, "refreshed": True} and make.count == 1


def test_any_change_counts_when_nothing_is_named(db):
    cache: ProcessCache[dict] = ProcessCache("test any", None)
    make = _Made()
    first = _get(db, cache, make)
    assert _get(db, cache, make) is first
    with db.write() as s:
        s.add(Source(content_sha256="a" * 64, text="T", origin="a.txt"))
    assert _get(db, cache, make) is not first


def test_a_rollback_forgets_the_value_and_a_read_does_not(db):
    cache: ProcessCache[dict] = ProcessCache("test rollback", ("speaker",))
    make = _Made()
    first = _get(db, cache, make)
    with pytest.raises(RuntimeError):
        with db.write() as s:
            assert cache.get(s, make) is first
            raise RuntimeError("the import failed")
    assert cache.peek(db) is None
    second = _get(db, cache, make)
    assert second is not first
    with db.read() as s:  # a read session always rolls back: it wrote nothing to forget
        assert cache.get(s, make) is second
    assert cache.peek(db) is second
    with db.read() as s:
        assert cache.get(s, make) is second


def test_values_are_kept_per_database(db, tmp_path):
    cache: ProcessCache[dict] = ProcessCache("test per database", ("speaker",))
    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        mine, theirs = _get(db, cache, _Made()), _get(other, cache, _Made())
        assert mine is not theirs
        cache.forget(other)
        assert cache.peek(db) is mine and cache.peek(other) is None
    finally:
        other.dispose()


def test_a_forgotten_value_is_not_marked_current_by_the_commit(db):
    cache: ProcessCache[dict] = ProcessCache("test forget", ("speaker",))
    make = _Made()
    with db.write() as s:
        first = cache.get(s, make)
        cache.forget(s)  # say, a merge is about to change speakers
        s.add(Speaker(name="Jane Roe", name_key="jane roe", kind="person"))
    assert cache.peek(db) is None
    assert _get(db, cache, make) is not first


def test_pending_rows_are_journaled_last_with_the_values_they_end_with(db):
    with db.write() as s:
        uow = UnitOfWork(s)
        (src,) = uow.insert(Source, [{"content_sha256": "c" * 64, "text": "She said: yes."}])
        row = {"source_id": src, "kind": "direct", "quote": "yes.", "start": 10, "end": 14}
        (sid,) = uow.insert(Statement, [row], pending=True)
        (cid,) = uow.insert(Claim, [{"canonical_text": "yes.", "first_statement_id": sid}])
        set_claims(s, {sid: cid})
        row["claim_id"] = cid
        uow.append()
        uow.append()  # nothing left: nothing appended twice
    with db.read() as s:
        subjects = list(s.scalars(select(Event.subject).order_by(Event.seq)))
        assert subjects == [f"source:{src}", f"claim:{cid}", f"statement:{sid}"]
        result = verify(s)
        assert result.ok, result.problem


def _seed_inputs(tmp_path: Path, names: list[str]):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(SEEDS / name, folder / name)
    inputs, problems = discover([str(folder)])
    assert not problems
    return inputs


def test_a_failed_import_leaves_no_events_and_no_cached_state(db, tmp_path, monkeypatch):
    seeds = sorted(p.name for p in SEEDS.glob("*.txt"))[:3]
    report = importing.import_inputs(db, _seed_inputs(tmp_path, seeds[:1]), jobs=0)
    assert report.count("imported") == 1
    with db.read() as s:
        events = s.scalar(select(func.count()).select_from(Event))
        sources = s.scalar(select(func.count()).select_from(Source))

    real_link_fresh = claims.link_fresh

    def failing(uow, *args, **kwargs):
        real_link_fresh(uow, *args, **kwargs)  # speakers, links and claims written and cached
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(claims, "link_fresh", failing)
    with pytest.raises(RuntimeError, match="disk is full"):
        importing.import_inputs(db, _seed_inputs(tmp_path, seeds[1:2]), jobs=0)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == events
        assert s.scalar(select(func.count()).select_from(Source)) == sources
    assert speakers._SPEAKERS.peek(db) is None
    assert claim_book._BOOKS.peek(db) is None
    assert link_index._CACHE.peek(db) is None

    monkeypatch.setattr(claims, "link_fresh", real_link_fresh)
    report = importing.import_inputs(db, _seed_inputs(tmp_path, seeds[1:3]), jobs=0)
    assert report.count("imported") == 2
    with db.read() as s:
        result = verify(s)
        assert result.ok, result.problem
