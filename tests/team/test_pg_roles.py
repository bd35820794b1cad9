"""PostgreSQL team mode: the actor is the connection's role, and grants enforce the roles.

A reviewer who connects as their own database role can lease and decide, but the database
refuses them merging speakers, rating, exporting verified claims and editing history,
whatever flags they pass.
"""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from ledger.store.db import open_database


@pytest.fixture
def pg_team(db_url, populate, cli):
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only (SQLite has no database users)")
    owner = sa.engine.make_url(db_url).username
    reviewer = f"rev_{uuid.uuid4().hex[:8]}"
    editor = f"ed_{uuid.uuid4().hex[:8]}"
    db = open_database(db_url)
    ids = populate(db, sources=1, per_source=3)
    db.dispose()
    assert cli("db", "grant", "admin", owner, db=db_url).code == 0
    r = cli("db", "grant", "reviewer", reviewer, db=db_url)
    assert r.code == 0, r.err
    assert "created database role" in r.err
    assert cli("db", "grant", "editor", editor, db=db_url).code == 0
    urls = {name: db_url.replace(f"//{owner}@", f"//{name}@", 1) for name in (reviewer, editor)}
    yield {"ids": ids, "reviewer": reviewer, "editor": editor, "urls": urls, "owner": owner}
    admin = sa.create_engine(db_url)
    with admin.begin() as conn:
        for name in (reviewer, editor):
            conn.execute(sa.text(f'DROP OWNED BY "{name}" CASCADE'))
            conn.execute(sa.text(f'DROP ROLE "{name}"'))
    admin.dispose()


def _one_line_refusal(r, code=5):
    assert r.code == code, (r.code, r.out, r.err)
    assert r.err.startswith("ledger: error:") and len(r.err.strip().splitlines()) == 1


def test_reviewer_role_works_the_queue_as_itself(cli, pg_team):
    url, me = pg_team["urls"][pg_team["reviewer"]], pg_team["reviewer"]
    # --as names someone else: the database role wins
    r = cli("--as", "the-editor-in-chief", "next", "--format", "json", db=url)
    assert r.code == 0, r.err
    item = json.loads(r.out)
    assert item["lease_owner"] == me
    r = cli("--as", "someone-else", "verdict", str(item["id"]), "verified", db=url)
    assert r.code == 0, r.err
    r = cli("history", str(item["id"]), "--format", "json", db=url)
    actors = [e["actor"] for e in json.loads(r.out)]
    assert actors[-1] == me and "someone-else" not in actors
    assert cli("verify", db=url).code == 0


def test_reviewer_role_cannot_merge_rate_export_or_edit_history(cli, pg_team):
    url = pg_team["urls"][pg_team["reviewer"]]
    _one_line_refusal(cli("speakers", "merge", "1", "2", db=url))
    _one_line_refusal(cli("rate", "1", "false", db=url))
    _one_line_refusal(
        cli(
            "export",
            "--format",
            "claimreview",
            "--org-name",
            "N",
            "--org-url",
            "https://n.example",
            db=url,
        )
    )
    _one_line_refusal(cli("export", "--all", db=url))
    engine = sa.create_engine(url)
    try:
        for sql in (
            "UPDATE event SET actor = 'nobody' WHERE seq = 1",
            "DELETE FROM event WHERE seq = 1",
            "UPDATE statement SET quote = 'forged' WHERE id = 1",
            "DELETE FROM review",
            "INSERT INTO user_role (username, role) VALUES ('me', 'admin')",
        ):
            with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
                with engine.begin() as conn:
                    conn.execute(sa.text(sql))
    finally:
        engine.dispose()
    # nothing changed
    assert cli("verify", db=url).code == 0


def test_editor_role_may_merge_but_not_rewrite_history(cli, pg_team):
    url = pg_team["urls"][pg_team["editor"]]
    r = cli("speakers", "merge", "1", "2", db=url)
    assert r.code == 0, r.err
    engine = sa.create_engine(url)
    try:
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            with engine.begin() as conn:
                conn.execute(sa.text("UPDATE event SET actor = 'nobody' WHERE seq = 1"))
    finally:
        engine.dispose()
    r = cli("history", "--limit", "3", "--format", "json", db=url)
    assert {e["actor"] for e in json.loads(r.out)} == {pg_team["editor"]}
    assert cli("verify", db=url).code == 0


def test_owner_connection_is_still_stopped_by_the_trigger_unless_owner(db_url, pg_team):
    """Even a role with UPDATE on event is refused by the append-only trigger."""
    admin = sa.create_engine(db_url)
    name = pg_team["editor"]
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'GRANT UPDATE, DELETE ON event TO "{name}"'))
        engine = sa.create_engine(pg_team["urls"][name])
        try:
            with pytest.raises(sa.exc.ProgrammingError, match="append-only"):
                with engine.begin() as conn:
                    conn.execute(sa.text("DELETE FROM event WHERE seq = 1"))
        finally:
            engine.dispose()
    finally:
        admin.dispose()


def test_grant_refuses_unusable_role_names(cli, db_url):
    for bad in ('x"; DROP TABLE event; --', "", "a b", "9lives"):
        r = cli("db", "grant", "reviewer", bad, db=db_url)
        assert r.code == 1 and "not a usable database role name" in r.err
    r = cli("db", "grant", "overlord", "bob", db=db_url)
    assert r.code == 2
