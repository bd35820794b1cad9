"""The review model: decisions on statements and ratings of claims, appended and never
overwritten; the current status and rating are derived from them.

Two questions, two subjects:

- a statement's *status* answers "is the quote accurate and correctly attributed?"
  (`unreviewed`, `in_review`, `verified`, `disputed`, `rejected`);
- a claim's *rating* answers "is the claim true?" (the configurable rating scale).

Every decision, note, piece of evidence and retraction is a `review` row; `undo_last`
appends a retraction rather than deleting anything. `statement.status`, `claim.rating` and
`claim.rating_final` are caches rewritten in the same transaction as the review row.

Derivation (four eyes): each reviewer's latest live decision counts once. The latest live
decision overall is the pending verdict; it is final when `required_approvals` distinct
reviewers currently agree with it. A pending statement is `in_review`; an `in_review`
decision reopens a statement; a dissent after a final decision reopens it too.

Optimistic concurrency: every change carries the version of the item the reviewer saw.
The item's row is locked (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's `BEGIN IMMEDIATE`
already serialises writers) and compared; a stale version raises ConflictError naming who
changed what and when, read from the review log and the event history. Every decision
bumps the item's version, so of two decisions on the same version exactly one is stored.
Changes of a review lease alone are not content and never cause a conflict.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from ledger.errors import ConflictError, InputError, PermissionDenied, is_number
from ledger.services import roles
from ledger.services.settings import get_setting, rating_entry
from ledger.store import identity
from ledger.store.journal import history
from ledger.store.models import STATEMENT_STATUSES, Claim, Review, Source, Statement

STATUSES = STATEMENT_STATUSES
#: what a reviewer can decide about a statement ("unreviewed" is the absence of decisions)
VERDICTS = ("in_review", "verified", "disputed", "rejected")
NOTE, EVIDENCE, RETRACT = "note", "evidence", "retract"
_NOT_DECISIONS = (NOTE, EVIDENCE, RETRACT)
#: statement columns whose change is not a change of the item a reviewer decides on
_NOT_CONTENT = {"lease_owner", "lease_until", "version"}
MAX_NOTE = 20_000
MAX_EVIDENCE = 50
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


# --- input checks --------------------------------------------------------------------------


def _name(value: str, what: str) -> str:
    name = value.strip()
    if not name:
        raise InputError(f"a {what} name must not be empty")
    if len(name) > 120 or any(ch < " " for ch in name):
        raise InputError(f"{what} name {name[:40]!r} is too long or has control characters")
    return name


def _reviewer(session: Session, reviewer: str | None) -> str:
    acting = roles.acting_user(session)
    name = _name(acting if reviewer is None else reviewer, "reviewer")
    if (
        name != acting
        and session.get_bind().dialect.name == "postgresql"
        and not identity.is_superuser(session)
    ):
        # On PostgreSQL the database role is who acts; a decision in another name would
        # make the review log disagree with the history.
        raise PermissionDenied(f"you are connected as {acting}: you cannot decide as {name}")
    return name


def _note(note: str | None) -> str | None:
    if note is None:
        return None
    if not isinstance(note, str):
        raise InputError("a note must be text")
    if "\x00" in note:
        raise InputError("a note must not contain NUL characters")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InputError(f"a note is limited to {MAX_NOTE} characters (this one has {len(note)})")
    return note or None


def _evidence(session: Session, evidence: list[str] | None) -> list[str]:
    """URLs (http/https) or `source:ID` / `statement:ID` of records that exist."""
    if evidence is None:
        return []
    if isinstance(evidence, str):
        evidence = [evidence]
    out: list[str] = []
    for raw in evidence:
        item = str(raw).strip()
        if not item:
            continue
        if _URL.match(item) and len(item) <= 2000 and not any(ch < " " for ch in item):
            ref = item
        else:
            kind, _, num = item.partition(":")
            model = {"source": Source, "statement": Statement}.get(kind.strip().lower())
            if model is None or not is_number(num.strip()):
                raise InputError(
                    f"evidence {item[:80]!r} is neither an http(s) URL nor source:ID / statement:ID"
                )
            if session.get(model, int(num)) is None:
                raise InputError(f"evidence {item!r}: no {kind.strip().lower()} with id {num}")
            ref = f"{kind.strip().lower()}:{int(num)}"
        if ref not in out:
            out.append(ref)
    if len(out) > MAX_EVIDENCE:
        raise InputError(f"at most {MAX_EVIDENCE} pieces of evidence per decision")
    return out


def _version(seen_version: Any) -> int:
    if isinstance(seen_version, bool) or not isinstance(seen_version, int) or seen_version < 1:
        raise InputError(f"seen_version must be a positive whole number, not {seen_version!r}")
    return seen_version


# --- loading with a lock --------------------------------------------------------------------


def _lock(session: Session, model: type, item_id: int) -> Any:
    """The row of `item_id`, freshly read and locked for this transaction."""
    obj = session.scalars(
        select(model)
        .where(model.id == item_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if obj is None:
        raise InputError(f"no {model.__tablename__} with id {item_id}")
    return obj


def _statement(session: Session, statement_id: int, lock: bool = False) -> Statement:
    if lock:
        return _lock(session, Statement, statement_id)
    st = session.get(Statement, statement_id)
    if st is None:
        raise InputError(f"no statement with id {statement_id}")
    return st


def _claim(session: Session, claim_id: int, lock: bool = False) -> Claim:
    if lock:
        return _lock(session, Claim, claim_id)
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise InputError(f"no claim with id {claim_id}")
    return claim


# --- what changed since a version ----------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def changes_since(session: Session, obj: Statement | Claim, seen_version: int) -> list[dict]:
    """The changes of `obj` after `seen_version`: review entries and field changes."""
    table = obj.__table__.name
    out: list[dict] = []
    prev: dict[str, Any] = {}
    for ev in history(session, f"{table}:{obj.id}"):
        payload = json.loads(ev.payload) if ev.payload else None
        if payload is None:
            continue
        if (payload.get("version") or 0) > seen_version:
            fields = {
                k: [prev.get(k), v]
                for k, v in payload.items()
                if k not in _NOT_CONTENT and prev.get(k) != v
            }
            out.append({"kind": "change", "by": ev.actor, "at": ev.at[:19] + "Z", "fields": fields})
        prev = payload
    column = Review.statement_id if table == "statement" else Review.claim_id
    for r in session.scalars(
        select(Review)
        .where(column == obj.id, Review.seen_version >= seen_version)
        .order_by(Review.id)
    ):
        out.append({"kind": "review", **_entry(r)})
    return out


def _describe(change: dict) -> str:
    if change["kind"] == "review":
        what = change["verdict"]
        if what == NOTE:
            text = f"added a note {_short(change['note'])}"
        elif what == EVIDENCE:
            text = f"added evidence {', '.join(change['evidence'])[:120]}"
        elif what == RETRACT:
            text = f"retracted decision {change['retracts_id']}"
        else:
            text = f"decided {what!r}"
            if change["note"]:
                text += f" (note {_short(change['note'])})"
        return f"{change['reviewer']} {text} at {change['created_at']}"
    fields = ", ".join(
        f"{k} from {_short(old)} to {_short(new)}" for k, (old, new) in change["fields"].items()
    )
    return f"{change['by']} changed {fields} at {change['at']}"


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_version(session: Session, obj: Statement | Claim, seen: int, attempt: dict) -> None:
    """Refuse `attempt` when `obj` changed (beyond its lease) after version `seen`."""
    seen = _version(seen)
    table = obj.__table__.name
    if seen == obj.version:
        return
    if seen > obj.version:
        raise InputError(f"{table} {obj.id} has no version {seen} yet (it is at {obj.version})")
    changes = changes_since(session, obj, seen)
    if changes and all(c["kind"] == "change" and not c["fields"] for c in changes):
        return  # only a lease moved: the item the reviewer saw is unchanged
    # field changes that reviews explain (status/rating caches) add nothing to the message
    reviewed = any(c["kind"] == "review" for c in changes)
    derived = {"status", "rating", "rating_final"}
    shown = [
        c
        for c in changes
        if c["kind"] == "review" or (c["fields"] and not (reviewed and set(c["fields"]) <= derived))
    ]
    what = attempt.get("verdict") or attempt.get("action")
    message = (
        f"{table} {obj.id} was changed after version {seen} you saw (it is now at version "
        f"{obj.version}): {'; '.join(_describe(c) for c in shown) or 'changed'}. "
        f"Your {what!r} was not recorded: reload and decide again"
    )
    err = ConflictError(message)
    err.subject = f"{table}:{obj.id}"  # type: ignore[attr-defined]
    err.current_version = obj.version  # type: ignore[attr-defined]
    err.changes = changes  # type: ignore[attr-defined]
    err.attempt = attempt  # type: ignore[attr-defined]
    raise err


def _flush(session: Session, obj: Statement | Claim, attempt: dict) -> None:
    """Flush the version-checked UPDATE; a lost race becomes a ConflictError."""
    # Every decision moves the version on, even when the derived status stays the same,
    # so that a second decision made on the same version is refused, not merged.
    flag_modified(obj, "status")
    what = f"{obj.__table__.name} {obj.id}"  # the failed flush expires obj: name it first
    try:
        session.flush()
    except StaleDataError:
        err = ConflictError(
            f"{what} was changed by someone else at the same moment; "
            f"your {attempt.get('verdict') or attempt.get('action')!r} was not recorded: "
            "reload and decide again"
        )
        err.attempt = attempt  # type: ignore[attr-defined]
        raise err from None


# --- derivation ----------------------------------------------------------------------------


def _entry(r: Review, retracted_by: int | None = None) -> dict[str, Any]:
    return {
        "id": r.id,
        "subject": f"statement:{r.statement_id}" if r.statement_id else f"claim:{r.claim_id}",
        "statement_id": r.statement_id,
        "claim_id": r.claim_id,
        "reviewer": r.reviewer,
        "verdict": r.verdict,
        "note": r.note,
        "evidence": list(r.evidence or []),
        "seen_version": r.seen_version,
        "created_at": _iso(r.created_at),
        "retracts_id": r.retracts_id,
        "retracted": retracted_by is not None,
        "retracted_by": retracted_by,
    }


def _rows(session: Session, *, statement_id: int | None = None, claim_id: int | None = None):
    column, value = (
        (Review.statement_id, statement_id)
        if statement_id is not None
        else (Review.claim_id, claim_id)
    )
    return list(session.scalars(select(Review).where(column == value).order_by(Review.id)))


def _live(rows: list[Review]) -> tuple[list[Review], dict[int, int]]:
    retracted = {r.retracts_id: r.id for r in rows if r.verdict == RETRACT and r.retracts_id}
    return [r for r in rows if r.verdict != RETRACT and r.id not in retracted], retracted


def _derive(decisions: list[Review], required: int) -> dict[str, Any]:
    """Pending verdict, its distinct supporters and whether they make it final."""
    if not decisions:
        return {
            "pending": None,
            "final": False,
            "approvals": 0,
            "approved_by": [],
            "final_at": None,
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
        "final_at": _iso(supporters[required - 1].created_at) if final else None,
    }


def _statement_state(session: Session, st: Statement) -> dict[str, Any]:
    required = get_setting(session, "required_approvals")
    live, _ = _live(_rows(session, statement_id=st.id))
    decisions = [r for r in live if r.verdict in VERDICTS]
    d = _derive(decisions, required)
    if d["pending"] is None:
        status, final, pending = "unreviewed", False, None
    elif d["pending"] == "in_review":
        status, final, pending = "in_review", False, None
        d["approvals"], d["approved_by"], d["final_at"] = 0, [], None
    elif d["final"]:
        status, final, pending = d["pending"], True, None
    else:
        status, final, pending = "in_review", False, d["pending"]
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
        "lease_until": _iso(st.lease_until),
        "notes": sum(1 for r in live if r.verdict == NOTE),
        "evidence": sorted({e for r in live for e in (r.evidence or [])}),
    }


def _claim_state(session: Session, claim: Claim) -> dict[str, Any]:
    required = get_setting(session, "required_approvals")
    live, _ = _live(_rows(session, claim_id=claim.id))
    decisions = [r for r in live if r.verdict not in _NOT_DECISIONS]
    d = _derive(decisions, required)
    rows = session.execute(
        select(Statement.id, Statement.status)
        .where(Statement.claim_id == claim.id)
        .order_by(Statement.id)
    ).all()
    statements = [sid for sid, _ in rows]
    verified = [sid for sid, status in rows if status == "verified"]
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
        "statements": statements,
        "verified_statements": verified,
        # what `ledger export --format claimreview` will publish
        "exportable": bool(d["final"] and verified and claim.status != "merged"),
        "notes": sum(1 for r in live if r.verdict == NOTE),
        "evidence": sorted({e for r in live for e in (r.evidence or [])}),
    }


def _update_statement_cache(session: Session, st: Statement) -> dict[str, Any]:
    state = _statement_state(session, st)
    if st.status != state["status"]:
        st.status = state["status"]
    return state


def _update_claim_cache(session: Session, claim: Claim) -> dict[str, Any]:
    state = _claim_state(session, claim)
    if claim.rating != state["rating"]:
        claim.rating = state["rating"]
    if claim.rating_final != state["final"]:
        claim.rating_final = state["final"]
    return state


def rederive_all(session: Session) -> int:
    """Re-derive every reviewed item's cache (after the approval rule changed)."""
    changed = 0
    sids = session.scalars(
        select(Review.statement_id).where(Review.statement_id.is_not(None)).distinct()
    ).all()
    for sid in sorted(sids):
        st = session.get(Statement, sid)
        before = st.status
        if _update_statement_cache(session, st)["status"] != before:
            changed += 1
    cids = session.scalars(
        select(Review.claim_id).where(Review.claim_id.is_not(None)).distinct()
    ).all()
    for cid in sorted(cids):
        claim = session.get(Claim, cid)
        before = (claim.rating, claim.rating_final)
        state = _update_claim_cache(session, claim)
        if (state["rating"], state["final"]) != before:
            changed += 1
    session.flush()
    return changed


