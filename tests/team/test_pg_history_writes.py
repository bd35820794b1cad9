"""PostgreSQL writes the history: each forgery of issue #13, made as a real database user.

The ledger's roles get their privileges from `ledger db grant`; then a reviewer (and an
editor) connect as themselves and try, in raw SQL, what a hostile colleague would: a
"2 of 2" approval in a colleague's name, a junk event, an event at seq 2147483647, editing
or deleting events and reviews, locking rows they may not change. The database refuses
each, and `verify` still passes for everyone. The owner setup of docs/operations.md (an
owner that is not a superuser and cannot create roles) works for every command,
`undo` included.
"""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from ledger.store.db import open_database
from ledger.store.models import Link, Speaker, Statement
from ledger.store.verify import verify


def _url_as(db_url: str, name: str) -> str:
    owner = sa.engine.make_url(db_url).username
    return db_url.replace(f"//{owner}@", f"//{name}@", 1)


def _drop_roles(db_url: str, names) -> None:
    admin = sa.create_engine(db_url)
    with admin.begin() as conn:
        for name in names:
            if conn.execute(
                sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}
            ).first():
                conn.execute(sa.text(f'DROP OWNED BY "{name}" CASCADE'))
                conn.execute(sa.text(f'DROP ROLE "{name}"'))
    admin.dispose()


@pytest.fixture
def team(db_url, populate, cli):
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only (SQLite has no database users)")
    tag = uuid.uuid4().hex[:8]
    names = {"alice": f"alice_{tag}", "bob": f"bob_{tag}", "ed": f"ed_{tag}"}
    db = open_database(db_url)
    ids = populate(db, sources=1, per_source=3)
    db.dispose()
    owner = sa.engine.make_url(db_url).username
    assert cli("db", "grant", "admin", owner, db=db_url).code == 0
    try:
        for who, role in (("alice", "reviewer"), ("bob", "reviewer"), ("ed", "editor")):
            r = cli("db", "grant", role, names[who], db=db_url)
            assert r.code == 0, r.err
        assert cli("settings", "required_approvals", "2", db=db_url).code == 0
        yield {"ids": ids, "names": names, "url": {k: _url_as(db_url, v) for k, v in names.items()}}
    finally:
        _drop_roles(db_url, names.values())


def _refused(url: str, sql: str, params: dict | None = None, match: str = "") -> str:
    """Run `sql` as the user of `url`; assert the database refuses it (42501)."""
    engine = sa.create_engine(url)
    try:
        with pytest.raises(sa.exc.DBAPIError) as err:
            with engine.begin() as conn:
                conn.execute(sa.text(sql), params or {})
    finally:
        engine.dispose()
    assert getattr(err.value.orig, "sqlstate", None) == "42501", err.value
    message = str(err.value.orig)
    assert match in message, message
    return message


def _batch(action: str, subject: str, payload: str) -> str:
    """One event for ledger_append, as the journal sends it."""
    return json.dumps([[action, subject, payload]])


def _verify_ok(url: str) -> None:
    db = open_database(url)
    try:
        with db.read() as s:
            result = verify(s)
        assert result.ok, result.problem
    finally:
        db.dispose()


def test_four_eyes_in_a_colleagues_name_is_refused(cli, team):
    sid = team["ids"][0]
    alice, bob = team["names"]["alice"], team["names"]["bob"]
    assert cli("verdict", str(sid), "verified", db=team["url"]["alice"]).code == 0
    # alice writes bob's approval herself: the review row, then its event
    _refused(
        team["url"]["alice"],
        "INSERT INTO review (statement_id, reviewer, verdict, evidence, created_at) "
        "VALUES (:sid, :bob, 'verified', '[]', now())",
        {"sid": sid, "bob": bob},
        match=f"must be the connected user ({alice}), not {bob}",
    )
    # an editor cannot rate a claim in a colleague's name either
    _refused(
        team["url"]["ed"],
        "INSERT INTO review (claim_id, reviewer, verdict, evidence, created_at) "
        "VALUES (1, :bob, 'false', '[]', now())",
        {"bob": bob},
        match="must be the connected user",
    )
    r = cli("show", str(sid), "--format", "json", db=team["url"]["bob"])
    assert r.code == 0 and json.loads(r.out)["status"] != "verified"
    # bob's own approval makes it 2 of 2, and the history names who really acted
    assert cli("verdict", str(sid), "verified", db=team["url"]["bob"]).code == 0
    r = cli("history", str(sid), "--format", "json", db=team["url"]["bob"])
    assert r.code == 0, r.err
    actors = [e["actor"] for e in json.loads(r.out)]
    assert actors[-1] == bob and alice in actors
    _verify_ok(team["url"]["bob"])


def test_junk_events_and_chosen_seqs_are_refused(team):
    url = team["url"]["alice"]
    row = (
        "'2026-01-01T00:00:00.000000Z', 'x', 'insert', 'statement:1', '{}', "
        "repeat('0', 64), repeat('0', 64)"
    )
    for seq in ("1000", "2147483647"):
        _refused(
            url,
            f"INSERT INTO event (seq, at, actor, action, subject, payload, prev_hash, hash) "
            f"VALUES ({seq}, {row})",
            match="permission denied for table event",
        )
    append = "SELECT * FROM ledger_append(:b, NULL)"
    # through the function: an event that does not state its row as stored
    _refused(
        url,
        append,
        {"b": _batch("update", "statement:1", '{"status": "verified"}')},
        match="does not state the row as stored",
    )
    # a row the caller may not write, a table that is not the ledger's, a row that is gone
    _refused(url, append, {"b": _batch("update", "speaker:1", "{}")}, match="may not record")
    _refused(url, append, {"b": _batch("insert", "event:1", "{}")}, match="not a ledger")
    _refused(url, append, {"b": _batch("update", "review:99", "{}")}, match="may not")
    for subject, says in (("statement:2147483647", "names no row"), ("statement:999", "does not")):
        _refused(url, append, {"b": _batch("update", subject, "{}")}, match=says)
    _verify_ok(url)


