"""The history's `hash` column loses its unique index.

Nothing looks events up by hash (the chain is checked by `seq`), and an index over random
SHA-256 values put one random page into every write transaction for every event, which made
commits and checkpoints the largest cost of an import. Uniqueness still follows from the
chain: each hash covers its `seq`.

SQLite cannot drop a table constraint in place: the table is rebuilt and its append-only
triggers (0002) are made again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _load_0002():
    # the triggers are 0002's; load that revision file rather than write them out twice
    path = Path(__file__).with_name("0002_append_only_events.py")
    spec = importlib.util.spec_from_file_location("ledger_migration_0002", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_append_only = _load_0002()


def _rebuild_sqlite(change) -> None:
    _append_only.downgrade()  # the triggers go with the old table anyway; drop them first
    with op.batch_alter_table("event", recreate="always") as batch:
        change(batch)
    _append_only.upgrade()


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(lambda batch: batch.drop_constraint("uq_event_hash", type_="unique"))
        return
    op.drop_constraint("uq_event_hash", "event", type_="unique")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(lambda batch: batch.create_unique_constraint("uq_event_hash", ["hash"]))
        return
    op.create_unique_constraint("uq_event_hash", "event", ["hash"])