# --- public API: reading ----------------------------------------------------------------------


def status_of(session: Session, statement_id: int) -> dict[str, Any]:
    """The derived status of a statement, with its four-eyes progress and version."""
    return _statement_state(session, _statement(session, statement_id))


def claim_status(session: Session, claim_id: int) -> dict[str, Any]:
    """The derived rating of a claim, with its four-eyes progress, version and statements."""
    return _claim_state(session, _claim(session, claim_id))


def review_log(
    session: Session, *, statement_id: int | None = None, claim_id: int | None = None
) -> list[dict[str, Any]]:
    """Every review entry of a statement or a claim, oldest first, retractions marked."""
    if (statement_id is None) == (claim_id is None):
        raise InputError("review_log needs either a statement id or a claim id")
    if statement_id is not None:
        _statement(session, statement_id)
    else:
        _claim(session, claim_id)
    rows = _rows(session, statement_id=statement_id, claim_id=claim_id)
    _, retracted = _live(rows)
    return [_entry(r, retracted.get(r.id)) for r in rows]


def pending_for(session: Session, reviewer: str | None = None, limit: int = 100) -> list[dict]:
    """Statements waiting for a further approval that `reviewer` has not given yet."""
    name = _reviewer(session, reviewer)
    out = []
    last = 0
    while len(out) < limit:
        ids = session.scalars(
            select(Statement.id)
            .where(Statement.status == "in_review", Statement.id > last)
            .order_by(Statement.id)
            .limit(500)
        ).all()
        if not ids:
            break
        last = ids[-1]
        for sid in ids:
            state = status_of(session, sid)
            if state["pending_verdict"] and name not in state["approved_by"]:
                out.append(state)
                if len(out) >= limit:
                    break
    return out


