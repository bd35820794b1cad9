"""A statement's appearances never take a conflicting or rejected statement for the first
appearance of what it says: those say something else."""

from __future__ import annotations

from datetime import date

from ledger.services.queue import appearances
from ledger.store.models import Link, Source, Statement


def _statement(s, n: int, quote: str, published: date) -> int:
    src = Source(content_sha256=f"{n:064x}", text=quote, origin=f"s{n}", published_on=published)
    s.add(src)
    s.flush()
    st = Statement(source_id=src.id, kind="indirect", quote=quote, start=0, end=len(quote))
    s.add(st)
    s.flush()
    return st.id


def test_first_appearance_skips_conflicts_and_rejected_links(db):
    with db.write() as s:
        early = _statement(
            s, 1, "About 300 litres of diesel leaked into the canal.", date(2026, 3, 1)
        )
        rejected = _statement(
            s, 2, "Diesel leaked into the canal again, officials said.", date(2026, 3, 2)
        )
        me = _statement(s, 3, "About 200 litres of diesel leaked into the canal.", date(2026, 3, 5))
        same = _statement(
            s, 4, "Some 200 litres of diesel leaked into the canal.", date(2026, 3, 4)
        )
        for a, b, relation, decided in (
            (early, me, "conflicts", "suggested"),
            (rejected, me, "paraphrase", "rejected"),
            (me, same, "paraphrase", "suggested"),
        ):
            s.add(Link(a_id=a, b_id=b, relation=relation, score=80.0, method="t", decided=decided))
    with db.read() as s:
        rows = {r["id"]: r for r in appearances(s, me)}
    assert set(rows) == {early, rejected, same}
    # the earliest of what says the same as statement `me` is `same` (4 March), not the
    # conflicting 1 March statement nor the rejected 2 March one
    assert [i for i, r in rows.items() if r["first"]] == [same]
