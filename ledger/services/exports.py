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
from ledger.store.models import Claim


def rated_only(session: Session, rows: Iterable[dict]) -> Iterator[dict]:
    """The `rows` (statement dicts) whose claim is finally rated, each with `claim_rating`.

    A generator: the right is checked when the first row is asked for.
    """
    roles.require(session, None, "export_verified")
    rated = dict(
        session.execute(select(Claim.id, Claim.rating).where(Claim.rating_final.is_(True))).all()
    )
    for row in rows:
        if row.get("claim_id") in rated:
            yield {**row, "claim_rating": rated[row["claim_id"]]}
