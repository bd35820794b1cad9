"""The reviewer UI's actions, their default keys, and the user's key remapping file.

The file is TOML, found at `$LEDGER_KEYS`, else `$XDG_CONFIG_HOME/statement-ledger/keys.toml`
(`~/.config/statement-ledger/keys.toml`). It has one table, `[keys]`, mapping an action
name to a key or a list of keys:

    [keys]
    verify = "V"
    dispute = ["d", "ctrl+d"]

A file that cannot be used raises `ledger.errors.InputError` naming the file and the
problem, before the UI starts.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ledger.errors import InputError


@dataclass(frozen=True)
class Action:
    name: str  # binding id and the name used in keys.toml
    key: str  # default key(s), comma separated, Textual key names
    description: str  # shown in the footer, help and command palette
    footer: bool = True
    help: str = ""


ACTIONS: tuple[Action, ...] = (
    Action("verify", "v", "Verify", help="Verify the statement at once (no dialog)"),
    Action("dispute", "d", "Dispute", help="Dispute the statement, with an optional note"),
    Action("reject", "x", "Reject", help="Reject the statement, with an optional note"),
    Action("note", "n", "Note", help="Add a note to the statement"),
    Action("evidence", "e", "Evidence", help="Add evidence: URLs or source:ID, statement:ID"),
    Action("rate", "r", "Rate", help="Rate the statement's claim on the rating scale"),
    Action("help", "question_mark", "Help", help="Show the keys"),
    Action("quit", "q", "Quit", help="Quit"),
    Action("assign", "a", "Assign", help="Assign the statement to a reviewer (blank: nobody)"),
    Action("speaker", "s", "Speaker", help="Rename the speaker, set the role, add an alias, merge"),
    # corrections (tui/corrections.py): an editor's are applied, a reviewer's proposed
    Action(
        "correct_speaker",
        "S",
        "Set speaker",
        footer=False,
        help="Attribute the statement to another or a new speaker",
    ),
    Action(
        "correct_span",
        "T",
        "Fix span",
        footer=False,
        help="Select the quote's span anew in the source text",
    ),
    Action(
        "add_statement",
        "plus",
        "Add statement",
        footer=False,
        help="Add a missed statement: select it in the source text",
    ),
    Action(
        "retract",
        "X",
        "Retract",
        footer=False,
        help="Retract (not a statement, say why): it leaves claims, queue, exports",
    ),
    Action(
        "claim_text",
        "C",
        "Claim text",
        footer=False,
        help="Edit the claim's text (ClaimReview's claimReviewed)",
    ),
    Action(
        "accept_correction",
        "A",
        "Accept correction",
        footer=False,
        help="Accept a pending correction of this statement or claim",
    ),
    Action("undo", "u", "Undo", help="Retract my last decision on this statement"),
    Action("history", "h", "History", help="Every review entry of the statement and its claim"),
    Action("search", "slash", "Search", help="Search the quotes"),
    Action("filters", "f", "Filters", help="Filter and sort the queue"),
    Action("mine", "m", "Mine", footer=False, help="Toggle: only statements assigned to me"),
    Action(
        "order",
        "o",
        "Order",
        footer=False,
        help="Toggle the queue order: most check-worthy unreviewed first / oldest first",
    ),
    Action("confirm_link", "c", "Confirm link", footer=False, help="Confirm the selected link"),
    Action("reject_link", "b", "Break link", footer=False, help="Reject the selected link"),
    Action(
        "prior_checks",
        "p",
        "Checked before?",
        footer=False,
        help="The best prior fact-checks of the statement; link it to one (joins its claim)",
    ),
    Action(
        "confirm_conflict",
        "y",
        "Yes, they conflict",
        footer=False,
        help="Confirm the selected conflict suggestion (the two stay in different claims)",
    ),
    Action(
        "reject_conflict",
        "N",
        "Not a conflict",
        footer=False,
        help="Reject the selected conflict suggestion",
    ),
    Action(
        "next_conflict",
        "right_square_bracket",
        "Next conflict",
        footer=False,
        help="Select the next conflict suggestion and scroll to it",
    ),
    Action("export", "E", "Export", footer=False, help="Export verified claims as ClaimReview"),
    Action("reload", "ctrl+r", "Reload", footer=False, help="Reload the queue and the statement"),
    Action(
        "switch_pane",
        "tab",
        "Pane",
        footer=False,
        help="Next pane: queue, detail, appearances, diff (j/k, PgUp/PgDn scroll the detail and diff)",
    ),
    Action("cursor_down", "j", "Down", footer=False, help="Next row (also the down arrow)"),
    Action("cursor_up", "k", "Up", footer=False, help="Previous row (also the up arrow)"),
)
ACTION_NAMES = tuple(a.name for a in ACTIONS)
#: the footer's keys, most used first: as many as fit the width are shown, whole; the rest
#: are in help (`?`) and the command palette, which the footer always names last
FOOTER = (
    "verify",
    "dispute",
    "reject",
    "rate",
    "note",
    "evidence",
    "undo",
    "search",
    "filters",
    "history",
    "prior_checks",
    "assign",
    "speaker",
    "quit",
)

_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[a-z][a-z0-9_]*|\S)$", re.I)


def keys_path() -> Path:
    """Where the remapping file is looked for."""
    explicit = os.environ.get("LEDGER_KEYS")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "statement-ledger" / "keys.toml"


def _normalise(key: str) -> str:
    """The name Textual binds `key` under ("?" and "question_mark" are one key)."""
    # Textual only once a keys file is read: the action table above loads without it.
    from textual.binding import Binding

    [binding] = Binding.make_bindings([Binding(key, "")])
    return binding.key


def parse_keymap(text: str, where: str) -> dict[str, str]:
    """The keymap (action name → comma-separated keys) in TOML `text` read from `where`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"keys file {where}: not valid TOML: {err}") from None
    extra = sorted(set(data) - {"keys"})
    if extra:
        raise InputError(f"keys file {where}: unknown section or key {extra[0]!r} (only [keys])")
    table = data.get("keys", {})
    if not isinstance(table, dict):
        raise InputError(f"keys file {where}: 'keys' must be a table ([keys])")
    keymap: dict[str, str] = {}
    owner: dict[str, str] = {}
    for name, value in table.items():
        if name not in ACTION_NAMES:
            raise InputError(
                f"keys file {where}: unknown action {name!r} (known: {', '.join(ACTION_NAMES)})"
            )
        keys = [value] if isinstance(value, str) else value
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            raise InputError(
                f"keys file {where}: {name} must be a key or a list of keys, not {value!r}"
            )
        for key in keys:
            if not _KEY.match(key) or key in (",", "+"):
                raise InputError(f"keys file {where}: {name}: {key!r} is not a key name")
            norm = _normalise(key)
            if norm in owner and owner[norm] != name:
                raise InputError(
                    f"keys file {where}: key {key!r} is given to both {owner[norm]} and {name}"
                )
            owner[norm] = name
        keymap[name] = ",".join(keys)
    # A default key still in use by an action the file did not remap would now do two things.
    for action in ACTIONS:
        if action.name in keymap:
            continue
        for key in action.key.split(","):
            norm = _normalise(key)
            if norm in owner:
                raise InputError(
                    f"keys file {where}: key {key!r} of {owner[norm]} is still the default "
                    f"key of {action.name}: remap {action.name} too"
                )
    return keymap


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The user's keymap from `path` (default: `keys_path()`); empty when there is no file."""
    explicit = path is not None or bool(os.environ.get("LEDGER_KEYS"))
    path = path or keys_path()
    if not path.exists():
        if explicit:
            raise InputError(f"keys file {path}: does not exist")
        return {}
    if not path.is_file():
        raise InputError(f"keys file {path}: is not a regular file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"keys file {path}: cannot be read: {err}") from None
    return parse_keymap(text, str(path))
