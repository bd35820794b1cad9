"""Statement dates against the source date, and venues."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.extract.dates import find_date
from ledger.extract.venues import find_venue

from .conftest import find

SUNDAY = date(2024, 6, 16)  # a Sunday


@pytest.mark.parametrize(
    "phrase, expected, precision",
    [
        ("said on Sunday", date(2024, 6, 16), "day"),
        ("said on Friday", date(2024, 6, 14), "day"),
        ("told reporters Monday", date(2024, 6, 10), "day"),
        ("said yesterday", date(2024, 6, 15), "day"),
        ("said last week", date(2024, 6, 3), "week"),
        ("said in March", date(2024, 3, 1), "month"),
        ("said in September", date(2023, 9, 1), "month"),
        ("said on June 3", date(2024, 6, 3), "day"),
        ("said on 20 December", date(2023, 12, 20), "day"),
        ("said on March 3, 2021", date(2021, 3, 3), "day"),
        ("said on 2022-05-01", date(2022, 5, 1), "day"),
        ("said last month", date(2024, 5, 1), "month"),
        ("said earlier this week", date(2024, 6, 10), "week"),
        ("said this month", date(2024, 6, 1), "month"),
        ("said last year", date(2023, 1, 1), "year"),
        ("said earlier this year", date(2024, 1, 1), "year"),
        ("said in March 2021", date(2021, 3, 1), "month"),
    ],
)
def test_phrases_resolve_against_source_date(phrase, expected, precision):
    assert find_date(phrase, [(0, len(phrase))], SUNDAY) == (expected, precision)


def test_unknown_stays_empty():
    assert find_date("said recently", [(0, 13)], SUNDAY) == (None, None)
    # a bare year in the attribution is too often about something else ("who backed
    # Romney in 2012 said"): not a date of saying
    assert find_date("said in 2012", [(0, 12)], SUNDAY) == (None, None)
    # a programme's name is no week
    said = "On ABC’s “This Week,” the senator said"
    assert find_date(said, [(0, len(said))], SUNDAY) == (None, None)
    # no source date: a weekday cannot be placed
    assert find_date("said on Friday", [(0, 14)], None) == (None, None)


def test_date_inside_the_content_is_not_the_statement_date(run):
    text = "The airline said on Monday that flights resume on Thursday."
    st = find(run(text, SUNDAY), "flights")
    assert st.stated_on == date(2024, 6, 10)
    text = "The airline said flights resume on Thursday."
    assert find(run(text, SUNDAY), "flights").stated_on is None


@pytest.mark.parametrize(
    "text, venue",
    [
        ("she said in an interview with the Guardian", "interview with Guardian"),
        ("he said at a press conference in Rome", "press conference"),
        ("the firm said in a statement", "statement"),
        ("the minister told Bloomberg", "Bloomberg"),
        ("the singer wrote on Instagram", "Instagram"),
    ],
)
def test_venues(text, venue):
    assert find_venue(text, [(0, len(text))]) == venue


def test_a_date_inside_what_was_said_is_not_when_it_was_said():
    from datetime import date

    from ledger.extract import extract

    text = "Spokesperson Ana Ruiz said the minister will arrive on Tuesday, leaving on Thursday."
    (st,) = [
        s for s in extract(text, date(2024, 5, 10)) if s.speaker and s.speaker.name == "Ana Ruiz"
    ]
    assert st.stated_on is None
    after = "“The minister will arrive soon,” Ruiz said on Tuesday."
    (st2,) = extract(after, date(2024, 5, 10))
    assert st2.stated_on == date(2024, 5, 7)  # the latest Tuesday on or before the source date


def test_venue_after_the_content_is_not_content(run):
    out = run(
        "The minister said the troops would leave within a month, in an interview with CBS "
        "on Friday.",
        SUNDAY,
    )
    assert out[0].quote == "the troops would leave within a month"
    assert out[0].venue == "interview with CBS"
    assert out[0].stated_on == date(2024, 6, 14)
    st = run("The mayor said on Sunday the port would reopen, at a news conference in Lagos.")[0]
    assert st.quote == "the port would reopen" and st.venue == "news conference"
    st = run("The mayor said the port would reopen in May in a statement.")[0]
    assert st.quote == "the port would reopen in May" and st.venue == "statement"


def test_a_place_or_room_inside_the_content_stays(run):
    st = run("The clerk said the vote was held in a hearing room.")[0]
    assert st.quote == "the vote was held in a hearing room"
    st = run("The mayor said in a statement the port would reopen.")[0]
    assert st.quote == "the port would reopen" and st.venue == "statement"


def test_outlet_at_the_end_of_a_sentence_has_no_full_stop(run):
    st = run("“We will stay,” the minister said in an interview with CBS.")[0]
    assert st.venue == "interview with CBS"
    st = run("“We will stay,” the minister told Reuters.")[0]
    assert st.venue == "Reuters"
