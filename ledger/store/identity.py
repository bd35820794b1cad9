"""Who is acting on a database connection, and whether that role is a superuser.

On PostgreSQL the acting user is the connection's role (`current_user`), looked up once per
database connection and kept in the connection's `info`; on SQLite it is the named actor
(--as, LEDGER_ACTOR, else the OS user).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from ledger.config import current_actor, os_user

_PG_ROLE = "ledger_pg_user"


def _pg_role(session: Session) -> tuple[str, bool]:
    """(current_user, rolsuper) of the session's PostgreSQL connection, cached on it."""
    conn = session.connection()
    info = conn.connection.info  # per database connection, so one query per connection
    if _PG_ROLE not in info:
        row = conn.execute(
            text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        ).first()
        if row is None:
            user = conn.execute(text("SELECT current_user")).scalar_one()
            info[_PG_ROLE] = (user, False)
        else:
            info[_PG_ROLE] = (row[0], bool(row[1]))
    return info[_PG_ROLE]


def is_superuser(session: Session) -> bool:
    """Whether the session's PostgreSQL role is a superuser (False on other databases)."""
    if session.connection().dialect.name != "postgresql":
        return False
    return _pg_role(session)[1]


def acting_user(session: Session) -> str:
    """Who is acting in `session`.

    On PostgreSQL it is the database role of the connection (`current_user`): a reviewer
    cannot act as someone else by a flag. Only a superuser connection, which could rewrite
    the history anyway, may name another actor with --as / LEDGER_ACTOR. On SQLite it is
    --as, else LEDGER_ACTOR, else the OS user.
    """
    if session.connection().dialect.name != "postgresql":
        return current_actor()
    user, superuser = _pg_role(session)
    named = current_actor()
    if superuser and named != os_user():
        return named
    return user
