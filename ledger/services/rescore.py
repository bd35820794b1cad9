"""`ledger rescore`: check-worthiness for statements stored without it, or again for all.

Statements imported before schema 0006 have `checkworthiness` NULL; a refit of the model
(`ledger/checkworthy/model.py`) changes what a fresh import would store. Rescoring gives
each such statement the score and cues `ledger.checkworthy` gives its quote today (its
speaker's role `moderator` counts, as at import), so that a stored statement carries what
a fresh import of its source would store.

The score is derived, but it is a stored column every reader, filter and export sees, so a
change of it is journaled like any other change (`ledger verify` checks every row against
its last event). Rows are written with Core and journaled through a `UnitOfWork`, which
leaves the statement's `version` as it was: a reviewer who has a statement open is not
refused for a score they did not see change. One transaction per batch, so an interrupted
run keeps what it did and a second run carries on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update

from ledger.checkworthy import score
from ledger.store.database import Database
from ledger.store.models import Speaker, Statement
from ledger.store.unit_of_work import UnitOfWork

__all__ = ["RescoreResult", "rescore"]

BATCH = 500


@dataclass
class RescoreResult:
    """How many statements were looked at, and how many got a new score."""

    seen: int = 0
    changed: int = 0


def rescore(
    db: Database,
    *,
    every: bool = False,
    batch: int = BATCH,
    progress: Callable[[RescoreResult], None] | None = None,
) -> RescoreResult:
    """Score the statements without a score (`every`: all of them, changing only those
    whose score or cues differ), `batch` statements per transaction."""
    result = RescoreResult()
    after = 0
    table = Statement.__table__
    while True:
        with db.write() as session:
            q = (
                select(table, Speaker.role.label("speaker_role"))
                .outerjoin(Speaker, Statement.speaker_id == Speaker.id)
                .where(Statement.id > after)
                .order_by(Statement.id)
                .limit(batch)
            )
            if not every:
                q = q.where(Statement.checkworthiness.is_(None))
            rows = session.execute(q).mappings().all()
            if not rows:
                break
            uow = UnitOfWork(session)
            for row in rows:
                after = row["id"]
                result.seen += 1
                cw = score(row["quote"], moderator=row["speaker_role"] == "moderator")
                cues = list(cw.cues)
                if row["checkworthiness"] == cw.value and (row["checkworthy_cues"] or []) == cues:
                    continue
                session.execute(
                    update(Statement)
                    .where(Statement.id == row["id"])
                    .values(checkworthiness=cw.value, checkworthy_cues=cues)
                )
                values = {c.name: row[c.name] for c in table.columns}
                values.update(checkworthiness=cw.value, checkworthy_cues=cues)
                uow.updated(Statement, values)
                result.changed += 1
            uow.append()
        if progress is not None:
            progress(result)
    return result
