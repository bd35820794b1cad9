"""The history written by the database (PostgreSQL), and who really acted (both).

Both databases: `event.claimed_by`, the name a user claimed (`--as`, `LEDGER_ACTOR`) when
it is not who really acted (`actor`: the OS user on SQLite, the connection's
`session_user` on PostgreSQL). An event's hash covers it when it is set, so older events
(all NULL) keep their hashes.

PostgreSQL only:

- `ledger_append(batch, claimed)` (batch: a JSON array of [action, subject, payload]), a
  SECURITY DEFINER function owned by the tables' owner, is the only way a ledger role
  appends to `event`. It takes
  the writer lock, assigns `seq` (after the newest event), sets `at` (the statement's
  time), `actor` (`session_user`) and `claimed_by`, and computes each hash over exactly
  the bytes `ledger.store.journal.event_hash` hashes (`to_json(text)` escapes a string
  the way Python's json module does with `ensure_ascii=False`). Before it appends, it
  checks that each subject names a ledger row, that the caller holds the privilege the
  action needs on that table, and that the last event of each subject states the row as
  it is (the payload `ledger.store.row_state` writes, recomputed in SQL by static
  per-table queries written into the function from the catalog, `create_append`) or,
  for a delete, that the row is gone: a client cannot append an event that breaks
  `verify` for everyone. A later migration that adds a time column to a journaled table
  or changes a primary key must call `create_append` again (this module's).
- Triggers make `review.reviewer` (reviews and ratings) and `link.decided_by` the
  connected user for everyone but the tables' owner and superusers.
- Nobody but the owner keeps INSERT, UPDATE, DELETE or TRUNCATE on `event`: existing
  grantees lose them and may execute `ledger_append` instead (`ledger db grant` grants the
  same to new ones).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from ledger.errors import DatabaseError

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# the journal's advisory lock key (ledger.store.journal._PG_CHAIN_LOCK), keyed by schema
CHAIN_LOCK = 0x1ED6E5
# the tables whose rows the history records (ledger.store.models.JOURNALED) as of 0007
JOURNALED = (
    "source",
    "speaker",
    "speaker_alias",
    "claim",
    "statement",
    "link",
    "review",
    "fact_check",
    "setting",
    "user_role",
)
APPEND = "ledger_append(text, text)"

APPEND_FUNCTION = """
CREATE FUNCTION ledger_append(p_batch text, p_claimed text)
RETURNS TABLE (head_seq integer, head_hash text)
LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    -- p_batch: a JSON array of [action, subject, payload text] (one parameter: a client
    -- sends it much faster than three text arrays)
    p_actions text[];
    p_subjects text[];
    p_payloads text[];
    n integer;
    v_actor text := session_user;
    v_claimed text := nullif(p_claimed, session_user);
    v_at text := to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    v_seq integer;
    v_prev text;
    v_hash text;
    seqs integer[] := '{}';
    prevs text[] := '{}';
    hashes text[] := '{}';
    i integer;
    r record;
    v_tables text[];
    bad_subject text;
    bad_action text;
    allowed boolean;
