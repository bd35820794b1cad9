"""SQLite says who really acted: the OS user beside any --as name, and roles are the OS
user's unless the file is shared by a team (issue #13 item 3)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from ledger.services import checkpoints
from ledger.store.db import open_database
from ledger.store.identity import real_os_user

ME = real_os_user()


@pytest.fixture
def ledger(sqlite_url, populate):
    db = open_database(sqlite_url)
    ids = populate(db, sources=1, per_source=2)
    db.dispose()
    return sqlite_url, ids


def _last_event(url: str) -> dict:
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        con.row_factory = sqlite3.Row
        return dict(con.execute("SELECT * FROM event ORDER BY seq DESC LIMIT 1").fetchone())
    finally:
        con.close()


def test_the_history_records_the_os_user_beside_the_claimed_name(cli, ledger):
    url, ids = ledger
    assert cli("--as", "alice", "verdict", str(ids[0]), "verified", db=url).code == 0
    ev = _last_event(url)
    assert (ev["actor"], ev["claimed_by"]) == (ME, "alice")
    # the environment getpass reads is anyone's to set: the actor still is the OS user
    env = {"LEDGER_ACTOR": "mallory", "USER": "mallory", "LOGNAME": "mallory"}
    assert cli("verdict", str(ids[1]), "disputed", db=url, env=env).code == 0
    ev = _last_event(url)
    assert (ev["actor"], ev["claimed_by"]) == (ME, "mallory")
    r = cli("history", str(ids[1]), "--format", "json", db=url)
    assert json.loads(r.out)[-1]["claimed_by"] == "mallory"
    assert cli("verify", db=url).code == 0


def test_claimed_by_is_in_the_hash_and_in_proofs(cli, ledger):
    url, ids = ledger
    assert cli("--as", "alice", "verdict", str(ids[0]), "verified", db=url).code == 0
    db = open_database(url)
    try:
        proof = checkpoints.prove(db, f"statement:{ids[0]}")
    finally:
        db.dispose()
    assert proof["events"][-1]["claimed_by"] == "alice"
    checkpoints.verify_proof(proof)
    proof["events"][-1]["claimed_by"] = "bob"
    with pytest.raises(checkpoints.CheckpointError, match="was altered"):
        checkpoints.verify_proof(proof)
    # the file's owner can edit it, and verify names the event
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    con.execute("DROP TRIGGER event_append_only_update")
    con.execute("UPDATE event SET claimed_by = 'bob' WHERE claimed_by = 'alice'")
    con.commit()
    con.close()
    r = cli("verify", db=url)
    assert r.code != 0 and "was altered" in r.err


def test_a_claimed_name_does_not_lend_its_role(cli, ledger):
    url, ids = ledger
    assert cli("roles", "alice", "admin", db=url).code == 0  # the OS user names an admin
    for how in (("--as", "alice"), ()):
        env = {} if how else {"LEDGER_ACTOR": "alice"}
        r = cli(*how, "settings", "required_approvals", "2", db=url, env=env)
        assert r.code == 5, r.err
        assert f"{ME} is a reviewer" in r.err and "not those of the name 'alice'" in r.err
    r = cli("settings", "--format", "json", db=url)
    assert json.loads(r.out)["required_approvals"] == 1
    r = cli("--as", "alice", "roles", db=url)
    assert "you (alice) are reviewer" in r.out  # the role that counts: the OS user's


def test_a_first_role_by_a_claimed_name_keeps_the_os_user_admin(cli, ledger):
    url, _ids = ledger
    r = cli("--as", "alice", "roles", "alice", "admin", db=url)
    assert r.code == 1 and f"ledger roles {ME} admin" in r.err
    assert cli("roles", ME, "admin", db=url).code == 0
    assert cli("--as", "alice", "roles", "alice", "editor", db=url).code == 0


def test_a_file_shared_by_a_team_uses_the_names(cli, ledger):
    url, ids = ledger
    assert cli("settings", "shared_by_team", "true", db=url).code == 0
    assert cli("--as", "ada", "roles", "ada", "admin", db=url).code == 0
    r = cli("--as", "rex", "rate", "1", "false", db=url)
    assert r.code == 5 and "rex is a reviewer" in r.err
    assert cli("--as", "ada", "rate", "1", "false", db=url).code == 0
    assert cli("--as", "ada", "settings", "shared_by_team", "maybe", db=url).code == 1
    ev = _last_event(url)
    assert (ev["actor"], ev["claimed_by"]) == (ME, "ada")


def test_downgrade_keeps_hashes_that_cover_claimed_names(cli, ledger):
    url, ids = ledger
    assert cli("--as", "alice", "verdict", str(ids[0]), "verified", db=url).code == 0
    r = cli("db", "downgrade", "0006", "--yes", db=url)
    assert r.code != 0 and "claimed name" in r.err
    assert cli("verify", db=url).code == 0
