"""What the reviewer is asked to decide beside the statement itself: its `conflicts`
suggestions, the fact-checks already in its claim, and the best prior fact-checks of it.

* `conflicts_of`: the statement's links with relation `conflicts` (the same claim with other
  figures or the opposite polarity, `ledger.linking.CONFLICTS`), each with the other
  statement's speaker, source, date and quote and the word diff *from this quote to that
  one*. Deciding them is `ledger.services.claims.decide_link`: a confirmed conflict keeps
  the two statements in different claims.
* `claim_fact_checks`: the imported verdicts (`fact_check` rows) whose statement is in a
  claim, found through the fact-check's statement (which follows any recluster), so a
  statement linked to a fact-check shows that organisation's rating.
* `prior_checks`: `ledger.services.prior_checks.prior_fact_checks` with what a reviewer
  reads of each review besides (the claimant, the claim's date and its precision, the
  review's date).

Everything returned is plain data (the TypedDicts below), never ORM objects, so the
reviewer UI can hand it from a worker thread to its event loop.
"""

from __future__ import annotations

from typing import Any, TypedDict

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.linking import CONFLICTS, flip_diff
from ledger.services import prior_checks as prior
from ledger.services.queue import statement_summaries
from ledger.store.ids import get_by_id
from ledger.store.models import FactCheck, Link, Statement
from ledger.store.paging import iso

__all__ = [
    "ClaimFactCheck",
    "ConflictSuggestion",
    "PriorCheck",
    "claim_fact_checks",
    "conflicts_of",
    "prior_checks",
]

#: conflicts shown per statement: a quote repeated with another figure everywhere would
#: otherwise list every source (they are ordered undecided first, then by score)
MAX_CONFLICTS = 50
#: link decisions a reviewer still has to make
UNDECIDED = ("auto", "suggested")


class ConflictSuggestion(TypedDict):
    """A `conflicts` link of the statement, seen from it: `id` is the other statement."""

    link_id: int
    a_id: int
    b_id: int
    id: int
    score: float
    method: str
    decided: str  # suggested (or auto) until a reviewer confirms or rejects it
    decided_by: str | None
    diff: list[dict[str, Any]] | None  # word diff from this quote to the other one
    quote: str
    speaker: str | None  # the speaker's name, else the mention in the source
    outlet: str | None
    title: str | None
    url: str | None
    stated_on: str | None
    stated_on_precision: str | None
    published_on: str | None


class ClaimFactCheck(TypedDict):
    """An imported verdict on a claim (the organisation's, never the ledger's own rating)."""

    fact_check_id: int
    statement_id: int
    rating: str | None
    rating_value: float | None
    best_rating: float | None
    rated_by: str | None
    url: str | None
    claimant: str | None
    claim_date: str | None
    reviewed_on: str | None


class PriorCheck(TypedDict):
    """A row of `prior_fact_checks` (its keys are kept) with the review's own fields."""

    fact_check_id: int | None
    statement_id: int
    claim_id: int | None
    url: str | None
    rating: str | None
    rated_by: str | None
    speaker: str | None
    claimant: str | None
    stated_on: str | None
    stated_on_precision: str | None
    reviewed_on: str | None
    quote: str
    score: float
    linked: bool  # the statement is in this fact-check's claim already
    link_status: str | None  # the decision on the link between the two, if there is one


def _need_statement(session: Session, statement_id: int) -> Statement:
    st = get_by_id(session, Statement, statement_id)
    if st is None:
        raise InputError(f"no statement with id {statement_id}")
    return st


def conflicts_of(session: Session, statement_id: int) -> list[ConflictSuggestion]:
    """The `conflicts` links of statement `statement_id`: undecided ones first, then the
    decided ones (so a reviewer sees what was decided), each by score, best first."""
    _need_statement(session, statement_id)
    links = session.scalars(
        select(Link)
        .where(
            Link.relation == CONFLICTS,
            or_(Link.a_id == statement_id, Link.b_id == statement_id),
        )
        .order_by(Link.id)
    ).all()
    if not links:
        return []
    links = sorted(links, key=lambda lk: (lk.decided not in UNDECIDED, -(lk.score or 0), lk.id))
    links = links[:MAX_CONFLICTS]
    others = {lk.b_id if lk.a_id == statement_id else lk.a_id for lk in links}
    info = statement_summaries(session, others)
    out: list[ConflictSuggestion] = []
    for lk in links:
        mine_is_a = lk.a_id == statement_id
        r = info.get(lk.b_id if mine_is_a else lk.a_id)
        if r is None:
            continue
        out.append(
            {
                "link_id": lk.id,
                "a_id": lk.a_id,
                "b_id": lk.b_id,
                "id": r.id,
                "score": float(lk.score),
                "method": lk.method,
                "decided": lk.decided,
                "decided_by": lk.decided_by,
                "diff": lk.diff if mine_is_a else flip_diff(lk.diff),
                "quote": r.quote,
                "speaker": r.name if r.name is not None else r.speaker_mention,
                "outlet": r.outlet,
                "title": r.title,
                "url": r.url,
                "stated_on": iso(r.stated_on),
                "stated_on_precision": (r.stated_on_precision or "day") if r.stated_on else None,
                "published_on": iso(r.published_on),
            }
        )
    return out


def claim_fact_checks(session: Session, claim_id: int | None) -> list[ClaimFactCheck]:
    """The imported fact-checks of claim `claim_id` (none for no claim), oldest first."""
    if claim_id is None:
        return []
    rows = session.scalars(
        select(FactCheck)
        .join(Statement, FactCheck.statement_id == Statement.id)
        .where(Statement.claim_id == claim_id)
        .order_by(FactCheck.id)
        .limit(20)
    ).all()
    return [
        {
            "fact_check_id": fc.id,
            "statement_id": fc.statement_id,
            "rating": fc.rating,
            "rating_value": fc.rating_value,
            "best_rating": fc.best_rating,
            "rated_by": fc.organisation,
            "url": fc.url,
            "claimant": fc.claimant,
            "claim_date": iso(fc.claim_date),
            "reviewed_on": iso(fc.reviewed_on),
        }
        for fc in rows
        if fc.statement_id is not None
    ]


def prior_checks(session: Session, statement_id: int, top: int = 5) -> list[PriorCheck]:
    """The `top` best prior fact-checks of statement `statement_id` (`prior_fact_checks`),
    each with its claimant, the claim date's precision and the review's date."""
    rows = prior.prior_fact_checks(session, statement_id, top)
    fc_ids = [r["fact_check_id"] for r in rows if r.get("fact_check_id") is not None]
    checks = {
        fc.id: fc for fc in session.scalars(select(FactCheck).where(FactCheck.id.in_(fc_ids)))
    }
    precision = dict(
        session.execute(
            select(Statement.id, Statement.stated_on_precision).where(
                Statement.id.in_([r["statement_id"] for r in rows])
            )
        ).all()
    )
    out: list[PriorCheck] = []
    for r in rows:
        fc = checks.get(r.get("fact_check_id"))  # type: ignore[arg-type]
        out.append(
            {
                **r,  # type: ignore[typeddict-item]
                "claimant": (fc.claimant if fc is not None else None) or r.get("speaker"),
                "stated_on_precision": (
                    (precision.get(r["statement_id"]) or "day") if r.get("stated_on") else None
                ),
                "reviewed_on": iso(fc.reviewed_on) if fc is not None else None,
            }
        )
    return out