BEGIN
    SELECT coalesce(array_agg(x.e ->> 0 ORDER BY x.o), '{}'), coalesce(array_agg(x.e ->> 1 ORDER BY x.o), '{}'),
           coalesce(array_agg(x.e ->> 2 ORDER BY x.o), '{}'), count(*)
    INTO p_actions, p_subjects, p_payloads, n
    FROM jsonb_array_elements(p_batch::jsonb) WITH ORDINALITY AS x(e, o);
    IF EXISTS (SELECT 1 FROM unnest(p_actions, p_subjects, p_payloads) AS u(a, s, p)
               WHERE a IS NULL OR s IS NULL OR p IS NULL) THEN
        RAISE EXCEPTION 'ledger history: each event is [action, subject, payload]'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_xact_lock({lock}, hashtext(current_schema()));
    SELECT e.seq, e.hash INTO v_seq, v_prev FROM event e ORDER BY e.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        v_seq := 0;
        v_prev := repeat('0', 64);
    END IF;
    IF n = 0 THEN
        RETURN QUERY SELECT v_seq, v_prev;
        RETURN;
    END IF;
    -- what the caller may record: ledger rows, by an action their privileges allow
    FOR r IN
        SELECT DISTINCT split_part(u.s, ':', 1) AS tbl, u.a AS action
        FROM unnest(p_subjects, p_actions) AS u(s, a)
    LOOP
        IF r.tbl IS NULL OR NOT r.tbl = ANY({journaled}) THEN
            RAISE EXCEPTION 'ledger history: % is not a ledger table', coalesce(r.tbl, 'NULL')
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF r.action IS NULL OR r.action NOT IN ('insert', 'update', 'delete') THEN
            RAISE EXCEPTION 'ledger history: % is not an action (insert, update, delete)', coalesce(r.action, 'NULL')
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        allowed := CASE r.action
            WHEN 'delete' THEN has_table_privilege(session_user, quote_ident(r.tbl), 'DELETE')
            ELSE has_any_column_privilege(session_user, quote_ident(r.tbl), upper(r.action))
        END;
        IF NOT allowed THEN
            RAISE EXCEPTION 'ledger history: % may not record an % of %', session_user, r.action, r.tbl
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END LOOP;
    -- the last event of each subject must state its row as it is now (or as gone): one
    -- static query per table (ROW_CHECK), so its plan is made once per connection
    v_tables := ARRAY(SELECT DISTINCT split_part(u.s, ':', 1) FROM unnest(p_subjects) AS u(s));
{checks}
    -- the chain: hash = sha256 of canonical JSON [seq, at, actor, action, subject, payload,
    -- prev_hash(, claimed_by)], as ledger.store.journal.event_hash computes it
    FOR i IN 1..n LOOP
        v_seq := v_seq + 1;
        v_hash := encode(sha256(convert_to(
            '[' || v_seq::text || ',' || to_json(v_at)::text || ',' || to_json(v_actor)::text
            || ',' || to_json(p_actions[i])::text || ',' || to_json(p_subjects[i])::text
            || ',' || to_json(p_payloads[i])::text || ',' || to_json(v_prev)::text
            || CASE WHEN v_claimed IS NULL THEN '' ELSE ',' || to_json(v_claimed)::text END
            || ']', 'UTF8')), 'hex');
        seqs[i] := v_seq;
        prevs[i] := v_prev;
        hashes[i] := v_hash;
        v_prev := v_hash;
    END LOOP;
    INSERT INTO event (seq, at, actor, action, subject, payload, prev_hash, hash, claimed_by)
    SELECT u.seq, v_at, v_actor, u.action, u.subject, u.payload, u.prev, u.hash, v_claimed
    FROM unnest(seqs, p_actions, p_subjects, p_payloads, prevs, hashes)
        AS u(seq, action, subject, payload, prev, hash);
    RETURN QUERY SELECT v_seq, v_prev;
END
$fn$
"""

# Per journaled table: its primary key and type, and its rows' journaled state as an SQL
# expression over `t` (times as UTC text with microseconds, whole documents by SHA-256, as
# ledger.store.row_state writes them). Read once here and written into ledger_append; a
# later migration that adds a time column to a journaled table, or changes a primary key,
# must make ledger_append again (`create_append`).
TABLE_STATE = """
SELECT tb.tbl, pk.attname AS pk_name, format_type(pk.atttypid, NULL) AS pk_type,
       CASE WHEN count(c.attname) = 0 THEN 'to_jsonb(t)' ELSE
           '(to_jsonb(t) - ' || quote_literal(coalesce(
               array_agg(c.attname::text) FILTER (WHERE c.atttypid <> 'timestamptz'::regtype),
               '{}')::text) || '::text[]) || jsonb_build_object(' || string_agg(
           CASE WHEN c.atttypid = 'timestamptz'::regtype THEN format(
               '%L, to_char(t.%I AT TIME ZONE ''UTC'', ''YYYY-MM-DD"T"HH24:MI:SS.US"Z"'')',
               c.attname, c.attname)
           ELSE format('%L, encode(sha256(convert_to(t.%I, ''UTF8'')), ''hex'')',
               c.attname || '_sha256', c.attname)
           END, ', ') FILTER (WHERE c.attname IS NOT NULL) || ')'
       END AS row_expr
