"""Others' decisions reach the screen: the history head is polled (one indexed row), and
only what the events since touched is read again (the statuses of the loaded queue rows,
the statement shown and its claim). A mixin of `ReviewScreen`, which starts the timer.
"""

from __future__ import annotations

import asyncio

from textual import work

from . import backend
from .widgets import QueueTable


class HeadPoll:
    """The screen's poll of the history head (`_poll`, run by a `set_interval` timer)."""

    def _poll(self) -> None:
        # Not under a dialog: a decision typed there is checked against the version the
        # reviewer saw, which a reload beneath it would silently move on.
        if self.current is not None and not self._polling and self.app.screen is self:
            self._polling = True
            self._check_head()

    @work(group="poll", exclusive=True)
    async def _check_head(self) -> None:
        """Reload what another session changed since it was read: the statement shown (with
        its claim) when events touched it after its detail was read, the status of the
        loaded queue rows they touched; nothing when the head has not moved."""
        try:
            await self._follow_head()
        except Exception:  # noqa: BLE001 - a poll never takes the UI down
            pass  # the next poll tries again; a lost connection shows on the next action
        finally:
            self._polling = False

    async def _follow_head(self) -> None:
        now = await asyncio.to_thread(backend.head, self.db)
        d = self.current
        seen = self.seen_head
        if d is None or not self.is_attached:
            return
        if seen is None or d["head"][0] < seen[0]:
            seen = d["head"]
        if now == seen and now == d["head"]:
            return
        ids = [r["id"] for r in self.rows]
        head, touched, statuses = await asyncio.to_thread(backend.changes, self.db, seen, ids, None)
        if not self.is_attached:
            return
        self.seen_head = head
        if touched is None:  # another history (a restore): everything anew
            self.reload_queue(keep_id=self.current_id)
            return
        table = self.query_one(QueueTable)
        for row in self.rows:
            status = statuses.get(row["id"])
            if status is not None and status != row["status"]:
                row["status"] = status
                table.set_status(row["id"], status)
        d = self.current
        if d is None or d["id"] != self.current_id:
            return
        at, mine, _ = await asyncio.to_thread(
            backend.changes, self.db, d["head"], [d["id"]], d.get("claim_id")
        )
        if d is not self.current or not self.is_attached:
            return
        if mine is None or mine:
            self.review_app.notify(
                f"#{d['id']} was changed by someone else: shown as it is now",
                timeout=4,
                markup=False,
            )
            self._load_detail(d["id"])
        else:
            d["head"] = at  # still as it is now: the next poll need not ask again
