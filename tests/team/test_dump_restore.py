"""Full dump, backup and restore: every record comes back field by field, or nothing does."""

from __future__ import annotations

import json

import pytest

from ledger.store.db import open_database


def _rich_ledger(db, populate):
    """Sources, speakers, aliases, claims, statements, links, reviews, ratings, settings, roles."""
    from ledger.config import set_actor
    from ledger.services import claims, decisions, roles, settings, speakers
    from ledger.store.models import Statement

    ids = populate(db, sources=3, per_source=4)
    with db.write() as s:
        settings.set_setting(s, "shared_by_team", True)  # roles by name, not OS user
        roles.set_role(s, "ed", "admin", by="ed")
        roles.set_role(s, "rev", "reviewer", by="ed")
        settings.set_setting(s, "lease_minutes", 45, user="ed")
    set_actor("ed")  # aliasing a speaker is an editor's change
    try:
        with db.write() as s:
            speakers.add_alias(s, 1, "Spokes O'Person; DROP TABLE speaker")
    finally:
        set_actor(None)
    with db.write() as s:
        st = s.get(Statement, ids[0])
        decisions.decide(
            s, ids[0], "verified", seen_version=st.version, reviewer="rev", note="checked"
        )
        decisions.add_note(
            s,
            ids[1],
            "=cmd|' /C calc'!A0 [b]x[/b]",
            seen_version=s.get(Statement, ids[1]).version,
            reviewer="rev",
        )
        claims.decide_link(s, ids[0], ids[5], "confirm", reviewer="ed")
    with db.write() as s:
        claim_id = s.get(Statement, ids[0]).claim_id
        from ledger.store.models import Claim

        decisions.rate_claim(
            s, claim_id, "false", seen_version=s.get(Claim, claim_id).version, reviewer="ed"
        )
    return ids


def _records(cli, url):
    r = cli("--as", "ed", "export", "--all", "--format", "jsonl", db=url)
    assert r.code == 0, r.err
    lines = [json.loads(x) for x in r.out.splitlines()]
    assert lines[0]["type"] == "header"
    return lines[1:]


def test_export_all_then_restore_reproduces_every_record(cli, db_url, tmp_path, populate):
    db = open_database(db_url)
    _rich_ledger(db, populate)
    db.dispose()
    before = _records(cli, db_url)
    kinds = {r["type"] for r in before}
    for kind in (
        "source",
        "speaker",
        "alias",
        "claim",
        "statement",
        "link",
        "review",
        "setting",
        "user_role",
        "event",
    ):
        assert kind in kinds, kind
    assert any(r["type"] == "claim" and r["rating"] == "false" for r in before)
    dump = tmp_path / "dump.jsonl"
    assert cli("--as", "ed", "export", "--all", "-o", dump, db=db_url).code == 0
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    r = cli("restore", dump, db=target)
    assert r.code == 0, r.err
    assert "history verified" in r.out
    after = _records(cli, target)
    assert after == before  # field by field, ids, versions and history included
    assert cli("verify", db=target).code == 0
    # the restored ledger goes on working: new rows get fresh ids
    r = cli("--as", "ed", "speakers", "alias", "2", "Second name", db=target)
    assert r.code == 0, r.err
    assert cli("verify", db=target).code == 0


def test_restore_into_postgres_style_target_from_each_backend(cli, db_url, tmp_path, populate):
    """A dump made on one backend restores into the other (db_url is the target here)."""
    src = f"sqlite:///{tmp_path / 'src.db'}"
    db = open_database(src)
    _rich_ledger(db, populate)
    db.dispose()
    dump = tmp_path / "dump.jsonl"
    assert cli("--as", "ed", "export", "--all", "-o", dump, db=src).code == 0
    r = cli("restore", dump, db=db_url)
    assert r.code == 0, r.err
    assert _records(cli, db_url) == _records(cli, src)
    r = cli("--as", "ed", "speakers", "alias", "1", "Yet another", db=db_url)
    assert r.code == 0, r.err  # sequences moved past restored ids
    assert cli("verify", db=db_url).code == 0


def test_restore_refuses_a_non_empty_database(cli, db_url, tmp_path, populate):
    db = open_database(db_url)
    populate(db, sources=1, per_source=1)
    db.dispose()
    dump = tmp_path / "d.jsonl"
    assert cli("--as", "ed", "export", "--all", "-o", dump, db=db_url).code == 0
    before = _records(cli, db_url)
    r = cli("restore", dump, db=db_url)
    assert r.code == 1 and "not empty" in r.err
    assert _records(cli, db_url) == before


