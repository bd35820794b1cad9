"""User-facing errors: one line, naming what failed and why; the CLI prints them without a traceback."""

from __future__ import annotations

from typing import Any


def printable(text: str) -> str:
    """`text` with control characters (C0, DEL, C1: terminal escapes) shown as \\xNN."""
    return "".join(f"\\x{ord(ch):02x}" if ch < " " or "\x7f" <= ch <= "\x9f" else ch for ch in text)


def is_number(text: str) -> bool:
    """Whether `text` is a plain decimal number, as an id typed by a user is (`str.isdigit`
    also accepts superscripts and other digits that `int` refuses)."""
    return text.isascii() and text.isdigit()


class LedgerError(Exception):
    """An error the user can act on. `str(err)` is the whole one-line message.

    Messages often quote untrusted text (file names, values); control characters in it
    are made visible so that printing a message never sends a terminal escape.
    """

    exit_code = 1

    def __init__(self, *args: object) -> None:
        super().__init__(*(printable(a) if isinstance(a, str) else a for a in args))


class InputError(LedgerError):
    """A file, line or argument could not be used."""


class DatabaseError(LedgerError):
    """The database could not be opened, is locked, or has an unknown schema."""

    exit_code = 3


class ConflictError(LedgerError):
    """A decision was made on a stale version of a record (optimistic concurrency).

    Besides the message, what a UI needs to offer the change again: the record
    (`subject`, e.g. "statement:12"), its `current_version`, the `changes` made after the
    version the user saw (review entries and field changes, as plain data) and the refused
    `attempt` (verdict or action, note, evidence, reviewer). A field not known is None
    (`changes`: empty), as when a lease, not a version, stood in the way.
    """

    exit_code = 4

    def __init__(
        self,
        message: str,
        *,
        subject: str | None = None,
        current_version: int | None = None,
        changes: list[dict[str, Any]] | None = None,
        attempt: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.subject = subject
        self.current_version = current_version
        self.changes: list[dict[str, Any]] = list(changes or [])
        self.attempt = attempt


class PermissionDenied(LedgerError):
    """The acting user's role does not allow the action."""

    exit_code = 5


class IntegrityFailure(LedgerError):
    """`ledger verify` found history or state that does not fit the chain."""

    exit_code = 2
