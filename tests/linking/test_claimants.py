"""Speaker against claimant: the name matching "checked before?" uses (pure, no corpus)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.linking.claimants import (
    FIRST_ONLY,
    SURNAME_ONLY,
    best_agreement,
    name_agreement,
    name_words,
)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Joe Biden", "Joe Biden", 1.0),
        ("Joe Biden", "Biden", SURNAME_ONLY),
        ("Vice President Biden", "Joe Biden", SURNAME_ONLY),
        ("Joseph R. Biden Jr.", "Joe Biden", 1.0),
        ("J. Biden", "Joseph Biden", 1.0),
        ("Sen. Warren", "Elizabeth Warren", SURNAME_ONLY),
        ("Senator Elizabeth Warren", "Liz Warren", 1.0),
        ("SEN. BERNIE SANDERS", "Bernie Sanders", 1.0),
        ("Bernie", "Bernie Sanders", FIRST_ONLY),
        ("MR. ROMNEY", "Mitt Romney", SURNAME_ONLY),
        ("Former Gov. Mitt Romney", "Willard Romney", 1.0),
        ("Debbie Wasserman Schultz", "Rep. Wasserman Schultz", SURNAME_ONLY),
        ("Martin O'Malley", "O’MALLEY", SURNAME_ONLY),
        ("José Peña", "JOSE PENA", 1.0),
        # the same surname, two people
        ("Hillary Clinton", "Bill Clinton", 0.0),
        ("Rand Paul", "Ron Paul", 0.0),
        # not a person who said it
        ("Donald Trump", "Facebook posts", 0.0),
        ("Biden", "Warren", 0.0),
    ],
)
def test_name_agreement(a, b, expected):
    assert name_agreement(a, b) == expected
    assert name_agreement(b, a) == expected


def test_no_name_is_unknown_not_a_mismatch():
    assert name_agreement(None, "Joe Biden") is None
    assert name_agreement("Joe Biden", "") is None
    assert name_agreement("...", "Joe Biden") is None


def test_titles_and_suffixes_are_dropped_but_a_lone_title_stays():
    assert name_words("Vice President Joe Biden") == ("joe", "biden")
    assert name_words("Rep. John Lewis Jr.") == ("john", "lewis")
    assert name_words("The President") == ("president",)
    # a surname that is also a title word is kept (titles are dropped in front only)
    assert name_words("Angus King") == ("angus", "king")


def test_best_agreement_takes_the_best_name():
    assert best_agreement(["MODERATOR", "WARREN", None], "Elizabeth Warren") == SURNAME_ONLY
    assert best_agreement([], "Elizabeth Warren") == 0.0


names = st.text(
    alphabet=st.sampled_from("abcdeJKLMN .'-É"), min_size=0, max_size=20
) | st.sampled_from(["Joe Biden", "Sen. Warren", "TRUMP", "Mr.", ""])


@given(names, names)
def test_agreement_is_symmetric_and_bounded(a, b):
    x = name_agreement(a, b)
    assert x == name_agreement(b, a)
    assert x is None or 0.0 <= x <= 1.0


@given(names)
def test_a_name_agrees_with_itself_and_with_its_case(a):
    if name_words(a):
        assert name_agreement(a, a) == 1.0
        assert name_agreement(a, a.upper()) == 1.0
