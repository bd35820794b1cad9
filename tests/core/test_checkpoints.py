"""Signed checkpoints and proofs: each careful edit of the history that plain `verify`
passes is caught by `verify --checkpoint`, on SQLite and PostgreSQL.

The attacks tamper as the tables' owner would: raw SQL (SQLite's append-only triggers
dropped), rows put back to match the edited history, and the chain rehashed, so plain
`verify` passes each time (asserted) and only the signed checkpoint tells.
"""

from __future__ import annotations

import json
import os
import stat
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Date, DateTime, select, text
from sqlalchemy.orm import Session

from ledger.services import checkpoints, decisions
from ledger.store import merkle
from ledger.store.journal import GENESIS, event_hash
from ledger.store.models import (
    Base,
    Claim,
    Event,
    MerkleNode,
    Review,
    Source,
    Speaker,
    Statement,
)
from ledger.store.row_state import row_state
from ledger.store.verify import verify

ARTICLE = (
    'The ferry company said on Monday that "the evening crossing will stop in June."\n\n'
    '"We cannot staff the late boats any more," said Ona Kestrel, its director.\n\n'
    'Harbour master Piet Wendel said the pier "needs a new roof before the winter storms."\n\n'
    '"Passengers will pay the same fares as last year," Kestrel said.\n'
)
QUOTES = [
    ("the evening crossing will stop in June.", 0),
    ("We cannot staff the late boats any more,", 0),
    ("needs a new roof before the winter storms.", 1),
    ("Passengers will pay the same fares as last year,", 0),
]
PG_URL = os.environ.get("LEDGER_TEST_DATABASE_URL")


def _build(db) -> None:
    """A source, its speakers, claims and statements, then three decisions, all journaled."""
    with db.write() as s:
        src = Source(content_sha256="f" * 64, text=ARTICLE, origin="ferry.txt", title="Ferry")
        people = [
            Speaker(name="Ona Kestrel", name_key="ona kestrel", kind="person"),
            Speaker(name="Piet Wendel", name_key="piet wendel", kind="person"),
        ]
        s.add_all([src, *people])
        s.flush()
        for quote, who in QUOTES:
            claim = Claim(canonical_text=quote)
            s.add(claim)
            s.flush()
            at = ARTICLE.index(quote)
            s.add(
                Statement(
                    source_id=src.id,
                    speaker_id=people[who].id,
                    kind="direct",
                    quote=quote,
                    start=at,
                    end=at + len(quote),
                    claim_id=claim.id,
                )
            )
            s.flush()
    for sid, verdict in ((1, "verified"), (2, "disputed"), (3, "verified")):
        with db.write() as s:
            decisions.decide(s, sid, verdict, seen_version=s.get(Statement, sid).version)


@pytest.fixture(scope="module", params=["sqlite"] + (["postgresql"] if PG_URL else []))
def built(request, tmp_path_factory):
    """One ledger per backend for the module (PostgreSQL: its own schema), with a signing
    key, its public key and a checkpoint of the whole history; each test starts from it."""
    from ledger.store.db import open_database

    tmp = tmp_path_factory.mktemp(request.param)
    admin = schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'ledger.db'}"
    else:
        import sqlalchemy as sa

        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    db = open_database(url)
    _build(db)
    key = checkpoints.load_key(tmp / "key.pem")
    checkpoint = checkpoints.take_checkpoint(db, key)
    checkpoints.export_public_key(key, str(tmp / "pub.pem"))
    pristine = _events(db)
    yield {"db": db, "url": url, "text": checkpoint.text, "events": pristine, "tmp": tmp}
    db.dispose()
    if admin is not None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def ledger(built, cli, tmp_path):
    """The module's ledger as it was built (history and rows put back after the last test),
    its checkpoint in a file, and a `run` of the CLI on it."""
    db = built["db"]
    if _events(db) != built["events"]:
        subjects = {e["subject"] for e in _events(db)} | {e["subject"] for e in built["events"]}
        _write_history(db, built["events"])
        _rows_follow(db, subjects)
        assert _events(db) == built["events"]
        _plain_ok(db)
    ck = tmp_path / "ck.txt"
    ck.write_text(built["text"], encoding="utf-8")
    key = built["tmp"] / "key.pem"
    run = _runner(cli, built["url"], key)
    return {
        "db": db,
        "run": run,
        "ck": ck,
        "pub": built["tmp"] / "pub.pem",
        "key": key,
        "dir": tmp_path,
    }


