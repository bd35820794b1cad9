"""The reviewer screen's panes: the paged queue, the statement detail (with its conflict
suggestions and its prior fact-checks) and the appearances.

Widgets only render the plain dicts they are given (the `backend` view types), as the
`Text` that `detail_text` builds; loading is the screen's job (in workers).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable, Static

from .backend import Appearance, ConflictSuggestion, DetailView, PriorCheck, QueueRow, date_label
from .detail_text import (
    checkworthy_text,
    conflict_text,
    detail_text,
    head_text,
    prior_line,
    row_date,
    score_label,
    short_date,
)
from .safe import diff_text, plain, status_text, visible

QUEUE_COLUMNS = (
    ("status", "status", 10),
    ("check", "chk", 4),  # check-worthiness, 0-1 (blank: not scored)
    ("speaker", "speaker", 16),
    ("date", "date", 10),
    ("outlet", "outlet", 12),
    ("hedging", "hedge", 6),
    ("n", "#", 3),
    ("quote", "quote", 60),
)
#: how the bar and the notices name the queue's orders (`backend.SORTS`)
ORDER_LABELS = {
    "checkworthy": "check-worthy first",
    "id": "oldest first",
    "-id": "newest first",
    "date": "by date",
    "-date": "latest date first",
}
#: narrower columns below 110 cells, so the quote keeps some room at 80 columns
NARROW = {"speaker": 11, "outlet": 8, "n": 2}
#: below this many cells the queue drops these columns (the detail shows them)
COMPACT = 90
COMPACT_DROPS = ("hedging",)


class QueueTable(DataTable):
    """The queue: rows arrive a page at a time; asks for more as the end comes into view."""

    class NeedMore(Message):
        """The last loaded rows are in view: load the next page."""

    AHEAD = 15  # ask for the next page this many rows before the end

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.loaded: list[QueueRow] = []  # the rows shown, to lay them out again
        self.compact = False  # below COMPACT cells: no hedging column (it is in the detail)

    def _keys(self) -> list[str]:
        return [k for k, _, _ in QUEUE_COLUMNS if not (self.compact and k in COMPACT_DROPS)]

    def on_mount(self) -> None:
        for key, label, width in QUEUE_COLUMNS:
            self.add_column(label, key=key, width=width)

    def clear(self, columns: bool = False) -> QueueTable:
        self.loaded = []
        super().clear(columns)
        return self

    def _relayout(self) -> None:
        """The columns for `compact`, and the loaded rows again (the cursor kept)."""
        rows, at = self.loaded, self.cursor_row
        self.clear(columns=True)
        for key, label, width in QUEUE_COLUMNS:
            if key in self._keys():
                self.add_column(label, key=key, width=width)
        self.add_queue_rows(rows)
        if 0 <= at < self.row_count:
            self.move_cursor(row=at)

    def on_resize(self) -> None:
        compact = self.size.width < COMPACT
        if compact != self.compact:
            self.compact = compact
            self._relayout()
        narrow = self.size.width < 110
        widths = {
            k: (NARROW.get(k, w) if narrow else w) for k, _, w in QUEUE_COLUMNS if k in self._keys()
        }
        fixed = sum(w + 2 for k, w in widths.items() if k != "quote")
        widths["quote"] = max(12, self.size.width - fixed - 4)
        changed = False
        for key, width in widths.items():
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None and column.width != width:
                column.width = width
                changed = True
        if changed:
            # DataTable has no public call to re-measure columns after a width change.
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()

    def cells(self, row: QueueRow) -> list[Text]:
        cells = {
            "status": status_text(row["status"]),
            "check": checkworthy_text(row.get("checkworthiness")),
            "speaker": plain(row.get("speaker") or "—", 40, cell=True),
            "date": plain(row_date(row)),
            "outlet": plain(row.get("outlet") or "", 40, cell=True),
            "hedging": plain(row.get("hedging") or ""),
            "n": Text(str(row.get("appearances", 1)), justify="right"),
            "quote": plain(" ".join((row.get("quote") or "").split()), 300, cell=True),
        }
        return [cells[k] for k in self._keys()]

    def add_queue_rows(self, rows: list[QueueRow]) -> None:
        self.loaded.extend(rows)
        for row in rows:
            self.add_row(*self.cells(row), key=str(row["id"]))

    def set_status(self, statement_id: int, status: str) -> None:
        try:
            self.update_cell(str(statement_id), "status", status_text(status))
        except Exception:  # the row may have been cleared by a reload meanwhile
            pass

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.check_end()

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        self.check_end()

    def near_end(self) -> bool:
        """The last loaded rows are in view (or the cursor is near them)."""
        bottom = max(self.scroll_y + self.size.height, self.cursor_row + 1)
        return bool(self.row_count) and bottom >= self.row_count - self.AHEAD

    def check_end(self) -> None:
        if self.near_end():
            self.post_message(self.NeedMore())


class DetailHead(Static):
    """What a decision needs first, above the fold at 80×24: the statement's status and
    approvals, its lease, its claim's rating and the fact-checks published on the claim."""

    text: Text = Text()

    def show(self, d: DetailView | None) -> None:
        self.text = head_text(d) if d is not None else Text()
        self.display = d is not None
        self.update(self.text)


