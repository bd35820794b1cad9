"""Checkpoints of the history: taking them, proving the history extends one, inclusion
proofs against one, and the automatic series.

The signed note and the key are `ledger.services.signing`'s, the Merkle tree and its
proofs `ledger.store.merkle`'s. `take_checkpoint` brings the stored tree up to date and
signs its root; `verify_checkpoint` rebuilds the tree from the events (the stored nodes
are compared, never believed) and checks a consistency proof from the checkpoint's size to
now; `prove` makes inclusion proofs of a record's events and `verify_proof` checks one
without the database. `maybe_checkpoint` writes the automatic series into
`LEDGER_CHECKPOINT_DIR` or the `checkpoint_dir` setting.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ledger.errors import InputError, IntegrityFailure, LedgerError
from ledger.services.history import record_subject
from ledger.services.output_files import replacing
from ledger.services.signing import (  # noqa: F401  (the shells use them from here)
    KEY_ENV,
    NAME,
    ORIGIN_PREFIX,
    Checkpoint,
    CheckpointError,
    export_public_key,
    key_id,
    key_path,
    load_key,
    parse_checkpoint,
    raw_public,
    read_checkpoint,
    read_public_key,
    sign_note,
    verifier_key,
)
from ledger.store import merkle
from ledger.store.database import Database
from ledger.store.journal import event_hash, history, on_commit, on_rollback
from ledger.store.models import Event, Setting

DIR_ENV = "LEDGER_CHECKPOINT_DIR"
DIR_SETTING = "checkpoint_dir"
PROOF_FORMAT = "statement-ledger-inclusion-proof"


# --- taking one -----------------------------------------------------------------------------


def origin_of(session: Session) -> str:
    """This ledger's origin line: the prefix and the first event's hash (16 hex digits)."""
    first = session.execute(select(Event.hash).where(Event.seq == 1)).scalar()
    if first is None:
        raise InputError("the history is empty: nothing to checkpoint")
    return ORIGIN_PREFIX + first[:16].lower()


def _may_store(session: Session) -> bool:
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return True
    return bool(conn.execute(text("SELECT has_table_privilege('merkle_node', 'INSERT')")).scalar())


def take_checkpoint(
    db: Database,
    key: Ed25519PrivateKey,
    *,
    previous: Checkpoint | None = None,
    now: datetime | None = None,
) -> Checkpoint:
    """Sign a checkpoint of the whole history, the stored tree brought up to date first.

    With `previous` (the signer's last checkpoint of this ledger), the stored nodes are
    trusted only as far as they give its root, the rest is computed from the events, and
    the new checkpoint is signed only if the history extends it: a signer never signs a
    fork of what it signed. Without one, the whole tree is rebuilt from the events."""
    with db.write() as session:
        size = merkle.history_size(session)
        origin = origin_of(session)
        trusted = (0, merkle.EMPTY_ROOT)
        if previous is not None and previous.origin == origin:
            if previous.size > size:
                raise CheckpointError(
                    f"refusing to sign: the history has {size} events, fewer than the "
                    f"{previous.size} of the last checkpoint (rolled back or truncated)"
                )
            trusted = (previous.size, previous.root)
        try:
            tree = merkle.catch_up(session, size, store=_may_store(session), trusted=trusted)
        except IntegrityFailure as err:
            raise CheckpointError(f"refusing to sign: {err}") from None
        root = tree.root()
        head = session.execute(select(Event.hash).where(Event.seq == size)).scalar_one()
        proof = merkle.consistency_proof(tree, trusted[0])
        if not merkle.verify_consistency(trusted[0], size, trusted[1], root, proof):
            raise CheckpointError("refusing to sign: the tree does not extend the last checkpoint")
    return sign_note(key, origin, size, root, head, now or datetime.now(UTC))


def _memory(key_file: Path, origin: str) -> Path:
    """Where the signer keeps its last checkpoint of a ledger: beside its key."""
    return key_file.parent / f"{key_file.name}.signed" / f"{origin[len(ORIGIN_PREFIX) :]}.txt"


def last_signed(key_file: Path, key: Ed25519PrivateKey, origin: str) -> Checkpoint | None:
    """The last checkpoint of `origin` signed with the key in `key_file`, if it kept one."""
    path = _memory(key_file, origin)
    if not path.is_file():
        return None
    return read_checkpoint(path, pinned=raw_public(key))


def sign_history(
    db: Database, key_file: Path, *, also: Checkpoint | None = None, now: datetime | None = None
) -> Checkpoint:
    """`take_checkpoint` with the key in `key_file` (created on first use), extending the
    last checkpoint this key signed of this ledger (kept beside the key, outside the
    database) or `also` if it is newer, and then remembering the new one."""
    key = load_key(key_file)
    with db.read() as session:
        origin = origin_of(session)
    previous = last_signed(key_file, key, origin)
    if also is not None and also.origin == origin:
        if previous is None or also.size > previous.size:
            previous = also
    checkpoint = take_checkpoint(db, key, previous=previous, now=now)
    memory = _memory(key_file, origin)
    memory.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with replacing(memory, ".ledger-signed-") as tmp:
        tmp.write_text(checkpoint.text, encoding="utf-8")
    return checkpoint


# --- verifying against one ------------------------------------------------------------------


@dataclass
class CheckpointCheck:
    checkpoint: Checkpoint
    size: int  # events now
    root: bytes  # the root now


def verify_checkpoint(db: Database, checkpoint: Checkpoint) -> CheckpointCheck:
    """Prove that the history's event hashes now extend `checkpoint` (already parsed, so
    signed): there are at least as many, the last one it covers is the one it names, and
    a consistency proof from its size to now holds. CheckpointError names a rollback, a
    truncation, a fork or a rewrite.

    This checks the events' `hash` column; that each hash is its event's (the chain) is
    plain `verify`'s, which `ledger verify --checkpoint` also runs: the two together prove
    the history extends the signed one. The proof is made from the stored tree (fast); if
    it fails while the events are the signed ones, the tree is rebuilt from the events to
    tell a tampered table from a bad checkpoint."""
    m = checkpoint.size
    with db.read() as session:
        n = merkle.history_size(session)
        if n < m:
            raise CheckpointError(
                f"the history has {n} events, fewer than the {m} the checkpoint signed: "
                "events were removed (rolled back, truncated or erased)"
            )
        head = session.execute(select(Event.hash).where(Event.seq == m)).scalar() if m else None
        if m and head != checkpoint.head:
            first = session.execute(select(Event.hash).where(Event.seq == 1)).scalar() or ""
            if checkpoint.origin != ORIGIN_PREFIX + first[:16].lower():
                why = "its first event differs: the whole history was rewritten, or this is another ledger"
            else:
                why = f"event {m} is not the one signed: the history was rewritten or forked"
            where = ""
            if merkle.stored_tiles(session):
                differs = merkle.recompute(session, n).stored_differs
                if differs is not None:
                    where = f" (events {differs[0] + 1}-{min(differs[1], n)} changed after the stored tree was computed)"
            raise CheckpointError(
                f"the history does not extend the checkpoint of {m} events: {why}{where}"
            )
        tree = merkle.catch_up(session, n, store=False)
        root = tree.root()
        if not merkle.verify_consistency(
            m, n, checkpoint.root, root, merkle.consistency_proof(tree, m)
        ):
            tree = merkle.recompute(session, n).tree
            root = tree.root()
            if merkle.verify_consistency(
                m, n, checkpoint.root, root, merkle.consistency_proof(tree, m)
            ):
                raise CheckpointError(
                    "the events extend the checkpoint, but the stored Merkle tree does not: "
                    "merkle_node was edited (its proofs would fail)"
                )
            raise CheckpointError(
                f"the checkpoint's root is not the tree of the {m} events it names: "
                "it was signed from a corrupt tree"
            )
    return CheckpointCheck(checkpoint, n, root)


def stored_tree_problem(db: Database) -> str | None:
    """Whether the stored Merkle tree disagrees with the events (rebuilt from them; nothing
    to do when none is stored): a one-line problem, or None."""
    with db.read() as session:
        if not merkle.stored_tiles(session):
            return None
        differs = merkle.recompute(session).stored_differs
    if differs is None:
        return None
    a, b = differs
    return (
        f"events {a + 1}-{b} differ from the Merkle tree stored when they were checkpointed: "
        "rewritten after it (or merkle_node was edited)"
    )


# --- inclusion proofs -----------------------------------------------------------------------


def _event_dict(ev: Event) -> dict[str, Any]:
    out = {
        "seq": ev.seq,
        "at": ev.at,
        "actor": ev.actor,
        "action": ev.action,
        "subject": ev.subject,
        "payload": ev.payload,
        "prev_hash": ev.prev_hash,
        "hash": ev.hash,
    }
    if ev.claimed_by is not None:  # in the hash only when set (migration 0007)
        out["claimed_by"] = ev.claimed_by
    return out


def prove(db: Database, record: str, checkpoint: Checkpoint | None = None) -> dict[str, Any]:
    """Inclusion proofs of every event of `record` (`12`, `statement:12`, `claim:5` …) in
    the tree of `checkpoint` (or of the current history, unsigned), as plain JSON data."""
    subject = record_subject(record)
    with db.read() as session:
        events = history(session, subject)
        if not events:
            raise InputError(f"no events for {subject}")
        tree, size = checkpoint_tree(session, checkpoint)
        proved = [proved_event(tree, size, ev) for ev in events if ev.seq <= size]
        later = [ev.seq for ev in events if ev.seq > size]
    return {
        **proof_head(tree, size, subject, checkpoint),
        "events": proved,
        "not_in_checkpoint": later,
    }


def checkpoint_tree(session: Session, checkpoint: Checkpoint | None) -> tuple[merkle.Tree, int]:
    """The history's tree at the checkpoint's size (or now, without one) and that size;
    CheckpointError when the history does not give the checkpoint's root."""
    n = merkle.history_size(session)
    size = n if checkpoint is None else checkpoint.size
    if size > n:
        raise CheckpointError(
            f"the history has {n} events, fewer than the {size} the checkpoint signed"
        )
    tree = merkle.catch_up(session, size, store=False)
    if checkpoint is not None and tree.root() != checkpoint.root:
        tree = merkle.recompute(session, size).tree  # the stored tree may be what is wrong
    if checkpoint is not None and tree.root() != checkpoint.root:
        raise CheckpointError(
            "the history does not match the checkpoint (its root differs): "
            "run 'ledger verify --checkpoint'"
        )
    return tree, size


