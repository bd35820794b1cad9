"""The history's Merkle tree: `merkle_node`, the stored hashes of its complete subtrees.

Derived from the events (`ledger.store.merkle`): a new or upgraded ledger starts with none,
and the first checkpoint computes them from the history.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "merkle_node",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merkle_node")),
    )


def downgrade() -> None:
    op.drop_table("merkle_node")
