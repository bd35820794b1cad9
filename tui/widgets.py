"""The reviewer screen's panes: the paged queue, the statement detail and the appearances.

Widgets only render the plain dicts they are given (the `backend` view types); loading is
the screen's job (in workers).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable, Static

from .backend import Appearance, QueueRow, StatementView
from .safe import diff_text, highlighted_context, plain, status_text, visible

QUEUE_COLUMNS = (
    ("status", "status", 10),
    ("speaker", "speaker", 16),
    ("date", "date", 10),
    ("outlet", "outlet", 12),
    ("hedging", "hedge", 6),
    ("n", "#", 3),
    ("quote", "quote", 60),
)
#: narrower columns below 110 cells, so the quote keeps some room at 80 columns
NARROW = {"speaker": 11, "outlet": 8, "n": 2}


class QueueTable(DataTable):
    """The queue: rows arrive a page at a time; asks for more as the end comes into view."""

    class NeedMore(Message):
        """The last loaded rows are in view: load the next page."""

    AHEAD = 15  # ask for the next page this many rows before the end

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def on_mount(self) -> None:
        for key, label, width in QUEUE_COLUMNS:
            self.add_column(label, key=key, width=width)

    def on_resize(self) -> None:
        narrow = self.size.width < 110
        widths = {k: (NARROW.get(k, w) if narrow else w) for k, _, w in QUEUE_COLUMNS}
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

    @staticmethod
    def cells(row: QueueRow) -> list[Text]:
        date = row.get("stated_on") or row.get("published_on")
        return [
            status_text(row["status"]),
            plain(row.get("speaker") or "—", 40, cell=True),
            plain(date or ""),
            plain(row.get("outlet") or "", 40, cell=True),
            plain(row.get("hedging") or ""),
            Text(str(row.get("appearances", 1)), justify="right"),
            plain(" ".join((row.get("quote") or "").split()), 300, cell=True),
        ]

    def add_queue_rows(self, rows: list[QueueRow]) -> None:
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

    def check_end(self) -> None:
        bottom = max(self.scroll_y + self.size.height, self.cursor_row + 1)
        if self.row_count and bottom >= self.row_count - self.AHEAD:
            self.post_message(self.NeedMore())


class DetailPane(Static):
    """One statement: status and approvals, speaker, cue and hedging, dates, venue,
    outlet and URL, then the quote highlighted inside its source paragraph(s)."""

    text: Text = Text()

    def show_empty(self, message: str) -> None:
        self.text = Text(message, style="dim")
        self.update(self.text)

    def show(self, d: StatementView) -> None:
        self.text = detail_text(d)
        self.update(self.text)


def _line(out: Text, label: str, value: Any, style: str = "") -> None:
    out.append(f"{label}: ", style="bold")
    out.append(visible(value) if value not in (None, "") else "—", style=style)


def detail_text(d: StatementView) -> Text:
    out = Text()
    rv = d.get("review") or {}
    out.append(f"#{d['id']} ", style="bold")
    out.append_text(status_text(rv.get("status") or d["status"]))
    if rv:
        final = "final" if rv.get("final") else "pending"
        out.append(f" ({final}, {rv.get('approvals', 0)}/{rv.get('required', 1)} approvals")
        if rv.get("approved_by"):
            out.append(" by ")
            out.append(visible(", ".join(rv["approved_by"])))
        out.append(")")
        if rv.get("pending_verdict"):
            out.append(" waiting: ")
            out.append(visible(rv["pending_verdict"]), style="yellow")
    out.append(f"  v{(rv or d).get('version')}", style="dim")
    if (rv or d).get("assigned_to"):
        out.append("  assigned: ")
        out.append(visible((rv or d)["assigned_to"]), style="italic")
    out.append("\n")
    out.append_text(highlighted_context(d.get("context") or {}, d.get("marks") or []))
    out.append("\n")
    out.append("─" * 40 + "\n", style="dim")
    sp = d.get("speaker")
    out.append("Speaker: ", style="bold")
    if sp:
        out.append(visible(sp["name"]), style="bold cyan")
        out.append(f" #{sp['id']}", style="dim")
        if sp.get("role"):
            out.append(", ")
            out.append(visible(sp["role"]))
        if sp.get("aliases"):
            out.append("  aka ")
            out.append(visible(", ".join(sp["aliases"])), style="italic")
    else:
        out.append(visible(d.get("speaker_mention") or "unattributed"), style="dim")
    out.append("\n")
    _line(out, "Cue", d.get("cue"))
    if d.get("cue_stance"):
        out.append(f" ({visible(d['cue_stance'])})")
    out.append("  ")
    _line(out, "Kind", d.get("kind"))
    out.append("  ")
    _line(out, "Hedging", d.get("hedging"))
    cues = [c.get("text") for c in d.get("hedge_cues") or [] if c.get("text")]
    if cues:
        out.append(" [")
        out.append(visible(", ".join(cues)), style="black on yellow")
        out.append("]")
    if d.get("polarity") == "negative":
        out.append("  negative", style="red")
    out.append("\n")
    src = d.get("source") or {}
    _line(out, "Stated", d.get("stated_on"))
    out.append("  ")
    _line(out, "Published", src.get("published_on"))
    out.append("  ")
    _line(out, "Venue", d.get("venue"))
    out.append("\n")
    _line(out, "Outlet", src.get("outlet"))
    out.append("  ")
    _line(out, "Title", src.get("title"), style="italic")
    out.append("\n")
    _line(out, "URL", src.get("url"), style="underline")
    out.append("\n")
    claim = d.get("claim")
    if claim:
        cr = d.get("claim_review") or {}
        out.append(f"Claim {claim['id']}: ", style="bold")
        rating = cr.get("rating") or claim.get("rating")
        out.append(visible(rating) if rating else "not rated", style="bold" if rating else "dim")
        if cr:
            out.append(
                f" ({'final' if cr.get('final') else 'pending'}, "
                f"{cr.get('approvals', 0)}/{cr.get('required', 1)})"
            )
        out.append("\n")
    out.rstrip()
    return out


class AppearancesTable(DataTable):
    """Statements linked to the one shown, earliest first; ★ marks the first appearance."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.items: list[Appearance] = []

    def on_mount(self) -> None:
        for key, label, width in (
            ("first", "1st", 3),
            ("relation", "relation", 10),
            ("score", "score", 5),
            ("decided", "decided", 9),
            ("date", "date", 10),
            ("outlet", "source", 14),
            ("quote", "quote", 40),
        ):
            self.add_column(label, key=key, width=width)

    def show(self, items: list[Appearance]) -> None:
        self.items = items
        self.clear()
        for it in items:
            score = it.get("score")
            self.add_row(
                Text("★", style="bold yellow") if it.get("first") else Text(""),
                plain(it.get("relation")),
                Text("" if score is None else f"{score:.2f}", justify="right"),
                plain(it.get("decided") or ""),
                plain(it.get("date") or ""),
                plain(it.get("outlet") or "", 40, cell=True),
                plain(" ".join((it.get("quote") or "").split()), 200, cell=True),
                key=str(it["id"]),
            )

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
        if item.get("first"):
            out.append("  ★ first appearance", style="bold yellow")
        out.append("\n")
        if item.get("diff"):
            out.append("diff: ", style="bold")
            out.append_text(diff_text(item["diff"]))
        else:
            out.append_text(plain(item.get("quote")))
        self.update(out)
