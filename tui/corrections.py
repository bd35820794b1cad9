"""Corrections in the reviewer UI: the dialogs (a speaker picked or named, a span selected
in the source text) and the screen's correction actions (speaker, span, a statement added
from the source, retraction, a claim's text, accepting a pending correction).

An editor's correction is applied at once; a reviewer's is a proposal an editor accepts
with one key (`A`). What the ledger refuses (a span that is taken, a name that names two
speakers, a version someone else moved on) opens the dialog again with what was typed and
the refusal in its error line. Dialogs return plain values and never touch the database;
the writes go through `backend` in the screen's write worker.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Selection

from ledger.errors import LedgerError

from . import backend
from .dialogs import ChoiceDialog, TextDialog, error_line, show_error
from .safe import plain, visible

CORRECTIONS_CSS = """
.dialog #source { height: 10; }
.dialog #choices { max-height: 8; }
"""


class SpeakerPickDialog(ModalScreen[str | None]):
    """Who said it: pick a speaker from the list, or type an id, a name or alias, or a new
    speaker's name (Enter). Returns the choice as text (an id for a picked speaker)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, mention: str, choices: list[dict[str, Any]], value: str = "", error=""
    ) -> None:
        super().__init__()
        self._title, self._mention, self._choices = title, mention, choices
        self._value, self._error = value, error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self._title), classes="title")
            yield Static(plain(f"written in the source: {self._mention or '(no mention)'}"))
            yield Input(
                value=self._value,
                placeholder="id, name or alias of a speaker, or a new speaker's name",
                id="name",
            )
            yield OptionList(
                *(
                    Option(
                        plain(
                            f"{c['name']}"
                            + (f" ({c['role']})" if c.get("role") else "")
                            + f"  #{c['id']}"
                            + ("  (now)" if c.get("current") else "")
                        ),
                        id=str(c["id"]),
                    )
                    for c in self._choices
                ),
                id="choices",
            )
            yield error_line(self._error)
            yield Static(
                Text("Enter: save the name typed   Tab, Enter: pick one   Escape: cancel"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if show_error(self, None if event.value.strip() else "type a name or pick a speaker"):
            return
        self.dismiss(event.value.strip())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SpanDialog(ModalScreen[dict[str, Any] | None]):
    """A span of the source text: select it (Shift+arrows or the mouse) in the source view,
    Ctrl+S saves. With `speaker=True` (adding a statement) a speaker can be named too.
    Returns {"start", "end"} (and "speaker") as offsets into the source text."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "apply", "Save")]

    def __init__(
        self,
        title: str,
        source: dict[str, Any],
        span: tuple[int, int] | None,
        *,
        speaker: bool = False,
        speaker_value: str = "",
        error: str = "",
    ) -> None:
        super().__init__()
        self._title, self._source, self._span = title, source, span
        self._speaker, self._speaker_value, self._error = speaker, speaker_value, error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self._title), classes="title")
            # read-only: the source text is never edited, only selected in
            yield TextArea(self._source["text"], read_only=True, soft_wrap=True, id="source")
            yield Static(id="selected", classes="hint")
            if self._speaker:
                yield Input(
                    value=self._speaker_value,
                    placeholder="speaker: id, name or alias, a new name, or blank",
                    id="speaker",
                )
            yield error_line(self._error)
            yield Static(
                Text("Shift+arrows select   Ctrl+S: save   Escape: cancel"), classes="hint"
            )

    def on_mount(self) -> None:
        area = self.query_one("#source", TextArea)
        if self._span is not None:
            doc = area.document
            start, end = self._span
            area.selection = Selection(
                doc.get_location_from_index(start), doc.get_location_from_index(end)
            )
            area.scroll_cursor_visible()
        area.focus()
        self._show_selected()

    def span(self) -> tuple[int, int]:
        """The selection as (start, end) offsets into the source text."""
        area = self.query_one("#source", TextArea)
        doc = area.document
        a, b = (doc.get_index_from_location(x) for x in area.selection)
        return (a, b) if a <= b else (b, a)

    @on(TextArea.SelectionChanged)
    def _show_selected(self) -> None:
        start, end = self.span()
        quote = " ".join(self._source["text"][start:end].split())
        line = Text(f"span {start}–{end}: ", style="bold")
        line.append_text(plain(quote or "(nothing selected)", 150))
        self.query_one("#selected", Static).update(line)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def action_apply(self) -> None:
        start, end = self.span()
        if show_error(self, None if end > start else "select the words of the statement first"):
            return
        values: dict[str, Any] = {"start": start, "end": end}
        if self._speaker:
            values["speaker"] = self.query_one("#speaker", Input).value.strip()
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _said(rec: dict[str, Any]) -> str:
    """The notice after a correction: applied, or waiting for approval."""
    what = f"correction {rec['id']} ({rec['kind'].replace('_', '-')} {rec['subject']})"
    if rec["state"] == "applied":
        added = (rec.get("result") or {}).get("statement_id")
        return f"{what} applied" + (f": statement #{added} added" if added else "")
    need = rec.get("required", 1)
    waits = "" if rec.get("editor_approved") else ", waiting for an editor"
    return f"{what} proposed ({len(rec['approved_by'])} of {need} approvals{waits}: A accepts)"


def _required(text: str, what: str) -> str | None:
    return None if text.strip() else f"{what} must not be empty"


class CorrectionActions:
    """The review screen's correction actions (`action_<name>` for the names in keys)."""

    def claim_version(self, d: dict[str, Any]) -> int | None:
        """The version of `d`'s claim as shown now: after a conflict, the reload's."""
        shown = self.current if self.current and self.current["id"] == d["id"] else d
        return (shown.get("claim_review") or shown.get("claim") or {}).get("version")

    def _correct(
        self,
        kind: str,
        target_id: int,
        params: dict[str, Any],
        version: int | None,
        note: str | None = None,
        retry: Any = None,
        then: Any = None,
    ) -> None:
        call = partial(
            backend.correct, self.db, kind, target_id, params, version, self.reviewer, note
        )
        self._write(call, _said, then=then, retry=retry)

    # --- speaker ----------------------------------------------------------------------

    def action_correct_speaker(self) -> None:
        d = self._need_current()
        if d is not None:
            self._pick_speaker(d, "", "")

    @work(group="dialog")
    async def _pick_speaker(self, d: dict[str, Any], value: str, error: str) -> None:
        try:
            choices = await asyncio.to_thread(backend.speaker_choices, self.db, d["id"])
        except LedgerError as err:
            self.review_app.error(err)
            return

        def done(name: str | None) -> None:
            if name:
                self._correct(
                    "speaker",
                    d["id"],
                    {"name": name},
                    self._version(),
                    retry=lambda err: self._pick_speaker(d, name, str(err)),
                    then=lambda: self.reload_queue(keep_id=d["id"]),
                )

        title = f"Speaker of statement #{d['id']}"
        self.app.push_screen(
            SpeakerPickDialog(title, d.get("speaker_mention") or "", choices, value, error), done
        )

    # --- span, and a statement added from the source ------------------------------------

    def action_correct_span(self) -> None:
        d = self._need_current()
        if d is not None:
            self._select_span(d, None, False, "", "")

    def action_add_statement(self) -> None:
        d = self._need_current()
        if d is not None:
            self._select_span(d, None, True, "", "")

    @work(group="dialog")
    async def _select_span(
        self, d: dict[str, Any], span: tuple[int, int] | None, add: bool, who: str, error: str
    ) -> None:
        try:
            src = await asyncio.to_thread(backend.source_span, self.db, d["id"])
        except LedgerError as err:
            self.review_app.error(err)
            return
        if span is None and not add:
            span = (src["start"], src["end"])
        title = visible(src.get("title") or f"source {src['source_id']}")

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            chosen = (values["start"], values["end"])
            typed = values.get("speaker") or ""
            retry = lambda err: self._select_span(d, chosen, add, typed, str(err))  # noqa: E731
            if add:
                params = {"start": chosen[0], "end": chosen[1], "speaker": typed or None}
                self._correct(
                    "add",
                    src["source_id"],
                    params,
                    None,
                    retry=retry,
                    then=lambda: self.reload_queue(keep_id=d["id"]),
                )
            else:
                params = {"start": chosen[0], "end": chosen[1]}
                self._correct("span", d["id"], params, self._version(), retry=retry)

        head = "Add a statement from" if add else f"Span of statement #{d['id']} in"
        self.app.push_screen(
            SpanDialog(f"{head} {title}", src, span, speaker=add, speaker_value=who, error=error),
            done,
        )

    # --- retraction and a claim's text ---------------------------------------------------

    def action_retract(self, value: str = "", error: str = "") -> None:
        d = self._need_current()
        if d is None:
            return

        def done(note: str | None) -> None:
            if note is not None:
                self._correct(
                    "retract",
                    d["id"],
                    {},
                    self._version(),
                    note=note,
                    retry=lambda err: self.action_retract(note, str(err)),
                    then=lambda: self.reload_queue(keep_id=d["id"]),
                )

        self.app.push_screen(
            TextDialog(
                f"Retract statement #{d['id']}: it is not a statement",
                "Why (required): it leaves its claim, links, the queue and exports",
                value,
                error=error,
                check=lambda text: _required(text, "the reason"),
            ),
            done,
        )

    def action_claim_text(self, value: str | None = None, error: str = "") -> None:
        d = self._need_current()
        if d is None:
            return
        claim = d.get("claim") or {}
        if d.get("claim_id") is None:
            self.review_app.notify(
                f"statement #{d['id']} belongs to no claim", severity="warning", markup=False
            )
            return

        def done(text: str | None) -> None:
            if text is None:
                return
            self._correct(
                "claim_text",
                d["claim_id"],
                {"text": text},
                self.claim_version(d),
                retry=lambda err: self.action_claim_text(text, str(err)),
            )

        current = claim.get("canonical_text") or "" if value is None else value
        self.app.push_screen(
            TextDialog(
                f"Text of claim {d['claim_id']} (ClaimReview's claimReviewed)",
                "the claim in a few words; reclustering keeps what you write",
                current,
                error=error,
                check=lambda text: _required(text, "a claim's text"),
            ),
            done,
        )

    # --- accepting a pending correction ---------------------------------------------------

    @work(group="dialog")
    async def action_accept_correction(self) -> None:
        d = self._need_current()
        if d is None:
            return
        try:
            pending = await asyncio.to_thread(
                backend.pending_corrections, self.db, d["id"], d.get("claim_id")
            )
        except LedgerError as err:
            self.review_app.error(err)
            return

        def accept(number: str | None) -> None:
            if number is None:
                return
            call = partial(backend.accept_correction, self.db, int(number), self.reviewer)
            self._write(call, _said, then=lambda: self.reload_queue(keep_id=d["id"]))

        if not pending:
            self.review_app.notify(
                f"no pending correction on statement #{d['id']}", severity="warning"
            )
        elif len(pending) == 1:
            accept(str(pending[0]["id"]))
        else:
            choices = [
                (
                    str(r["id"]),
                    f"{r['id']}: {r['kind'].replace('_', '-')} {r['subject']} "
                    + ", ".join(f"{k}={v}" for k, v in r["params"].items())
                    + f" by {r['proposed_by']}",
                )
                for r in pending
            ]
            self.app.push_screen(ChoiceDialog("Accept which correction?", choices), accept)