# --- public API: deciding --------------------------------------------------------------------


def _append(session: Session, **fields: Any) -> Review:
    review = Review(**fields)
    session.add(review)
    return review


def decide(
    session: Session,
    statement_id: int,
    verdict: str,
    *,
    seen_version: int,
    reviewer: str | None = None,
    note: str | None = None,
    evidence: list[str] | None = None,
) -> dict[str, Any]:
    """Record `reviewer`'s verdict on a statement seen at `seen_version`; the new status."""
    name = _reviewer(session, reviewer)
    verdict = (verdict or "").strip().lower().replace(" ", "_").replace("-", "_")
    if verdict == "unreviewed":
        raise InputError("'unreviewed' is not a decision: undo your decision to retract it")
    if verdict not in VERDICTS:
        raise InputError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
    roles.require(session, name, "decide")
    note, refs = _note(note), _evidence(session, evidence)
    st = _statement(session, statement_id, lock=True)
    attempt = {"verdict": verdict, "note": note, "evidence": refs, "reviewer": name}
    _check_version(session, st, seen_version, attempt)
    _append(
        session,
        statement_id=st.id,
        reviewer=name,
        verdict=verdict,
        note=note,
        evidence=refs,
        seen_version=st.version,
    )
    session.flush()
    _update_statement_cache(session, st)
    _flush(session, st, attempt)
    return status_of(session, st.id)


