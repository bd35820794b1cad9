"""Modal dialogs of the reviewer UI: text input, a choice from a list, the filters, the
speaker editor, the history, the prior fact-checks ("checked before?") and the help screen.
Dialogs return plain values through `dismiss`; they never touch the database. Untrusted
text is shown as plain `Text`.

Nothing typed is lost: a dialog given a `check` runs it before it closes and, when the
check refuses the values, shows why in its error line and keeps every field; a dialog
opened again after the ledger refused what it returned (a bad piece of evidence, a version
conflict) is given the same values and the refusal as its `error`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from .backend import (
    HEDGING_LEVELS,
    SORTS,
    STATUSES,
    History,
    ReviewEntry,
    SpeakerView,
)

# "checked before?" has a module of its own; it is still imported from here
from .prior_dialog import PriorChecksDialog as PriorChecksDialog
from .safe import plain, visible

DIALOG_CSS = """
ModalScreen { align: center middle; }
.dialog {
    width: 76; max-width: 100%; height: auto; max-height: 100%;
    border: thick $accent; background: $surface; padding: 0 1;
}
.dialog .title { text-style: bold; width: 100%; }
.dialog .hint { color: $text-muted; width: 100%; }
.dialog .error { color: $error; width: 100%; height: auto; }
.dialog Grid { grid-size: 2; grid-columns: 12 1fr; height: auto; grid-gutter: 0 1; }
.dialog Grid Label { height: 1; }
.dialog OptionList { height: auto; max-height: 14; }
.dialog VerticalScroll { height: auto; max-height: 18; }
.dialog #checks { height: auto; max-height: 7; }
.dialog #check { height: auto; max-height: 7; }
"""


#: checks a dialog's values before it closes: the refusal to show, or None
Check = Callable[[Any], str | None]


def error_line(message: str = "") -> Static:
    """The dialog's error line (empty until a check or the ledger refuses what was typed)."""
    line = Static(plain(message), classes="error", id="error")
    line.display = bool(message)
    return line


def show_error(screen: ModalScreen, message: str | None) -> bool:
    """Show `message` in `screen`'s error line; whether there was one (the dialog stays)."""
    line = screen.query_one("#error", Static)
    line.update(plain(message or ""))
    line.display = bool(message)
    return bool(message)


