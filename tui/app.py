"""The reviewer app: one screen with the queue, the statement detail and its appearances.

Every database call runs in a worker (`asyncio.to_thread` inside Textual async workers), one
session per call (see `backend`); results arrive as plain dicts. A write carries the
version the reviewer saw; a `ConflictError` is shown as it is and the item reloaded.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ledger.errors import ConflictError, InputError, LedgerError
from ledger.services.query import StatementFilter
from ledger.services.queue import PAGE, QueueQuery
from ledger.store.db import Database

from . import backend
from .dialogs import (
    DIALOG_CSS,
    ChoiceDialog,
    ExportDialog,
    FiltersDialog,
    HelpScreen,
    HistoryScreen,
    SpeakerDialog,
    TextDialog,
)
from .keys import ACTIONS
from .safe import visible
from .widgets import AppearancesTable, DetailPane, DiffView, QueueTable

CSS = (
    """
#bar { height: 1; background: $primary; color: $text; padding: 0 1; }
#queue { height: 40%; min-height: 6; }
#lower { height: 1fr; }
#detail-scroll { width: 3fr; border-top: solid $accent; padding: 0 1; }
#right { width: 2fr; border-top: solid $accent; }
#appearances { height: 1fr; min-height: 4; }
#diff { height: auto; max-height: 8; padding: 0 1; border-top: dashed $accent; }
"""
    + DIALOG_CSS
)


def _date(value: str | None, label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{label} {value!r} is not a date (YYYY-MM-DD)") from None


class ReviewScreen(Screen):
    """The one screen a reviewer lives in."""

    BINDINGS = [
        Binding(a.key, a.name, a.description, show=a.footer, id=a.name)
        for a in ACTIONS
        if a.name != "switch_pane"
    ] + [Binding("tab", "switch_pane", "Pane", show=False, id="switch_pane", priority=True)]

    def __init__(self) -> None:
        super().__init__()
        self.query_state = QueueQuery()
        self.rows: list[dict[str, Any]] = []
        self.generation = 0
        self.exhausted = False
        self.loading = False
        self.total: int | None = None
        self.capped = False
        self.current: dict[str, Any] | None = None
        self.current_id: int | None = None

    @property
    def review_app(self) -> ReviewApp:
        return self.app  # type: ignore[return-value]

    @property
    def db(self) -> Database:
        return self.review_app.db

    @property
    def reviewer(self) -> str:
        return self.review_app.reviewer

    def compose(self) -> ComposeResult:
        yield Static(id="bar")
        yield QueueTable(id="queue")
        with Horizontal(id="lower"):
            with VerticalScroll(id="detail-scroll"):
                yield DetailPane(id="detail")
            with Vertical(id="right"):
                yield AppearancesTable(id="appearances")
                yield DiffView(id="diff")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DetailPane).show_empty("loading…")
        self.query_one(DiffView).show(None)
        self.query_one(QueueTable).focus()
        self.reload_queue()

    # --- the queue ---------------------------------------------------------------------

    def _bar(self) -> None:
        f = self.query_state.filter
        parts = [f"{k}={visible(v)}" for k, v in vars(f).items() if v not in (None, "")]
        total = "…" if self.total is None else f"{self.total:,}" + ("+" if self.capped else "")
        text = Text()
        text.append("Statement Ledger", style="bold")
        text.append(f"  {total} statements  ")
        text.append("reviewer ")
        text.append(visible(self.reviewer), style="bold")
        text.append(f"  order {self.query_state.sort}")
        if parts:
            text.append("  filter: ")
            text.append(" ".join(parts), style="italic")
        self.query_one("#bar", Static).update(text)

    def reload_queue(self, keep_id: int | None = None) -> None:
        self.generation += 1
        self.rows = []
        self.exhausted = False
        self.loading = True
        self.total = None
        self.query_one(QueueTable).clear()
        self._bar()
        # The count starts once the first page is shown: it may read much more than a page.
        self._load_page(self.generation, None, keep_id)

    @work(group="queue")
    async def _load_page(self, gen: int, after: dict | None, keep_id: int | None = None) -> None:
        try:
            rows = await asyncio.to_thread(
                backend.page, self.db, self.query_state, after, self.review_app.page_size
            )
        except LedgerError as err:
            self.loading = False
            self.review_app.error(err)
            return
        if gen != self.generation or not self.is_attached:
            return
        self.loading = False
        self.exhausted = len(rows) < self.review_app.page_size
        table = self.query_one(QueueTable)
        first = not self.rows
        self.rows.extend(rows)
        table.add_queue_rows(rows)
        if not first and not self.exhausted:
            table.call_after_refresh(table.check_end)  # still near the end: the next page
        if first:
            self._load_count(gen)
            if not rows:
                self.current, self.current_id = None, None
                self.query_one(DetailPane).show_empty("no statements match the filters")
                self.query_one(AppearancesTable).show([])
                self.query_one(DiffView).show(None)
                return
            index = 0
            if keep_id is not None:
                index = next((i for i, r in enumerate(rows) if r["id"] == keep_id), 0)
            table.move_cursor(row=index)
            self._select(rows[index]["id"])

    @work(group="count", exclusive=True)
    async def _load_count(self, gen: int) -> None:
        try:
            total, capped = await asyncio.to_thread(backend.count, self.db, self.query_state)
        except LedgerError:
            return
        if gen == self.generation and self.is_attached:
            self.total, self.capped = total, capped
            self._bar()

    @on(QueueTable.NeedMore)
    def _more(self) -> None:
        if self.loading or self.exhausted or not self.rows:
            return
        self.loading = True
        last = self.rows[-1]
        self._load_page(self.generation, {"id": last["id"], "stated_on": last["stated_on"]})

    @on(DataTable.RowHighlighted, "#queue")
    def _queue_moved(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None or event.row_key.value is None:
            return
        sid = int(event.row_key.value)
        if sid != self.current_id:
            self._select(sid)

    @on(DataTable.RowHighlighted, "#appearances")
    def _appearance_moved(self, event: DataTable.RowHighlighted) -> None:
        self.query_one(DiffView).show(self.query_one(AppearancesTable).selected())

    # --- the statement shown -----------------------------------------------------------

    def _select(self, sid: int) -> None:
        self.current_id = sid
        self._load_detail(sid)

    @work(group="detail", exclusive=True)
    async def _load_detail(self, sid: int) -> None:
        try:
            d = await asyncio.to_thread(backend.detail, self.db, sid)
        except LedgerError as err:
            self.review_app.error(err)
            return
        if sid != self.current_id or not self.is_attached:
            return
        self.current = d
        self.query_one(DetailPane).show(d)
        self.query_one(AppearancesTable).show(d["appearances"])
        first_here = not any(a.get("first") for a in d["appearances"])
        self.query_one(DiffView).show(
            d["appearances"][0] if d["appearances"] else None, first_here=first_here
        )
        status = (d.get("review") or {}).get("status") or d["status"]
        row = next((r for r in self.rows if r["id"] == sid), None)
        # Updating a cell re-renders the whole table: only when the status really moved.
        if row is not None and row["status"] != status:
            row["status"] = status
            self.query_one(QueueTable).set_status(sid, status)
        self.review_app.detail_shown(sid)

    def _need_current(self) -> dict[str, Any] | None:
        if self.current is None or self.current["id"] != self.current_id:
            self.app.bell()
            self.review_app.notify("no statement loaded yet", severity="warning", markup=False)
            return None
        return self.current

    def _version(self) -> int:
        assert self.current is not None
        return (self.current.get("review") or self.current)["version"]

    @work(group="write")
    async def _write(
        self, call: Callable[[], Any], done: str, then: Callable[[], None] | None = None
    ) -> None:
        """Run one write; on a conflict show who changed what, then reload the item."""
        sid = self.current_id
        try:
            await asyncio.to_thread(call)
        except ConflictError as err:
            self.review_app.notify(
                str(err), title="Changed meanwhile", severity="warning", timeout=15, markup=False
            )
        except LedgerError as err:
            self.review_app.error(err)
        except Exception as err:  # a bug or a lost connection must not take the UI down
            self.review_app.error(RuntimeError(f"not stored: {type(err).__name__}: {err}"))
        else:
            self.review_app.notify(done, markup=False, timeout=3)
            if then is not None and self.is_attached:
                then()
                return
        if sid is not None and sid == self.current_id and self.is_attached:
            self._load_detail(sid)

    # --- actions -----------------------------------------------------------------------

    def _decide(self, verdict: str, note: str | None = None) -> None:
        d = self._need_current()
        if d is None:
            return
        call = partial(
            backend.decide, self.db, d["id"], verdict, self._version(), self.reviewer, note
        )
        self._write(call, f"#{d['id']} {verdict}")

    def action_verify(self) -> None:
        self._decide("verified")

    def _decide_with_note(self, verdict: str, label: str) -> None:
        d = self._need_current()
        if d is None:
            return

        def done(note: str | None) -> None:
            if note is not None:
                self._decide(verdict, note or None)

        self.app.push_screen(
            TextDialog(f"{label} statement #{d['id']}", "Note (optional), Enter to confirm"), done
        )

    def action_dispute(self) -> None:
        self._decide_with_note("disputed", "Dispute")

    def action_reject(self) -> None:
        self._decide_with_note("rejected", "Reject")

    def action_note(self) -> None:
        d = self._need_current()
        if d is None:
            return

        def done(text: str | None) -> None:
            if text and text.strip():
                call = partial(backend.note, self.db, d["id"], text, self._version(), self.reviewer)
                self._write(call, f"note added to #{d['id']}")

        self.app.push_screen(TextDialog(f"Note on statement #{d['id']}"), done)

    def action_evidence(self) -> None:
        d = self._need_current()
        if d is None:
            return

        def done(text: str | None) -> None:
            items = [t for t in (text or "").replace(",", " ").split() if t]
            if items:
                call = partial(
                    backend.evidence, self.db, d["id"], items, self._version(), self.reviewer
                )
                self._write(call, f"evidence added to #{d['id']}")

        self.app.push_screen(
            TextDialog(
                f"Evidence for statement #{d['id']}",
                "http(s) URLs, source:ID or statement:ID, separated by spaces",
            ),
            done,
        )

    def action_rate(self) -> None:
        d = self._need_current()
        if d is None:
            return
        if d.get("claim_id") is None:
            self.review_app.notify(
                f"statement #{d['id']} belongs to no claim yet (run ledger link)",
                severity="warning",
                markup=False,
            )
            return
        self._rate(d)

    @work(group="dialog")
    async def _rate(self, d: dict[str, Any]) -> None:
        try:
            scale = await asyncio.to_thread(backend.rating_scale, self.db)
        except LedgerError as err:
            self.review_app.error(err)
            return
        choices = []
        for entry in scale:
            value = entry.get("ratingValue")
            label = entry.get("alternateName") or entry["name"]
            choices.append((entry["name"], f"{label}" + (f" ({value})" if value else "")))
        claim = d.get("claim") or {}

        def done(rating: str | None) -> None:
            if rating is None:
                return
            version = (d.get("claim_review") or claim).get("version") or claim.get("version")
            call = partial(backend.rate, self.db, d["claim_id"], rating, version, self.reviewer)
            self._write(call, f"claim {d['claim_id']} rated {rating}")

        self.app.push_screen(
            ChoiceDialog(
                f"Rate claim {d['claim_id']}",
                choices,
                hint=visible(claim.get("canonical_text") or "")[:200],
            ),
            done,
        )

    def action_assign(self) -> None:
        d = self._need_current()
        if d is None:
            return

        def done(who: str | None) -> None:
            if who is None:
                return
            call = partial(
                backend.assign,
                self.db,
                d["id"],
                who.strip() or None,
                self._version(),
                self.reviewer,
            )
            self._write(call, f"#{d['id']} assigned to {who.strip() or 'nobody'}")

        current = (d.get("review") or d).get("assigned_to") or self.reviewer
        self.app.push_screen(
            TextDialog(f"Assign statement #{d['id']}", "Reviewer name (blank: nobody)", current),
            done,
        )

    def action_speaker(self) -> None:
        d = self._need_current()
        if d is None:
            return
        sp = d.get("speaker")
        if not sp:
            self.review_app.notify(
                "this statement has no speaker to edit", severity="warning", markup=False
            )
            return

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            call = partial(backend.edit_speaker, self.db, sp["id"], self.reviewer, **values)
            self._write(
                call, f"speaker {sp['id']} saved", then=lambda: self.reload_queue(keep_id=d["id"])
            )

        self.app.push_screen(SpeakerDialog(sp), done)

    def action_undo(self) -> None:
        d = self._need_current()
        if d is None:
            return
        self._write(partial(backend.undo, self.db, d["id"], self.reviewer), "undone")

    @work(group="dialog")
    async def action_history(self) -> None:
        d = self._need_current()
        if d is None:
            return
        try:
            log = await asyncio.to_thread(backend.history, self.db, d["id"], d.get("claim_id"))
        except LedgerError as err:
            self.review_app.error(err)
            return
        self.app.push_screen(HistoryScreen(d["id"], log))

    def action_search(self) -> None:
        def done(text: str | None) -> None:
            if text is not None:
                self.apply(self.query_state.with_filter(search=text.strip() or None))

        self.app.push_screen(
            TextDialog(
                "Search quotes",
                "words in the quote (blank: all)",
                self.query_state.filter.search or "",
            ),
            done,
        )

    def action_filters(self) -> None:
        f = self.query_state.filter
        current = {
            **{k: v for k, v in vars(f).items()},
            "mine": f.assigned_to == self.reviewer and f.assigned_to is not None,
            "sort": self.query_state.sort,
        }

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            try:
                q = QueueQuery(
                    StatementFilter(
                        speaker=values["speaker"],
                        source=values["source"],
                        status=values["status"],
                        since=_date(values["since"], "from"),
                        until=_date(values["until"], "to"),
                        search=values["search"],
                        hedging=values["hedging"],
                        assigned_to=self.reviewer if values["mine"] else None,
                    ),
                    sort=values["sort"] or "id",
                )
                q.validate()
            except LedgerError as err:
                self.review_app.error(err)
                return
            self.apply(q)

        self.app.push_screen(FiltersDialog(current), done)

    def action_mine(self) -> None:
        mine = None if self.query_state.filter.assigned_to else self.reviewer
        self.apply(self.query_state.with_filter(assigned_to=mine))

    def apply(self, q: QueueQuery) -> None:
        """Show the queue under a new filter or order."""
        try:
            q.validate()
        except LedgerError as err:
            self.review_app.error(err)
            return
        self.query_state = q
        self.reload_queue()

    def action_reload(self) -> None:
        self.reload_queue(keep_id=self.current_id)

    def _decide_link(self, decision: str) -> None:
        d = self._need_current()
        if d is None:
            return
        item = self.query_one(AppearancesTable).selected()
        if item is None:
            self.review_app.notify("no linked statement selected", severity="warning")
            return
        call = partial(backend.decide_link, self.db, d["id"], item["id"], decision, self.reviewer)
        self._write(call, f"link #{d['id']}–#{item['id']} {decision}ed")

    def action_confirm_link(self) -> None:
        self._decide_link("confirm")

    def action_reject_link(self) -> None:
        self._decide_link("reject")

    def action_export(self) -> None:
        app = self.review_app

        def done(values: dict[str, str] | None) -> None:
            if values and values["path"]:
                app.org_name, app.org_url = values["org_name"], values["org_url"]
                self._export(values["path"], values["org_name"], values["org_url"])

        self.app.push_screen(ExportDialog("claimreview.json", app.org_name, app.org_url), done)

    @work(group="write")
    async def _export(self, path: str, org_name: str, org_url: str) -> None:
        try:
            n, notes = await asyncio.to_thread(
                backend.export_claimreview, self.db, path, org_name, org_url, self.reviewer
            )
        except LedgerError as err:
            self.review_app.error(err)
            return
        for note in notes:
            self.review_app.notify(note, severity="warning", markup=False)
        self.review_app.notify(f"exported {n} ClaimReview record(s) to {path}", markup=False)

    def action_switch_pane(self) -> None:
        queue, links = self.query_one(QueueTable), self.query_one(AppearancesTable)
        (links if queue.has_focus else queue).focus()

    def _table(self) -> DataTable:
        focused = self.app.focused
        return focused if isinstance(focused, DataTable) else self.query_one(QueueTable)

    def action_cursor_down(self) -> None:
        self._table().action_cursor_down()

    def action_cursor_up(self) -> None:
        self._table().action_cursor_up()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.review_app.key_rows()))

    def action_quit(self) -> None:
        self.app.exit()


class ReviewApp(App):
    """`ledger review`: the reviewer UI over an opened ledger database."""

    CSS = CSS
    TITLE = "Statement Ledger"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        db: Database,
        reviewer: str,
        keymap: dict[str, str] | None = None,
        page_size: int = PAGE,
        org_name: str = "",
        org_url: str = "",
    ) -> None:
        super().__init__()
        self.org_name, self.org_url = org_name, org_url
        self.db = db
        self.reviewer = reviewer
        self.page_size = page_size
        self._user_keymap = keymap or {}
        self.shown: list[int] = []  # statement ids whose detail was shown, in order

    def get_default_screen(self) -> Screen:
        return ReviewScreen()

    def on_mount(self) -> None:
        if self._user_keymap:
            self.set_keymap(self._user_keymap)

    def detail_shown(self, sid: int) -> None:
        self.shown.append(sid)

    def error(self, err: Exception) -> None:
        self.bell()
        self.notify(str(err), title="Error", severity="error", timeout=10, markup=False)

    def keys_for(self, name: str) -> str:
        action = next(a for a in ACTIONS if a.name == name)
        keys = self._keymap.get(name, action.key) if hasattr(self, "_keymap") else action.key
        return ", ".join(self.get_key_display(Binding(k, name)) for k in keys.split(","))

    def key_rows(self) -> list[tuple[str, str, str]]:
        return [(self.keys_for(a.name), a.name, a.help or a.description) for a in ACTIONS]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        target = screen if isinstance(screen, ReviewScreen) else None
        if target is None:
            return
        for a in ACTIONS:
            if a.name in ("quit", "cursor_up", "cursor_down", "switch_pane"):
                continue
            yield SystemCommand(
                f"{a.description} ({self.keys_for(a.name)})",
                a.help or a.description,
                getattr(target, f"action_{a.name}"),
            )
