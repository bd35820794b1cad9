"""The "checked before?" dialog: the best prior fact-checks of a statement, one of which
the reviewer may link the statement to. It returns the chosen fact-check's id through
`dismiss` and never touches the database; untrusted text is shown as plain `Text`.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from .backend import PriorCheck, date_label
from .detail_text import score_label, short_date
from .safe import plain, visible


class PriorChecksDialog(ModalScreen[int | None]):
    """The best prior fact-checks of a statement; Enter (or `l`) returns the selected
    one's fact-check id (link the statement to it), Escape closes (None)."""

    BINDINGS = [
        Binding("escape,q,p", "close", "Close"),
        Binding("l", "link", "Link"),
    ]

    def __init__(self, statement_id: int, quote: str, rows: list[PriorCheck]) -> None:
        super().__init__()
        self._sid, self._quote, self._rows = statement_id, quote, rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"Checked before? statement #{self._sid}"), classes="title")
            yield Static(plain(" ".join(self._quote.split()), 150), classes="hint")
            if self._rows:
                yield DataTable(cursor_type="row", id="checks")
                yield Static(id="check")
                hint = "Enter or l: link the statement to it (it joins that rated claim)"
            else:
                yield Static(Text("no prior fact-check found", style="dim"))
                hint = "import fact-checks with: ledger import --format claimreview FILE"
            yield Static(Text(f"{hint}   Escape: close"), classes="hint")

    def on_mount(self) -> None:
        if not self._rows:
            return
        table = self.query_one("#checks", DataTable)
        for key, label, width in (
            ("score", "score", 5),
            ("rating", "rating", 12),
            ("rated_by", "rated by", 15),
            ("claimant", "claimant", 15),
            ("date", "date", 10),
            ("linked", "✓", 1),
        ):
            table.add_column(label, key=key, width=width)
        for i, r in enumerate(self._rows):
            table.add_row(
                Text(score_label(r.get("score")), justify="right"),
                plain(r.get("rating") or "—", 40, cell=True),
                plain(r.get("rated_by") or "—", 40, cell=True),
                plain(r.get("claimant") or "—", 40, cell=True),
                plain(short_date(r.get("stated_on"), r.get("stated_on_precision"))),
                Text("✓", style="bold green") if r.get("linked") else Text(""),
                key=str(i),
            )
        table.focus()
        self._show(0)

    def selected(self) -> PriorCheck | None:
        if not self._rows:
            return None
        row = self.query_one("#checks", DataTable).cursor_row
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _show(self, index: int) -> None:
        r = self._rows[index]
        out = Text()
        out.append_text(plain(r.get("rating") or "no rating", 120, style="bold magenta"))
        out.append(" by ")
        out.append_text(plain(r.get("rated_by") or "unknown", 120, style="italic"))
        out.append("  claimant ", style="dim")
        out.append_text(plain(r.get("claimant") or "—", 120, style="cyan"))
        out.append("\n")
        out.append_text(plain(" ".join((r.get("quote") or "").split()), 240))
        out.append("\n")
        when = date_label(r.get("stated_on"), r.get("stated_on_precision"))
        out.append("claimed ", style="dim")
        out.append(visible(when or "undated"))
        if r.get("reviewed_on"):
            out.append("  reviewed ", style="dim")
            out.append(visible(r["reviewed_on"]))
        out.append(f"  fact-check #{r.get('fact_check_id')}", style="dim")
        if r.get("linked"):
            out.append("  ✓ this statement is in its claim", style="bold green")
        elif r.get("link_status"):
            out.append(f"  link {visible(r['link_status'])}", style="yellow")
        out.append("\n")
        out.append_text(plain(r.get("url") or "no url", 300, style="underline"))
        self.query_one("#check", Static).update(out)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self._rows):
            self._show(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_link()

    def action_link(self) -> None:
        r = self.selected()
        if r is None or r.get("fact_check_id") is None:
            self.app.bell()
            return
        self.dismiss(int(r["fact_check_id"]))

    def action_close(self) -> None:
        self.dismiss(None)
