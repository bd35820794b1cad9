"""Making review entries: decisions on statements, ratings of claims, notes, evidence,
undoing one's latest entry, assigning statements, and the checks of what a reviewer typed.

Each change appends a `review` row (see `ledger.services.review_log`), rewrites the cached
status or rating (`ledger.services.derivation`) and bumps the item's version in the same
transaction, after checking the version the reviewer saw (`ledger.services.conflicts`).
An undo appends a retraction: nothing is deleted. `pending_for` lists what is waiting for a
reviewer's decision.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ledger.errors import ConflictError, InputError, PermissionDenied, is_number
from ledger.services import checkpoints, roles
from ledger.services.conflicts import check_version, flush_change
from ledger.services.derivation import (
    claim_status,
    status_of,
    update_claim_cache,
    update_statement_cache,
)
from ledger.services.review_log import (
    EVIDENCE,
    NOT_DECISIONS,
    NOTE,
    RETRACT,
    VERDICTS,
    entry,
    load,
)
from ledger.services.settings import rating_entry
from ledger.store import identity
from ledger.store.ids import get_by_id, id_equals, parse_id
from ledger.store.models import Claim, Review, Source, Statement
from ledger.store.paging import keyset_pages

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
    acting = identity.acting_user(session)
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
            if get_by_id(session, model, parse_id(num.strip())) is None:
                raise InputError(f"evidence {item!r}: no {kind.strip().lower()} with id {num}")
            ref = f"{kind.strip().lower()}:{int(num)}"
        if ref not in out:
            out.append(ref)
    if len(out) > MAX_EVIDENCE:
        raise InputError(f"at most {MAX_EVIDENCE} pieces of evidence per decision")
    return out


# --- reading: what waits for a reviewer -------------------------------------------------------


def pending_for(session: Session, reviewer: str | None = None, limit: int = 100) -> list[dict]:
    """Statements waiting for a further approval that `reviewer` has not given yet."""
    name = _reviewer(session, reviewer)
    out: list[dict] = []
    if limit <= 0:
        return out
    in_review = select(Statement.id).where(Statement.status == "in_review")
    pages = keyset_pages(session, in_review, Statement.id, batch=500, key_of=lambda sid: sid)
    for ids in pages:
        for sid in ids:
            state = status_of(session, sid)
            if state["pending_verdict"] and name not in state["approved_by"]:
                out.append(state)
                if len(out) >= limit:
                    return out
    return out


# --- deciding --------------------------------------------------------------------------------


def _append(session: Session, obj: Statement | Claim, **fields: Any) -> Review:
    """A new review row about `obj`, made on the version it is at (checked already)."""
    review = Review(**fields, seen_version=obj.version)
    session.add(review)
    # the first decision of a day seals the days before it (when a series folder is set)
    checkpoints.checkpoint_on_commit(session, after="decisions")
    return review


def _record(session: Session, obj: Statement | Claim, attempt: dict, **fields: Any) -> Review:
    """Append a decision (or its retraction) and store what it changes: the status or
    rating cache, and the item's next version."""
    review = _append(session, obj, **fields)
    # the row goes in on its own flush: the derivation below reads it, and its event comes
    # before the item's in the history
    session.flush()
    if isinstance(obj, Claim):
        update_claim_cache(session, obj)
    else:
        update_statement_cache(session, obj)
    flush_change(session, obj, attempt)
    return review


def _state(session: Session, obj: Statement | Claim) -> dict[str, Any]:
    return claim_status(session, obj.id) if isinstance(obj, Claim) else status_of(session, obj.id)


