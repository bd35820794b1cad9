"""The review queue's order as one indexed value (migration 0009).

"Most check-worthy unreviewed first" is two keys: unreviewed before the rest, then the
score, highest first, unscored (NULL) last. Kept as two expressions, a keyset page after a
row cannot seek in an index (a row-value comparison over expressions is a scan in SQLite),
so the queue orders by one number instead:

    unreviewed:  -score in [-1, 0], unscored 1
    the rest:   3 - score in [2, 3], unscored 4

Scores are the model's probabilities (0-1), so the ranges never overlap and ascending
`rank`, then id, is the queue's order. The SQL here and the index's in migration 0009 must
stay the same expression (the index's columns unqualified, as SQLite requires): both
databases match an index on an expression only against the same expression, with
literals, not parameters. `tests/core/test_queue_rank.py` checks the query plans.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Float, literal_column

#: the rank of a statement in the checkworthy order (lower first), over `statement`'s columns
RANK_SQL = (
    "(CASE WHEN statement.status = 'unreviewed' THEN 0 ELSE 3 END"
    " - coalesce(statement.checkworthiness, -1.0))"
)
#: `ledger next` within one status: the highest score first, unscored last
SCORE_SQL = "(-coalesce(statement.checkworthiness, -1.0))"

QUEUE_INDEX = "ix_statement_queue_rank"
NEXT_INDEX = "ix_statement_status_score"
INDEXES = (QUEUE_INDEX, NEXT_INDEX)
"""Expression indexes no model declares (the ORM cannot compare them), created by 0009."""


def queue_rank() -> ColumnElement[float]:
    return literal_column(RANK_SQL, Float)


def next_score() -> ColumnElement[float]:
    return literal_column(SCORE_SQL, Float)


def score_of(checkworthiness: float | None) -> float:
    """What `next_score()` computes for one row, for the keyset of the row after it."""
    return -(-1.0 if checkworthiness is None else float(checkworthiness))


def rank_of(status: str, checkworthiness: float | None) -> float:
    """What `queue_rank()` computes for one row, for the keyset of the row after it."""
    return (0 if status == "unreviewed" else 3) + score_of(checkworthiness)
