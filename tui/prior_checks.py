"""Prior fact-checks of the statement shown: searched once the reviewer has stayed on it,
one search at a time, shown in their pane, and flagged with the conflicts and pending
corrections on the detail's top border. A mixin of `ReviewScreen`.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.containers import VerticalScroll

from . import backend
from .widgets import PriorView

#: seconds on a statement before its prior fact-checks are searched: a search holds the
#: interpreter in its thread (the first one builds the fact-check index: seconds on a feed
#: of 20,000), so skimming the queue must not start one per row
PRIOR_DWELL = 0.4


class PriorChecks:
    """The screen's prior fact-check search and the detail's signals."""

    @work(group="prior", exclusive=True)
    async def _load_prior(self, sid: int, delay: float = PRIOR_DWELL) -> None:
        """Search the statement's prior fact-checks once the reviewer has stayed on it for
        `delay` seconds: moving on sooner cancels this worker before any search starts."""
        if delay:
            await asyncio.sleep(delay)
        if sid != self.current_id or not self.is_attached:
            return
        try:
            rows = await self.search_prior(sid)
        except asyncio.CancelledError:
            raise
        except Exception as err:  # shown in the pane: the detail itself stays usable
            if sid == self.current_id and self.is_attached:
                self.prior_for, self.prior_rows, self.prior_error = sid, None, str(err)
                self._show_prior()
            return
        if sid != self.current_id or not self.is_attached:
            return
        self.prior_for, self.prior_rows, self.prior_error = sid, rows, None
        self._show_prior()

    async def search_prior(self, sid: int) -> list[backend.PriorCheck]:
        """The prior fact-checks of `sid`, searched in a thread, one search at a time: a
        cancelled worker cannot stop its thread, and the first search builds the
        fact-check index (seconds on a large feed), so a new search waits for the running
        one instead of building the index again beside it."""
        running = self._prior_running
        if running is not None and not running.done():
            await asyncio.wait([running])
        future = asyncio.ensure_future(asyncio.to_thread(backend.prior, self.db, sid))
        # its error is read by whoever still awaits it; mark it read for the rest
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
        self._prior_running = future
        return await asyncio.shield(future)

    def _show_prior(self) -> None:
        view = self.query_one(PriorView)
        view.display = True
        # at 24 rows the best one only: the quote stays in view (`p` shows all)
        view.show(self.prior_rows, self.prior_error, shown=1 if self.size.height < 30 else 3)
        self._signals()

    def _signals(self) -> None:
        """The detail's top border: what waits below the fold (conflicts, prior checks)."""
        parts: list[tuple[str, str]] = []
        d = self.current
        if d is not None and d["id"] == self.current_id:
            n = sum(
                1
                for c in d.get("conflicts") or []
                if c.get("decided") not in ("confirmed", "rejected")
            )
            if n:
                parts.append((f"⚠ {n} conflict{'s' if n > 1 else ''} ] y N", "bold red"))
            if d.get("fact_checks"):
                parts.append(("fact-checked", "bold magenta"))
            n = len(d.get("pending_corrections") or [])
            if n:  # a reviewer's proposal (or a four-eyes one) an editor accepts with A
                parts.append((f"{n} correction{'s' if n > 1 else ''} pending A", "bold cyan"))
            if self.prior_for == d["id"] and self.prior_rows:
                n = len(self.prior_rows)
                parts.append((f"{n} prior check{'s' if n > 1 else ''} p", "bold"))
        title = Text()
        for label, style in parts:
            if title:
                title.append(" · ")
            title.append(label, style=style)
        self.query_one("#detail-scroll", VerticalScroll).border_title = title if parts else None
