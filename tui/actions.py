"""The reviewer's actions on keys: verdicts, notes, evidence, ratings, assignment, speaker
edits, undo, history, search and filters, link decisions, conflict decisions, prior
fact-checks (and linking to one), export, moving and help.

A mixin of `ReviewScreen`: each action reads the statement shown (plain dicts), asks for
text in a modal dialog when it needs some, and hands the write to the screen's `_write`
worker. Nothing here touches the database directly.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any

from textual import work
from textual.widget import Widget
from textual.widgets import DataTable

from ledger.errors import InputError, LedgerError

from . import backend
from .backend import QueueQuery, StatementFilter
from .dialogs import (
    ChoiceDialog,
    ExportDialog,
    FiltersDialog,
    HelpScreen,
    HistoryScreen,
    PriorChecksDialog,
    SpeakerDialog,
    TextDialog,
)
from .safe import visible
from .widgets import ORDER_LABELS, AppearancesTable, ConflictsView, QueueTable


def _date(value: str | None, label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{label} {value!r} is not a date (YYYY-MM-DD)") from None


#: the panes j/k scroll (in the tables they move the cursor)
SCROLLED = ("detail-scroll", "diff-scroll")


class ReviewActions:
    """Action methods of the review screen (`action_<name>` for each name in keys.ACTIONS)."""

    def _decide(self, verdict: str, note: str | None = None, label: str = "Verify") -> None:
        d = self._need_current()
        if d is None:
            return
        call = partial(
            backend.decide, self.db, d["id"], verdict, self._version(), self.reviewer, note
        )
        # refused (a conflict, a bad note): the decision and its note are offered again
        again = partial(self._decide_with_note, verdict, label, note or "")
        self._write(call, f"#{d['id']} {verdict}", retry=lambda err: again(str(err)))

    def action_verify(self) -> None:
        self._decide("verified")

    def _decide_with_note(self, verdict: str, label: str, value: str = "", error="") -> None:
        d = self._need_current()
        if d is None:
            return

        def done(note: str | None) -> None:
            if note is not None:
                self._decide(verdict, note or None, label)

        hint = "Note (optional), Enter to confirm"
        self.app.push_screen(
            TextDialog(f"{label} statement #{d['id']}", hint, value, error=error), done
        )

    def action_dispute(self) -> None:
        self._decide_with_note("disputed", "Dispute")

    def action_reject(self) -> None:
        self._decide_with_note("rejected", "Reject")

    def action_note(self, value: str = "", error: str = "") -> None:
        d = self._need_current()
        if d is None:
            return

        def done(text: str | None) -> None:
            if text and text.strip():
                call = partial(backend.note, self.db, d["id"], text, self._version(), self.reviewer)
                retry = lambda err: self.action_note(text, str(err))  # noqa: E731
                self._write(call, f"note added to #{d['id']}", retry=retry)

        self.app.push_screen(
            TextDialog(f"Note on statement #{d['id']}", "", value, error=error), done
        )

    def action_evidence(self, value: str = "", error: str = "") -> None:
        d = self._need_current()
        if d is None:
            return

        def done(text: str | None) -> None:
            items = [t for t in (text or "").replace(",", " ").split() if t]
            if items:
                call = partial(
                    backend.evidence, self.db, d["id"], items, self._version(), self.reviewer
                )
                retry = lambda err: self.action_evidence(text or "", str(err))  # noqa: E731
                self._write(call, f"evidence added to #{d['id']}", retry=retry)

        self.app.push_screen(
            TextDialog(
                f"Evidence for statement #{d['id']}",
                "http(s) URLs, source:ID or statement:ID, separated by spaces",
                value,
                error=error,
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
    async def _rate(self, d: backend.StatementView, error: str = "") -> None:
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
            version = self.claim_version(d)  # as shown now: after a conflict, the new one
            call = partial(backend.rate, self.db, d["claim_id"], rating, version, self.reviewer)
            again = lambda err: self._rate(d, str(err))  # noqa: E731
            self._write(call, f"claim {d['claim_id']} rated {rating}", retry=again)

        self.app.push_screen(
            ChoiceDialog(
                f"Rate claim {d['claim_id']}",
                choices,
                hint=visible(claim.get("canonical_text") or "")[:200],
                error=error,
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

    def action_speaker(self, typed: dict[str, Any] | None = None, error: str = "") -> None:
        d = self._need_current()
        if d is None:
            return
        sp = d.get("speaker")
        if not sp:  # an unresolved "he" or an unattributed statement: give it one
            self.action_correct_speaker()
            return

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            call = partial(backend.edit_speaker, self.db, sp["id"], self.reviewer, **values)
            self._write(
                call,
                f"speaker {sp['id']} saved",
                then=lambda: self.reload_queue(keep_id=d["id"]),
                retry=lambda err: self.action_speaker(values, str(err)),
            )

        self.app.push_screen(SpeakerDialog(sp, typed, error), done)

    def action_undo(self) -> None:
        d = self._need_current()
        if d is None:
            return
        call = partial(backend.undo, self.db, d["id"], self.reviewer, d.get("claim_id"))
        self._write(call, lambda state: f"undid {backend.undone_label(state['retracted'])}")

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

        def query(values: dict[str, Any]) -> QueueQuery:
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
            return q

        def check(values: dict[str, Any]) -> str | None:
            """A bad value is shown in the dialog, which keeps every field."""
            try:
                query(values)
            except LedgerError as err:
                return str(err)
            return None

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.apply(query(values))

        self.app.push_screen(FiltersDialog(current, check=check), done)

    def action_mine(self) -> None:
        mine = None if self.query_state.filter.assigned_to else self.reviewer
        self.apply(self.query_state.with_filter(assigned_to=mine))

    def action_order(self) -> None:
        """Most check-worthy unreviewed first, or oldest first (the other of the two)."""
        sort = "id" if self.query_state.sort == "checkworthy" else "checkworthy"
        self.apply(replace(self.query_state, sort=sort))
        self.review_app.notify(f"order: {ORDER_LABELS[sort]}", markup=False, timeout=3)

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
        if item.get("relation") == "conflicts":  # a conflict keeps its meaning on c and b
            self._decide_conflict(decision, item["id"])
            return
        call = partial(backend.decide_link, self.db, d["id"], item["id"], decision, self.reviewer)
        self._write(call, f"link #{d['id']}–#{item['id']} {decision}ed")

    def action_confirm_link(self) -> None:
        self._decide_link("confirm")

    def action_reject_link(self) -> None:
        self._decide_link("reject")

    # --- conflicts: the same claim with other figures or the opposite polarity ---------

    def _selected_conflict(self) -> tuple[backend.DetailView, backend.ConflictSuggestion] | None:
        d = self._need_current()
        if d is None:
            return None
        c = self.query_one(ConflictsView).current()
        if c is None:
            self.review_app.notify(
                f"statement #{d['id']} has no conflict suggestions", severity="warning"
            )
            return None
        return d, c

    def action_next_conflict(self) -> None:
        found = self._selected_conflict()
        if found is None:
            return
        view = self.query_one(ConflictsView)
        view.select(view.selected + 1)
        scroll = self.query_one("#detail-scroll")
        line = view.line_of_selected(view.content_region.width)
        scroll.scroll_to(y=view.virtual_region.y + line, animate=False)

    def _decide_conflict(self, decision: str, other: int | None = None) -> None:
        """Confirm ("they conflict") or reject the conflict with statement `other`, else
        the selected one, through the link decision door."""
        if other is None:
            found = self._selected_conflict()
            if found is None:
                return
            other = found[1]["id"]
        d = self._need_current()
        if d is None:
            return
        call = partial(backend.decide_link, self.db, d["id"], other, decision, self.reviewer)
        said = (
            "confirmed: they conflict (kept in different claims)"
            if decision == "confirm"
            else "rejected: not a conflict"
        )
        self._write(call, f"#{d['id']}–#{other} {said}")

    def action_confirm_conflict(self) -> None:
        self._decide_conflict("confirm")

    def action_reject_conflict(self) -> None:
        self._decide_conflict("reject")

    # --- checked before? -----------------------------------------------------------------

    @work(group="dialog")
    async def action_prior_checks(self) -> None:
        d = self._need_current()
        if d is None:
            return
        sid = d["id"]
        rows = self.prior_rows if self.prior_for == sid else None
        if rows is None:
            try:
                rows = await self.search_prior(sid)
            except LedgerError as err:
                self.review_app.error(err)
                return
            if sid != self.current_id or not self.is_attached:
                return
            self.prior_for, self.prior_rows, self.prior_error = sid, rows, None
            self._show_prior()

        def done(fact_check_id: int | None) -> None:
            if fact_check_id is None or sid != self.current_id:
                return

            def said(row: dict[str, Any]) -> str:
                rating = f", rated {row['rating']} by {row['rated_by']}" if row["rating"] else ""
                return (
                    f"#{sid} is in claim {row['claim_id']} with fact-check "
                    f"{row['fact_check_id']}{rating}"
                )

            call = partial(backend.link_fact_check, self.db, sid, fact_check_id, self.reviewer)
            self._write(call, said)

        self.app.push_screen(PriorChecksDialog(sid, d.get("quote") or "", rows), done)

    def action_export(self) -> None:
        app = self.review_app
        if app.claim_reviews is None:
            app.notify("no ClaimReview export in this session", severity="warning", markup=False)
            return

        def done(values: dict[str, str] | None) -> None:
            if values and values["path"]:
                app.org_name, app.org_url = values["org_name"], values["org_url"]
                self._export(values["path"], values["org_name"], values["org_url"])

        self.app.push_screen(ExportDialog("claimreview.json", app.org_name, app.org_url), done)

    @work(group="write")
    async def _export(self, path: str, org_name: str, org_url: str) -> None:
        build = self.review_app.claim_reviews
        try:
            n, notes = await asyncio.to_thread(
                backend.export_claimreview, self.db, path, org_name, org_url, self.reviewer, build
            )
        except LedgerError as err:
            self.review_app.error(err)
            return
        for note in notes:
            self.review_app.notify(note, severity="warning", markup=False)
        self.review_app.notify(f"exported {n} ClaimReview record(s) to {path}", markup=False)

    def _panes(self) -> list[Widget]:
        return [
            self.query_one(QueueTable),
            self.query_one("#detail-scroll"),
            self.query_one(AppearancesTable),
            self.query_one("#diff-scroll"),
        ]

    def action_switch_pane(self) -> None:
        """Focus the next pane: queue, detail, appearances, diff (and round again)."""
        panes = self._panes()
        at = next((i for i, p in enumerate(panes) if p.has_focus), -1)
        panes[(at + 1) % len(panes)].focus()

    def _table(self) -> DataTable:
        focused = self.app.focused
        return focused if isinstance(focused, DataTable) else self.query_one(QueueTable)

    def _detail_focused(self) -> Widget | None:
        """The detail or the diff pane when it has the focus (j/k scroll it)."""
        focused = self.app.focused
        return focused if focused is not None and focused.id in SCROLLED else None

    def action_cursor_down(self) -> None:
        detail = self._detail_focused()
        if detail is not None:  # j/k scroll the detail when it has the focus
            detail.scroll_down(animate=False)
        else:
            self._table().action_cursor_down()

    def action_cursor_up(self) -> None:
        detail = self._detail_focused()
        if detail is not None:
            detail.scroll_up(animate=False)
        else:
            self._table().action_cursor_up()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.review_app.key_rows()))

    def action_quit(self) -> None:
        self.app.exit()
