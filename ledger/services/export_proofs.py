"""Exports that carry their proof: each exported record with an inclusion proof, against
one signed checkpoint, of the event that gave it its current state.

An event's payload is the record's every column after the change (`store.row_state`), so
the proof of a record's latest event proves the record as exported: a statement row's
quote, offsets, speaker, hedging, status and claim; its source's content hash; a
ClaimReview's claim text and final rating. `Prover` makes the proofs inside the export's
read transaction; `check_exported` checks an exported item without the database: the
proofs (`checkpoints.verify_proof`) and that the item says what the proven payload says.

A record changed after the checkpoint cannot be proven by it: the export stops and names
the record (sign a new checkpoint, which `ledger export --with-proof` does by default).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.services.checkpoints import (
    CheckpointError,
    ProofCheck,
    checkpoint_tree,
    proof_head,
    proved_event,
    verify_proof,
)
from ledger.services.signing import Checkpoint
from ledger.store.models import Event

#: the key that holds the proofs of an exported statement row or ClaimReview document
STATEMENT_KEY = "proof"
#: a full IRI, so JSON-LD reads it as a property of its own, not as a schema.org term
CLAIM_REVIEW_KEY = "urn:statement-ledger:proof"

#: the statement fields an exported row and its proven payload must agree on
_STATEMENT_FIELDS = (
    "id",
    "kind",
    "quote",
    "start",
    "end",
    "speaker_id",
    "speaker_mention",
    "cue",
    "stated_on",
    "stated_on_precision",
    "venue",
    "hedging",
    "polarity",
    "status",
    "claim_id",
    "source_id",
)


class Prover:
    """Inclusion proofs of records' current states in the tree of one checkpoint."""

    def __init__(self, session: Session, checkpoint: Checkpoint) -> None:
        self._session = session
        self._checkpoint = checkpoint
        self._tree, self._size = checkpoint_tree(session, checkpoint)
        self._proofs: dict[str, dict[str, Any]] = {}

    def current(self, subject: str) -> dict[str, Any]:
        """The proof of `subject`'s latest event; CheckpointError if it is newer than the
        checkpoint (or the record has no history). Remembered per subject: the statements
        of one source share its proof."""
        if subject not in self._proofs:
            event = self._session.scalars(
                select(Event).where(Event.subject == subject).order_by(Event.seq.desc()).limit(1)
            ).first()
            if event is None:
                raise CheckpointError(f"{subject} has no history to prove")
            if event.seq > self._size:
                raise CheckpointError(
                    f"{subject} changed after the checkpoint (event {event.seq}, the "
                    f"checkpoint signed {self._size}): sign a new one (leave out --checkpoint)"
                )
            self._proofs[subject] = {
                **proof_head(self._tree, self._size, subject, self._checkpoint),
                "events": [proved_event(self._tree, self._size, event)],
            }
        return self._proofs[subject]

    def statement_row(self, row: dict[str, Any]) -> dict[str, Any]:
        """`row` (an exported statement) with the proofs of its statement and its source."""
        return {
            **row,
            STATEMENT_KEY: {
                "statement": self.current(f"statement:{row['id']}"),
                "source": self.current(f"source:{row['source_id']}"),
            },
        }

    def claim_review(self, doc: dict[str, Any], claim_id: int) -> dict[str, Any]:
        """A ClaimReview document with the proof of its claim (text and final rating)."""
        return {**doc, CLAIM_REVIEW_KEY: {"claim": self.current(f"claim:{claim_id}")}}


@dataclass
class ExportCheck:
    records: int  # proven records (a statement row counts its statement and its source)
    tree_size: int
    signed_by: str | None


def _payload(proof: Any, pinned: bytes | None, subject_prefix: str) -> tuple[dict, ProofCheck]:
    check = verify_proof(proof, pinned)
    if not check.subject.startswith(subject_prefix):
        raise CheckpointError(f"the proof is of {check.subject}, not of a {subject_prefix[:-1]}")
    if check.signed_by is None:
        raise CheckpointError("the proof carries no signed checkpoint")
    return json.loads(proof["events"][-1]["payload"]), check


def _same(row_value: Any, proven: Any) -> bool:
    return row_value == proven or (row_value is None and proven in ("", None))


def check_exported(item: Any, pinned: bytes | None = None) -> ExportCheck:
    """Check one exported statement row or ClaimReview document that carries proofs:
    every proof holds against its signed checkpoint (signed by `pinned` when given), all of
    one checkpoint, and the item says what the proven records say. Raises CheckpointError
    naming the first thing that does not hold."""
    if not isinstance(item, dict):
        raise CheckpointError("not an exported record (a JSON object)")
    if isinstance(item.get(CLAIM_REVIEW_KEY), dict):
        claim, check = _payload(item[CLAIM_REVIEW_KEY].get("claim"), pinned, "claim:")
        text = " ".join(str(claim.get("canonical_text") or "").split())
        if item.get("claimReviewed") != text:
            raise CheckpointError(f"claimReviewed is not the proven text of claim {claim['id']}")
        if not claim.get("rating_final"):
            raise CheckpointError(f"claim {claim['id']} has no final rating in the proven state")
        return ExportCheck(1, check.tree_size, check.signed_by)
    proofs = item.get(STATEMENT_KEY)
    if not isinstance(proofs, dict):
        raise CheckpointError(f"the record carries no proof ({STATEMENT_KEY!r})")
    statement, check = _payload(proofs.get("statement"), pinned, "statement:")
    source, source_check = _payload(proofs.get("source"), pinned, "source:")
    if (source_check.tree_size, source_check.signed_by) != (check.tree_size, check.signed_by):
        raise CheckpointError("the statement and its source are proven by different checkpoints")
    for field in _STATEMENT_FIELDS:
        if field in item and not _same(item[field], statement.get(field)):
            raise CheckpointError(
                f"statement {statement.get('id')}: {field} is not what the proven record says"
            )
    if statement.get("source_id") != source.get("id"):
        raise CheckpointError("the source proof is not of the statement's source")
    exported_source = item.get("source")
    if isinstance(exported_source, dict) and exported_source.get("sha256"):
        if exported_source["sha256"] != source.get("content_sha256"):
            raise CheckpointError(f"source {source.get('id')}: sha256 is not the proven one")
    return ExportCheck(2, check.tree_size, check.signed_by)