def _runner(cli, url, key):
    def run(*args):
        return cli(*args, db=url, env={checkpoints.KEY_ENV: str(key)})

    return run


def _check(ledger, *extra):
    return ledger["run"](
        "verify", "--checkpoint", ledger["ck"], "--public-key", ledger["pub"], *extra
    )


def _plain_ok(db):
    with db.read() as s:
        result = verify(s)
    assert result.ok, result.problem


# --- tampering as the owner -------------------------------------------------------------


def _events(db) -> list[dict]:
    with db.engine.connect() as conn:
        rows = conn.execute(select(Event.__table__).order_by(Event.seq)).mappings().all()
    return [dict(r) for r in rows]


def _owner(db):
    conn = db.engine.connect()
    if db.dialect == "sqlite":
        conn.execute(text("DROP TRIGGER IF EXISTS event_append_only_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS event_append_only_delete"))
        conn.commit()
    return conn


def _write_history(db, events: list[dict]) -> None:
    """Replace the whole history by `events`, renumbered and rehashed into a valid chain."""
    prev, rows = GENESIS, []
    for seq, ev in enumerate(events, start=1):
        row = {"claimed_by": None, **ev, "seq": seq, "prev_hash": prev}
        row["hash"] = prev = event_hash(
            seq,
            row["at"],
            row["actor"],
            row["action"],
            row["subject"],
            row["payload"],
            prev,
            row["claimed_by"],
        )
        rows.append(row)
    with _owner(db) as conn:
        conn.execute(Event.__table__.delete())
        conn.execute(Event.__table__.insert(), rows)
        conn.commit()


def _rows_follow(db, subjects: set[str]) -> None:
    """Put the rows of `subjects` back to the payload of their latest remaining event."""
    latest = {}
    for ev in _events(db):
        latest[ev["subject"]] = ev
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    with _owner(db) as conn:
        for subject in subjects:
            name, key = subject.split(":")
            table = tables[name]
            (pk,) = table.primary_key.columns
            ev = latest.get(subject)
            if ev is None or ev["action"] == "delete":
                conn.execute(table.delete().where(pk == int(key)))
                continue
            values = {}
            for col in table.columns:
                value = json.loads(ev["payload"]).get(col.name)
                if isinstance(col.type, DateTime) and value is not None:
                    value = datetime.fromisoformat(value)
                elif isinstance(col.type, Date) and value is not None:
                    value = datetime.fromisoformat(value).date()
                if col.name in json.loads(ev["payload"]):
                    values[col.name] = value
            if conn.execute(select(pk).where(pk == int(key))).first() is None:
                conn.execute(table.insert().values(values))
            else:
                conn.execute(table.update().where(pk == int(key)).values(values))
        conn.commit()


def _decision_events(events: list[dict], statement_id: int) -> list[int]:
    """Indexes of the events of the decision on a statement: its review and what the review
    changed (the statement's status), up to the next decision."""
    review = next(
        i
        for i, e in enumerate(events)
        if e["subject"].startswith("review:")
        and json.loads(e["payload"])["statement_id"] == statement_id
    )
    end = next(
        (i for i in range(review + 1, len(events)) if events[i]["subject"].startswith("review:")),
        len(events),
    )
    return list(range(review, end))


def _forge_review(db, reviewer: str = "mallory") -> None:
    """Append a forged approval (a review row and its event) at the end of the chain."""
    events = _events(db)
    with _owner(db) as conn:
        rid = conn.execute(
            Review.__table__.insert().values(
                statement_id=2, reviewer=reviewer, verdict="verified", evidence=[]
            )
        ).inserted_primary_key[0]
        conn.commit()
    with Session(db.engine) as s:  # a plain session: nothing journaled
        payload = json.dumps(row_state(s.get(Review, rid)), sort_keys=True, separators=(",", ":"))
    events.append(
        {
            "at": events[-1]["at"],
            "actor": reviewer,
            "action": "insert",
            "subject": f"review:{rid}",
            "payload": payload,
        }
    )
    _write_history(db, events)


