"""Database privileges that match the ledger roles (PostgreSQL), set by `ledger db grant`.

On PostgreSQL the acting user is the connection's database role, so the database itself
enforces what each role may change; the ledger's own role checks (`ledger.services.roles`)
then only explain refusals early. Every role may read every table; nobody but the
tables' owner may insert, change or delete history: the others append through
`ledger_append` (migration 0007), which sets seq, time and actor itself and refuses
an event that does not state its row as stored. Reviews, ratings and link decisions
carry the connected user (0007's triggers).

| role     | may write                                                                   |
|----------|-----------------------------------------------------------------------------|
| reviewer | INSERT review; UPDATE statement(status, lease_owner, lease_until,           |
|          | assigned_to, version)                                                       |
| editor   | reviewer + INSERT/UPDATE/DELETE source, speaker, speaker_alias, claim,      |
|          | statement, link (import, merge speakers, decide links, rate claims)         |
| admin    | editor + INSERT/UPDATE/DELETE setting, user_role                            |

Run it connected as the tables' owner (only an owner can grant on its tables). A database
role that does not exist is created (LOGIN, no password: set one with `ALTER ROLE …
PASSWORD`, or authenticate it by pg_hba.conf), which needs the CREATEROLE privilege; the
owner itself (or a superuser) gets the ledger role only: its privileges are the owner's,
and revoking them would lock it out of its own tables. On SQLite, which has no users,
only the ledger role is recorded.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from ledger.errors import InputError, PermissionDenied
from ledger.store.models import ROLES

# statement_search: the word-search index (0008), written only by its SECURITY DEFINER triggers
READ_ONLY = ("alembic_version", "statement_search")
APPEND_ONLY = ("event",)
#: the one way a ledger role writes history (migration 0007)
APPEND_FUNCTION = "ledger_append(text, text)"
REVIEWER_STATEMENT_COLUMNS = ("status", "lease_owner", "lease_until", "assigned_to", "version")
EDITOR_TABLES = (
    "source",
    "speaker",
    "speaker_alias",
    "claim",
    "statement",
    "link",
    "fact_check",
    # derived, never trusted (a signer recomputes what it has not signed): editors keep it
    # up to date as they checkpoint; reviewers' checkpoints compute it in memory
    "merkle_node",
)
ADMIN_TABLES = ("setting", "user_role")
ALL_TABLES = (*EDITOR_TABLES, *ADMIN_TABLES, "review", *APPEND_ONLY, *READ_ONLY)

_ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")


def _check(role: str, user: str) -> None:
    if role not in ROLES:
        raise InputError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if not _ROLE_NAME.match(user):
        raise InputError(
            f"user {user!r} is not a usable database role name "
            "(letters, digits, _ . @ -; 63 characters at most; starting with a letter or _)"
        )


def privilege_statements(role: str, user: str, schema: str, quote) -> list[str]:
    """The SQL that gives database role `user` exactly the privileges of ledger `role`."""
    _check(role, user)
    u, s = quote(user), quote(schema)

    def t(name: str) -> str:
        return f"{s}.{quote(name)}"

    sql = [
        f"GRANT USAGE ON SCHEMA {s} TO {u}",
        *(f"REVOKE ALL ON {t(name)} FROM {u}" for name in ALL_TABLES),
        *(f"GRANT SELECT ON {t(name)} TO {u}" for name in ALL_TABLES),
        f"GRANT EXECUTE ON FUNCTION {s}.{APPEND_FUNCTION} TO {u}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {u}",
        f"GRANT INSERT ON {t('review')} TO {u}",
    ]
    if role == "reviewer":
        cols = ", ".join(quote(c) for c in REVIEWER_STATEMENT_COLUMNS)
        sql.append(f"GRANT UPDATE ({cols}) ON {t('statement')} TO {u}")
        return sql
    writable = EDITOR_TABLES + (ADMIN_TABLES if role == "admin" else ())
    sql += [f"GRANT INSERT, UPDATE, DELETE ON {t(name)} TO {u}" for name in writable]
    return sql


def grant(session: Session, role: str, user: str, *, by: str | None = None) -> dict:
    """Give `user` the ledger role `role`, and on PostgreSQL the matching privileges.

    Returns what was done: {"user", "role", "created_role", "privileges"}.
    """
    from ledger.services import roles

    _check(role, user)
    conn = session.connection()
    done = {"user": user, "role": role, "created_role": False, "privileges": 0}
    roles.set_role(session, user, role, by=by)
    if conn.dialect.name != "postgresql":
        return done
    quote = conn.dialect.identifier_preparer.quote_identifier
    me, may_create, owner = conn.execute(
        text(
            "SELECT current_user, rolcreaterole OR rolsuper, "
            "(SELECT tableowner FROM pg_tables "
            " WHERE schemaname = current_schema() AND tablename = 'event') "
            "FROM pg_roles WHERE rolname = current_user"
        )
    ).one()
    target = conn.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = :u"), {"u": user}
    ).first()
    if target is not None and (user == owner or target[0]):
        return done  # the owner's and a superuser's privileges are theirs already
    if me != owner:
        raise PermissionDenied(
            f"ledger db grant: only the tables' owner ({owner}) can grant privileges on "
            f"them; you are connected as {me}"
        )
    if target is None:
        if not may_create:
            raise PermissionDenied(
                f"creating database role {user} needs the CREATEROLE privilege, which {me} "
                f"lacks: have a superuser run CREATE ROLE {quote(user)} LOGIN "
                f"(or ALTER ROLE {quote(me)} CREATEROLE), then grant again"
            )
        conn.execute(text(f"CREATE ROLE {quote(user)} LOGIN"))
        done["created_role"] = True
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    statements = privilege_statements(role, user, schema, quote)
    for sql in statements:
        conn.execute(text(sql))
    done["privileges"] = len(statements)
    return done