def proved_event(tree: merkle.Tree, size: int, ev: Event) -> dict[str, Any]:
    """One event's fields and its audit path in the tree of `size` events."""
    path = merkle.inclusion_path(tree, ev.seq - 1, size)
    return {**_event_dict(ev), "path": [p.hex() for p in path]}


def proof_head(
    tree: merkle.Tree, size: int, subject: str, checkpoint: Checkpoint | None
) -> dict[str, Any]:
    """What every inclusion proof of `subject` in this tree starts with."""
    return {
        "format": PROOF_FORMAT,
        "version": 1,
        "subject": subject,
        "checkpoint": checkpoint.text if checkpoint else None,
        "tree_size": size,
        "root_hash": tree.root().hex(),
    }


@dataclass
class ProofCheck:
    subject: str
    events: int
    tree_size: int
    signed_by: str | None  # the key id, when the proof carries a checkpoint


def verify_proof(proof: Any, pinned: bytes | None = None) -> ProofCheck:
    """Check an inclusion proof made by `prove` (or `ledger proof`), without the database.

    Each event's hash is recomputed from its fields, its audit path must lead to the root,
    and the root must be the checkpoint's, whose signature must hold (by `pinned` when
    given). A proof without a checkpoint proves only against the root it states.
    Raises CheckpointError naming what does not hold; returns what was proved."""
    if (
        not isinstance(proof, dict)
        or proof.get("format") != PROOF_FORMAT
        or proof.get("version") != 1
    ):
        raise CheckpointError(f"not an inclusion proof ({PROOF_FORMAT}, version 1)")
    size, root_hex, subject = proof.get("tree_size"), proof.get("root_hash"), proof.get("subject")
    events = proof.get("events")
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise CheckpointError("malformed proof: tree_size is not a positive whole number")
    if not isinstance(root_hex, str) or not re.fullmatch(r"[0-9a-f]{64}", root_hex):
        raise CheckpointError("malformed proof: root_hash is not 64 hex digits")
    if not isinstance(subject, str) or not isinstance(events, list) or not events:
        raise CheckpointError("malformed proof: needs a subject and its events")
    root = bytes.fromhex(root_hex)
    signed_by = None
    if proof.get("checkpoint") is not None:
        if not isinstance(proof["checkpoint"], str):
            raise CheckpointError("malformed proof: checkpoint is not text")
        checkpoint = parse_checkpoint(proof["checkpoint"], pinned)
        if checkpoint.size != size or checkpoint.root != root:
            raise CheckpointError("the proof's tree is not the checkpoint's (size or root differs)")
        signed_by = checkpoint.key_id
    elif pinned is not None:
        raise CheckpointError("the proof carries no checkpoint, so no signer to pin")
    for ev in events:
        fields = ("seq", "at", "actor", "action", "subject", "payload", "prev_hash", "hash")
        if not isinstance(ev, dict) or any(k not in ev for k in fields + ("path",)):
            raise CheckpointError("malformed proof: an event lacks a field")
        seq, path = ev["seq"], ev["path"]
        if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= size:
            raise CheckpointError(f"malformed proof: seq {seq!r} is not within the tree")
        if not all(isinstance(ev[k], str) for k in fields[1:]) or not isinstance(path, list):
            raise CheckpointError(f"malformed proof: event {seq} has a field of the wrong type")
        if ev["subject"] != subject:
            raise CheckpointError(f"event {seq} is of {ev['subject']!r}, not {subject!r}")
        claimed = ev.get("claimed_by")
        if claimed is not None and not isinstance(claimed, str):
            raise CheckpointError(f"malformed proof: event {seq} has a field of the wrong type")
        digest = event_hash(seq, *(ev[k] for k in fields[1:7]), claimed)
        if digest != ev["hash"]:
            raise CheckpointError(f"event {seq} was altered: its hash does not match its contents")
        try:
            nodes = [bytes.fromhex(p) for p in path]
        except (TypeError, ValueError):
            raise CheckpointError(f"malformed proof: event {seq}'s path is not hex") from None
        if not merkle.verify_inclusion(seq - 1, size, merkle.event_leaf(digest), nodes, root):
            raise CheckpointError(f"event {seq} is not in the tree: its inclusion path fails")
    return ProofCheck(subject, len(events), size, signed_by)


