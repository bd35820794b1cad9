"""What one source may hold besides its bytes (`inputs.DEFAULT_MAX_MB`), so that a file
inside the size limit cannot exhaust memory: statements, speakers and the links its
statements make. One place for the bounds; a source over one is refused whole, with a
one-line error naming the file and the bound, and nothing of it is stored.

The defaults are far above real sources: a two-hour debate transcript has about 2,000
sentences, a long article a few hundred statements and a few dozen speakers.
"""

from __future__ import annotations

from ledger.errors import InputError

#: statements in one source (given in JSONL, or extracted from its text)
MAX_STATEMENTS = 20_000
#: distinct speakers of one source
MAX_SPEAKERS = 5_000
#: links one source's statements make (to stored statements and among themselves)
MAX_LINKS = 200_000


class OverLimit(InputError):
    """A source holds more than one of the bounds allows."""


def check(origin: str, what: str, count: int, bound: int) -> None:
    """Refuse a source with more than `bound` `what` (say, "statements")."""
    if count > bound:
        raise OverLimit(
            f"{origin}: over {bound:,} {what} in one source (the limit per source); "
            "nothing of it stored"
        )
