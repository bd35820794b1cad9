"""Who is acting: the user a shell names (the CLI's `--as`; the reviewer UI's reviewer,
whose writes run in worker threads), and units of work done on that user's behalf.

The acting user is kept per thread (`ledger.config`), so it is set in the thread that
writes, before the unit of work opens: the journal's events, the role checks and the
review rows then all name the same user.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from ledger.config import set_actor
from ledger.errors import InputError
from ledger.store.database import Database


def act_as(user: str | None) -> None:
    """Make `user` this thread's acting user (`None`: LEDGER_ACTOR, else the OS user)."""
    try:
        set_actor(user)
    except ValueError as err:
        raise InputError(str(err)) from None


@contextmanager
def writing_as(db: Database, user: str) -> Iterator[Session]:
    """`db.write()` with `user` as this thread's acting user."""
    act_as(user)
    with db.write() as session:
        yield session
