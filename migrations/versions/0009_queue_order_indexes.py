"""Indexes on the review queue's order, so its pages and `ledger next` read a few rows.

`ix_statement_queue_rank` is the checkworthy queue order as one value (see
`ledger.store.queue_rank`: unreviewed first, then the highest score, unscored last), then
id; a keyset page after any row seeks in it. `ix_statement_status_score` serves `ledger next`
(one status, highest score first). Without them both read and sort every matching row
(0.6 s a page at 1M statements). The expressions are written out here as the queries write
them (columns unqualified: SQLite allows no "." in an index; the queries qualify them, which
both databases resolve to the same column): an expression index serves only the same
expression.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_statement_queue_rank ON statement ("
        "(CASE WHEN status = 'unreviewed' THEN 0 ELSE 3 END"
        " - coalesce(checkworthiness, -1.0)), id)"
    )
    op.execute(
        "CREATE INDEX ix_statement_status_score ON statement ("
        "status, (-coalesce(checkworthiness, -1.0)), id)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_statement_status_score")
    op.execute("DROP INDEX IF EXISTS ix_statement_queue_rank")
