"""Storing imported fact-checks: each ClaimReview as a source, a statement, a claim and a
`fact_check` row.

A review becomes a source of kind `fact-check` (its url, its organisation as the outlet,
its date and headline; the text is the claim reviewed), a statement of that text (the
claimant through the ledger's speaker resolution, `stated_on` the claim's date), linked
like any imported statement so that it joins the claim it makes, and a `fact_check` row
holding the organisation's verdict. That verdict is the organisation's: it is never
written into `claim.rating` or a `review` row, which are the ledger's own reviewers'.

A review already stored (the same `review_key`) with the same content is left alone; one
whose content changed is updated in place through the ORM, so every changed row gets its
journaled event. New reviews are written like the importer's articles, with Core in one
unit of work, many reviews to a transaction (`store_batch`): one transaction per review
would spend most of a 20,000-review feed committing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.extract import classify_hedging
from ledger.extract.types import SpeakerRef
from ledger.services import claims
from ledger.services import speakers as speaker_service
from ledger.sources.claimreview import ClaimReview
from ledger.store.database import Database
from ledger.store.models import FactCheck, Source, Statement
from ledger.store.paging import chunked
from ledger.store.unit_of_work import UnitOfWork

#: reviews stored in one transaction
BATCH = 500


@dataclass
class Stored:
    """What happened to one review: added, updated or unchanged."""

    review: ClaimReview
    status: str
    source_id: int | None
    fact_check_id: int | None


def _origin(origin: str, review: ClaimReview) -> str:
    return f"{origin}: {review.where}" if review.where else origin


def source_sha(review: ClaimReview) -> str:
    """The review's source identity: its key and content, so that two reviews of the same
    claim text (the same claim checked twice) are two sources, and a changed review a new
    identity."""
    body = f"fact-check\x1f{review.review_key}\x1f{review.content_sha256}"
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _speaker_ref(review: ClaimReview) -> SpeakerRef | None:
    c = review.claimant
    if c is None:
        return None
    return SpeakerRef(name=c.name, kind=c.kind, role=c.role, affiliation=c.affiliation)


def _source_values(review: ClaimReview, origin: str, encoding: str | None) -> dict[str, Any]:
    return {
        "content_sha256": source_sha(review),
        "title": review.title,
        "outlet": review.organisation,
        "url": review.url,
        "published_on": review.reviewed_on,
        "kind": "fact-check",
        "format": "claimreview",
        "text": review.claim,
        "body_start": 0,
        "origin": _origin(origin, review),
        "encoding": encoding,
    }


def _statement_values(review: ClaimReview, speaker_id: int | None) -> dict[str, Any]:
    """The statement the review is about: its whole text is the claim reviewed."""
    hedge = classify_hedging(review.claim)
    return {
        "speaker_id": speaker_id,
        "speaker_mention": review.claimant.name if review.claimant else None,
        # a claim with no claimant is nobody's words
        "kind": "direct" if review.claimant else "unattributed",
        "quote": review.claim,
        "start": 0,
        "end": len(review.claim),
        "stated_on": review.claim_date,
        "stated_on_precision": review.claim_date_precision if review.claim_date else None,
        "hedging": hedge.level,
        "hedge_cues": [
            {"text": c.text, "start": c.start, "end": c.end, "level": c.level} for c in hedge.cues
        ],
        "polarity": hedge.polarity or "positive",
    }


def _fact_check_values(review: ClaimReview) -> dict[str, Any]:
    return {
        "review_key": review.review_key,
        "content_sha256": review.content_sha256,
        "url": review.url,
        "organisation": review.organisation,
        "organisation_url": review.organisation_url,
        "rating": review.rating,
        "rating_value": review.rating_value,
        "best_rating": review.best_rating,
        "worst_rating": review.worst_rating,
        "claimant": review.claimant.name if review.claimant else None,
        "claim_date": review.claim_date,
        "reviewed_on": review.reviewed_on,
        "appearances": review.appearances,
    }


def _stored_keys(session: Session, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
    """{review_key: (fact_check id, content_sha256)} of the reviews already stored."""
    out: dict[str, tuple[int, str]] = {}
    conn = session.connection()
    for chunk in chunked(list(keys)):
        rows = conn.execute(
            select(FactCheck.review_key, FactCheck.id, FactCheck.content_sha256).where(
                FactCheck.review_key.in_(chunk)
            )
        )
        out.update({key: (fid, sha) for key, fid, sha in rows})
    return out


def store_batch(
    db: Database, reviews: Sequence[ClaimReview], origin: str, encoding: str | None = None
) -> list[Stored]:
    """Store `reviews` (from the file `origin`) in one transaction: new ones added, changed
    ones updated, the same ones left as they are; one `Stored` each, in order."""
    with db.write() as session:
        stored = _stored_keys(session, [r.review_key for r in reviews])
        fresh = [r for r in reviews if r.review_key not in stored]
        changed = [
            r
            for r in reviews
            if r.review_key in stored and stored[r.review_key][1] != r.content_sha256
        ]
        added = _add(session, fresh, origin, encoding) if fresh else {}
        updated = _update(session, changed, stored, origin) if changed else {}
        out = []
        for r in reviews:
            if r.review_key in added:
                out.append(Stored(r, "added", *added[r.review_key]))
            elif r.review_key in updated:
                out.append(Stored(r, "updated", *updated[r.review_key]))
            else:
                out.append(Stored(r, "unchanged", None, stored[r.review_key][0]))
        # the source ids of unchanged reviews, for the user
        missing = [s.fact_check_id for s in out if s.source_id is None]
        if missing:
            source_of = dict(
                session.execute(
                    select(FactCheck.id, FactCheck.source_id).where(FactCheck.id.in_(missing))
                ).all()
            )
            for s in out:
                if s.source_id is None:
                    s.source_id = source_of.get(s.fact_check_id)
        return out


def _add(
    session: Session, reviews: list[ClaimReview], origin: str, encoding: str | None
) -> dict[str, tuple[int, int]]:
    """Insert the sources, statements (linked, with their claims) and fact_check rows of
    new reviews with Core, journaled in one unit of work; {review_key: (source, fact_check)}."""
    uow = UnitOfWork(session)
    refs = [ref for r in reviews if (ref := _speaker_ref(r)) is not None]
    speaker_ids = speaker_service.resolve_all(uow, refs) if refs else {}
    sources = [_source_values(r, origin, encoding) for r in reviews]
    uow.insert(Source, sources)
    statements: list[dict[str, Any]] = []
    for r, src in zip(reviews, sources, strict=True):
        ref = _speaker_ref(r)
        statements.append(
            {
                "source_id": src["id"],
                **_statement_values(r, speaker_ids.get(ref) if ref is not None else None),
                "ref": None,
                "claim_id": None,  # linking gives it
            }
        )
    # Linking reads a statement's source date; the statements of one date go together. Each
    # group is journaled when it is linked, with the claim linking gave it.
    by_date: dict[date | None, list[dict[str, Any]]] = {}
    for r, st in zip(reviews, statements, strict=True):
        by_date.setdefault(r.reviewed_on, []).append(st)
    for published_on, rows in by_date.items():
        uow.insert(Statement, rows, pending=True)
        claims.link_fresh(uow, rows, published_on, None, origin)
    checks = [
        {
            **_fact_check_values(r),
            "source_id": src["id"],
            "statement_id": st["id"],
            "claim_id": st["claim_id"],
        }
        for r, src, st in zip(reviews, sources, statements, strict=True)
    ]
    uow.insert(FactCheck, checks)
    uow.append()
    return {
        r.review_key: (src["id"], fc["id"])
        for r, src, fc in zip(reviews, sources, checks, strict=True)
    }


def _update(
    session: Session,
    reviews: list[ClaimReview],
    stored: dict[str, tuple[int, str]],
    origin: str,
) -> dict[str, tuple[int, int]]:
    """Bring the rows of changed reviews up to date through the ORM (its flush journals
    each changed row); {review_key: (source, fact_check)}.

    A changed claim text changes the statement's quote; its links stay those of the old
    text until `ledger link --rebuild`."""
    uow = UnitOfWork(session)
    refs = [ref for r in reviews if (ref := _speaker_ref(r)) is not None]
    speaker_ids = speaker_service.resolve_all(uow, refs) if refs else {}
    uow.append()  # new speakers' events before the ORM's
    out: dict[str, tuple[int, int]] = {}
    for r in reviews:
        fc = session.get(FactCheck, stored[r.review_key][0])
        assert fc is not None
        src = session.get(Source, fc.source_id)
        if src is not None:
            values = _source_values(r, origin, src.encoding)
            for key, value in values.items():
                if getattr(src, key) != value:
                    setattr(src, key, value)
        st = session.get(Statement, fc.statement_id) if fc.statement_id is not None else None
        if st is not None:
            ref = _speaker_ref(r)
            values = _statement_values(r, speaker_ids.get(ref) if ref is not None else None)
            if st.quote == values["quote"]:  # the same text: its hedging as it was read
                for key in ("hedging", "hedge_cues", "polarity"):
                    values.pop(key)
            for key, value in values.items():
                if getattr(st, key) != value:
                    setattr(st, key, value)
        for key, value in _fact_check_values(r).items():
            if getattr(fc, key) != value:
                setattr(fc, key, value)
        if st is not None and fc.claim_id != st.claim_id:
            fc.claim_id = st.claim_id
        out[r.review_key] = (fc.source_id, fc.id)
    session.flush()
    return out
