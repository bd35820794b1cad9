"""Stored statements as the linker sees them (`LinkItem`), and the query that reads them."""

from __future__ import annotations

from sqlalchemy import Select, select

from ledger.linking import LinkItem
from ledger.store.models import Source, Statement


def link_item(
    sid: int,
    quote: str,
    speaker_id: int | None,
    kind: str,
    stated_on,
    published_on,
    stated_on_precision: str | None = None,
) -> LinkItem:
    """A statement's `LinkItem`; `stated_on_precision` (day, week, month, year) says which
    interval `stated_on` stands for, so first appearances order by it."""
    return LinkItem(
        id=sid,
        text=quote,
        speaker_key=speaker_id,
        verbatim=kind in ("direct", "mixed"),
        stated_on=stated_on,
        published_on=published_on,
        order=sid,
        stated_on_precision=stated_on_precision if stated_on is not None else None,
    )


#: how many leading columns of `item_rows()` are `link_item`'s arguments
ITEM_COLUMNS = 7


def item_rows() -> Select:
    """(id, quote, speaker_id, kind, stated_on, published_on, stated_on_precision, claim_id)
    of statements; the first `ITEM_COLUMNS` are `link_item`'s arguments."""
    return select(
        Statement.id,
        Statement.quote,
        Statement.speaker_id,
        Statement.kind,
        Statement.stated_on,
        Source.published_on,
        Statement.stated_on_precision,
        Statement.claim_id,
    ).join(Source, Statement.source_id == Source.id)