FROM unnest(CAST(:tables AS text[])) AS tb(tbl)
JOIN pg_index x ON x.indrelid = quote_ident(tb.tbl)::regclass AND x.indisprimary
JOIN pg_attribute pk ON pk.attrelid = x.indrelid AND pk.attnum = x.indkey[0]
LEFT JOIN pg_attribute c ON c.attrelid = x.indrelid AND c.attnum > 0 AND NOT c.attisdropped
    AND (c.atttypid = 'timestamptz'::regtype OR (tb.tbl = 'source' AND c.attname = 'text'))
GROUP BY tb.tbl, pk.attname, pk.atttypid
"""


# ledger_append's check of one table's events (filled in per table by `create_append`)
ROW_CHECK = """
    IF '{tbl}' = ANY(v_tables) THEN{subject_check}
        SELECT ev.s, ev.a INTO bad_subject, bad_action
        FROM (
            SELECT DISTINCT ON (u.s) u.s, u.a, u.p
            FROM unnest(p_subjects, p_actions, p_payloads) WITH ORDINALITY AS u(s, a, p, o)
            WHERE split_part(u.s, ':', 1) = '{tbl}'
            ORDER BY u.s, u.o DESC
        ) AS ev
        LEFT JOIN LATERAL (  -- one primary-key lookup per subject
            SELECT {row_expr} AS j FROM {table} t
            WHERE t.{pk} = substr(ev.s, {skip})::{pk_type}
        ) AS row_now ON true
        WHERE CASE WHEN ev.a = 'delete' THEN row_now.j IS NOT NULL
                   ELSE row_now.j IS DISTINCT FROM ev.p::jsonb END
        LIMIT 1;
        IF bad_subject IS NOT NULL THEN
            RAISE EXCEPTION 'ledger history: the % event of % does not state the row as stored',
                bad_action, bad_subject USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;"""
# an integer key is digits that fit the column; anything else names no row
SUBJECT_CHECK = """
        SELECT u.s INTO bad_subject FROM unnest(p_subjects) AS u(s)
        WHERE split_part(u.s, ':', 1) = '{tbl}' AND u.s !~ '^{tbl}:[0-9]{1,9}$' LIMIT 1;
        IF bad_subject IS NOT NULL THEN
            RAISE EXCEPTION 'ledger history: % names no row', bad_subject
                USING ERRCODE = 'insufficient_privilege';
        END IF;"""

ACTOR_TRIGGER = """
CREATE FUNCTION ledger_connected_actor() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    claimed text := to_jsonb(NEW) ->> TG_ARGV[0];
BEGIN
    -- the owner (restores, migrations) and superusers may write any name; everyone else
    -- acts as the user they connected as
    IF claimed IS NULL OR claimed = session_user
       OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
       OR session_user = (SELECT tableowner FROM pg_tables
                          WHERE schemaname = TG_TABLE_SCHEMA AND tablename = TG_TABLE_NAME) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '%.% must be the connected user (%), not %',
        TG_TABLE_NAME, TG_ARGV[0], session_user, claimed USING ERRCODE = 'insufficient_privilege';