def _verdict(
    session: Session,
    obj: Statement | Claim,
    verdict: str,
    name: str,
    note: str | None,
    refs: list[str],
    seen_version: int,
) -> dict[str, Any]:
    """Record `name`'s checked verdict (or rating) on the locked `obj`; its new state."""
    attempt = {"verdict": verdict, "note": note, "evidence": refs, "reviewer": name}
    check_version(session, obj, seen_version, attempt)
    item = {"claim_id": obj.id} if isinstance(obj, Claim) else {"statement_id": obj.id}
    _record(session, obj, attempt, **item, reviewer=name, verdict=verdict, note=note, evidence=refs)
    return _state(session, obj)


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
    st = load(session, Statement, statement_id, lock=True)
    if st.status == "retracted":
        raise InputError(f"statement {statement_id} was retracted: there is nothing to decide")
    return _verdict(session, st, verdict, name, note, refs, seen_version)


def _annotate(
    session: Session,
    kind: str,
    statement_id: int | None,
    claim_id: int | None,
    note: str | None,
    evidence: list[str] | None,
    seen_version: int,
    reviewer: str | None,
) -> dict[str, Any]:
    """Append a note or evidence to the statement, or without one to the claim."""
    if statement_id is not None:
        claim_id = None
    name = _reviewer(session, reviewer)
    roles.require(session, name, kind)
    note, refs = _note(note), _evidence(session, evidence)
    if kind == NOTE and not note:
        raise InputError("a note must not be empty")
    if kind == EVIDENCE and not refs:
        raise InputError("no evidence given: add a URL or source:ID")
    obj = (
        load(session, Statement, statement_id, lock=True)
        if statement_id is not None
        else load(session, Claim, claim_id, lock=True)
    )
    attempt = {"action": kind, "note": note, "evidence": refs, "reviewer": name}
    check_version(session, obj, seen_version, attempt)
    # a note or evidence derives nothing: the row and the new version go in one flush
    _append(
        session,
        obj,
        statement_id=statement_id,
        claim_id=claim_id,
        reviewer=name,
        verdict=kind,
        note=note,
        evidence=refs,
    )
    flush_change(session, obj, attempt)
    return _state(session, obj)


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
    return _annotate(session, NOTE, statement_id, claim_id, note, None, seen_version, reviewer)


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
        session, EVIDENCE, statement_id, claim_id, note, evidence, seen_version, reviewer
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
    rating = rating_entry(session, rating)["name"]
    note, refs = _note(note), _evidence(session, evidence)
    claim = load(session, Claim, claim_id, lock=True)
    if claim.status == "merged":
        raise InputError(f"claim {claim_id} was merged into another claim: rate that one")
    return _verdict(session, claim, rating, name, note, refs, seen_version)


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
        query = query.where(id_equals(Review.statement_id, statement_id))
    elif claim_id is not None:
        query = query.where(id_equals(Review.claim_id, claim_id))
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
    needed = "rate" if is_claim and target.verdict not in NOT_DECISIONS else "undo"
    roles.require(session, name, needed)
    obj = (
        load(session, Claim, target.claim_id, lock=True)
        if is_claim
        else load(session, Statement, target.statement_id, lock=True)
    )
    attempt = {"action": "undo", "retracts_id": target.id, "reviewer": name}
    if seen_version is not None:
        check_version(session, obj, seen_version, attempt)
    retraction = _record(
        session,
        obj,
        attempt,
        statement_id=target.statement_id,
        claim_id=target.claim_id,
        reviewer=name,
        verdict=RETRACT,
        retracts_id=target.id,
        evidence=[],
    )
    state = _state(session, obj)
    state["retracted"] = entry(target, retraction.id)
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
    st = load(session, Statement, statement_id, lock=True)
    own = target == name or (target is None and st.assigned_to in (None, name))
    roles.require(session, name, "assign_self" if own else "assign")
    attempt = {"action": "assign", "assignee": target, "reviewer": name}
    check_version(session, st, seen_version, attempt)
    if st.assigned_to != target:
        st.assigned_to = target
        sid = st.id
        try:
            session.flush()
        except StaleDataError:
            raise ConflictError(
                f"statement {sid} was changed by someone else at the same moment: reload",
                subject=f"statement:{sid}",
                attempt=attempt,
            ) from None
    return status_of(session, st.id)
