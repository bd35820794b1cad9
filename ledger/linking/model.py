"""Plain data exchanged with the rest of the ledger: statements in (`LinkItem`), links out.

No database types here: the store maps its rows onto these and back.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

__all__ = [
    "ALTERED",
    "CONFLICTS",
    "JOINING",
    "PARAPHRASE",
    "REPEAT",
    "RELATIONS",
    "LinkItem",
    "ProposedLink",
    "Relation",
    "Status",
    "order_key",
]

Relation = Literal["repeat", "altered", "paraphrase", "conflicts"]
Status = Literal["auto", "suggested"]
REPEAT: Relation = "repeat"
ALTERED: Relation = "altered"
PARAPHRASE: Relation = "paraphrase"
#: the same claim with different figures or the opposite polarity: a suggestion for a
#: reviewer, never an edge that joins a claim (not even when confirmed)
CONFLICTS: Relation = "conflicts"
RELATIONS: tuple[Relation, ...] = (REPEAT, ALTERED, PARAPHRASE, CONFLICTS)
#: relations whose links may join two statements into one claim
JOINING: tuple[Relation, ...] = (REPEAT, ALTERED, PARAPHRASE)

DateLike = date | datetime | str | None


@dataclass(frozen=True, slots=True)
class LinkItem:
    """One statement as the linker sees it.

    `speaker_key` is the store's speaker id (None: unattributed, which never counts as "the
    same speaker"). `verbatim` is True for quotes presented as verbatim (statement kind
    direct or mixed). `order` is the import order (the statement id will do).
    """

    id: int
    text: str
    speaker_key: Hashable | None = None
    verbatim: bool = True
    stated_on: DateLike = None
    published_on: DateLike = None
    order: int | None = None
    stated_on_precision: str | None = None


@dataclass(frozen=True, slots=True)
class ProposedLink:
    """A link between two statements, `a_id < b_id`; `diff` is set for repeat/altered."""

    a_id: int
    b_id: int
    relation: Relation
    score: float
    method: str
    status: Status
    diff: list[dict[str, str]] | None = field(default=None, compare=False)

    @property
    def pair(self) -> tuple[int, int]:
        return (self.a_id, self.b_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a_id": self.a_id,
            "b_id": self.b_id,
            "relation": self.relation,
            "score": self.score,
            "method": self.method,
            "status": self.status,
            "diff": self.diff,
        }


def _date_key(value: DateLike) -> tuple[int, str]:
    # Missing dates sort after every known date; dates and datetimes compare as ISO text,
    # which orders them correctly and treats a date as the start of its day.
    if value is None or value == "":
        return (1, "")
    if isinstance(value, datetime | date):
        return (0, value.isoformat())
    return (0, str(value))


def order_key(item: LinkItem) -> tuple[tuple[int, str], tuple[int, str], int, int]:
    """Sort key for "first appearance": stated_on, then published_on, then import order."""
    order = item.order if item.order is not None else item.id
    return (_date_key(item.stated_on), _date_key(item.published_on), order, item.id)
