"""Imported fact-checks (`fact_check`) and the precision of a statement's date.

`fact_check` holds the verdicts other organisations published as ClaimReview, apart from
the ledger's own ratings. `statement.stated_on_precision` says whether `stated_on` is a
day, or the start of the week, month or year the extractor resolved ("last week").
Existing statements with a date keep precision "day", which is what they were read as.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statement") as batch:
        batch.add_column(sa.Column("stated_on_precision", sa.String(length=10), nullable=True))
    op.execute("UPDATE statement SET stated_on_precision = 'day' WHERE stated_on IS NOT NULL")
    op.create_table(
        "fact_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_key", sa.String(length=64), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("organisation", sa.String(length=300), nullable=True),
        sa.Column("organisation_url", sa.Text(), nullable=True),
        sa.Column("rating", sa.String(length=120), nullable=True),
        sa.Column("rating_value", sa.Float(), nullable=True),
        sa.Column("best_rating", sa.Float(), nullable=True),
        sa.Column("worst_rating", sa.Float(), nullable=True),
        sa.Column("claimant", sa.String(length=300), nullable=True),
        sa.Column("claim_date", sa.Date(), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("appearances", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_fact_check_claim_id_claim"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_fact_check_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_fact_check_statement_id_statement"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_check")),
        sa.UniqueConstraint("review_key", name=op.f("uq_fact_check_review_key")),
        sa.UniqueConstraint("source_id", name=op.f("uq_fact_check_source_id")),
    )
    with op.batch_alter_table("fact_check") as batch:
        batch.create_index(batch.f("ix_fact_check_claim_id"), ["claim_id"], unique=False)
        batch.create_index(batch.f("ix_fact_check_statement_id"), ["statement_id"], unique=False)


def downgrade() -> None:
    op.drop_table("fact_check")
    with op.batch_alter_table("statement") as batch:
        batch.drop_column("stated_on_precision")
