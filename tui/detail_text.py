"""What the reviewer screen writes, as Rich `Text` built from the plain view dicts: dates as
precise as they are known (`backend.date_label`: "week of 2024-06-03", "2024-06", "2024";
a table cell, 10 wide, writes a week as its ISO week, "2024-W23": the extractor's weeks run
Monday to Sunday), scores, the detail's head and body (the quote in its context, notes,
evidence, corrections), conflict suggestions and prior fact-check lines.

Every piece of stored text goes through `safe` (`plain`, `visible`, ...): it is appended
as text, never parsed as markup. The widgets that show these live in `widgets.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text

from .backend import ConflictSuggestion, DetailView, PriorCheck, QueueRow, date_label
from .safe import diff_text, highlighted_context, plain, status_text, visible


def short_date(value: str | None, precision: str | None) -> str:
    """A date for a 10-wide cell: a day as is, a week as its ISO week, a month, a year."""
    if not value:
        return ""
    if precision == "week":
        try:
            year, week, _ = date.fromisoformat(value[:10]).isocalendar()
        except ValueError:
            return value
        return f"{year}-W{week:02d}"
    return date_label(value, precision) or ""


def score_label(score: float | None) -> str:
    """A score in at most 5 cells (the ranking's scores are not all between 0 and 1)."""
    if score is None:
        return ""
    return f"{score:.2f}" if -10 < score < 10 else f"{score:.0f}"[:5]


def row_date(row: QueueRow) -> str:
    """A queue row's date: the stated one as precise as known, else the publication day."""
    if row.get("stated_on"):
        return short_date(row["stated_on"], row.get("stated_on_precision"))
    return row.get("published_on") or ""


def checkworthy_text(value: float | None) -> Text:
    """A queue cell for a check-worthiness score: two decimals, bold from 0.5 on."""
    if value is None:
        return Text("")
    style = "bold yellow" if value >= 0.5 else "dim" if value < 0.3 else ""
    return Text(f"{value:.2f}", style=style, justify="right")


def _line(out: Text, label: str, value: Any, style: str = "") -> None:
    out.append(f"{label}: ", style="bold")
    out.append(visible(value) if value not in (None, "") else "—", style=style)


def head_text(d: DetailView) -> Text:
    """Status and approvals, version, assignee and lease holder; the claim's rating (the
    ledger's own) and under it the verdicts other organisations published on the claim."""
    out = Text()
    rv = d.get("review") or {}
    out.append(f"#{d['id']} ", style="bold")
    out.append_text(status_text(rv.get("status") or d["status"]))
    if rv:
        final = "final" if rv.get("final") else "pending"
        out.append(f" ({final} {rv.get('approvals', 0)}/{rv.get('required', 1)}")
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
    lease = d.get("lease")
    if lease and lease.get("live"):
        out.append("  held by ")
        out.append(visible(lease["owner"]), style="bold")
        if lease.get("until"):
            out.append(f" until {_when(lease['until'])} UTC")
    out.append("\n")
    claim = d.get("claim")
    if claim:
        cr = d.get("claim_review") or {}
        out.append(f"Claim {claim['id']}: ", style="bold")
        rating = cr.get("rating") or claim.get("rating")
        out.append(visible(rating) if rating else "not rated", style="bold" if rating else "dim")
        if cr:
            out.append(
                f" ({'final' if cr.get('final') else 'pending'} "
                f"{cr.get('approvals', 0)}/{cr.get('required', 1)})"
            )
        out.append("\n")
        for fc in d.get("fact_checks") or []:
            # the organisation's verdict, apart from the ledger's own rating above
            out.append("  fact-check: ", style="bold")
            out.append(visible(fc.get("rating") or "no rating"), style="bold magenta")
            out.append(" by ")
            out.append(visible(fc.get("rated_by") or "unknown"), style="italic")
            if fc.get("reviewed_on"):
                out.append(f", {visible(fc['reviewed_on'])}")
            out.append(f" #{fc['fact_check_id']}", style="dim")
            if fc.get("url"):
                out.append(" ")
                out.append(visible(fc["url"]), style="underline")
            out.append("\n")
    out.rstrip()
    return out


def detail_text(d: DetailView) -> Text:
    out = Text()
    out.append_text(highlighted_context(d.get("context") or {}, d.get("marks") or []))
    out.append("\n")
    out.append("─" * 24 + "\n", style="dim")
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
    src = d.get("source") or {}
    _line(out, "Stated", date_label(d.get("stated_on"), d.get("stated_on_precision")))
    out.append("  ")
    _line(out, "Published", src.get("published_on"))
    out.append("  ")
    _line(out, "Venue", d.get("venue"))
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
    cw = d.get("checkworthiness")
    _line(out, "Check-worthy", "not scored (ledger rescore)" if cw is None else f"{cw:.2f}")
    raised = d.get("checkworthy_cues") or []
    if raised:
        out.append(" raised by: ")
        out.append(visible(", ".join(raised)), style="italic")
    out.append("\n")
    _line(out, "Outlet", src.get("outlet"))
    out.append("  ")
    _line(out, "Title", src.get("title"), style="italic")
    out.append("\n")
    _line(out, "URL", src.get("url"), style="underline")
    out.append("\n")
    out.append_text(notes_text(d))
    out.append_text(corrections_text(d))
    lease = d.get("lease")
    if lease and not lease.get("live"):
        out.append(
            f"Lease: {visible(lease['owner'])}'s ended {_when(lease.get('until'))} UTC\n",
            style="dim",
        )
    out.rstrip()
    return out


def _when(value: str | None) -> str:
    """A stored timestamp to the minute (`2024-03-01 12:00`)."""
    return (value or "").replace("T", " ")[:16]


def notes_text(d: DetailView) -> Text:
    """The live notes and evidence of the statement and its claim, oldest first: who,
    when, on what (a verdict's note says which verdict), the note and the evidence."""
    out = Text()
    notes = d.get("notes") or []
    if not notes:
        return out
    out.append(f"Notes and evidence ({len(notes)}):\n", style="bold")
    for e in notes:
        out.append("  ")
        out.append(visible(e.get("reviewer")), style="italic")
        out.append(f" {_when(e.get('created_at'))}", style="dim")
        verdict = e.get("verdict")
        on_claim = e.get("claim_id") is not None
        if verdict not in ("note", "evidence") or on_claim:
            what = verdict if verdict not in ("note", "evidence") else "note"
            out.append(f" [{'claim ' if on_claim else ''}{visible(what)}]", style="dim")
        if e.get("note"):
            out.append(": ")
            out.append(visible(e["note"]))
        for item in e.get("evidence") or []:
            out.append("\n  evidence: ", style="bold")
            out.append(visible(item), style="underline")
        out.append("\n")
    return out


def corrections_text(d: DetailView) -> Text:
    """The corrections of the statement and its claim: number, kind, state, who, note."""
    out = Text()
    items = d.get("corrections") or []
    if not items:
        return out
    out.append(f"Corrections ({len(items)}):\n", style="bold")
    styles = {"pending": "bold cyan", "applied": "green", "declined": "dim"}
    for c in items:
        out.append(f"  #{c.get('id')} ")
        out.append(visible(str(c.get("kind") or "").replace("_", "-")), style="bold")
        out.append(" ")
        out.append(visible(c.get("state")), style=styles.get(str(c.get("state")), ""))
        if c.get("state") == "pending":
            out.append(" (A accepts)", style="dim")
        if c.get("proposed_by"):
            out.append(" by ")
            out.append(visible(c["proposed_by"]), style="italic")
        if c.get("note"):
            out.append(": ")
            out.append(visible(c["note"]))
        out.append("\n")
    return out


def _conflict_date(c: ConflictSuggestion) -> str:
    if c.get("stated_on"):
        return date_label(c["stated_on"], c.get("stated_on_precision")) or ""
    return c.get("published_on") or "undated"


def conflict_text(c: ConflictSuggestion, n: int, total: int, selected: bool) -> Text:
    """One conflict: the other statement's speaker, source, date and decision, then the
    word diff from this quote to that one (the differing words highlighted)."""
    out = Text()
    out.append("▸ " if selected else "  ", style="bold yellow")
    out.append(f"{n}/{total} #{c['id']} ", style="bold")
    out.append(visible(c.get("speaker") or "unattributed"), style="cyan")
    out.append(" · ")
    out.append(visible(c.get("outlet") or c.get("title") or "—"), style="italic")
    out.append(" · ")
    out.append(visible(_conflict_date(c)))
    decided = c.get("decided")
    out.append(" · ")
    if decided == "confirmed":
        out.append("confirmed: they conflict", style="bold red")
    elif decided == "rejected":
        out.append("rejected: no conflict", style="dim")
    else:
        out.append(f"suggested {score_label(c.get('score'))}", style="yellow")
    if c.get("decided_by") and decided in ("confirmed", "rejected"):
        out.append(" by ")
        out.append(visible(c["decided_by"]))
    out.append("\n    ")
    if c.get("diff"):
        out.append_text(diff_text(c["diff"]))
    else:
        out.append_text(plain(c.get("quote")))
    return out


def prior_line(r: PriorCheck) -> Text:
    """One prior fact-check in a line: score, rating, who rated it, claimant, date."""
    out = Text()
    out.append(f"{score_label(r.get('score'))} ", style="dim")
    out.append(visible(r.get("rating") or "no rating"), style="bold magenta")
    out.append(" · ")
    out.append(visible(r.get("rated_by") or "unknown"), style="italic")
    out.append(" · ")
    out.append(visible(r.get("claimant") or "no claimant"), style="cyan")
    when = date_label(r.get("stated_on"), r.get("stated_on_precision"))
    if when:
        out.append(f" · {visible(when)}")
    if r.get("linked"):
        out.append(" ✓ linked", style="bold green")
    return out
