"""Who is acting on a database connection, who really acted, and whose role counts.

Three answers, because a name can be claimed:

- `acting_user`: the name the workflow uses (review rows, leases, four-eyes). On
  PostgreSQL the connection's role (`session_user`, which `SET ROLE` cannot change); only
  a superuser connection may name another with --as / LEDGER_ACTOR. On SQLite --as, else
  LEDGER_ACTOR, else the OS user.
- `history_actor`: (actor, claimed_by) as the history records them. `actor` is who
  really acted: `session_user` on PostgreSQL (the database sets it, migration 0007), the
  OS user of the process on SQLite (from the password database, not the environment);
  `claimed_by` the acting name when it differs.
- `role_holder`: whose ledger role a check applies to. On SQLite the OS user's, whatever
  name they claim, unless the file's `shared_by_team` setting says a team shares it (then
  the claimed name's, as the file's owner allows); on PostgreSQL the acting user's.

The PostgreSQL role is looked up once per database connection and kept in its `info`.
"""

from __future__ import annotations

import os
from functools import cache

from sqlalchemy import text
from sqlalchemy.orm import Session

from ledger.config import current_actor, os_user

_PG_ROLE = "ledger_pg_user"
#: the setting (ledger.services.settings) that says an SQLite file is shared by a team
SHARED_BY_TEAM = "shared_by_team"


def _pg_role(session: Session) -> tuple[str, bool]:
    """(session_user, rolsuper) of the session's PostgreSQL connection, cached on it."""
    conn = session.connection()
    info = conn.connection.info  # per database connection, so one query per connection
    if _PG_ROLE not in info:
        row = conn.execute(
            text("SELECT session_user, rolsuper FROM pg_roles WHERE rolname = session_user")
        ).first()
        if row is None:
            user = conn.execute(text("SELECT session_user")).scalar_one()
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
    """Who is acting in `session` (the workflow's name; see the module docstring)."""
    if session.connection().dialect.name != "postgresql":
        return current_actor()
    user, superuser = _pg_role(session)
    named = current_actor()
    if superuser and named != os_user():
        return named
    return user


@cache
def real_os_user() -> str:
    """The OS user this process runs as, from the password database by its uid (the
    environment variables getpass reads first are anyone's to set)."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError, AttributeError):  # no pwd (Windows) or no passwd entry
        return os_user()


def history_actor(session: Session) -> tuple[str, str | None]:
    """(actor, claimed_by) for the events `session` appends: who really acted, and the
    name they acted under when it is another."""
    if session.connection().dialect.name == "postgresql":
        real = _pg_role(session)[0]
    else:
        real = real_os_user()
    named = acting_user(session)
    return real, (named if named != real else None)


def shared_by_team(session: Session) -> bool:
    """Whether this SQLite file's `shared_by_team` setting is on (always False on
    PostgreSQL, whose users are the database's)."""
    if session.connection().dialect.name != "sqlite":
        return False
    from ledger.store.models import Setting

    row = session.get(Setting, SHARED_BY_TEAM)
    return bool(row is not None and row.value is True)


def role_holder(session: Session, user: str | None) -> str:
    """Whose role a check of `user` (None: the acting user) applies to: on an SQLite file
    not shared by a team, the acting name stands for the OS user who claims it."""
    name = acting_user(session) if user is None else user
    if (
        session.connection().dialect.name == "sqlite"
        and name == current_actor()
        and not shared_by_team(session)
    ):
        return real_os_user()
    return name