def _annotate(
    session: Session,
    kind: str,
    *,
    statement_id: int | None,
    claim_id: int | None,
    note: str | None,
    evidence: list[str] | None,
    seen_version: int,
    reviewer: str | None,
) -> dict[str, Any]:
    name = _reviewer(session, reviewer)
    roles.require(session, name, kind)
    note, refs = _note(note), _evidence(session, evidence)
    if kind == NOTE and not note:
        raise InputError("a note must not be empty")
    if kind == EVIDENCE and not refs:
        raise InputError("no evidence given: add a URL or source:ID")
    obj = (
        _statement(session, statement_id, lock=True)
        if statement_id is not None
        else _claim(session, claim_id, lock=True)
    )
    attempt = {"action": kind, "note": note, "evidence": refs, "reviewer": name}
    _check_version(session, obj, seen_version, attempt)
    _append(
        session,
        statement_id=statement_id,
        claim_id=claim_id,
        reviewer=name,
        verdict=kind,
        note=note,
        evidence=refs,
        seen_version=obj.version,
    )
    _flush(session, obj, attempt)
    return status_of(session, obj.id) if statement_id is not None else claim_status(session, obj.id)


def add_note(
    session: Session,
    statement_id: int,
    note: str,
    *,
    seen_version: int,
    reviewer: str | None = None,
    claim_id: int | None = None,
) -> dict[str, Any]:
    """Append a note to a statement (or, with statement_id=None and claim_id, to a claim)."""
    return _annotate(
        session,
        NOTE,
        statement_id=statement_id,
        claim_id=claim_id if statement_id is None else None,
        note=note,
        evidence=None,
        seen_version=seen_version,
        reviewer=reviewer,
    )