class DetailPane(Static):
    """One statement: the quote highlighted inside its source paragraph(s), speaker, cue
    and hedging, dates, venue, outlet and URL, then notes and evidence, corrections."""

    text: Text = Text()

    def show_empty(self, message: str) -> None:
        self.text = Text(message, style="dim")
        self.update(self.text)

    def show(self, d: DetailView) -> None:
        self.text = detail_text(d)
        self.update(self.text)


class ConflictsView(Static):
    """The statement's `conflicts` suggestions, one selected (▸) for the conflict keys."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.items: list[ConflictSuggestion] = []
        self.selected = 0
        self.text = Text()

    def show(self, items: list[ConflictSuggestion], keep_id: int | None = None) -> None:
        """Show `items`, keeping the selection on statement `keep_id` when it is there."""
        self.items = items
        at = next((i for i, c in enumerate(items) if c["id"] == keep_id), None)
        self.selected = at if at is not None else 0
        self.display = bool(items)
        self._render_items()

    def select(self, index: int) -> None:
        if self.items:
            self.selected = index % len(self.items)
            self._render_items()

    def select_id(self, statement_id: int) -> bool:
        at = next((i for i, c in enumerate(self.items) if c["id"] == statement_id), None)
        if at is None:
            return False
        self.select(at)
        return True

    def current(self) -> ConflictSuggestion | None:
        return self.items[self.selected] if self.items else None

    def line_of_selected(self, width: int) -> int:
        """How many wrapped lines come before the selected conflict (to scroll to it)."""
        lines = 1  # the heading
        for i, c in enumerate(self.items[: self.selected]):
            lines += len(
                conflict_text(c, i + 1, len(self.items), False).wrap(
                    self.app.console, max(width, 10)
                )
            )
        return lines

    def _render_items(self) -> None:
        out = Text()
        open_ = sum(1 for c in self.items if c.get("decided") not in ("confirmed", "rejected"))
        out.append(f"Conflicts: {open_} to decide", style="bold red" if open_ else "bold")
        out.append("  (y: they conflict, N: no, ]: next)", style="dim")
        for i, c in enumerate(self.items):
            out.append("\n")
            out.append_text(conflict_text(c, i + 1, len(self.items), i == self.selected))
        self.text = out
        self.update(out)


class PriorView(Static):
    """ "Checked before?": the best prior fact-checks of the statement (the first three)."""

    SHOWN = 3
    text: Text = Text()

    def show(
        self, rows: list[PriorCheck] | None, error: str | None = None, shown: int = SHOWN
    ) -> None:
        """`rows` None: still loading; `error`: the load failed (shown as it is); the best
        `shown` of them."""
        out = Text()
        out.append("Checked before? ", style="bold")
        if error is not None:
            out.append("could not load: ", style="bold red")
            out.append(visible(error))
        elif rows is None:
            out.append("looking…", style="dim")
        elif not rows:
            out.append("none found", style="dim")
        else:
            out.append(f"{len(rows)} found", style="dim")
            out.append("  p: all, link one" if shown > 1 else " (p)", style="dim")
            for r in rows[:shown]:
                out.append("\n  ")
                out.append_text(prior_line(r))
        self.text = out
        self.update(out)


#: the appearances' one-line columns, from this table width on (else a card per row)
WIDE_APPEARANCES = 100
#: the card layout's source column: outlet, date, relation and score on three lines
CARD_SOURCE = 14


class AppearancesTable(DataTable):
    """Statements linked to the one shown, earliest first; ★ marks the first appearance.

    Columns are chosen by width: from `WIDE_APPEARANCES` cells on, one line per
    appearance (1st, relation, score, decided, date, source, quote); narrower, a
    three-line card (outlet, date, relation and score beside the quote wrapped to the
    rest of the width), so the quote is never a stub."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.items: list[Appearance] = []
        self.wide: bool | None = None  # the layout the columns are in (None: none yet)

    def on_mount(self) -> None:
        self._columns()

    def on_resize(self) -> None:
        if self._columns():
            row = self.cursor_row
            self.show(self.items)
            if 0 <= row < self.row_count:
                self.move_cursor(row=row)

    def _quote_width(self, wide: bool) -> int:
        fixed = 3 + 10 + 5 + 9 + 10 + 14 if wide else CARD_SOURCE
        cells = 7 if wide else 2  # each cell has a column of padding on either side
        return max(12, self.size.width - fixed - 2 * cells - 2)

    def _columns(self) -> bool:
        """(Re)build the columns for the current width; whether they changed."""
        wide = self.size.width >= WIDE_APPEARANCES
        quote = self.columns.get("quote")  # type: ignore[call-overload]
        if self.wide == wide and quote is not None and quote.width == self._quote_width(wide):
            return False
        self.wide = wide
        self.clear(columns=True)
        layout = (
            (
                ("first", "1st", 3),
                ("relation", "relation", 10),
                ("score", "score", 5),
                ("decided", "decided", 9),
                ("date", "date", 10),
                ("outlet", "source", 14),
            )
            if wide
            else (("outlet", "source", CARD_SOURCE),)
        )
        for key, label, width in layout:
            self.add_column(label, key=key, width=width)
        self.add_column("quote", key="quote", width=self._quote_width(wide))
        return True

    def _card(self, it: Appearance) -> list[Text]:
        source = Text(no_wrap=True, overflow="ellipsis")
        if it.get("first"):
            source.append("★ ", style="bold yellow")
        source.append(visible(it.get("outlet") or "—"), style="italic")
        source.append("\n" + short_date(it.get("date"), it.get("date_precision")))
        source.append("\n" + visible(it.get("relation") or ""))
        if it.get("score") is not None:
            source.append(" " + score_label(it.get("score")), style="dim")
        quote = " ".join((it.get("quote") or "").split())
        width = self._quote_width(False)
        lines = list(Text(visible(quote)).wrap(self.app.console, width))
        if len(lines) > 3:  # the rest is in the diff under the table
            lines = lines[:3]
            lines[2].rstrip()
            if lines[2].cell_len >= width:
                lines[2].right_crop(1)
            lines[2].append("…")
        return [source, Text("\n").join(lines)]

    def show(self, items: list[Appearance]) -> None:
        self.items = items
        self.clear()
        for it in items:
            if self.wide:
                self.add_row(
                    Text("★", style="bold yellow") if it.get("first") else Text(""),
                    plain(it.get("relation")),
                    Text(score_label(it.get("score")), justify="right"),
                    plain(it.get("decided") or ""),
                    plain(short_date(it.get("date"), it.get("date_precision"))),
                    plain(it.get("outlet") or "", 40, cell=True),
                    plain(" ".join((it.get("quote") or "").split()), 200, cell=True),
                    key=str(it["id"]),
                )
            else:
                self.add_row(*self._card(it), key=str(it["id"]), height=3)

    def selected(self) -> Appearance | None:
        if not self.items or self.cursor_row < 0 or self.cursor_row >= len(self.items):
            return None
        return self.items[self.cursor_row]


