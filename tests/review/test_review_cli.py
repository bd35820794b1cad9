"""The review commands end to end, in-process: verdict, rate, note, evidence, undo,
assign, review-status, review-log, settings, roles and the review parts of export."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import func, select

from ledger.store.models import Review


def _reviews(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Review))


def test_verdict_uses_the_current_version_by_default(ledger, db_url, cli):
    db, ids = ledger
    sid = ids["statements"][0]
    r = cli(
        "--as",
        "alice",
        "verdict",
        sid,
        "verified",
        "--note",
        "tape",
        "--evidence",
        "https://a.example/t",
        db=db_url,
    )
    assert r.code == 0, r.err
    assert r.out.strip() == f"statement {sid}: verified (final, 1 of 1 approvals), version 2"
    r = cli("--as", "bob", "verdict", sid, "disputed", "--version", "1", db=db_url)
    assert r.code == 4
    assert r.err.startswith("ledger: error: statement") and r.err.count("\n") == 1
    assert "alice decided 'verified' (note 'tape')" in r.err and "not recorded" in r.err
    assert _reviews(db) == 1
    r = cli("review-log", sid, "--format", "json", db=db_url)
    log = json.loads(r.out)
    assert [(e["reviewer"], e["verdict"], e["evidence"]) for e in log] == [
        ("alice", "verified", ["https://a.example/t"])
    ]


def test_bad_input_is_one_line_and_changes_nothing(ledger, db_url, cli):
    db, ids = ledger
    sid = ids["statements"][0]
    for args in (
        ("verdict", sid, "maybe"),
        ("verdict", 999, "verified"),
        ("verdict", sid, "verified", "--evidence", "=HYPERLINK(1)"),
        ("rate", ids["claims"][0], "pants on fire"),
        ("assign", sid, "  "),
        ("undo", sid),
        ("settings", "required_approvals", "zero"),
        ("review-log", 999),
    ):
        r = cli(*args, db=db_url)
        assert r.code != 0, args
        assert r.err.startswith("ledger: error: ") and r.err.count("\n") == 1, (args, r.err)
        assert "Traceback" not in r.err
    assert _reviews(db) == 0
    with db.read() as s:
        from ledger.services.derivation import status_of

        assert status_of(s, sid)["version"] == 1


def test_four_eyes_from_the_command_line(ledger, db_url, cli):
    _, ids = ledger
    sid = ids["statements"][1]
    assert cli("settings", "required_approvals", "2", db=db_url).code == 0
    r = cli("--as", "alice", "verdict", sid, "rejected", db=db_url)
    assert "'rejected' pending: 1 of 2 approvals" in r.out
    r = cli("--as", "bob", "verdict", sid, "rejected", "--format", "json", db=db_url)
    state = json.loads(r.out)
    assert (state["status"], state["final"], state["approvals"]) == ("rejected", True, 2)
    r = cli("--as", "bob", "undo", sid, db=db_url)
    assert r.code == 0 and "retracted review" in r.out and "1 of 2 approvals" in r.out
    r = cli("review-log", sid, db=db_url)
    assert "retracted" in r.out and "undoes" in r.out and "3 entries" in r.out


def test_rate_note_evidence_assign_and_status(ledger, db_url, cli):
    _, ids = ledger
    cid, sid = ids["claims"][0], ids["statements"][0]
    r = cli("--as", "ed", "rate", cid, "Misleading", "--note", "no funding yet", db=db_url)
    assert r.code == 0 and r.out.startswith(f"claim {cid}: misleading (final")
    assert cli("note", cid, "--claim", "budget vote is in June", db=db_url).code == 0
    assert cli("evidence", sid, "source:2", "https://b.example/x", db=db_url).code == 0
    r = cli("review-status", sid, "--format", "json", db=db_url)
    assert json.loads(r.out)["evidence"] == ["https://b.example/x", "source:2"]
    r = cli("assign", sid, "carol", db=db_url)
    assert r.code == 0 and "assigned to carol" in r.out
    r = cli("assign", sid, "-", db=db_url)
    assert r.code == 0 and "assigned to" not in r.out
    r = cli("review-log", cid, "--claim", "--format", "jsonl", db=db_url)
    assert [json.loads(line)["verdict"] for line in r.out.splitlines()] == ["misleading", "note"]


def test_untrusted_notes_are_printed_as_plain_text(ledger, db_url, cli):
    _, ids = ledger
    sid = ids["statements"][0]
    cli("note", sid, "[bold red]boom[/bold red] \x1b[31m", db=db_url)
    r = cli("review-log", sid, db=db_url)
    assert "[bold" in r.out and "red]boom[/bold" in r.out  # not read as markup
    assert "\x1b" not in r.out and "\\x1b[31m" in r.out  # the escape is shown, not sent
    r = cli("review-log", sid, "--format", "json", db=db_url)
    assert json.loads(r.out)[0]["note"] == "[bold red]boom[/bold red] \x1b[31m"


def test_settings_and_roles_commands(ledger, db_url, cli):
    r = cli("settings", "--format", "json", db=db_url)
    data = json.loads(r.out)
    assert data["required_approvals"] == 1 and data["lease_minutes"] == 30
    assert [e["name"] for e in data["rating_scale"]][:2] == ["true", "mostly true"]
    r = cli("roles", db=db_url)
    assert "single-user mode" in r.out
    cli("settings", "shared_by_team", "true", db=db_url)  # roles by --as name, not OS user
    assert cli("--as", "ada", "roles", "bob", "editor", db=db_url).code == 1  # no admin left
    assert cli("--as", "ada", "roles", "ada", "admin", db=db_url).code == 0
    assert cli("--as", "ada", "roles", "bob", "editor", db=db_url).code == 0
    r = cli("--as", "rex", "roles", db=db_url)
    assert "users not listed are reviewers" in r.out and "you (rex) are reviewer" in r.out
    r = cli("--as", "rex", "settings", "required_approvals", "3", db=db_url)
    assert r.code == 5 and "needs the admin role" in r.err
    r = cli("--as", "rex", "roles", "rex", "admin", db=db_url)
    assert r.code == 5


def test_a_reviewer_fails_to_rate_and_to_export_verified_claims(ledger, db_url, cli, tmp_path):
    _, ids = ledger
    cli("settings", "shared_by_team", "true", db=db_url)  # roles by --as name, not OS user
    assert cli("--as", "ada", "roles", "ada", "admin", db=db_url).code == 0
    r = cli("--as", "rex", "rate", ids["claims"][0], "false", db=db_url)
    assert r.code == 5 and "rex is a reviewer" in r.err
    out = tmp_path / "cr.json"
    r = cli(
        "--as",
        "rex",
        "export",
        "--format",
        "claimreview",
        "--org-name",
        "F",
        "--org-url",
        "https://f.example",
        "-o",
        out,
        db=db_url,
    )
    assert r.code == 5 and not out.exists()
    r = cli("--as", "rex", "export", "--rated", db=db_url)
    assert r.code == 5
    r = cli("--as", "rex", "export", "--format", "prov", db=db_url)
    assert r.code == 5


def test_export_formats_and_the_rated_filter(ledger, db_url, cli, tmp_path):
    _, ids = ledger
    for sid in ids["statements"][:2]:
        assert cli("verdict", sid, "verified", db=db_url).code == 0
    assert cli("rate", ids["claims"][0], "false", db=db_url).code == 0
    out = tmp_path / "cr.json"
    r = cli(
        "export",
        "--format",
        "claimreview",
        "--org-name",
        "Harbour Checks",
        "--org-url",
        "https://checks.example",
        "-o",
        out,
        db=db_url,
    )
    assert r.code == 0, r.err
    docs = json.loads(out.read_text())
    assert [d["reviewRating"]["alternateName"] for d in docs] == ["False"]
    assert "exported 1 claim review" in r.err
    r = cli("export", "--format", "claimreview", db=db_url)
    assert r.code == 1 and "--org-name" in r.err
    r = cli("export", "--format", "prov", "--status", "verified", db=db_url)
    assert r.code == 0 and len([k for k in json.loads(r.out)["entity"] if "statement-" in k]) == 2
    r = cli("export", "--format", "jsonl", "--rated", "--no-text", db=db_url)
    rows = [json.loads(line) for line in r.out.splitlines()]
    assert [row["id"] for row in rows] == ids["statements"][:2]
    assert {row["claim_rating"] for row in rows} == {"false"}
    r = cli("export", "--format", "csv", "--rated", "--status", "verified", db=db_url)
    got = list(csv.DictReader(io.StringIO(r.out)))
    assert [int(row["id"]) for row in got] == ids["statements"][:2]
    r = cli("export", "--format", "json", "--status", "verified", db=db_url)
    assert len(json.loads(r.out)) == 2


def test_pending_lists_what_waits_for_my_approval(ledger, db_url, cli):
    _, ids = ledger
    assert cli("settings", "required_approvals", "2", db=db_url).code == 0
    assert cli("--as", "alice", "verdict", ids["statements"][0], "verified", db=db_url).code == 0
    assert cli("--as", "alice", "verdict", ids["statements"][2], "in_review", db=db_url).code == 0
    r = cli("--as", "bob", "pending", "--format", "json", db=db_url)
    rows = json.loads(r.out)
    assert [(x["statement_id"], x["pending_verdict"]) for x in rows] == [
        (ids["statements"][0], "verified")
    ]
    r = cli("--as", "alice", "pending", db=db_url)  # her own approval does not count twice
    assert r.code == 0 and "0 statements waiting for you" in r.out


def test_changing_required_approvals_rederives_the_stored_statuses(ledger, db_url, cli):
    db, ids = ledger
    sid = ids["statements"][0]
    assert cli("settings", "required_approvals", "2", db=db_url).code == 0
    assert cli("--as", "alice", "verdict", sid, "verified", db=db_url).code == 0
    with db.read() as s:
        from ledger.store.models import Statement

        assert s.get(Statement, sid).status == "in_review"
    assert cli("settings", "required_approvals", "1", db=db_url).code == 0
    with db.read() as s:  # the cache the queue and exports read, not only the live status
        assert s.get(Statement, sid).status == "verified"
    r = cli("review-status", sid, "--format", "json", db=db_url)
    assert json.loads(r.out)["final"] is True
