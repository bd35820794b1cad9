"""Where the database is and who is acting: `--db`/`LEDGER_DATABASE_URL` and `--as`/`LEDGER_ACTOR`."""

from __future__ import annotations

import getpass
import os
from contextvars import ContextVar

DEFAULT_DATABASE_URL = "sqlite:///ledger.db"

_actor: ContextVar[str | None] = ContextVar("ledger_actor", default=None)


def database_url(explicit: str | None = None) -> str:
    """The database URL: the explicit one, else LEDGER_DATABASE_URL, else ./ledger.db."""
    url = explicit or os.environ.get("LEDGER_DATABASE_URL") or DEFAULT_DATABASE_URL
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        # psycopg 3 is the supported driver; accept the libpq spelling users paste.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


_USER_VARS = ("LOGNAME", "USER", "LNAME", "USERNAME")
_os_user: tuple[tuple, str] | None = None


def os_user() -> str:
    """The OS user, as getpass finds it; looked up again only when the variables it reads
    change (every history append asks)."""
    global _os_user
    env = tuple(os.environ.get(v) for v in _USER_VARS)
    if _os_user is None or _os_user[0] != env:
        try:
            user = getpass.getuser()
        except Exception:  # no passwd entry (containers): fall back to a stable name
            user = os.environ.get("USER") or "unknown"
        _os_user = (env, user)
    return _os_user[1]


def current_actor() -> str:
    """Who is acting: set by `--as`, else LEDGER_ACTOR, else the OS user."""
    return _actor.get() or os.environ.get("LEDGER_ACTOR") or os_user()


def set_actor(name: str | None) -> None:
    """Name who is acting in this thread (`None`: LEDGER_ACTOR, else the OS user).

    A blank name raises ValueError; `ledger.services.acting.act_as` turns that into the
    user-facing InputError (config sits below the errors module's users, beside it).
    """
    if name is not None:
        name = name.strip()
        if not name:
            raise ValueError("--as needs a non-empty name")
    _actor.set(name)