class TextDialog(ModalScreen[str | None]):
    """One line of text; Enter accepts, Escape cancels (None). `check` (text → refusal or
    None) keeps the dialog open with the text and the refusal; `error` opens it with one."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        hint: str = "",
        value: str = "",
        placeholder: str = "",
        *,
        error: str = "",
        check: Check | None = None,
    ) -> None:
        super().__init__()
        self._title, self._hint, self._value, self._placeholder = title, hint, value, placeholder
        self._error, self._check = error, check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self._title), classes="title")
            if self._hint:
                yield Static(plain(self._hint), classes="hint")
            yield Input(value=self._value, placeholder=self._placeholder, id="text")
            yield error_line(self._error)
            yield Static(Text("Enter: save   Escape: cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._check is not None and show_error(self, self._check(event.value)):
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """A choice among (value, label) pairs; Enter picks, Escape cancels (None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, choices: list[tuple[str, str]], hint: str = "", error: str = ""
    ) -> None:
        super().__init__()
        self._title, self._choices, self._hint, self._error = title, choices, hint, error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self._title), classes="title")
            if self._hint:
                yield Static(plain(self._hint), classes="hint")
            yield OptionList(
                *(Option(plain(label), id=value) for value, label in self._choices),
                id="choices",
            )
            yield error_line(self._error)
            yield Static(Text("Enter: choose   Escape: cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _select(options: tuple[str, ...], value: str | None, id: str) -> Select:
    return Select(
        [(o, o) for o in options],
        value=value if value in options else Select.NULL,
        prompt="any",
        allow_blank=True,
        compact=True,
        id=id,
    )


class FiltersDialog(ModalScreen[dict[str, Any] | None]):
    """The queue's filters and order. Returns a dict of field → value (None: any)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
    ]
    TEXT_FIELDS = (
        ("speaker", "speaker", "id, part of a name or alias"),
        ("source", "source", "id, part of title, outlet or URL"),
        ("since", "from", "YYYY-MM-DD"),
        ("until", "to", "YYYY-MM-DD"),
        ("search", "text", "words in the quote"),
    )

    def __init__(
        self, current: dict[str, Any], *, check: Check | None = None, error: str = ""
    ) -> None:
        """`check` (the values → refusal or None) keeps the dialog open on a bad value."""
        super().__init__()
        self._current = current
        self._check, self._error = check, error

    def compose(self) -> ComposeResult:
        c = self._current
        with Vertical(classes="dialog"):
            yield Static(Text("Filters"), classes="title")
            with Grid():
                yield Label("status")
                yield _select(STATUSES, c.get("status"), "status")
                for key, label, hint in self.TEXT_FIELDS:
                    yield Label(label)
                    value = c.get(key)
                    yield Input(
                        value="" if value is None else str(value),
                        placeholder=hint,
                        compact=True,
                        id=key,
                    )
                yield Label("hedging")
                yield _select(HEDGING_LEVELS, c.get("hedging"), "hedging")
                yield Label("assigned")
                yield _select(("me",), "me" if c.get("mine") else None, "mine")
                yield Label("order")
                yield Select(
                    [(s, s) for s in SORTS],
                    value=c.get("sort") or "id",
                    allow_blank=False,
                    compact=True,
                    id="sort",
                )
            yield error_line(self._error)
            yield Static(
                Text("Tab: next field   Enter or Ctrl+S: apply   Escape: cancel"), classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one("#status", Select).focus()

    def _values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("status", "hedging", "sort"):
            value = self.query_one(f"#{key}", Select).value
            out[key] = None if value is Select.NULL else value
        out["mine"] = self.query_one("#mine", Select).value == "me"
        for key, _, _ in self.TEXT_FIELDS:
            value = self.query_one(f"#{key}", Input).value.strip()
            out[key] = value or None
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def action_apply(self) -> None:
        values = self._values()
        if self._check is not None and show_error(self, self._check(values)):
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SpeakerDialog(ModalScreen[dict[str, Any] | None]):
    """Edit a speaker: rename, set the role, add an alias, or merge into another speaker."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "apply", "Apply")]

    def __init__(
        self, speaker: SpeakerView, values: dict[str, str] | None = None, error: str = ""
    ) -> None:
        """`values`: what was typed before the ledger refused it (`error`), shown again."""
        super().__init__()
        self._speaker, self._error = speaker, error
        self._typed = values or {
            "name": visible(speaker["name"]),
            "role": visible(speaker.get("role") or ""),
        }

    def compose(self) -> ComposeResult:
        sp = self._speaker
        with Vertical(classes="dialog"):
            yield Static(plain(f"Speaker {sp['id']}: {sp['name']}"), classes="title")
            yield Static(plain("aliases: " + ", ".join(sp.get("aliases") or []) or "-"))
            with Grid():
                typed = self._typed
                yield Label("name")
                yield Input(value=typed.get("name", ""), compact=True, id="name")
                yield Label("role")
                yield Input(value=typed.get("role", ""), compact=True, id="role")
                yield Label("add alias")
                yield Input(
                    value=typed.get("alias", ""),
                    placeholder="another name",
                    compact=True,
                    id="alias",
                )
                yield Label("merge into")
                yield Input(
                    value=typed.get("merge_into", ""),
                    placeholder="id, name or alias of the speaker to keep",
                    compact=True,
                    id="merge_into",
                )
            yield error_line(self._error)
            yield Static(Text("Enter or Ctrl+S: save   Escape: cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def action_apply(self) -> None:
        values = {k: self.query_one(f"#{k}", Input).value.strip() for k in ("name", "role")}
        values["alias"] = self.query_one("#alias", Input).value.strip()
        values["merge_into"] = self.query_one("#merge_into", Input).value.strip()
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _entry_line(e: ReviewEntry) -> Text:
    t = Text()
    t.append(visible(e.get("created_at") or ""), style="dim")
    t.append("  ")
    t.append(visible(e.get("reviewer")), style="bold")
    t.append("  ")
    verdict = visible(e.get("verdict"))
    if e.get("verdict") == "retract":
        verdict += f" #{e.get('retracts_id')}"
    t.append(verdict, style="strike dim" if e.get("retracted") else "cyan")
    if e.get("retracted"):
        t.append(" (retracted)", style="dim")
    if e.get("note"):
        t.append("  note: ")
        t.append(visible(e["note"]))
    if e.get("evidence"):
        t.append("  evidence: ")
        t.append(visible(", ".join(e["evidence"])))
    return t


class HistoryScreen(ModalScreen[None]):
    """The review log of a statement and of its claim, oldest first."""

    BINDINGS = [Binding("escape,q,h", "close", "Close")]

    def __init__(self, statement_id: int, log: History) -> None:
        super().__init__()
        self._sid, self._log = statement_id, log

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"History of statement {self._sid}"), classes="title")
            with VerticalScroll(id="log"):
                entries = self._log.get("statement") or []
                if not entries:
                    yield Static(Text("no review entries", style="dim"))
                for e in entries:
                    yield Static(_entry_line(e))
                claim = self._log.get("claim") or []
                if claim:
                    yield Static(Text("claim", style="bold underline"))
                    for e in claim:
                        yield Static(_entry_line(e))
            yield Static(Text("Escape: close"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every action with its current key(s)."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Keys (remap them in keys.toml, see docs)"), classes="title")
            with VerticalScroll():
                for keys, name, text in self._rows:
                    line = Text()
                    line.append(f"{keys:>8}", style="bold")
                    line.append(f"  {name:<16}", style="cyan")
                    line.append(text)
                    yield Static(line)
            yield Static(Text("Ctrl+P: command palette   Escape: close"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class ExportDialog(ModalScreen[dict[str, str] | None]):
    """Where to write the ClaimReview export and which organisation publishes it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "apply", "Export")]

    def __init__(self, path: str, org_name: str, org_url: str) -> None:
        super().__init__()
        self._values = {"path": path, "org_name": org_name, "org_url": org_url}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Export ClaimReview (claims with a final rating)"), classes="title")
            with Grid():
                for key, label in (
                    ("path", "file"),
                    ("org_name", "organisation"),
                    ("org_url", "its site"),
                ):
                    yield Label(label)
                    yield Input(value=self._values[key], compact=True, id=key)
            yield Static(
                Text("The file must not exist yet.  Enter: export   Escape: cancel"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def action_apply(self) -> None:
        self.dismiss({k: self.query_one(f"#{k}", Input).value.strip() for k in self._values})

    def action_cancel(self) -> None:
        self.dismiss(None)
