"""What `ledger export` selects beyond the statement query: `--rated`, the statements whose
claim has a final rating.

Ratings are what an editor may release, so reading them for an export needs the
`export_verified` right, the same as the ClaimReview export and the full dump.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.services import roles
from ledger.services.derivation import claim_status
from ledger.store.models import Claim


def rated_only(session: Session, rows: Iterable[dict]) -> Iterator[dict]:
    """The `rows` (statement dicts) whose claim is finally rated, each with `claim_rating`
    and `claim_rating_note` (what the reviewers who back the rating wrote with it).

    A generator: the right is checked when the first row is asked for.
    """
    roles.require(session, None, "export_verified")
    rated = dict(
        session.execute(select(Claim.id, Claim.rating).where(Claim.rating_final.is_(True))).all()
    )
    notes: dict[int, str | None] = {}
    for row in rows:
        cid = row.get("claim_id")
        if cid in rated:
            if cid not in notes:
                notes[cid] = "\n\n".join(claim_status(session, cid)["rating_notes"]) or None
            yield {**row, "claim_rating": rated[cid], "claim_rating_note": notes[cid]}
