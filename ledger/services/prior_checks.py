"""Prior fact-checks of a stored statement, and putting the statement into one's claim.

For the reviewer's "checked before?" (CLI `ledger checked`, the UI's prior-checks panel):

* `prior_fact_checks` ranks the imported fact-checks (`fact_check` rows and their
  statements) by the statement's text, re-ranked by its speaker against each review's
  claimant and its date against the claim date (`ledger.linking.search.search_prior`);
  the statement itself and statements of its own source are never offered.
* `link_to_fact_check` records the reviewer's "this is that claim": a confirmed link
  between the statement and the fact-check's statement through
  `ledger.services.claims.decide_link` (role-checked as every link decision; the link and
  the claims it changes are journaled), so the statement joins the rated claim.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.errors import InputError
from ledger.linking.search import PriorQuery
from ledger.services import claims
from ledger.services.similar import fact_check_index, similar_prior
from ledger.store.ids import get_by_id
from ledger.store.models import FactCheck, Link, Source, Speaker, Statement

__all__ = ["link_to_fact_check", "prior_fact_checks"]

#: extra candidates asked for, so that leaving out the statement's own source still fills `top`
_SLACK = 20


def _statement(session: Session, statement_id: int) -> Statement:
    st = get_by_id(session, Statement, statement_id)
    if st is None:
        raise InputError(f"no statement with id {statement_id}")
    return st


def prior_fact_checks(session: Session, statement_id: int, top: int = 5) -> list[dict[str, Any]]:
    """The `top` imported fact-checks most likely of the claim statement `statement_id`
    makes, best first: the rows of `ledger similar` (fact_check_id, url, rating, rated_by,
    speaker, quote, score, ...) plus `linked`, whether the statement is already in that
    fact-check's claim, and `link_status`, the decision on the link between the two."""
    if top < 1:
        raise InputError("--top must be at least 1")
    st = _statement(session, statement_id)
    speaker = session.get(Speaker, st.speaker_id) if st.speaker_id is not None else None
    source = session.get(Source, st.source_id)
    query = PriorQuery(
        text=st.quote,
        speaker=speaker.name if speaker else st.speaker_mention,
        date=st.stated_on or (source.published_on if source else None),
    )
    index = fact_check_index(session)
    rows = similar_prior(session, index, query, top + _SLACK)
    own_source = set(
        session.scalars(select(Statement.id).where(Statement.source_id == st.source_id))
    )
    rows = [r for r in rows if r["statement_id"] not in own_source][:top]
    if not rows:
        return []
    ids = [r["statement_id"] for r in rows]
    decided = {
        (lk.a_id if lk.b_id == st.id else lk.b_id): lk.decided
        for lk in session.scalars(
            select(Link).where(
                ((Link.a_id == st.id) & Link.b_id.in_(ids))
                | ((Link.b_id == st.id) & Link.a_id.in_(ids))
            )
        )
    }
    for r in rows:
        r["linked"] = st.claim_id is not None and r["claim_id"] == st.claim_id
        r["link_status"] = decided.get(r["statement_id"])
    return rows


def link_to_fact_check(
    session: Session, statement_id: int, fact_check_id: int, reviewer: str | None = None
) -> dict[str, Any]:
    """Confirm that statement `statement_id` makes the claim fact-check `fact_check_id`
    rated: a confirmed link to the fact-check's statement (created, or an earlier one
    confirmed), after which the statement is in that claim. Needs the role that confirms
    links. Returns the statement's claim, the fact-check's rating and the link."""
    st = _statement(session, statement_id)
    fc = get_by_id(session, FactCheck, fact_check_id)
    if fc is None:
        raise InputError(f"no fact-check with id {fact_check_id}")
    if fc.statement_id is None:
        raise InputError(f"fact-check {fact_check_id} has no statement to link to")
    if fc.statement_id == st.id:
        raise InputError(f"statement {statement_id} is fact-check {fact_check_id}'s own")
    link = claims.decide_link(session, st.id, fc.statement_id, "confirm", reviewer)
    session.refresh(st)
    return {
        "statement_id": st.id,
        "fact_check_id": fc.id,
        "fact_check_statement_id": fc.statement_id,
        "claim_id": st.claim_id,
        "rating": fc.rating,
        "rated_by": fc.organisation,
        "url": fc.url,
        "link": link,
    }
