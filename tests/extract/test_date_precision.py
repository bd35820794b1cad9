"""Date precision (issue 12, item 3): every relative date phrase resolves to an interval
(its first day and a precision) that holds the day the phrase names, never starts after
the source date, and is stored as its first day; the extractor carries the precision."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.extract import extract
from ledger.extract.dates import PRECISIONS, find_date, interval, start_of
from ledger.store.models import DATE_PRECISIONS

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = list(calendar.month_name)[1:]


def _named_day(phrase: str, ref: date) -> date:
    """A day the phrase certainly names, worked out independently of the extractor."""
    low = phrase.lower()
    if low == "yesterday":
        return ref - timedelta(days=1)
    if low in ("today", "this morning", "tonight"):
        return ref
    if low in ("this week", "earlier this week", "this month", "earlier this month"):
        return ref
    if low in ("this year", "earlier this year"):
        return ref
    if low == "last week":
        return ref - timedelta(days=7)
    if low == "last month":
        return ref.replace(day=1) - timedelta(days=1)
    if low == "last year":
        return ref.replace(year=ref.year - 1, day=min(ref.day, 28))
    words = phrase.split()
    if words[-1] in WEEKDAYS:
        want = WEEKDAYS.index(words[-1])
        back = (ref.weekday() - want) % 7
        if words[0] == "last" and back == 0:
            back = 7
        return ref - timedelta(days=back)
    if words[0] == "in":  # "in March": the latest March day on or before the source date
        month = MONTHS.index(words[1]) + 1
        year = ref.year if month <= ref.month else ref.year - 1
        last = calendar.monthrange(year, month)[1]
        return min(date(year, month, last), ref)
    raise AssertionError(phrase)


PHRASES = st.sampled_from(
    [
        "yesterday",
        "today",
        "this morning",
        "tonight",
        "last week",
        "this week",
        "earlier this week",
        "last month",
        "this month",
        "earlier this month",
        "last year",
        "this year",
        "earlier this year",
    ]
    + [f"on {d}" for d in WEEKDAYS]
    + [f"last {d}" for d in WEEKDAYS]
    + [d for d in WEEKDAYS]
    + [f"in {m}" for m in MONTHS]
)
REFS = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@settings(max_examples=400, deadline=None)
@given(phrase=PHRASES, ref=REFS, upper=st.booleans())
def test_every_relative_phrase_is_an_interval_holding_the_day_it_names(phrase, ref, upper):
    said = f"The mayor said {phrase.upper() if upper else phrase} that taxes would fall."
    start, precision = find_date(said, [(0, len(said))], ref)
    assert precision in DATE_PRECISIONS
    assert start is not None
    assert start == start_of(start, precision)  # stated_on is the interval's first day
    first, last = interval(start, precision)
    assert first == start <= last
    assert first <= _named_day(phrase, ref) <= last
    assert first <= ref  # said after the source? never
    # nothing a relative phrase names is more precise than it says
    if phrase.lower().startswith(("last week", "this week", "earlier this week")):
        assert precision == "week" and start.weekday() == 0 and last - first == timedelta(6)
    if "month" in phrase or phrase.startswith("in "):
        assert precision == "month" and start.day == 1
    if "year" in phrase:
        assert precision == "year" and (start.month, start.day) == (1, 1)


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_start_of_and_interval_agree(day):
    for precision in PRECISIONS:
        first, last = interval(start_of(day, precision), precision)
        assert first <= day <= last
        assert start_of(last, precision) == first  # the interval is one unit, no more


def test_precisions_are_the_stores():
    assert PRECISIONS == DATE_PRECISIONS


@pytest.mark.parametrize("phrase", ["last week", "this year", "last month", "on Friday"])
def test_without_a_source_date_a_relative_phrase_is_not_placed(phrase):
    said = f"The mayor said {phrase} that taxes would fall."
    assert find_date(said, [(0, len(said))], None) == (None, None)


def test_the_extractor_carries_the_precision():
    text = (
        "The mayor said last week that taxes would fall. "
        "The treasurer said on Friday that rates would rise. "
        "The governor said last year that roads would improve. "
        "A clerk said the files were lost."
    )
    found = {s.quote.split()[0]: s for s in extract(text, date(2024, 6, 16))}
    assert (found["taxes"].stated_on, found["taxes"].stated_on_precision) == (
        date(2024, 6, 3),
        "week",
    )
    assert (found["rates"].stated_on, found["rates"].stated_on_precision) == (
        date(2024, 6, 14),
        "day",
    )
    assert (found["roads"].stated_on, found["roads"].stated_on_precision) == (
        date(2023, 1, 1),
        "year",
    )
    assert (found["the"].stated_on, found["the"].stated_on_precision) == (None, None)
