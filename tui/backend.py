"""The reviewer UI's one door to the ledger: one function per unit of work, each opening
its own session and returning plain data (the TypedDicts of `ledger.services.views`). The
UI calls them in worker threads only.

What else the UI needs of the core comes through here too: the queue's query types and
the values its dialogs offer. No other tui module imports `ledger` (but `ledger.errors`),
and this one imports only `ledger.services`. The ClaimReview export is built by
`ledger.export`, a layer the UI does not reach: whoever starts the UI (`ledger review`)
hands the builder in.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol, cast

from ledger.services import (
    claims,
    corrections,
    decisions,
    derivation,
    prior_checks,
    queue,
    settings,
    speakers,
    suggestions,
)
from ledger.services.acting import writing_as
from ledger.services.history import changed_subjects, history_head
from ledger.services.leases import lease_of
from ledger.services.output_files import json_text, output_file
from ledger.services.query import StatementFilter
from ledger.services.queue import HEDGING_LEVELS, PAGE, SORTS, STATUSES, QueueQuery, statuses_of
from ledger.services.review_log import review_log
from ledger.services.suggestions import ClaimFactCheck, ConflictSuggestion, PriorCheck
from ledger.services.views import (
    Appearance,
    ClaimState,
    CorrectionEntry,
    Head,
    History,
    Lease,
    QueueCursor,
    QueueRow,
    RatingEntry,
    ReviewEntry,
    ReviewState,
    SpeakerView,
    StatementView,
    date_label,
)

__all__ = [
    "HEDGING_LEVELS",
    "PAGE",
    "SORTS",
    "STATUSES",
    "Appearance",
    "ClaimFactCheck",
    "ClaimReviews",
    "ConflictSuggestion",
    "CorrectionEntry",
    "DetailView",
    "Head",
    "History",
    "Lease",
    "Ledger",
    "PriorCheck",
    "QueueCursor",
    "QueueQuery",
    "QueueRow",
    "RatingEntry",
    "ReviewEntry",
    "SpeakerView",
    "StatementFilter",
    "StatementView",
    "date_label",
]


class Ledger(Protocol):
    """An opened ledger database (`ledger.store.database.Database`), as the UI holds it."""

    def read(self) -> AbstractContextManager[Any]: ...

    def write(self) -> AbstractContextManager[Any]: ...


#: builds the ClaimReview documents and notes: `ledger.export.claimreview.claim_reviews`
ClaimReviews = Callable[..., tuple[list[dict[str, Any]], list[str]]]


def default_query(db: Ledger) -> QueueQuery:
    """The queue a reviewer starts with, in the `queue_order` setting's order."""
    with db.read() as s:
        return queue.default_query(s)


def page(db: Ledger, q: QueueQuery, after: QueueCursor | None, limit: int) -> list[QueueRow]:
    with db.read() as s:
        return queue.queue_page(s, q, after, limit)


#: filters no index serves are counted up to this many (shown as "100,000+")
COUNT_CAP = 100_000


def count(db: Ledger, q: QueueQuery) -> tuple[int, bool]:
    """How many statements match, and whether the count stopped at the cap."""
    f = q.filter
    cap = COUNT_CAP if (f.search or f.since or f.until or f.source) else None
    with db.read() as s:
        n = queue.queue_count(s, q, cap)
    return (min(n, cap), True) if cap is not None and n > cap else (n, False)


class DetailView(StatementView):
    """What the detail pane shows: the statement view, its `conflicts` suggestions, the
    imported fact-checks of its claim, the reviewers' notes and evidence, its corrections
    and its lease, and the history head it was read at."""

    conflicts: list[ConflictSuggestion]
    fact_checks: list[ClaimFactCheck]
    #: corrections of the statement, its source or its claim waiting for approval (`A`)
    pending_corrections: list[dict[str, Any]]
    #: live review entries (statement and claim) that carry a note or evidence, oldest first
    notes: list[ReviewEntry]
    #: every correction of the statement or its claim (pending, applied, declined)
    corrections: list[CorrectionEntry]
    lease: Lease | None
    head: Head


def _with_notes(entries: list[dict[str, Any]]) -> list[ReviewEntry]:
    """The live entries among `entries` that say something: a note or evidence."""
    return [
        cast(ReviewEntry, e)
        for e in entries
        if e["verdict"] != "retract" and not e["retracted"] and (e["note"] or e["evidence"])
    ]


