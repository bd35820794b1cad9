"""`ledger correct …` on the command line: each correction, proposals accepted by an editor,
one-line errors and their exit codes (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest

TEXT = (
    "date 2024-05-02\n"
    'Councillor Mia Lund said: "The ferry will run every hour from June." '
    "Critics were unconvinced.\n"
)


@pytest.fixture
def url(db_url, cli, tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert cli("import", str(path), db=db_url).code == 0
    return db_url


def _json(res):
    assert res.code == 0, res.err
    return json.loads(res.out)


def test_each_correction_on_the_command_line(url, cli):
    start = TEXT.index("The ferry")  # offsets into the stored text, its date line too
    rec = _json(cli("correct", "speaker", "1", "Port Authority", "--format", "json", db=url))
    assert rec["state"] == "applied" and rec["result"]["created_speaker"]
    shown = json.loads(cli("show", "1", "--format", "json", db=url).out)
    assert shown["speaker"] == "Port Authority"

    res = cli("correct", "span", "1", str(start), str(start + 9), db=url)
    assert res.code == 0 and "quote 'The ferry'" in res.out, res.err

    crit = TEXT.index("Critics")
    res = cli("correct", "add", "1", str(crit), str(crit + 25), "--speaker", "1", db=url)
    assert res.code == 0 and "statement 2 added" in res.out, res.err

    res = cli("correct", "claim-text", "1", "ferry every hour from June", db=url)
    assert res.code == 0 and "applied" in res.out
    res = cli("correct", "retract", "2", "--note", "narration, not a statement", db=url)
    assert res.code == 0 and "applied" in res.out
    listed = [
        json.loads(line)
        for line in cli("correct", "list", "--format", "jsonl", db=url).out.splitlines()
    ]
    assert [r["kind"] for r in listed] == ["speaker", "span", "add", "claim_text", "retract"]
    out = cli("statements", "--format", "jsonl", db=url).out
    assert [json.loads(line)["id"] for line in out.splitlines()] == [1]
    assert cli("verify", db=url).code == 0


def test_a_reviewers_proposal_and_an_editors_accept(url, cli):
    assert cli("settings", "shared_by_team", "true", db=url).code == 0  # roles by --as name
    assert cli("--as", "ed", "roles", "ed", "admin", db=url).code == 0
    assert cli("--as", "ed", "roles", "rita", "reviewer", db=url).code == 0
    res = cli("--as", "rita", "correct", "speaker", "1", "Port Authority", db=url)
    assert res.code == 0 and "pending" in res.out and "waiting for an editor" in res.out
    res = cli("--as", "rita", "correct", "accept", "1", db=url)
    assert res.code != 0 and "needs the editor role" in res.err
    res = cli("--as", "ed", "correct", "accept", "1", db=url)
    assert res.code == 0 and "applied" in res.out, res.err
    pending = cli("correct", "list", "--state", "pending", "--format", "json", db=url)
    assert json.loads(pending.out) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["span", "1", "5", "5"], "not within source 1"),
        (["span", "1", "0", "999999"], "not within source 1"),
        (["span", "9", "0", "3"], "no statement with id 9"),
        (["add", "7", "0", "3"], "no source with id 7"),
        (["speaker", "1", "12345"], "no speaker with id 12345"),
        (["claim-text", "1", "  "], "must not be empty"),
        (["accept", "3"], "no correction 3"),
    ],
)
def test_bad_corrections_are_one_line_errors_and_store_nothing(url, cli, args, message):
    res = cli("correct", *args, db=url)
    assert res.code == 1 and message in res.err and res.err.count("\n") == 1, res.err
    assert json.loads(cli("correct", "list", "--format", "json", db=url).out) == []


def test_retract_needs_a_note_and_a_stale_version_is_a_conflict(url, cli):
    res = cli("correct", "retract", "1", db=url)
    assert res.code == 2 and "--note" in res.err
    assert cli("note", "1", "check the minutes", db=url).code == 0
    res = cli("correct", "speaker", "1", "Port Authority", "--version", "1", db=url)
    assert res.code == 4 and "was changed after version 1" in res.err
