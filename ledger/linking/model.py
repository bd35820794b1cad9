"""Plain data exchanged with the rest of the ledger: statements in (`LinkItem`), links out.

No database types here: the store maps its rows onto these and back.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
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


def _day(value: DateLike) -> date | None:
    """The calendar day of a date, a datetime or ISO text; None when there is none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


#: a week-precision date covers its Monday and the six days after it
_WEEK = 6
#: an undated statement's interval has no first day: it sorts after every dated interval
#: that ends on the same day (its negated start is larger than any real one)
_OPEN_START = 1 << 40


def _interval_key(item: LinkItem) -> tuple[int, ...]:
    """(0, last day, -first day) of the days `item` may have been said on, as ordinals;
    (1,) when nothing bounds them."""
    start = _day(item.stated_on)
    if start is not None:
        precision = item.stated_on_precision
        if precision == "week":
            end = start + timedelta(days=_WEEK)
        elif precision == "month":
            end = start.replace(day=monthrange(start.year, start.month)[1])
        elif precision == "year":
            end = start.replace(month=12, day=31)
        else:  # "day", or a date stored before precisions were
            end = start
        return (0, end.toordinal(), -start.toordinal())
    published = _day(item.published_on)
    if published is not None:
        # said on or before its source was published: the interval ends there
        return (0, published.toordinal(), _OPEN_START)
    return (1,)


def order_key(item: LinkItem) -> tuple:
    """Sort key for "first appearance": the earliest *last* day the statement may have
    been said on, then the *latest* first day, then `published_on`, then import order.

    A statement's date is an interval: `stated_on` is its first day and
    `stated_on_precision` its length (a day, a week, a month, a year); a statement with no
    `stated_on` was said on or before its source was published, an interval open to the
    past that ends on `published_on`. The first appearance is the one that shows the claim
    was made *by* the earliest day, so intervals are ordered by their last day: "last week"
    only proves the claim was made by that week's Sunday, so it is not earlier than a day
    inside that week, and a day before the week comes before it and a day after it after.
    Among intervals that end on the same day, the narrower (later first day) comes first:
    an interval inside another never sorts after it (Sunday 12 May before "the week of 6
    May"; that week before "May" when the month ends on that Sunday; a dated statement
    before an undated one published that day). Ordering by the first day instead would
    let a vague date ("this year") beat every precise one. Totally undated statements come
    last. `ledger claim`, the claim book and the ClaimReview export all order by this key.
    """
    order = item.order if item.order is not None else item.id
    return (_interval_key(item), _date_key(item.published_on), order, item.id)
