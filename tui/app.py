"""The reviewer app: one screen with the queue, the statement detail (with its conflict
suggestions and prior fact-checks) and its appearances (its actions are in `actions.py`).

Every database call runs in a worker (`asyncio.to_thread` inside Textual async workers), one
session per call (see `backend`, the UI's only door to the ledger); results arrive as
plain dicts (`backend.QueueRow`, `backend.StatementView`). A write carries the version the
reviewer saw; a `ConflictError` is shown as it is and the item reloaded. The prior
fact-checks are searched after the detail is shown, in a worker of their own, so moving
through the queue never waits for the search.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ledger.errors import ConflictError, InputError, LedgerError

from . import backend
from .actions import ReviewActions
from .corrections import CORRECTIONS_CSS, CorrectionActions
from .dialogs import DIALOG_CSS
from .head_poll import HeadPoll
from .keys import ACTIONS, FOOTER
from .prior_checks import PRIOR_DWELL, PriorChecks
from .safe import visible
from .widgets import (
    ORDER_LABELS,
    AppearancesTable,
    ConflictsView,
    DetailHead,
    DetailPane,
    DiffView,
    KeyBar,
    PriorView,
    QueueTable,
)

CSS = (
    """
#bar { height: 1; background: $primary; color: $text; padding: 0 1; }
#queue { height: 35%; min-height: 6; }
#lower { height: 1fr; }
#detail-scroll { width: 3fr; border-top: solid $accent; padding: 0 1; }
#detail-scroll { border-title-align: right; border-title-color: $warning; }
#detail-scroll:focus { border-top: heavy $warning; background: $boost; }
#conflicts, #detail { margin-top: 1; }
#right { width: 2fr; border-top: solid $accent; }
ReviewScreen.narrow #detail-scroll { width: 1fr; }
ReviewScreen.narrow #right { width: 1fr; }
ReviewScreen.short #queue { height: 7; }
ReviewScreen.short #detail { margin-top: 0; }
#keys { height: 1; background: $panel; }
#appearances { height: 1fr; min-height: 4; }
#diff-scroll { height: auto; max-height: 8; padding: 0 1; border-top: dashed $accent; }
#diff-scroll:focus { border-top: heavy $warning; background: $boost; }
"""
    + DIALOG_CSS
    + CORRECTIONS_CSS
)


#: seconds between two looks at the history head (one indexed row) for others' decisions
POLL = 2.0


class ReviewScreen(ReviewActions, CorrectionActions, HeadPoll, PriorChecks, Screen):
    """The one screen a reviewer lives in."""

    BINDINGS = [
        Binding(a.key, a.name, a.description, show=a.footer, id=a.name)
        for a in ACTIONS
        if a.name != "switch_pane"
    ] + [Binding("tab", "switch_pane", "Pane", show=False, id="switch_pane", priority=True)]

    def __init__(self) -> None:
        super().__init__()
        self.query_state = backend.QueueQuery()
        self.rows: list[backend.QueueRow] = []
        self.generation = 0
        self.counted = -1  # the generation whose count was started
        self.exhausted = False
        self.loading = False
        self.total: int | None = None
        self.capped = False
        self.current: backend.DetailView | None = None
        self.current_id: int | None = None
        # the prior fact-checks of `prior_for` (None: not loaded yet), or why they failed
        self.prior_for: int | None = None
        self.prior_rows: list[backend.PriorCheck] | None = None
        self.prior_error: str | None = None
        self._prior_running: asyncio.Future | None = None
        # the history head the queue rows' statuses are current with, and a poll running
        self.seen_head: backend.Head | None = None
        self._polling = False

    @property
    def review_app(self) -> ReviewApp:
        return self.app  # type: ignore[return-value]

    @property
    def db(self) -> backend.Ledger:
        return self.review_app.db

    @property
    def reviewer(self) -> str:
        return self.review_app.reviewer

    def compose(self) -> ComposeResult:
        yield Static(id="bar")
        yield QueueTable(id="queue")
        with Horizontal(id="lower"):
            with VerticalScroll(id="detail-scroll"):
                yield DetailHead(id="detail-head")
                yield PriorView(id="prior")
                yield DetailPane(id="detail")
                yield ConflictsView(id="conflicts")
            with Vertical(id="right"):
                yield AppearancesTable(id="appearances")
                with VerticalScroll(id="diff-scroll"):
                    yield DiffView(id="diff")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.query_one(DetailHead).show(None)
        self.query_one(DetailPane).show_empty("loading…")
        self.show_keys()
        self.set_interval(self.review_app.poll_seconds, self._poll)
        self.query_one(ConflictsView).show([])
        self.query_one(PriorView).display = False
        self.query_one(DiffView).show(None)
        self.query_one(QueueTable).focus()
        self._start_queue()

    @work(group="queue")
    async def _start_queue(self) -> None:
        """The queue in the order the `queue_order` setting names, then its first page."""
        try:
            self.query_state = await asyncio.to_thread(backend.default_query, self.db)
        except LedgerError as err:
            self.review_app.error(err)  # the queue still opens, in the default order
        if self.is_attached:
            self.reload_queue()

    def on_resize(self, event: events.Resize) -> None:
        # below 110 columns the detail and the appearances share the width equally
        self.set_class(event.size.width < 110, "narrow")
        self.set_class(event.size.height < 30, "short")
        if self.prior_for is not None and self.is_mounted:
            self._show_prior()

    def show_keys(self) -> None:
        """The footer: the most used keys as currently mapped, then help and the palette."""
        app = self.review_app
        labels = {a.name: a.description for a in ACTIONS}
        keys = [(app.keys_for(name).split(", ")[0], labels[name]) for name in FOOTER]
        palette = app.get_key_display(Binding("ctrl+p", "command_palette"))
        self.query_one(KeyBar).set_keys(
            keys, [(app.keys_for("help").split(", ")[0], "help"), (palette, "palette")]
        )

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
        text.append(f"  order {ORDER_LABELS.get(self.query_state.sort, self.query_state.sort)}")
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
    async def _load_page(
        self, gen: int, after: backend.QueueCursor | None, keep_id: int | None = None
    ) -> None:
        try:
            rows = await asyncio.to_thread(
                backend.page, self.db, self.query_state, after, self.review_app.page_size
            )
        except LedgerError as err:
            self.loading = False
            self.review_app.error(err)
            self.review_app.ready()  # nothing to wait for: the keys held go on
            return
        if gen != self.generation or not self.is_attached:
            return
        self.loading = False
        self.exhausted = len(rows) < self.review_app.page_size
        table = self.query_one(QueueTable)
        first = not self.rows
        self.rows.extend(rows)
        if rows:
            # where the next page starts, as the last row was when it was loaded (a verdict
            # given since changes its status, not its place in the checkworthy order)
            last = rows[-1]
            self.page_end: backend.QueueCursor = {
                "id": last["id"],
                "stated_on": last["stated_on"],
                "status": last["status"],
                "checkworthiness": last.get("checkworthiness"),
            }
        table.add_queue_rows(rows)
        if not first and not self.exhausted:
            table.call_after_refresh(table.check_end)  # still near the end: the next page
        if first:
            if not rows:
                self._count_once_shown()
                self.review_app.ready()
                self.current, self.current_id = None, None
                self.query_one(DetailHead).show(None)
                self.query_one(DetailPane).show_empty("no statements match the filters")
                self.query_one(ConflictsView).show([])
                self.query_one(PriorView).display = False
                self._signals()
                self.query_one(AppearancesTable).show([])
                self.query_one(DiffView).show(None)
                return
            index = 0
            if keep_id is not None:
                index = next((i for i, r in enumerate(rows) if r["id"] == keep_id), 0)
            table.move_cursor(row=index)
            self._select(rows[index]["id"])

    def _count_once_shown(self) -> None:
        """Count the queue once its first statement is shown: the count may read far more
        than a page (a common word: 100,000 matches), and beside the detail's reads it
        would slow what the reviewer waits for."""
        if self.counted != self.generation:
            self.counted = self.generation
            self._load_count(self.generation)

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
        # asked while the rows were being added (the first row was "the end" then): only
        # when the end is still in view, so a new page does not fetch a second one at once
        if self.loading or self.exhausted or not self.rows:
            return
        if not self.query_one(QueueTable).near_end():
            return
        self.loading = True
        self._load_page(self.generation, self.page_end)

    @on(DataTable.RowHighlighted, "#queue")
    def _queue_moved(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None or event.row_key.value is None:
            return
        sid = int(event.row_key.value)
        if sid != self.current_id:
            self._select(sid)

    @on(DataTable.RowHighlighted, "#appearances")
    def _appearance_moved(self, event: DataTable.RowHighlighted) -> None:
        item = self.query_one(AppearancesTable).selected()
        self.query_one(DiffView).show(item)
        if item is not None and item.get("relation") == "conflicts":
            # the conflict keys act on the conflict the reviewer is looking at
            self.query_one(ConflictsView).select_id(item["id"])

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
            self._count_once_shown()
            return
        if sid != self.current_id or not self.is_attached:
            return
        same = self.current is not None and self.current["id"] == sid
        conflicts = self.query_one(ConflictsView)
        kept = conflicts.current() if same else None
        self.current = d
        self.query_one(DetailHead).show(d)
        self.query_one(DetailPane).show(d)
        conflicts.show(d.get("conflicts") or [], keep_id=kept["id"] if kept else None)
        if not same:
            self.query_one("#detail-scroll", VerticalScroll).scroll_home(animate=False)
            self.prior_for, self.prior_rows, self.prior_error = sid, None, None
        self._show_prior()
        self._load_prior(sid, delay=0.0 if same else PRIOR_DWELL)
        links = self.query_one(AppearancesTable)
        was = links.selected() if same else None
        links.show(d["appearances"])
        # a reload of the same statement keeps the appearance the reviewer was on
        at = next((i for i, a in enumerate(d["appearances"]) if was and a["id"] == was["id"]), 0)
        if at:
            links.move_cursor(row=at)
        first_here = not any(a.get("first") for a in d["appearances"])
        self.query_one(DiffView).show(
            d["appearances"][at] if d["appearances"] else None, first_here=first_here
        )
        status = (d.get("review") or {}).get("status") or d["status"]
        row = next((r for r in self.rows if r["id"] == sid), None)
        # Updating a cell re-renders the whole table: only when the status really moved.
        if row is not None and row["status"] != status:
            row["status"] = status
            self.query_one(QueueTable).set_status(sid, status)
        self.review_app.detail_shown(sid)
        self._count_once_shown()

    def _need_current(self) -> backend.DetailView | None:
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
        self,
        call: Callable[[], Any],
        done: str | Callable[[Any], str],
        then: Callable[[], None] | None = None,
        retry: Callable[[LedgerError], None] | None = None,
    ) -> None:
        """Run one write; on a conflict show who changed what, then reload the item.
        `done` is the notice, or makes it from what the write returned. `retry` opens the
        dialog again with what was typed and the refusal (a conflict: on the new version)."""
        sid = self.current_id
        try:
            result = await asyncio.to_thread(call)
        except ConflictError as err:
            self.review_app.notify(
                str(err), title="Changed meanwhile", severity="warning", timeout=15, markup=False
            )
            if retry is not None and self.is_attached:
                retry(err)  # submitted, it reads the version the reload below brings
        except LedgerError as err:
            self.review_app.error(err)
            if retry is not None and isinstance(err, InputError) and self.is_attached:
                retry(err)  # what was typed is refused: offered again, with why
        except Exception as err:  # a bug or a lost connection must not take the UI down
            self.review_app.error(RuntimeError(f"not stored: {type(err).__name__}: {err}"))
        else:
            notice = done if isinstance(done, str) else done(result)
            self.review_app.notify(notice, markup=False, timeout=3)
            if then is not None and self.is_attached:
                then()
                return
        if sid is not None and sid == self.current_id and self.is_attached:
            self._load_detail(sid)


class ReviewApp(App):
    """`ledger review`: the reviewer UI over an opened ledger database."""

    CSS = CSS
    TITLE = "Statement Ledger"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        db: backend.Ledger,
        reviewer: str,
        keymap: dict[str, str] | None = None,
        page_size: int = backend.PAGE,
        org_name: str = "",
        org_url: str = "",
        claim_reviews: backend.ClaimReviews | None = None,
        poll_seconds: float = POLL,
    ) -> None:
        """`claim_reviews` builds the ClaimReview export (`E`); without it there is none.
        Every `poll_seconds` the history head is read to show others' decisions."""
        super().__init__()
        self.poll_seconds = poll_seconds
        self.org_name, self.org_url = org_name, org_url
        self.claim_reviews = claim_reviews
        self.db = db
        self.reviewer = reviewer
        self.page_size = page_size
        self._user_keymap = keymap or {}
        self.shown: list[int] = []  # statement ids whose detail was shown, in order
        # keys pressed before the first statement is shown, replayed once it is
        self._early_keys: list[events.Key] | None = []

    def get_default_screen(self) -> Screen:
        return ReviewScreen()

    def on_mount(self) -> None:
        if self._user_keymap:
            self.set_keymap(self._user_keymap)

    def detail_shown(self, sid: int) -> None:
        self.shown.append(sid)
        self.ready()

    def ready(self) -> None:
        """The first screen is shown: replay, in order, the keys pressed while it loaded."""
        held, self._early_keys = self._early_keys, None
        for key in held or ():
            self.post_message(events.Key(key.key, key.character))

    async def on_event(self, event: events.Event) -> None:
        # A key typed while the UI starts would find no statement and be dropped: hold it
        # (but Ctrl+Q and Ctrl+C, which leave at once).
        if (
            self._early_keys is not None
            and isinstance(event, events.Key)
            and not event.is_forwarded
            and self.screen_stack
            and isinstance(self.screen_stack[-1], ReviewScreen)
            and event.key not in ("ctrl+q", "ctrl+c")
        ):
            self._early_keys.append(event)
            return
        await super().on_event(event)

    def error(self, err: Exception) -> None:
        self.bell()
        self.notify(str(err), title="Error", severity="error", timeout=10, markup=False)

    def keys_for(self, name: str) -> str:
        action = next(a for a in ACTIONS if a.name == name)
        keys = self._user_keymap.get(name, action.key)
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