def add_evidence(
    session: Session,
    statement_id: int,
    evidence: list[str],
    *,
    seen_version: int,
    reviewer: str | None = None,
    note: str | None = None,
    claim_id: int | None = None,
) -> dict[str, Any]:
    """Append evidence (URLs or source:ID) to a statement (or to a claim, as add_note)."""
    return _annotate(
        session,
        EVIDENCE,
        statement_id=statement_id,
        claim_id=claim_id if statement_id is None else None,
        note=note,
        evidence=evidence,
        seen_version=seen_version,
        reviewer=reviewer,
    )


def rate_claim(
    session: Session,
    claim_id: int,
    rating: str,
    *,
    seen_version: int,
    reviewer: str | None = None,
    note: str | None = None,
    evidence: list[str] | None = None,
) -> dict[str, Any]:
    """Record an editor's rating of a claim seen at `seen_version`; the new claim status."""
    name = _reviewer(session, reviewer)
    roles.require(session, name, "rate")
    entry = rating_entry(session, rating)
    note, refs = _note(note), _evidence(session, evidence)
    claim = _claim(session, claim_id, lock=True)
    if claim.status == "merged":
        raise InputError(f"claim {claim_id} was merged into another claim: rate that one")
    attempt = {"verdict": entry["name"], "note": note, "evidence": refs, "reviewer": name}
    _check_version(session, claim, seen_version, attempt)
    _append(
        session,
        claim_id=claim.id,
        reviewer=name,
        verdict=entry["name"],
        note=note,
        evidence=refs,
        seen_version=claim.version,
    )
    session.flush()
    _update_claim_cache(session, claim)
    _flush(session, claim, attempt)
    return claim_status(session, claim.id)