def detail(db: Ledger, statement_id: int) -> DetailView:
    """The statement, its review state, its claim's state, its appearances, its conflict
    suggestions, its claim's fact-checks, notes, evidence, corrections and lease."""
    with db.read() as s:
        head = history_head(s)  # first: what is read below is at least this new
        d = queue.statement_detail(s, statement_id)
        claim_id = d["claim_id"]
        notes = review_log(s, statement_id=statement_id)
        if claim_id is not None:
            notes += review_log(s, claim_id=claim_id)
        return {
            **d,
            "review": cast(ReviewState, derivation.status_of(s, statement_id)),
            "claim_review": (
                cast(ClaimState, derivation.claim_status(s, claim_id))
                if claim_id is not None
                else None
            ),
            "appearances": queue.appearances(s, statement_id),
            "conflicts": suggestions.conflicts_of(s, statement_id),
            "fact_checks": suggestions.claim_fact_checks(s, claim_id),
            "pending_corrections": corrections.pending_of(s, statement_id, claim_id),
            "notes": sorted(_with_notes(notes), key=lambda e: e["id"]),
            "corrections": cast(
                list[CorrectionEntry], corrections.corrections_of(s, statement_id, claim_id)
            ),
            "lease": lease_of(s, statement_id),
            "head": head,
        }


def head(db: Ledger) -> Head:
    """The history's head now (polled: one indexed row)."""
    with db.read() as s:
        return history_head(s)


def changes(
    db: Ledger, seen: Head, statement_ids: list[int], claim_id: int | None
) -> tuple[Head, set[str] | None, dict[int, str]]:
    """What moved since `seen`: the head now, which of the statements and the claim events
    touched since (None: the history was replaced, reload everything) and the statuses of
    the touched statements now."""
    subjects = [f"statement:{i}" for i in statement_ids]
    if claim_id is not None:
        subjects.append(f"claim:{claim_id}")
    with db.read() as s:
        now, touched = changed_subjects(s, seen, subjects)
        ids = [int(t.split(":")[1]) for t in touched or () if t.startswith("statement:")]
        statuses = statuses_of(s, ids) if ids else {}
    return now, touched, statuses


def prior(db: Ledger, statement_id: int, top: int = 5) -> list[PriorCheck]:
    """The best prior fact-checks of the statement (its text, speaker and date)."""
    with db.read() as s:
        return suggestions.prior_checks(s, statement_id, top)


def link_fact_check(db: Ledger, sid: int, fact_check_id: int, reviewer: str) -> dict[str, Any]:
    """Put the statement into the fact-check's rated claim (a confirmed link; editors only)."""
    with writing_as(db, reviewer) as s:
        return prior_checks.link_to_fact_check(s, sid, fact_check_id, reviewer)


def decide(
    db: Ledger, sid: int, verdict: str, version: int, reviewer: str, note: str | None = None
) -> dict[str, Any]:
    with writing_as(db, reviewer) as s:
        return decisions.decide(s, sid, verdict, seen_version=version, reviewer=reviewer, note=note)


def note(db: Ledger, sid: int, text: str, version: int, reviewer: str) -> dict[str, Any]:
    with writing_as(db, reviewer) as s:
        return decisions.add_note(s, sid, text, seen_version=version, reviewer=reviewer)


def evidence(db: Ledger, sid: int, items: list[str], version: int, reviewer: str) -> dict[str, Any]:
    with writing_as(db, reviewer) as s:
        return decisions.add_evidence(s, sid, items, seen_version=version, reviewer=reviewer)


#: how an undo names the entry it retracted
_DONE = {"verified": "verify", "disputed": "dispute", "rejected": "reject"}


def undone_label(entry: dict[str, Any]) -> str:
    """What an undo retracted, as the reviewer reads it: "your verify of statement 12",
    "your rating 'false' of claim 3", "your note on statement 4"."""
    verdict = entry["verdict"]
    item = (
        f"claim {entry['claim_id']}"
        if entry.get("claim_id") is not None
        else f"statement {entry['statement_id']}"
    )
    if verdict in ("note", "evidence"):
        return f"your {verdict} on {item}"
    if entry.get("claim_id") is not None:
        return f"your rating {verdict!r} of {item}"
    return f"your {_DONE.get(verdict, verdict)} of {item}"


