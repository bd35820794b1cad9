"""Exports that carry their proof (`ledger export --with-proof`, `ledger verify-proof FILE`):
a reader holding only the export and the newsroom's public key can tell that each record
says what the signed history says, and any edit of a record or of its proof is caught."""

from __future__ import annotations

import json

import pytest

ARTICLE = (
    "date 2025-05-06\n\n"
    'The water board said on Monday that "the reservoir is at 40 percent of its capacity."\n\n'
    '"We will lift the hosepipe ban in July," said Ines Varga, its chair.\n'
)


@pytest.fixture
def ledger(cli, db_url, tmp_path, monkeypatch):
    """A ledger with one article, statement 1 verified and its claim rated finally, and a
    `run` of the CLI on it with a signing key in tmp_path."""
    monkeypatch.setenv("LEDGER_SIGNING_KEY", str(tmp_path / "key.pem"))
    article = tmp_path / "water.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    def run(*args):
        return cli(*args, db=db_url)

    assert run("import", article).code == 0
    assert run("verdict", "1", "verified").code == 0
    claim = json.loads(run("show", "1", "--format", "json").out)["claim_id"]
    r = run("rate", str(claim), "true", "--note", "board figures")
    assert r.code == 0, r.err
    pub = tmp_path / "pub.pem"
    assert run("checkpoint", "--public-key-out", pub).code == 0
    return run, tmp_path, pub


def _rows(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if text.startswith("[") else [json.loads(x) for x in text.splitlines()]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_statement_export_with_proof_verifies_and_any_edit_is_named(ledger, fmt):
    run, tmp, pub = ledger
    out = tmp / f"export.{fmt}"
    r = run("export", "--format", fmt, "--with-proof", "-o", out)
    assert r.code == 0, r.err
    rows = _rows(out)
    assert len(rows) == 2 and all(set(row["proof"]) == {"statement", "source"} for row in rows)
    r = run("verify-proof", out, "--public-key", pub)
    assert r.code == 0, r.err
    assert "2 exported records agree with the history (4 proofs)" in r.out

    # the quote of the second record changed: named by record and field
    edited = [dict(row) for row in rows]
    edited[1]["quote"] = edited[1]["quote"].replace("July", "June")
    bad = tmp / "edited.json"
    bad.write_text(json.dumps(edited), encoding="utf-8")
    r = run("verify-proof", bad)
    assert r.code == 1 and "record 2" in r.err and "quote" in r.err

    # the proven payload changed too, to match: the event's hash no longer holds
    proof = edited[1]["proof"]["statement"]["events"][0]
    proof["payload"] = proof["payload"].replace("July", "June")
    bad.write_text(json.dumps(edited), encoding="utf-8")
    r = run("verify-proof", bad)
    assert r.code == 1 and "altered" in r.err


def test_a_proof_is_pinned_to_the_newsrooms_key(ledger, tmp_path_factory, cli):
    run, tmp, pub = ledger
    out = tmp / "export.json"
    assert run("export", "--format", "json", "--with-proof", "-o", out).code == 0
    other = tmp_path_factory.mktemp("other")
    r = cli(
        "checkpoint",
        "--key",
        other / "k.pem",
        "--public-key-out",
        other / "pub.pem",
        db="sqlite:///" + str(other / "x.db"),
    )
    assert r.code == 0, r.err
    r = run("verify-proof", out, "--public-key", other / "pub.pem")
    assert r.code == 1 and "record 1" in r.err


def test_claimreview_with_proof_proves_text_and_final_rating(ledger):
    run, tmp, pub = ledger
    out = tmp / "cr.json"
    r = run(
        "export",
        *("--format", "claimreview", "--org-name", "Check Desk", "--org-url", "https://cd.example"),
        *("--with-proof", "-o", out),
    )
    assert r.code == 0, r.err
    docs = json.loads(out.read_text(encoding="utf-8"))
    assert len(docs) == 1 and docs[0]["urn:statement-ledger:proof"]["claim"]["subject"].startswith(
        "claim:"
    )
    r = run("verify-proof", out, "--public-key", pub)
    assert r.code == 0 and "1 exported record agrees" in r.out
    docs[0]["claimReviewed"] = "the reservoir is full"
    out.write_text(json.dumps(docs), encoding="utf-8")
    r = run("verify-proof", out)
    assert r.code == 1 and "claimReviewed" in r.err


def test_a_record_changed_after_the_checkpoint_stops_the_export_and_writes_nothing(ledger):
    run, tmp, _ = ledger
    ck = tmp / "ck.txt"
    assert run("checkpoint", "-o", ck).code == 0
    assert run("note", "2", "check the July date").code == 0
    out = tmp / "late.json"
    r = run("export", "--format", "json", "--with-proof", "--checkpoint", ck, "-o", out)
    assert r.code == 1 and "statement:2 changed after the checkpoint" in r.err
    assert not out.exists()
    # with a new checkpoint (the default) it is proven
    assert run("export", "--format", "json", "--with-proof", "-o", out).code == 0
    assert run("verify-proof", out).code == 0


def test_proofs_need_a_format_that_can_carry_them(ledger):
    run, tmp, _ = ledger
    r = run("export", "--format", "csv", "--with-proof")
    assert r.code == 2 or r.code == 1
    assert "--with-proof goes with --format json, jsonl or claimreview" in r.err
    r = run("export", "--format", "json", "--checkpoint", tmp / "none.txt")
    assert r.code == 1 and "go with --with-proof" in r.err
