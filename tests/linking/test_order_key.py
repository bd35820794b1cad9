"""`order_key`, the one first-appearance order (issue 12, item 3): a statement's date is an
interval, ordered by its last day, the narrower first when two end on the same day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.extract.dates import PRECISIONS, interval, start_of
from ledger.linking import LinkItem, ProposedLink, build_claims, order_key

MONDAY = date(2024, 6, 3)  # the week of 3 to 9 June 2024


def item(i: int, stated=None, precision=None, published=None) -> LinkItem:
    return LinkItem(
        i, f"text {i}", stated_on=stated, stated_on_precision=precision, published_on=published
    )


def first(*items: LinkItem) -> int:
    return min(items, key=order_key).id


def test_a_week_is_not_earlier_than_a_day_inside_it():
    week = item(1, MONDAY, "week")
    for offset in range(7):  # Monday to Sunday, whichever was imported first
        day = item(2, MONDAY + timedelta(days=offset), "day")
        assert first(week, day) == 2
        assert first(day, week) == 2


def test_a_day_before_the_week_is_first_and_a_day_after_it_is_not():
    week = item(2, MONDAY, "week")
    assert first(week, item(1, MONDAY - timedelta(days=1), "day")) == 1  # the Sunday before
    assert first(week, item(3, MONDAY + timedelta(days=7), "day")) == 2  # the Monday after


def test_a_week_inside_a_month_comes_before_the_month():
    june = item(1, date(2024, 6, 1), "month")
    assert first(june, item(2, MONDAY, "week")) == 2
    assert first(june, item(3, date(2024, 6, 24), "week")) == 3  # 24-30 June: ends with it
    # a week that runs past the month's end only proves a later day
    assert first(item(4, date(2024, 5, 27), "week"), item(5, date(2024, 5, 1), "month")) == 5


def test_a_vague_date_does_not_beat_a_precise_one():
    assert first(item(1, date(2024, 1, 1), "year"), item(2, date(2024, 3, 5), "day")) == 2


def test_undated_statements_count_from_their_publication():
    stated = item(1, date(2024, 6, 5), "day", published=date(2024, 6, 7))
    assert first(stated, item(2, published=date(2024, 6, 3))) == 2
    assert first(stated, item(3, published=date(2024, 6, 6))) == 1
    # published the day it was stated: the dated one knows more
    assert first(stated, item(4, published=date(2024, 6, 5))) == 1
    assert first(item(5), stated) == 1  # nothing known at all: last


def test_iso_text_and_datetimes_order_like_dates():
    assert order_key(item(1, "2024-06-03", "week"))[0] == order_key(item(1, MONDAY, "week"))[0]
    dt = datetime(2024, 6, 3, 15, 30)
    assert order_key(item(1, published=dt))[0] == order_key(item(1, published=MONDAY))[0]


def test_build_claims_takes_the_first_appearance_by_interval():
    info = {
        1: item(1, MONDAY, "week"),
        2: item(2, MONDAY + timedelta(days=2), "day"),
        3: item(3, date(2024, 6, 1), "month"),
    }
    links = [
        ProposedLink(1, 2, "repeat", 100.0, "t", "auto"),
        ProposedLink(2, 3, "repeat", 100.0, "t", "auto"),
    ]
    (claim,) = build_claims(info, links, order_info=info, include_singletons=False)
    assert claim.first_id == 2


INTERVALS = st.tuples(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    st.sampled_from(PRECISIONS),
).map(lambda t: (start_of(t[0], t[1]), t[1]))


@settings(max_examples=300, deadline=None)
@given(a=INTERVALS, b=INTERVALS)
def test_order_follows_the_intervals(a, b):
    ka, kb = order_key(item(1, *a))[0], order_key(item(2, *b))[0]
    (a0, a1), (b0, b1) = interval(*a), interval(*b)
    if b0 <= a0 and a1 <= b1:  # a inside b: never after it
        assert ka <= kb
    if a1 < b0:  # a over before b begins
        assert ka < kb
    if a1 < b1:  # a proves an earlier day
        assert ka < kb
    assert (ka == kb) == ((a0, a1) == (b0, b1))