def undo_last(
    session: Session,
    *,
    statement_id: int | None = None,
    claim_id: int | None = None,
    reviewer: str | None = None,
    seen_version: int | None = None,
) -> dict[str, Any]:
    """Retract `reviewer`'s latest live entry (on the item, or anywhere when none is given).

    Returns the item's new status (status_of or claim_status) with the retracted entry
    under "retracted". Nothing is deleted: the retraction is a new review row.
    """
    name = _reviewer(session, reviewer)
    query = select(Review).where(Review.reviewer == name, Review.verdict != RETRACT)
    if statement_id is not None:
        query = query.where(Review.statement_id == statement_id)
    elif claim_id is not None:
        query = query.where(Review.claim_id == claim_id)
    retracted_ids = select(Review.retracts_id).where(
        Review.verdict == RETRACT, Review.retracts_id.is_not(None)
    )
    target = session.scalars(
        query.where(Review.id.not_in(retracted_ids)).order_by(Review.id.desc()).limit(1)
    ).first()
    if target is None:
        where = (
            f"statement {statement_id}"
            if statement_id is not None
            else f"claim {claim_id}"
            if claim_id is not None
            else "any item"
        )
        raise InputError(f"{name} has no decision to undo on {where}")
    is_claim = target.claim_id is not None
    needed = "rate" if is_claim and target.verdict not in _NOT_DECISIONS else "undo"
    roles.require(session, name, needed)
    obj = (
        _claim(session, target.claim_id, lock=True)
        if is_claim
        else _statement(session, target.statement_id, lock=True)
    )
    attempt = {"action": "undo", "retracts_id": target.id, "reviewer": name}
    if seen_version is not None:
        _check_version(session, obj, seen_version, attempt)
    retraction = _append(
        session,
        statement_id=target.statement_id,
        claim_id=target.claim_id,
        reviewer=name,
        verdict=RETRACT,
        retracts_id=target.id,
        evidence=[],
        seen_version=obj.version,
    )
    session.flush()
    if is_claim:
        _update_claim_cache(session, obj)
    else:
        _update_statement_cache(session, obj)
    _flush(session, obj, attempt)
    state = claim_status(session, obj.id) if is_claim else status_of(session, obj.id)
    state["retracted"] = _entry(target, retraction.id)
    return state


def assign(
    session: Session,
    statement_id: int,
    assignee: str | None,
    *,
    seen_version: int,
    reviewer: str | None = None,
) -> dict[str, Any]:
    """Assign a statement to `assignee` (None: unassign). Taking or giving back one's own
    assignment needs the reviewer role; assigning others needs an editor."""
    name = _reviewer(session, reviewer)
    target = None if assignee is None else _name(assignee, "assignee")
    st = _statement(session, statement_id, lock=True)
    own = target == name or (target is None and st.assigned_to in (None, name))
    roles.require(session, name, "assign_self" if own else "assign")
    attempt = {"action": "assign", "assignee": target, "reviewer": name}
    _check_version(session, st, seen_version, attempt)
    if st.assigned_to != target:
        st.assigned_to = target
        sid = st.id
        try:
            session.flush()
        except StaleDataError:
            raise ConflictError(
                f"statement {sid} was changed by someone else at the same moment: reload"
            ) from None
    return status_of(session, st.id)
