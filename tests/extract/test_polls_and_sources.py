"""Shares of people as speakers ("47 percent say", "Nearly half of voters said") and
"according to" with a long source phrase. Sentences written for these tests."""

from __future__ import annotations

import pytest

from .conftest import find


@pytest.mark.parametrize(
    "text, mention",
    [
        ("Thirty-two percent said the ferry fares were too high.", "Thirty-two percent"),
        ("About 4 in 10 said the ferry fares were too high.", "About 4 in 10"),
        ("Among islanders, 41% say the ferry fares were too high.", "41%"),
        (
            "Nearly half of islanders said the ferry fares were too high.",
            "Nearly half of islanders",
        ),
    ],
)
def test_a_share_of_people_is_an_unnamed_group(run, text, mention):
    st = find(run(text), "ferry fares")
    assert st.quote == "the ferry fares were too high"
    assert st.speaker_mention == mention
    assert st.speaker.kind == "group" and st.speaker.unnamed


def test_a_superlative_is_no_share(run):
    (st,) = run("The most senior aide said the ferry fares were too high.")
    assert st.speaker.kind == "person"


@pytest.mark.parametrize(
    "text, source",
    [
        (
            "The ferry lost money in 2019, according to harbour board accounts.",
            "harbour board accounts",
        ),
        (
            "According to early counts of ballots cast by islanders, the levy passed.",
            "early counts of ballots cast by islanders",
        ),
        ("The levy passed, according to one local tally.", "one local tally"),
    ],
)
def test_according_to_takes_its_whole_source_phrase(run, text, source):
    (st,) = run(text)
    assert st.speaker_mention == source
    assert st.cue == "according to"


def test_according_to_a_name_stops_at_the_name(run):
    (st,) = run("According to Ruiz the levy passed.")
    assert st.speaker.name == "Ruiz" and st.quote == "the levy passed"


def test_a_long_inanimate_source_is_no_speaker(run):
    (st,) = run("According to early counts of ballots cast by islanders, the levy passed.")
    assert st.speaker is None


def test_a_restrictive_who_takes_the_phrase_before_it(run):
    (st,) = run("The mayor rebuked some residents who have claimed that the pier is unsafe.")
    assert st.quote == "the pier is unsafe"
    assert st.speaker.name == "some residents"
    (grad,) = run(
        "Ruiz, a graduate of Halden Law School who has argued that the levy is unfair, won."
    )
    assert grad.speaker is None or grad.speaker.name != "Halden Law School"


def test_a_bare_plural_opening_its_clause_speaks(run):
    (st,) = run("But harbour surveyors say the channel is too shallow.")
    assert st.speaker_mention == "harbour surveyors"
    assert st.quote == "the channel is too shallow"
    assert run("He bought apples said to be fresh.") == []