# --- the attacks ------------------------------------------------------------------------


def test_untouched_history_extends_its_checkpoint_and_grows(ledger):
    r = _check(ledger)
    assert r.code == 0, r.err
    assert "extends checkpoint" in r.out and "the pinned key" in r.out
    assert ledger["run"]("verdict", "4", "rejected").code == 0
    r = _check(ledger)
    assert r.code == 0 and "now " in r.out, r.err


def test_rollback_last_events_deleted_and_rows_put_back(ledger):
    db, run = ledger["db"], ledger["run"]
    signer = ledger["dir"] / "signer.pem"
    assert run("checkpoint", "--key", signer, "-o", ledger["dir"] / "before.txt").code == 0
    events = _events(db)
    last = _decision_events(events, 3)
    assert last[-1] == len(events) - 1
    gone = {events[i]["subject"] for i in last}
    _write_history(db, events[: last[0]])
    _rows_follow(db, gone)
    _plain_ok(db)
    r = _check(ledger)
    assert r.code == 1 and "fewer than the" in r.err and "rolled back" in r.err
    # the signer remembers its last checkpoint (beside its key) and will not sign this
    r = run("checkpoint", "--key", signer, "-o", ledger["dir"] / "after.txt")
    assert r.code == 1 and "refusing to sign" in r.err


def test_two_events_swapped_and_rehashed(ledger):
    db = ledger["db"]
    events = _events(db)
    counts: dict[str, int] = {}
    for e in events:
        counts[e["subject"]] = counts.get(e["subject"], 0) + 1
    once = [i for i, e in enumerate(events) if counts[e["subject"]] == 1]
    i, j = once[1], once[-1]  # (event 1 kept: its change is the whole-chain case)
    events[i], events[j] = events[j], events[i]
    _write_history(db, events)
    _plain_ok(db)
    r = _check(ledger)
    assert r.code == 1 and "rewritten or forked" in r.err


def test_one_decision_erased_in_the_middle_and_rehashed(ledger):
    db = ledger["db"]
    events = _events(db)
    middle = _decision_events(events, 2)
    gone = {events[i]["subject"] for i in middle}
    _write_history(db, [e for i, e in enumerate(events) if i not in middle])
    _rows_follow(db, gone)
    _plain_ok(db)
    r = _check(ledger)
    assert r.code == 1 and "events were removed" in r.err
    # new honest work after the erasure does not hide it
    for sid in ("4", "2"):
        assert ledger["run"]("verdict", sid, "verified").code == 0
    _plain_ok(db)
    r = _check(ledger)
    assert r.code == 1 and "rewritten or forked" in r.err


def test_forged_event_in_place_of_the_last(ledger):
    db = ledger["db"]
    events = _events(db)
    last = _decision_events(events, 3)
    gone = {events[i]["subject"] for i in last}
    _write_history(db, events[: last[0]])
    _rows_follow(db, gone)
    _forge_review(db)
    _forge_review(db, "mallory2")
    _plain_ok(db)
    assert len(_events(db)) == len(events)
    r = _check(ledger)
    assert r.code == 1 and "rewritten or forked" in r.err


def test_forged_event_appended_needs_a_new_checkpoint_which_the_signers_key_alone_makes(ledger):
    db, ck = ledger["db"], ledger["ck"]
    _forge_review(db)
    _plain_ok(db)
    # appended after the checkpoint: it extends it (a checkpoint says nothing of later events)
    assert _check(ledger).code == 0
    # to pass it off as checkpointed, the checkpoint must change: editing it breaks the signature
    lines = ck.read_text(encoding="utf-8").split("\n")
    lines[1] = str(int(lines[1]) + 1)
    ck.write_text("\n".join(lines), encoding="utf-8")
    r = _check(ledger)
    assert r.code == 1 and "bad signature" in r.err
    # and one signed with another key is not the pinned signer's
    other = ledger["dir"] / "mallory.pem"
    assert ledger["run"]("checkpoint", "--key", other, "-o", ck, "--force").code == 0
    r = _check(ledger)
    assert r.code == 1 and "not by the pinned key" in r.err
    assert ledger["run"]("verify", "--checkpoint", ck).code == 0  # unpinned: any signer