def undo(db: Ledger, sid: int, reviewer: str, claim_id: int | None = None) -> dict[str, Any]:
    """Retract the reviewer's latest live entry on the statement or on its claim (a rating,
    a claim note), whichever came last; the item's new state with "retracted" (the entry)."""
    with writing_as(db, reviewer) as s:
        target: dict[str, Any] = {"statement_id": sid}
        if claim_id is not None:
            mine = [
                e
                for e in review_log(s, statement_id=sid) + review_log(s, claim_id=claim_id)
                if e["reviewer"] == reviewer and e["verdict"] != "retract" and not e["retracted"]
            ]
            latest = max(mine, key=lambda e: e["id"], default=None)
            if latest is not None and latest["claim_id"] is not None:
                target = {"claim_id": claim_id}
        return decisions.undo_last(s, **target, reviewer=reviewer)


def assign(
    db: Ledger, sid: int, assignee: str | None, version: int, reviewer: str
) -> dict[str, Any]:
    with writing_as(db, reviewer) as s:
        return decisions.assign(s, sid, assignee, seen_version=version, reviewer=reviewer)


def rating_scale(db: Ledger) -> list[RatingEntry]:
    with db.read() as s:
        return [cast(RatingEntry, dict(entry)) for entry in settings.rating_scale(s)]


def rate(
    db: Ledger, claim_id: int, rating: str, version: int, reviewer: str, note: str | None = None
) -> dict[str, Any]:
    with writing_as(db, reviewer) as s:
        return decisions.rate_claim(
            s, claim_id, rating, seen_version=version, reviewer=reviewer, note=note
        )


def history(db: Ledger, sid: int, claim_id: int | None) -> History:
    with db.read() as s:
        return {
            "statement": cast(list[ReviewEntry], review_log(s, statement_id=sid)),
            "claim": (
                cast(list[ReviewEntry], review_log(s, claim_id=claim_id))
                if claim_id is not None
                else []
            ),
        }


def decide_link(db: Ledger, a_id: int, b_id: int, decision: str, reviewer: str) -> dict[str, Any]:
    """Confirm or reject a link (the linking service also re-clusters the claims)."""
    with writing_as(db, reviewer) as s:
        return claims.decide_link(s, a_id, b_id, decision, reviewer=reviewer)


def edit_speaker(db: Ledger, speaker_id: int, reviewer: str, **changes: Any) -> SpeakerView:
    """Rename, set the role, add an alias or merge (`speakers.edit_speaker`; editors only)."""
    with writing_as(db, reviewer) as s:
        return speakers.edit_speaker(s, speaker_id, **changes)


def export_claimreview(
    db: Ledger, path: str, org_name: str, org_url: str, reviewer: str, build: ClaimReviews
) -> tuple[int, list[str]]:
    """Write the verified, finally rated claims as ClaimReview JSON-LD to a new file `path`."""
    with db.read() as s:
        docs, notes = build(s, org_name=org_name, org_url=org_url, user=reviewer)
    with output_file(path) as out:
        # as `ledger export --format claimreview` writes it: `<`, `>`, `&` escaped too
        out.write(json_text(docs, indent=2, html=True) + "\n")
    return len(docs), notes


# --- corrections (`ledger.services.corrections`) -------------------------------------------


def correct(
    db: Ledger,
    kind: str,
    target_id: int,
    params: dict[str, Any],
    version: int | None,
    reviewer: str,
    note: str | None = None,
) -> dict[str, Any]:
    """Correct (an editor) or propose a correction (a reviewer); the correction's record."""
    with writing_as(db, reviewer) as s:
        return corrections.propose(
            s, kind, target_id, params, seen_version=version, note=note, reviewer=reviewer
        )


def accept_correction(db: Ledger, number: int, reviewer: str) -> dict[str, Any]:
    with writing_as(db, reviewer) as s:
        return corrections.accept(s, number, reviewer=reviewer)


def pending_corrections(db: Ledger, sid: int, claim_id: int | None) -> list[dict[str, Any]]:
    with db.read() as s:
        return corrections.pending_of(s, sid, claim_id)


def source_span(db: Ledger, sid: int) -> dict[str, Any]:
    """The statement's source text and span (the span and add dialogs select in it)."""
    with db.read() as s:
        return corrections.source_span(s, sid)


def speaker_choices(db: Ledger, sid: int) -> list[dict[str, Any]]:
    with db.read() as s:
        return corrections.speaker_choices(s, sid)