class DiffView(Static):
    """The selected appearance: its speaker and quote, and the word diff from this quote."""

    def show(self, item: Appearance | None, first_here: bool = False) -> None:
        if item is None:
            text = Text("no linked statements", style="dim")
            if first_here:
                text = Text("★ first appearance: no linked statements", style="dim")
            self.update(text)
            return
        out = Text()
        out.append(f"#{item['id']} ", style="bold")
        out.append(visible(item.get("speaker") or "—"), style="cyan")
        out.append("  ")
        out.append(visible(item.get("relation")))
        if item.get("decided"):
            out.append(f" {visible(item['decided'])}", style="italic")
        when = date_label(item.get("date"), item.get("date_precision"))
        if when:
            out.append(f"  {visible(when)}", style="dim")
        if item.get("first"):
            out.append("  ★ first appearance", style="bold yellow")
        out.append("\n")
        if item.get("diff"):
            out.append("diff: ", style="bold")
            out.append_text(diff_text(item["diff"]))
        else:
            out.append_text(plain(item.get("quote")))
        self.update(out)


class KeyBar(Static):
    """The footer: the most used keys (`keys.FOOTER`) that fit the width, each whole, then
    the help and palette keys, which name the rest. `keys` are (key, label) pairs in order;
    `tail` is always shown."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.keys: list[tuple[str, str]] = []
        self.tail: list[tuple[str, str]] = []
        self.text = Text()

    def set_keys(self, keys: list[tuple[str, str]], tail: list[tuple[str, str]]) -> None:
        self.keys, self.tail = keys, tail
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    @staticmethod
    def _items(pairs: list[tuple[str, str]]) -> Text:
        out = Text()
        for key, label in pairs:
            if out:
                out.append("  ")
            out.append(key, style="bold yellow")
            out.append(f" {label}")
        return out

    def _fit(self) -> None:
        width = (self.size.width or 80) - 1
        tail = self._items(self.tail)
        shown = 0
        while shown < len(self.keys):
            head = self._items(self.keys[: shown + 1])
            if head.cell_len + 2 + tail.cell_len > width:
                break
            shown += 1
        out = self._items(self.keys[:shown])
        kept = list(self.tail)
        while kept and tail.cell_len > width:  # very narrow: the help key, else nothing
            kept.pop()
            tail = self._items(kept)
        if out.cell_len + tail.cell_len <= width:
            out.append(" " * (width - out.cell_len - tail.cell_len))
            out.append_text(tail)
        self.text = out
        self.update(out)