# --- the automatic series -------------------------------------------------------------------

_SERIES_NAME = re.compile(r"checkpoint-(\d{12})-(\d{8}T\d{6}Z)\.txt")


def series_dir(session: Session) -> Path | None:
    """Where automatic checkpoints go: LEDGER_CHECKPOINT_DIR, else the `checkpoint_dir`
    setting, else nowhere."""
    chosen = os.environ.get(DIR_ENV)
    if not chosen:
        row = session.get(Setting, DIR_SETTING)
        chosen = row.value if row is not None and isinstance(row.value, str) else None
    return Path(chosen).expanduser() if chosen else None


def newest_in_series(folder: Path) -> tuple[Path, int, str] | None:
    """(file, size, stamp) of the newest checkpoint file in `folder` (by size, then time)."""
    best = None
    if folder.is_dir():
        for entry in os.scandir(folder):
            found = _SERIES_NAME.fullmatch(entry.name)
            if found and entry.is_file():
                key = (int(found.group(1)), found.group(2))
                if best is None or key > best[1:]:
                    best = (Path(entry.path), *key)
    return best


def write_to_series(
    db: Database, folder: Path, key_file: Path, now: datetime | None = None
) -> Path | None:
    """Sign a checkpoint into `folder` (one file per checkpoint, named by size and time),
    unless the newest one there already covers the whole history. A checkpoint of this
    ledger in the series signed by the same key must be extended, or nothing is signed."""
    if not folder.is_dir():
        raise InputError(f"checkpoint folder {folder} does not exist")
    newest = newest_in_series(folder)
    previous = None
    if newest is not None:
        try:
            previous = read_checkpoint(newest[0], pinned=raw_public(load_key(key_file)))
        except CheckpointError:
            previous = None  # another signer's (or a stray) file: not ours to extend
    with db.read() as session:
        size = merkle.history_size(session)
    if size == 0 or (newest is not None and newest[1] == size):
        return None
    checkpoint = sign_history(db, key_file, also=previous, now=now)
    stamp = datetime.strptime(checkpoint.time, "%Y-%m-%dT%H:%M:%SZ").strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"checkpoint-{checkpoint.size:012d}-{stamp}.txt"
    if target.exists():
        return None
    with replacing(target, ".ledger-checkpoint-") as tmp:
        tmp.write_text(checkpoint.text, encoding="utf-8")
    return target


