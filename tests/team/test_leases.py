"""Review work is handed out with leases: never the same item to two reviewers."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest

from ledger.errors import ConflictError, InputError
from ledger.services.leases import leases_of, next_item, release
from ledger.store.models import Statement
from ledger.store.verify import verify


def test_two_reviewers_get_different_items_and_keep_their_own(db, populate):
    ids = populate(db, sources=1, per_source=3)
    with db.write() as s:
        a = next_item(s, "alice")
    with db.write() as s:
        b = next_item(s, "bob")
    with db.write() as s:
        a_again = next_item(s, "alice")
    assert a["id"] == ids[0] and b["id"] == ids[1]
    assert a_again["id"] == a["id"]  # a reopened UI gets its own lease back
    assert a["lease_owner"] == "alice" and a["quote"].startswith("Claim 0-0")
    with db.write() as s:
        c = next_item(s, "carol")
    with db.write() as s:
        assert next_item(s, "dave") is None  # all three are leased
    assert c["id"] == ids[2]
    with db.read() as s:
        assert [r["lease_owner"] for r in leases_of(s)] == ["alice", "bob", "carol"]
        assert verify(s).ok  # leases are journaled changes


def test_release_and_expiry_free_the_item(db, populate):
    (sid,) = populate(db, sources=1, per_source=1)
    with db.write() as s:
        assert next_item(s, "alice")["id"] == sid
    with db.write() as s, pytest.raises(ConflictError, match="leased to alice"):
        release(s, sid, "bob")
    with db.write() as s:
        assert release(s, sid, "alice") is True
        assert release(s, sid, "alice") is False
    with db.write() as s:
        assert next_item(s, "bob", lease_minutes=5)["id"] == sid
    with db.write() as s:  # let bob's lease run out
        s.get(Statement, sid).lease_until = datetime.now(UTC) - timedelta(seconds=1)
    with db.write() as s:
        item = next_item(s, "carol")
    assert item["id"] == sid and item["lease_owner"] == "carol"


def test_lease_time_comes_from_the_setting(db, populate):
    from ledger.services.settings import set_setting

    populate(db, sources=1, per_source=1)
    with db.write() as s:
        set_setting(s, "lease_minutes", 2, user="admin")
    with db.write() as s:
        item = next_item(s, "alice")
    until = datetime.fromisoformat(item["lease_until"])
    left = (until - datetime.now(UTC)).total_seconds()
    assert 60 < left <= 120


def test_only_the_wanted_status_is_handed_out(db, populate):
    ids = populate(db, sources=1, per_source=2)
    with db.write() as s:
        s.get(Statement, ids[0]).status = "disputed"
    with db.write() as s:
        assert next_item(s, "alice", status="disputed")["id"] == ids[0]
        assert next_item(s, "bob", status="disputed") is None
        assert next_item(s, "bob")["id"] == ids[1]
    with db.write() as s, pytest.raises(InputError, match="not one of"):
        next_item(s, "bob", status="'; DROP TABLE statement; --")


def test_concurrent_reviewers_never_share_an_item(db_url, populate):
    from ledger.store.db import open_database

    setup = open_database(db_url)
    ids = populate(setup, sources=4, per_source=5)
    setup.dispose()
    got: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def reviewer(name: str) -> None:
        db = open_database(db_url)
        mine = got.setdefault(name, [])
        try:
            barrier.wait()
            while True:
                with db.write() as s:
                    item = next_item(s, name)
                    if item is None:
                        return
                    # deciding: the item leaves the queue (as a verdict would)
                    st = s.get(Statement, item["id"])
                    st.status = "verified"
                    st.lease_owner = None
                mine.append(item["id"])
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)
        finally:
            db.dispose()

    threads = [threading.Thread(target=reviewer, args=(f"r{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    handed = [i for items in got.values() for i in items]
    assert sorted(handed) == sorted(ids)  # every item once: none lost, none doubled


def test_next_and_release_on_the_command_line(cli, db_url, populate):
    from ledger.store.db import open_database

    db = open_database(db_url)
    ids = populate(db, sources=1, per_source=2)
    db.dispose()
    r = cli("--as", "alice", "next", "--format", "json", db=db_url)
    assert r.code == 0, r.err
    first = json.loads(r.out)
    r = cli("--as", "bob", "next", "--format", "json", db=db_url)
    second = json.loads(r.out)
    assert {first["id"], second["id"]} == set(ids)
    r = cli("--as", "carol", "next", db=db_url)
    assert r.code == 0 and "nothing unreviewed is free" in r.out
    r = cli("--as", "carol", "release", str(first["id"]), db=db_url)
    assert r.code == 4 and "leased to" in r.err and "Traceback" not in r.err
    assert cli("--as", "alice", "release", str(first["id"]), db=db_url).code == 0
    r = cli("--as", "carol", "next", "--format", "json", db=db_url)
    assert json.loads(r.out)["id"] == first["id"]
    r = cli("next", "--status", "bogus", db=db_url)
    assert r.code == 2 and "bogus" in r.err
