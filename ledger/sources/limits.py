"""What one source may hold besides its bytes (`inputs.DEFAULT_MAX_MB`), so that a file
inside the size limit cannot exhaust memory: statements, speakers and the links its
statements make. One place for the bounds; a source over one is refused whole, with a
one-line error naming the file and the bound, and nothing of it is stored.

The defaults are far above real sources: a two-hour debate transcript has about 2,000
sentences, a long article a few hundred statements and a few dozen speakers. Each can be
set for a process by an environment variable (`LEDGER_MAX_STATEMENTS`, …), read when a
source is checked, so worker processes see the same.
"""

from __future__ import annotations

import os

from ledger.errors import InputError, is_number

#: statements in one source (given in JSONL, or extracted from its text)
MAX_STATEMENTS = 20_000
#: distinct speakers of one source
MAX_SPEAKERS = 5_000
#: links one source's statements make (to stored statements and among themselves)
MAX_LINKS = 200_000

_NAMES = {"statements": "MAX_STATEMENTS", "speakers": "MAX_SPEAKERS", "links": "MAX_LINKS"}


class OverLimit(InputError):
    """A source holds more than one of the bounds allows."""


def _variable(what: str) -> str:
    return f"LEDGER_{_NAMES[what]}"


def bound(what: str) -> int:
    """The bound on `what` ("statements", "speakers" or "links") per source: the
    environment variable if set, else the default above."""
    raw = os.environ.get(_variable(what))
    if raw is None or not raw.strip():
        return globals()[_NAMES[what]]
    if not is_number(raw.strip()) or int(raw) < 1:
        raise InputError(f"{_variable(what)}={raw[:40]!r}: want a whole number of at least 1")
    return int(raw)


def check(origin: str, what: str, count: int, most: int | None = None) -> None:
    """Refuse a source with more than `most` (default: `bound(what)`) `what`."""
    most = bound(what) if most is None else most
    if count > most:
        raise OverLimit(
            f"{origin}: over {most:,} {what} in one source (the limit per source, "
            f"{_variable(what)}); nothing of it stored"
        )
