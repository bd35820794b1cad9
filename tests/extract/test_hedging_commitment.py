"""Commitment apart from polarity (design.md §3, FactBank): a denial is committed, an open
question is not; past modals that only move the speaker's words into the past are no hedge.
The sentences are written for these tests."""

from __future__ import annotations

import pytest

from ledger.extract import classify_hedging, extract


@pytest.mark.parametrize(
    "sentence",
    [
        "The tap water is safe, and we have found no evidence of lead in it.",
        "The inspectors did not find any cracks in the dam.",
        "The ferry is not running today.",
        "We don’t see any evidence of a leak at the depot.",
        "The museum is not yet open to visitors.",
    ],
)
def test_a_negated_assertion_is_committed_and_negative(sentence):
    h = classify_hedging(sentence)
    assert (h.level, h.polarity) == ("none", "negative"), h.cues


@pytest.mark.parametrize(
    "sentence",
    [
        "It is unclear whether the depot will reopen.",
        "The council has not yet decided whether to sell the pool.",
        "The board hasn't decided on the merger yet.",
        "No final decision has been made on the ferry timetable.",
        "We don’t see that the tender has been awarded yet.",
        "There is no evidence that the samples were swapped.",
    ],
)
def test_open_questions_and_explicit_non_commitment_are_high(sentence):
    assert classify_hedging(sentence).level == "high"


def test_the_rule_covers_both_halves_of_one_quote():
    # "yet" leaves the decision open, so the quote is uncommitted as a whole even though
    # its second clause alone would be a plain denial
    both = "We don’t see that the port has been sold yet, and we don’t see evidence of new cranes."
    assert classify_hedging(both).level == "high"
    assert classify_hedging("We don’t see evidence of new cranes.").level == "none"


@pytest.mark.parametrize(
    "sentence, level",
    [
        ("I could smell the smoke from my kitchen.", "none"),
        ("From the bridge we could hear the sirens.", "none"),
        ("The river could flood the lower town.", "medium"),
        ("The minister said the review would report within six weeks.", "none"),
        ("The trust announced it would close the ward.", "none"),
        ("Ms Patel said she would stand again.", "none"),
        ("The mayor said the plan would fail without more money.", "medium"),
        ("The mayor says the review would report within six weeks.", "medium"),
        ("The mayor said that if the talks stall the depot would shut.", "medium"),
        ("The mayor said: “The depot would shut next week.”", "medium"),
        ("Analysts warned, saying that would hurt exports.", "medium"),
    ],
)
def test_past_ability_and_backshifted_would(sentence, level):
    assert classify_hedging(sentence).level == level


def test_backshift_in_an_extracted_statement_reads_the_cue_before_the_content():
    text = "The minister said the review would report within six weeks."
    (st,) = extract(text)
    assert st.quote == "the review would report within six weeks"
    assert st.hedging == "none"
    (guess,) = extract("The mayor said the plan would fail without more money.")
    assert guess.hedging == "medium"


def test_a_direct_quote_keeps_its_own_would():
    text = "“The depot would shut next week,” the mayor said."
    (st,) = extract(text)
    assert st.kind == "direct" and st.hedging == "medium"
