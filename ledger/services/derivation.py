"""What the review log amounts to: a statement's status and a claim's rating, derived from
their live review entries, and the caches of them kept on the rows.

Two questions, two subjects:

- a statement's *status* answers "is the quote accurate and correctly attributed?"
  (`unreviewed`, `in_review`, `verified`, `disputed`, `rejected`);
- a claim's *rating* answers "is the claim true?" (the configurable rating scale).

Four eyes: each reviewer's latest live decision counts once. The latest live decision
overall is the pending verdict; it is final when `required_approvals` distinct reviewers
currently agree with it. A pending statement is `in_review`; an `in_review` decision
reopens a statement; a dissent after a final decision reopens it too.

`statement.status`, `claim.rating` and `claim.rating_final` are caches: the decisions
module rewrites them in the transaction that appends the review row, and `change_setting`
re-derives them all when the approval rule changes, so they never disagree with the rule
in force.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.services import settings
from ledger.services.review_log import (
    NOT_DECISIONS,
    NOTE,
    VERDICTS,
    item_rows,
    live,
    load,
    utc_text,
)
from ledger.store.models import Claim, Review, Statement


def _derive(decisions: list[Review], required: int) -> dict[str, Any]:
    """Pending verdict, its distinct supporters and whether they make it final."""
    if not decisions:
        return {
            "pending": None,
            "final": False,
            "approvals": 0,
            "approved_by": [],
            "final_at": None,
            "supporting_notes": [],
        }
    latest = decisions[-1]
    current: dict[str, Review] = {}
    for r in decisions:
        current[r.reviewer] = r
    supporters = sorted(
        (r for r in current.values() if r.verdict == latest.verdict), key=lambda r: r.id
    )
    final = len(supporters) >= required
    return {
        "pending": latest.verdict,
        "final": final,
        "approvals": len(supporters),
        "approved_by": [r.reviewer for r in supporters],
        "final_at": utc_text(supporters[required - 1].created_at) if final else None,
        # what the reviewers who back the verdict wrote with it, oldest first
        "supporting_notes": [r.note for r in supporters if r.note and r.note.strip()],
    }


def _statement_state(session: Session, st: Statement) -> dict[str, Any]:
    required = settings.get_setting(session, "required_approvals")
    rows, _ = live(item_rows(session, statement_id=st.id))
    d = _derive([r for r in rows if r.verdict in VERDICTS], required)
    if d["pending"] is None:
        status, final, pending = "unreviewed", False, None
    elif d["pending"] == "in_review":
        status, final, pending = "in_review", False, None
        d["approvals"], d["approved_by"], d["final_at"] = 0, [], None
    elif d["final"]:
        status, final, pending = d["pending"], True, None
    else:
        status, final, pending = "in_review", False, d["pending"]
    if st.status == "retracted":  # a correction took it out of the ledger, not a verdict
        status, final, pending = "retracted", False, None
    return {
        "statement_id": st.id,
        "status": status,
        "final": final,
        "approvals": d["approvals"],
        "required": required,
        "pending_verdict": pending,
        "approved_by": d["approved_by"],
        "final_at": d["final_at"],
        "version": st.version,
        "assigned_to": st.assigned_to,
        "claim_id": st.claim_id,
        "lease_owner": st.lease_owner,
        "lease_until": utc_text(st.lease_until),
        "notes": sum(1 for r in rows if r.verdict == NOTE),
        "rating_notes": d["supporting_notes"],
        "evidence": sorted({e for r in rows for e in (r.evidence or [])}),
    }


def _claim_state(session: Session, claim: Claim) -> dict[str, Any]:
    required = settings.get_setting(session, "required_approvals")
    rows, _ = live(item_rows(session, claim_id=claim.id))
    d = _derive([r for r in rows if r.verdict not in NOT_DECISIONS], required)
    statements = session.execute(
        select(Statement.id, Statement.status)
        .where(Statement.claim_id == claim.id)
        .order_by(Statement.id)
    ).all()
    verified = [sid for sid, status in statements if status == "verified"]
    return {
        "claim_id": claim.id,
        "rating": d["pending"],
        "final": d["final"],
        "approvals": d["approvals"],
        "required": required,
        "pending_rating": None if d["final"] else d["pending"],
        "approved_by": d["approved_by"],
        "final_at": d["final_at"],
        "version": claim.version,
        "canonical_text": claim.canonical_text,
        "first_statement_id": claim.first_statement_id,
        "claim_status": claim.status,
        "statements": [sid for sid, _ in statements],
        "verified_statements": verified,
        # what `ledger export --format claimreview` will publish
        "exportable": bool(d["final"] and verified and claim.status != "merged"),
        "notes": sum(1 for r in rows if r.verdict == NOTE),
        "rating_notes": d["supporting_notes"],
        "evidence": sorted({e for r in rows for e in (r.evidence or [])}),
    }


def update_statement_cache(session: Session, st: Statement) -> dict[str, Any]:
    """Bring `st.status` in line with its review log; the derived state."""
    state = _statement_state(session, st)
    if st.status != state["status"]:
        st.status = state["status"]
    return state


def update_claim_cache(session: Session, claim: Claim) -> dict[str, Any]:
    """Bring `claim.rating` and `claim.rating_final` in line with its review log."""
    state = _claim_state(session, claim)
    if claim.rating != state["rating"]:
        claim.rating = state["rating"]
    if claim.rating_final != state["final"]:
        claim.rating_final = state["final"]
    return state


def rederive_all(session: Session) -> int:
    """Re-derive every reviewed item's cache (after the approval rule changed); how many
    items changed."""
    changed = 0
    sids = session.scalars(
        select(Review.statement_id).where(Review.statement_id.is_not(None)).distinct()
    ).all()
    for sid in sorted(sids):
        st = session.get(Statement, sid)
        before = st.status
        if update_statement_cache(session, st)["status"] != before:
            changed += 1
    cids = session.scalars(
        select(Review.claim_id).where(Review.claim_id.is_not(None)).distinct()
    ).all()
    for cid in sorted(cids):
        claim = session.get(Claim, cid)
        before = (claim.rating, claim.rating_final)
        state = update_claim_cache(session, claim)
        if (state["rating"], state["final"]) != before:
            changed += 1
    session.flush()
    return changed


def change_setting(session: Session, key: str, value: Any, *, user: str | None = None) -> Any:
    """`settings.set_setting`, and when `required_approvals` changed, every cache
    re-derived in the same transaction. Use this, not `set_setting`, to change that rule."""
    if key != "required_approvals":
        return settings.set_setting(session, key, value, user=user)
    before = settings.get_setting(session, key)
    stored = settings.set_setting(session, key, value, user=user)
    if stored != before:
        rederive_all(session)
    return stored


def status_of(session: Session, statement_id: int) -> dict[str, Any]:
    """The derived status of a statement, with its four-eyes progress and version."""
    return _statement_state(session, load(session, Statement, statement_id))


def claim_status(session: Session, claim_id: int) -> dict[str, Any]:
    """The derived rating of a claim, with its four-eyes progress, version and statements."""
    return _claim_state(session, load(session, Claim, claim_id))