@pytest.mark.parametrize(
    "damage",
    [
        "edit_quote",
        "drop_event",
        "truncate",
        "not_json",
        "wrong_type",
        "unknown_field",
        "no_header",
    ],
)
def test_a_damaged_dump_restores_nothing(cli, db_url, tmp_path, populate, damage):
    src = f"sqlite:///{tmp_path / 'src.db'}"
    db = open_database(src)
    populate(db, sources=2, per_source=2)
    db.dispose()
    lines = cli("--as", "ed", "export", "--all", db=src).out.splitlines()
    if damage == "edit_quote":
        i = next(i for i, x in enumerate(lines) if '"type": "statement"' in x)
        lines[i] = lines[i].replace("the figure is", "the figure was")
    elif damage == "drop_event":
        i = next(i for i, x in enumerate(lines) if '"type": "event"' in x)
        del lines[i + 3]
    elif damage == "truncate":
        lines = lines[: len(lines) // 2]
    elif damage == "not_json":
        lines[3] = lines[3][:-5]
    elif damage == "wrong_type":
        i = next(i for i, x in enumerate(lines) if '"type": "statement"' in x)
        rec = json.loads(lines[i])
        rec["start"] = "zero"
        lines[i] = json.dumps(rec)
    elif damage == "unknown_field":
        rec = json.loads(lines[2])
        rec["evil"] = "'); DROP TABLE source; --"
        lines[2] = json.dumps(rec)
    elif damage == "no_header":
        lines = lines[1:]
    dump = tmp_path / "bad.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli("restore", dump, db=db_url)
    assert r.code != 0
    assert r.err.startswith("ledger: error:") and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1
    stats = json.loads(cli("stats", "--format", "json", db=db_url).out)
    assert stats["sources"] == stats["statements"] == stats["events"] == 0


def test_sqlite_backup_is_a_consistent_restorable_copy(cli, sqlite_url, tmp_path, populate):
    db = open_database(sqlite_url)
    populate(db, sources=2, per_source=3)
    db.dispose()
    out = tmp_path / "backup.db"
    r = cli("backup", out, db=sqlite_url)
    assert r.code == 0, r.err
    assert cli("backup", out, db=sqlite_url).code == 1  # no overwrite without --force
    assert cli("backup", out, "--force", db=sqlite_url).code == 0
    assert cli("verify", db=f"sqlite:///{out}").code == 0
    target = f"sqlite:///{tmp_path / 'new.db'}"
    r = cli("restore", out, db=target)
    assert r.code == 0, r.err
    assert _records(cli, target) == _records(cli, sqlite_url)
    for bad in (tmp_path / "missing" / "x.db", tmp_path):
        r = cli("backup", bad, db=sqlite_url)
        assert r.code == 1 and "Traceback" not in r.err


def test_backup_on_postgres_prints_pg_dump(cli, db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    r = cli("backup", "/tmp/ledger.dump", db=db_url)
    assert r.code == 0, r.err
    assert r.out.startswith("pg_dump --format=custom") and "--schema=" in r.out


def test_export_all_refuses_filters_and_other_formats(cli, db_url):
    r = cli("--as", "ed", "export", "--all", "--format", "csv", db=db_url)
    assert r.code == 1 and "--format jsonl" in r.err
    r = cli("--as", "ed", "export", "--all", "--speaker", "x", db=db_url)
    assert r.code == 1 and "no filters" in r.err


def test_an_sqlite_backup_restores_into_either_backend(cli, db_url, tmp_path, populate):
    src = f"sqlite:///{tmp_path / 'src.db'}"
    db = open_database(src)
    populate(db, sources=2, per_source=2)
    db.dispose()
    backup = tmp_path / "nightly.db"
    assert cli("backup", backup, db=src).code == 0
    before = backup.read_bytes()
    r = cli("restore", backup, db=db_url)
    assert r.code == 0, r.err
    assert _records(cli, db_url) == _records(cli, src)
    assert backup.read_bytes() == before  # restoring never touches the backup
    r = cli("restore", tmp_path / "missing.db", db=db_url)
    assert r.code == 1 and "no such file" in r.err


def test_dump_pages_through_tables_larger_than_one_batch(db_url, populate, monkeypatch):
    """Pages of 2 rows give the same records, in the same order, as one page for all."""
    from ledger.store import dump

    db = open_database(db_url)
    try:
        _rich_ledger(db, populate)
        with db.read() as s:
            whole = [r for r in dump.dump_records(s) if r["type"] != "header"]
        monkeypatch.setattr(dump, "BATCH", 2)
        with db.read() as s:
            paged = [r for r in dump.dump_records(s) if r["type"] != "header"]
    finally:
        db.dispose()
    assert paged == whole
    assert sum(r["type"] == "statement" for r in paged) == 12
    assert len({json.dumps(r, sort_keys=True) for r in paged}) == len(paged)  # none twice