def test_whole_chain_rewritten_consistently(ledger):
    db = ledger["db"]
    events = _events(db)
    for e in events:  # every event a second earlier: rows untouched, every hash new
        moment = datetime.fromisoformat(e["at"]) - timedelta(seconds=1)
        e["at"] = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    _write_history(db, events)
    _plain_ok(db)
    r = _check(ledger)
    assert r.code == 1 and "first event differs" in r.err


def test_truncated_history(ledger):
    db = ledger["db"]
    with _owner(db) as conn:
        top = conn.execute(select(Event.seq).order_by(Event.seq.desc()).limit(1)).scalar()
        conn.execute(Event.__table__.delete().where(Event.seq > top - 5))
        conn.commit()
    r = _check(ledger)
    assert r.code == 1 and "fewer than the" in r.err


def test_wrong_signature_wrong_pin_and_malformed_checkpoints(ledger):
    ck = ledger["ck"]
    good = ck.read_text(encoding="utf-8")
    body, sig = good.split("\n\n")
    blob = bytearray(__import__("base64").b64decode(sig.split(" ")[2]))
    blob[10] ^= 1
    ck.write_text(
        body + "\n\n— statement-ledger " + __import__("base64").b64encode(blob).decode() + "\n"
    )
    r = _check(ledger)
    assert r.code == 1 and "bad signature" in r.err
    ck.write_text(good)
    other = ledger["dir"] / "other.pem"
    assert (
        ledger["run"](
            "checkpoint", "--key", ledger["dir"] / "k2.pem", "--public-key-out", other
        ).code
        == 0
    )
    r = ledger["run"]("verify", "--checkpoint", ck, "--public-key", other)
    assert r.code == 1 and "not by the pinned key" in r.err
    for bad in (
        "",
        "hello\n",
        good.replace("\n\n", "\n"),
        good.replace("time ", "tiem "),
        "x" * 70000,
    ):
        ck.write_text(bad)
        r = _check(ledger)
        assert r.code == 1 and "malformed checkpoint" in r.err, (bad[:40], r.err)
        assert r.err.count("\n") == 1


# --- proofs -----------------------------------------------------------------------------


def test_inclusion_proofs_of_a_record_check_without_the_database(ledger, tmp_path):
    run, ck, pub = ledger["run"], ledger["ck"], ledger["pub"]
    proof_file = tmp_path / "proof.json"
    r = run("proof", "statement:2", "--checkpoint", ck, "--public-key", pub, "-o", proof_file)
    assert r.code == 0, r.err
    proof = json.loads(proof_file.read_text())
    assert [e["action"] for e in proof["events"]] == ["insert", "update"]
    check = checkpoints.verify_proof(proof, checkpoints.read_public_key(str(pub)))
    assert check.events == 2 and check.signed_by
    r = run("verify-proof", proof_file, "--public-key", pub)
    assert r.code == 0 and "2 events of statement:2" in r.out
    # an event changed in the proof, or moved, fails
    proof["events"][1]["payload"] = proof["events"][1]["payload"].replace("disputed", "verified")
    proof_file.write_text(json.dumps(proof))
    r = run("verify-proof", proof_file)
    assert r.code == 1 and "altered" in r.err
    proof = json.loads(run("proof", "2").out)
    assert proof["checkpoint"] is None
    proof["events"][0]["path"][0] = "00" * 32
    with pytest.raises(checkpoints.CheckpointError, match="inclusion path fails"):
        checkpoints.verify_proof(proof)


# --- stored state, keys and the series ----------------------------------------------------


