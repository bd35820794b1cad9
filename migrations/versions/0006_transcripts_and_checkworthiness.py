"""Transcripts and check-worthiness: a statement's time in its recording and its score.

`statement.time_start` / `time_end` are seconds into the recording for statements read
from a timed transcript (WebVTT, SRT, a CSV with times); `statement.checkworthiness` (0-1)
and `checkworthy_cues` (the features that raised it) come from `ledger.checkworthy`.
Existing statements keep NULL until `ledger rescore` (or a re-import) computes them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statement") as batch:
        batch.add_column(sa.Column("time_start", sa.Float(), nullable=True))
        batch.add_column(sa.Column("time_end", sa.Float(), nullable=True))
        batch.add_column(sa.Column("checkworthiness", sa.Float(), nullable=True))
        batch.add_column(sa.Column("checkworthy_cues", sa.JSON(), nullable=True))
        batch.create_index(
            batch.f("ix_statement_checkworthiness"), ["checkworthiness"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("statement") as batch:
        batch.drop_index(batch.f("ix_statement_checkworthiness"))
        batch.drop_column("checkworthy_cues")
        batch.drop_column("checkworthiness")
        batch.drop_column("time_end")
        batch.drop_column("time_start")
