"""Word search over statements: an index of each statement's quote, speaker and source
title, kept in step by triggers (`ledger.store.text_search` builds the queries).

SQLite: the FTS5 table `statement_fts` (Porter stems over unicode61, accents folded).
PostgreSQL: `statement_search` (statement_id, an English `tsvector` with the quote weighted
A) with a GIN index; its trigger functions are SECURITY DEFINER, so a role that may change
a statement keeps the index up to date without privileges on it. Both are derived: never
journaled, dumped or trusted, and rebuilt here from the statements already stored.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# who said it and where, for the statement `new` (triggers) or `st` (the backfill)
_SQLITE_INSERT = """
CREATE TRIGGER statement_fts_insert AFTER INSERT ON statement BEGIN
    INSERT INTO statement_fts (rowid, quote, speaker, title) VALUES (
        new.id,
        new.quote,
        coalesce(new.speaker_mention, '') || ' '
            || coalesce((SELECT name FROM speaker WHERE speaker.id = new.speaker_id), ''),
        coalesce((SELECT title FROM source WHERE source.id = new.source_id), ''));
END
"""
_SQLITE_UPDATE = """
CREATE TRIGGER statement_fts_update
AFTER UPDATE OF quote, speaker_mention, speaker_id, source_id ON statement BEGIN
    UPDATE statement_fts SET
        quote = new.quote,
        speaker = coalesce(new.speaker_mention, '') || ' '
            || coalesce((SELECT name FROM speaker WHERE speaker.id = new.speaker_id), ''),
        title = coalesce((SELECT title FROM source WHERE source.id = new.source_id), '')
    WHERE rowid = new.id;
END
"""
_SQLITE_BACKFILL = """
INSERT INTO statement_fts (rowid, quote, speaker, title)
SELECT st.id,
       st.quote,
       coalesce(st.speaker_mention, '') || ' '
           || coalesce((SELECT name FROM speaker WHERE speaker.id = st.speaker_id), ''),
       coalesce((SELECT title FROM source WHERE source.id = st.source_id), '')
FROM statement AS st
"""


def _sqlite_upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE statement_fts USING fts5("
        "quote, speaker, title, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    op.execute(_SQLITE_INSERT)
    op.execute(
        "CREATE TRIGGER statement_fts_delete AFTER DELETE ON statement BEGIN "
        "DELETE FROM statement_fts WHERE rowid = old.id; END"
    )
    op.execute(_SQLITE_UPDATE)
    op.execute(
        "CREATE TRIGGER speaker_fts_rename AFTER UPDATE OF name ON speaker BEGIN "
        "UPDATE statement_fts SET speaker = (SELECT coalesce(st.speaker_mention, '') || ' ' || "
        "new.name FROM statement AS st WHERE st.id = statement_fts.rowid) "
        "WHERE rowid IN (SELECT id FROM statement WHERE speaker_id = new.id); END"
    )
    op.execute(
        "CREATE TRIGGER source_fts_retitle AFTER UPDATE OF title ON source BEGIN "
        "UPDATE statement_fts SET title = coalesce(new.title, '') "
        "WHERE rowid IN (SELECT id FROM statement WHERE source_id = new.id); END"
    )
    op.execute(_SQLITE_BACKFILL)


_PG_DOCUMENT = """
CREATE FUNCTION statement_search_document(quote text, mention text, speaker_id integer,
                                          source_id integer)
RETURNS tsvector LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT setweight(to_tsvector('english', coalesce(quote, '')), 'A')
        || to_tsvector('english', coalesce(mention, '') || ' '
                       || coalesce((SELECT name FROM speaker WHERE id = speaker_id), ''))
        || to_tsvector('english', coalesce((SELECT title FROM source WHERE id = source_id), ''))
$$
"""

_PG_STATEMENT_SYNC = """
CREATE FUNCTION statement_search_sync() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO statement_search (statement_id, document)
    VALUES (NEW.id, statement_search_document(NEW.quote, NEW.speaker_mention,
                                              NEW.speaker_id, NEW.source_id))
    ON CONFLICT (statement_id) DO UPDATE SET document = EXCLUDED.document;
    RETURN NULL;
END $$
"""

_PG_RELATED_SYNC = """
CREATE FUNCTION statement_search_resync() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE statement_search AS s
    SET document = statement_search_document(st.quote, st.speaker_mention, st.speaker_id,
                                             st.source_id)
    FROM statement AS st
    WHERE st.id = s.statement_id
      AND ((TG_TABLE_NAME = 'speaker' AND st.speaker_id = NEW.id)
        OR (TG_TABLE_NAME = 'source' AND st.source_id = NEW.id));
    RETURN NULL;
END $$
"""


def _pg_upgrade() -> None:
    op.execute(
        "CREATE TABLE statement_search ("
        "statement_id integer PRIMARY KEY REFERENCES statement (id) ON DELETE CASCADE, "
        "document tsvector NOT NULL)"
    )
    op.execute("CREATE INDEX ix_statement_search_document ON statement_search USING gin (document)")
    op.execute(_PG_DOCUMENT)
    op.execute(_PG_STATEMENT_SYNC)
    op.execute(_PG_RELATED_SYNC)
    op.execute(
        "CREATE TRIGGER statement_search_insert AFTER INSERT ON statement "
        "FOR EACH ROW EXECUTE FUNCTION statement_search_sync()"
    )
    op.execute(
        "CREATE TRIGGER statement_search_update "
        "AFTER UPDATE OF quote, speaker_mention, speaker_id, source_id ON statement "
        "FOR EACH ROW EXECUTE FUNCTION statement_search_sync()"
    )
    op.execute(
        "CREATE TRIGGER speaker_search_rename AFTER UPDATE OF name ON speaker "
        "FOR EACH ROW EXECUTE FUNCTION statement_search_resync()"
    )
    op.execute(
        "CREATE TRIGGER source_search_retitle AFTER UPDATE OF title ON source "
        "FOR EACH ROW EXECUTE FUNCTION statement_search_resync()"
    )
    op.execute(
        "INSERT INTO statement_search (statement_id, document) "
        "SELECT id, statement_search_document(quote, speaker_mention, speaker_id, source_id) "
        "FROM statement"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_upgrade()
    else:
        _pg_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in (
            "statement_fts_insert",
            "statement_fts_delete",
            "statement_fts_update",
            "speaker_fts_rename",
            "source_fts_retitle",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS statement_fts")
        return
    op.execute("DROP TRIGGER IF EXISTS statement_search_insert ON statement")
    op.execute("DROP TRIGGER IF EXISTS statement_search_update ON statement")
    op.execute("DROP TRIGGER IF EXISTS speaker_search_rename ON speaker")
    op.execute("DROP TRIGGER IF EXISTS source_search_retitle ON source")
    op.execute("DROP TABLE IF EXISTS statement_search")
    op.execute("DROP FUNCTION IF EXISTS statement_search_resync()")
    op.execute("DROP FUNCTION IF EXISTS statement_search_sync()")
    op.execute("DROP FUNCTION IF EXISTS statement_search_document(text, text, integer, integer)")