def _synthetic_history(db, n: int, start: int = 1, prev: str = GENESIS) -> str:
    """`n` valid events (settings inserted and deleted again, so no rows), raw and fast."""
    rows = []
    for seq in range(start, start + n):
        action = "insert" if seq % 2 else "delete"
        subject = f"setting:synthetic-{(seq + 1) // 2}"
        payload = "null" if action == "delete" else '{"key":"x","value":1}'
        digest = event_hash(
            seq, "2026-01-01T00:00:00.000000Z", "bench", action, subject, payload, prev
        )
        rows.append(
            dict(
                seq=seq,
                at="2026-01-01T00:00:00.000000Z",
                actor="bench",
                action=action,
                subject=subject,
                payload=payload,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
    with db.engine.begin() as conn:
        conn.execute(Event.__table__.insert(), rows)
    return prev


def test_stored_tree_grows_with_the_history_and_betrays_a_rewrite(db, tmp_path):
    key = checkpoints.load_key(tmp_path / "k.pem")
    last = _synthetic_history(db, 700)
    first = checkpoints.take_checkpoint(db, key)
    with db.read() as s:
        assert merkle.stored_tiles(s) == 2
    # nodes planted ahead of the history (as the tables' owner could) are not believed
    with db.engine.begin() as conn:
        conn.execute(
            MerkleNode.__table__.insert(),
            [{"id": merkle._node_id(8, i), "hash": "ab" * 32} for i in range(2, 6)],
        )
    _synthetic_history(db, 1000, start=701, prev=last)
    second = checkpoints.take_checkpoint(db, key, previous=first)
    with db.read() as s:
        assert merkle.stored_tiles(s) == 6
        rebuilt = merkle.recompute(s)
        assert rebuilt.stored_differs is None and rebuilt.tree.root() == second.root
        tree = merkle.stored_tree(s)
        for index in (0, 255, 256, 1023, 1699):
            path = merkle.inclusion_path(tree, index)
            leaf = merkle.event_leaf(s.get(Event, index + 1).hash)
            assert merkle.verify_inclusion(index, 1700, leaf, path, second.root)
    assert checkpoints.verify_checkpoint(db, first).size == 1700
    # a stored node edited in the table: the events still extend the checkpoint, the tree not
    node = merkle._node_id(10, 0)
    with db.engine.begin() as conn:
        good = conn.execute(select(MerkleNode.hash).where(MerkleNode.id == node)).scalar()
        conn.execute(
            MerkleNode.__table__.update().where(MerkleNode.id == node).values(hash="cd" * 32)
        )
    with pytest.raises(checkpoints.CheckpointError, match="merkle_node was edited"):
        checkpoints.verify_checkpoint(db, second)
    assert "events 1-1024 differ" in checkpoints.stored_tree_problem(db)
    with db.engine.begin() as conn:
        conn.execute(MerkleNode.__table__.update().where(MerkleNode.id == node).values(hash=good))
    assert checkpoints.stored_tree_problem(db) is None
    # events after the first checkpoint rewritten (and rehashed onward): the stored state,
    # computed when they were checkpointed, tells
    events = _events(db)
    events[1200]["actor"] = "mallory"
    _write_history(
        db, [{k: e[k] for k in ("at", "actor", "action", "subject", "payload")} for e in events]
    )
    assert checkpoints.verify_checkpoint(db, first).size == 1700  # its events are intact
    assert "events 1025-1280 differ" in checkpoints.stored_tree_problem(db)  # (plain verify)
    with pytest.raises(
        checkpoints.CheckpointError, match=r"rewritten or forked \(events 1025-1280"
    ):
        checkpoints.verify_checkpoint(db, second)
    # and the signer refuses to sign a history that does not extend its last checkpoint
    with pytest.raises(checkpoints.CheckpointError, match="refusing to sign"):
        checkpoints.take_checkpoint(db, key, previous=second)


def test_signing_key_is_created_private_and_refused_when_readable(tmp_path, monkeypatch):
    path = tmp_path / "cfg" / "key.pem"
    monkeypatch.setenv(checkpoints.KEY_ENV, str(path))
    assert checkpoints.key_path() == path
    key = checkpoints.load_key(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert checkpoints.raw_public(checkpoints.load_key(path)) == checkpoints.raw_public(key)
    os.chmod(path, 0o644)
    with pytest.raises(checkpoints.InputError, match="chmod 600"):
        checkpoints.load_key(path)
    monkeypatch.delenv(checkpoints.KEY_ENV)
    assert checkpoints.key_path().name == "signing-key.pem"


def test_automatic_series_after_imports_and_once_a_day_of_decisions(db, tmp_path, monkeypatch):
    folder = tmp_path / "series"
    folder.mkdir()
    monkeypatch.setenv(checkpoints.KEY_ENV, str(tmp_path / "k.pem"))
    assert checkpoints.maybe_checkpoint(db) is None  # no folder set
    monkeypatch.setenv(checkpoints.DIR_ENV, str(folder))
    last = _synthetic_history(db, 10)
    day = datetime(2026, 12, 1, 9, tzinfo=UTC)
    one = checkpoints.maybe_checkpoint(db, after="import", now=day)
    assert one is not None and one.name == "checkpoint-000000000010-20261201T090000Z.txt"
    assert checkpoints.maybe_checkpoint(db, after="import", now=day + timedelta(minutes=1)) is None
    last = _synthetic_history(db, 4, start=11, prev=last)
    # decisions the same day wait; the first decision of the next day seals them
    assert checkpoints.maybe_checkpoint(db, after="decisions", now=day + timedelta(hours=2)) is None
    two = checkpoints.maybe_checkpoint(db, after="decisions", now=day + timedelta(days=1))
    assert two is not None and two.name.startswith("checkpoint-000000000014-20261202")
    assert checkpoints.verify_checkpoint(db, checkpoints.read_checkpoint(one)).size == 14


def test_a_decisions_commit_takes_the_days_checkpoint(db, tmp_path, monkeypatch):
    folder = tmp_path / "series"
    folder.mkdir()
    monkeypatch.setenv(checkpoints.KEY_ENV, str(tmp_path / "k.pem"))
    _build(db)
    monkeypatch.setenv(checkpoints.DIR_ENV, str(folder))
    with pytest.raises(RuntimeError), db.write() as s:  # rolled back: nothing
        decisions.decide(s, 4, "verified", seen_version=1)
        raise RuntimeError
    assert list(folder.iterdir()) == []
    with db.write() as s:  # the decision service asks for it; asking twice writes one
        decisions.decide(s, 4, "verified", seen_version=1)
        checkpoints.checkpoint_on_commit(s)
    (written,) = folder.iterdir()
    with db.read() as s:
        assert checkpoints.read_checkpoint(written).size == merkle.history_size(s)
    notices = []
    monkeypatch.setenv(checkpoints.DIR_ENV, str(tmp_path / "missing"))
    with db.write() as s:  # asked first with a notice of our own: the one that runs
        checkpoints.checkpoint_on_commit(s, notice=notices.append)
        decisions.decide(s, 4, "rejected", seen_version=2)
    assert len(notices) == 1 and "does not exist" in notices[0]
    with db.read() as s:
        assert s.get(Statement, 4).status == "rejected"  # the decision stands


def test_checkpoint_dir_setting_makes_imports_write_a_signed_series(
    cli, db_url, tmp_path, monkeypatch
):
    """An admin sets a series folder once; every import that adds something then leaves a
    checkpoint there that `verify --checkpoint` accepts, and the import says where."""
    monkeypatch.setenv(checkpoints.KEY_ENV, str(tmp_path / "k.pem"))
    monkeypatch.delenv(checkpoints.DIR_ENV, raising=False)
    folder = tmp_path / "series"
    assert "no folder" in cli("settings", "checkpoint_dir", str(folder), db=db_url).err
    assert "absolute path" in cli("settings", "checkpoint_dir", "series", db=db_url).err
    folder.mkdir()
    assert cli("settings", "checkpoint_dir", str(folder), db=db_url).code == 0
    article = tmp_path / "a.txt"
    article.write_text('The mayor said: "The water in the lake is safe for swimming again."\n')
    r = cli("import", article, db=db_url)
    assert r.code == 0 and "checkpoint written to" in r.out + r.err
    (first,) = folder.iterdir()
    assert cli("verify", "--checkpoint", first, db=db_url).code == 0
    assert cli("import", article, db=db_url).code == 0  # nothing new: no new checkpoint
    assert len(list(folder.iterdir())) == 1
    assert cli("settings", "checkpoint_dir", "", db=db_url).code == 0
    article.write_text('The mayor said: "The lake will stay open all summer, whatever happens."\n')
    assert cli("import", article, db=db_url).code == 0
    assert len(list(folder.iterdir())) == 1