def test_events_and_reviews_cannot_be_changed_or_deleted(cli, team):
    sid = team["ids"][1]
    assert cli("verdict", str(sid), "disputed", db=team["url"]["alice"]).code == 0
    for who in ("alice", "ed"):
        url = team["url"][who]
        _refused(url, "UPDATE event SET actor = 'nobody' WHERE seq = 1", match="permission denied")
        _refused(url, "DELETE FROM event WHERE seq > 1", match="permission denied")
        _refused(url, "TRUNCATE event", match="permission denied")
        _refused(url, "UPDATE review SET verdict = 'verified'", match="permission denied")
        _refused(url, "DELETE FROM review", match="permission denied")
    _verify_ok(team["url"]["bob"])


def test_reviewers_read_but_cannot_lock_what_they_may_not_change(cli, team):
    url = team["url"]["alice"]
    for table in ("claim", "speaker", "source", "setting", "user_role", "event"):
        _refused(url, f"SELECT 1 FROM {table} FOR UPDATE", match="permission denied")
    # what a reviewer needs to review stays readable (docs/operations.md says what is not
    # enforced: plain SELECT of every ledger table)
    r = cli("show", str(team["ids"][0]), db=url)
    assert r.code == 0, r.err


def test_database_hashes_what_python_verifies(db_url, cli):
    """Names with quotes, backslashes, control characters and non-ASCII, appended by the
    database: Python's verify recomputes the same hashes."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    db = open_database(db_url)
    try:
        names = ['q"uote\\ back', "tab\tline\nfeed\x01\x1f\x7f", "é€😀\u2028 end"]
        with db.write() as s:
            s.add_all(
                [Speaker(name=n, name_key=f"k{i}", kind="person") for i, n in enumerate(names)]
            )
        with db.read() as s:
            result = verify(s)
            actors = s.execute(sa.text("SELECT DISTINCT actor FROM event")).scalars().all()
            user = s.execute(sa.text("SELECT session_user")).scalar_one()
        assert result.ok and result.events == 3, result.problem
        assert actors == [user]
    finally:
        db.dispose()


def test_floats_times_and_json_agree_in_another_time_zone(db_url, populate):
    """A client in another time zone writes rows whose events the database accepts, and
    verify agrees (floats, times and JSON compared as the journal wrote them)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    url = db_url + "%20-ctimezone%3DAsia/Kolkata"
    db = open_database(url)
    try:
        ids = populate(db, sources=1, per_source=2)
        with db.write() as s:
            st = s.get(Statement, ids[0])
            st.checkworthiness = 1 / 3
            st.time_start = 0.1 + 0.2
            st.hedge_cues = ["may", {"é": [1.5e-7, 12345678901234567890]}]
            s.add(Link(a_id=ids[0], b_id=ids[1], relation="repeat", score=2 / 3, method="t"))
        with db.read() as s:
            result = verify(s)
        assert result.ok, result.problem
    finally:
        db.dispose()


def test_owner_without_createrole_runs_every_command(db_url, populate, cli):
    """docs/operations.md's setup: a plain owner role (no superuser, no CREATEROLE) makes the
    schema, is its first admin, grants a role a superuser created, and undo works."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    tag = uuid.uuid4().hex[:8]
    owner, rev, newbie = f"own_{tag}", f"rev_{tag}", f"new_{tag}"
    schema = f"o_{tag}"
    admin = sa.create_engine(db_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE ROLE "{owner}" LOGIN'))
        conn.execute(sa.text(f'CREATE ROLE "{rev}" LOGIN'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}" AUTHORIZATION "{owner}"'))
    base = _url_as(db_url, owner).split("?")[0]
    url = f"{base}?options=-csearch_path%3D{schema}"
    try:
        assert cli("db", "upgrade", db=url).code == 0
        db = open_database(url)
        ids = populate(db, sources=1, per_source=2)
        db.dispose()
        r = cli("db", "grant", "admin", owner, db=url)
        assert r.code == 0, r.err
        assert "privileges are unchanged" in r.err
        r = cli("db", "grant", "reviewer", newbie, db=url)
        assert r.code == 5 and "needs the CREATEROLE privilege" in r.err, r.err
        assert len(r.err.strip().splitlines()) == 1
        r = cli("db", "grant", "reviewer", rev, db=url)
        assert r.code == 0, r.err
        rev_url = url.replace(f"//{owner}@", f"//{rev}@", 1)
        for who in (url, rev_url):
            assert cli("verdict", str(ids[0]), "disputed", db=who).code == 0
            r = cli("undo", str(ids[0]), db=who)
            assert r.code == 0, r.err
        assert cli("rate", "1", "false", db=url).code == 0
        assert cli("speakers", "merge", "1", "2", db=url).code == 0
        assert cli("verify", db=rev_url).code == 0
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
        _drop_roles(db_url, (owner, rev))