END $$
"""
ACTOR_COLUMNS = (("review", "reviewer"), ("link", "decided_by"))


def _rebuild_sqlite(change) -> None:
    """0003's rebuild of SQLite's event table, which keeps its append-only triggers."""
    path = Path(__file__).with_name("0003_event_hash_not_indexed.py")
    spec = importlib.util.spec_from_file_location("ledger_migration_0003", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module._rebuild_sqlite(change)


def create_append(bind, path: str) -> None:
    """(Re)make ledger_append for the journaled tables as they are now."""
    rows = bind.execute(sa.text(TABLE_STATE), {"tables": list(JOURNALED)}).all()
    if len(rows) != len(JOURNALED):
        raise DatabaseError("ledger_append: a journaled table or its primary key is missing")

    def lit(value: str) -> str:
        return "'" + value.replace("'", "''") + "'"

    quote = bind.dialect.identifier_preparer.quote_identifier
    checks = []
    for table, pk, pk_type, row_expr in rows:
        subject_check = SUBJECT_CHECK.replace("{tbl}", table) if pk_type == "integer" else ""
        check = ROW_CHECK.replace("{subject_check}", subject_check)
        for key, value in (
            ("{tbl}", table),
            ("{table}", quote(table)),
            ("{pk}", quote(pk)),
            ("{pk_type}", pk_type),
            ("{skip}", str(len(table) + 2)),
            ("{row_expr}", row_expr),
        ):
            check = check.replace(key, value)
        checks.append(check)
    journaled = "ARRAY[" + ", ".join(lit(t) for t in JOURNALED) + "]"
    body = APPEND_FUNCTION.replace("{lock}", str(CHAIN_LOCK)).replace("{journaled}", journaled)
    body = body.replace("{checks}", "\n".join(checks))
    op.execute(body.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    op.execute(f"ALTER FUNCTION {APPEND} SET search_path = {path}")
    # floats in to_jsonb(row) as the shortest exact text, whatever a client's setting, so
    # they compare equal to the payload Python wrote
    op.execute(f"ALTER FUNCTION {APPEND} SET extra_float_digits = 1")
    op.execute(f"REVOKE ALL ON FUNCTION {APPEND} FROM PUBLIC")


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("event", sa.Column("claimed_by", sa.String(length=120), nullable=True))
    if bind.dialect.name != "postgresql":
        return
    quote = bind.dialect.identifier_preparer.quote_identifier
    schema = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
    path = f"{quote(schema)}, pg_temp"  # nothing a caller creates can stand in for ours
    create_append(bind, path)
    op.execute(ACTOR_TRIGGER)
    for table, column in ACTOR_COLUMNS:
        op.execute(
            f"CREATE TRIGGER {table}_connected_actor BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION ledger_connected_actor('{column}')"
        )
    # whoever was granted INSERT on event (ledger db grant before 0007) appends through
    # the function now; nobody but the owner writes the table itself
    grantees = bind.execute(
        sa.text(
            "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
            "WHERE table_schema = current_schema() AND table_name = 'event' "
            "AND privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE') "
            "AND grantee <> (SELECT tableowner FROM pg_tables "
            "                WHERE schemaname = current_schema() AND tablename = 'event')"
        )
    ).scalars()
    for grantee in grantees:
        who = "PUBLIC" if grantee == "PUBLIC" else quote(grantee)
        op.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON event FROM {who}")
        if who != "PUBLIC":
            op.execute(f"GRANT EXECUTE ON FUNCTION {APPEND} TO {who}")


def downgrade() -> None:
    bind = op.get_bind()
    claimed = bind.execute(sa.text("SELECT count(*) FROM event WHERE claimed_by IS NOT NULL"))
    n = claimed.scalar_one()
    if n:
        # their hashes cover claimed_by: without the column the chain would not verify
        raise DatabaseError(
            f"{n} events record a claimed name (claimed_by), which their hashes cover: "
            "schema 0006 cannot hold them; restore a backup taken before 0007 instead"
        )
    if bind.dialect.name == "postgresql":
        for table, _column in ACTOR_COLUMNS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_connected_actor ON {table}")
        op.execute("DROP FUNCTION IF EXISTS ledger_connected_actor()")
        op.execute(f"DROP FUNCTION IF EXISTS {APPEND}")
        op.drop_column("event", "claimed_by")
        return
    _rebuild_sqlite(lambda batch: batch.drop_column("claimed_by"))