def maybe_checkpoint(
    db: Database, *, after: str = "import", key_file: str | None = None, now: datetime | None = None
) -> Path | None:
    """The automatic checkpoint, for the import and decision services to call once their
    transaction has committed. Does nothing unless a checkpoint folder is set
    (LEDGER_CHECKPOINT_DIR or the `checkpoint_dir` setting).

    `after="import"`: a checkpoint whenever the history grew since the newest in the series.
    `after="decisions"`: at most one a day: only when the newest in the series is from an
    earlier day (UTC), so the first decision of a day seals every decision before it.
    Returns the file written, or None. A LedgerError (no key, folder missing, the history
    not extending the last checkpoint) is the caller's to report; nothing is rolled back."""
    if after not in ("import", "decisions"):
        raise ValueError(f"after must be 'import' or 'decisions', not {after!r}")
    with db.read() as session:
        folder = series_dir(session)
    if folder is None:
        return None
    moment = now or datetime.now(UTC)
    if after == "decisions":
        newest = newest_in_series(folder)
        if newest is not None and newest[2][:8] == moment.astimezone(UTC).strftime("%Y%m%d"):
            return None
    return write_to_series(db, folder, key_path(key_file), now=moment)


_PENDING = "ledger_checkpoint_pending"


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def checkpoint_on_commit(
    session: Session, after: str = "decisions", notice: Callable[[str], None] | None = None
) -> None:
    """`maybe_checkpoint` once the transaction `session` is in has committed (once per
    transaction however often it is asked), for services that work inside a unit of work
    and have no `Database` to hand. A failure is a one-line `notice` (default: stderr),
    never an error of the work already committed; a rollback takes nothing."""
    if after not in ("import", "decisions"):
        raise ValueError(f"after must be 'import' or 'decisions', not {after!r}")
    if session.info.get(_PENDING) or series_dir(session) is None:
        return  # (asked already, or no series: nothing to do after the commit)
    session.info[_PENDING] = True
    engine = session.get_bind()

    def run(_head: object) -> None:
        session.info.pop(_PENDING, None)
        try:
            maybe_checkpoint(Database(engine), after=after)
        except LedgerError as err:
            (notice or _stderr)(f"ledger: automatic checkpoint failed: {err}")

    on_commit(session, run)
    on_rollback(session, lambda: session.info.pop(_PENDING, None))
