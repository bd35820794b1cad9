"""The history is append-only: a trigger refuses UPDATE and DELETE on event.

On PostgreSQL only the table's owner (who runs migrations and restores) may still change
rows; on SQLite, which has no users, nobody may.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MESSAGE = "the ledger history (event) is append-only"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER event_append_only_{verb.lower()} BEFORE {verb} ON event "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
        return
    op.execute(
        """
        CREATE FUNCTION event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_user <> (SELECT tableowner FROM pg_tables
                                WHERE schemaname = TG_TABLE_SCHEMA AND tablename = TG_TABLE_NAME) THEN
                RAISE EXCEPTION 'the ledger history (event) is append-only' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
        "FOR EACH ROW EXECUTE FUNCTION event_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS event_append_only_update")
        op.execute("DROP TRIGGER IF EXISTS event_append_only_delete")
        return
    op.execute("DROP TRIGGER IF EXISTS event_append_only ON event")
    op.execute("DROP FUNCTION IF EXISTS event_append_only()")
