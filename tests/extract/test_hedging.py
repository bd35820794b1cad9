"""The hedging scale (design.md §3), cue offsets and polarity."""

from __future__ import annotations

import pytest

from ledger.extract import classify_hedging


@pytest.mark.parametrize(
    "sentence, level",
    [
        ("The factory closed in 2019.", "none"),
        ("The data clearly show a rise.", "none"),
        ("The storm is likely to reach the coast.", "low"),
        ("We’re confident that the deal will pass.", "low"),
        ("Officials expected to finish by noon.", "low"),
        ("The bridge may need repairs.", "medium"),
        ("Prices could rise again.", "medium"),
        ("The results suggest a link.", "medium"),
        ("It appears to be a mistake.", "medium"),
        ("It is unclear whether the plan is legal.", "high"),
        ("There is no evidence that the fraud happened.", "high"),
        ("There is no evidence of fraud.", "none"),
        ("We don’t see a decision yet.", "high"),
        ("The board is considering a sale.", "high"),
    ],
)
def test_levels(sentence, level):
    assert classify_hedging(sentence).level == level


def test_cues_carry_offsets_into_the_sentence():
    s = "Rates might fall, but it is unclear when."
    h = classify_hedging(s)
    assert [(c.text, c.level) for c in h.cues] == [("might", "medium"), ("unclear", "high")]
    for c in h.cues:
        assert s[c.start : c.end] == c.text
    assert h.level == "high"


def test_month_may_is_not_a_hedge():
    assert classify_hedging("The law passed on 4 May 2021.").level == "none"
    assert classify_hedging("Elections were held in May.").level == "none"
    assert classify_hedging("May I ask a question?").level == "medium"


def test_polarity():
    assert classify_hedging("We don’t see evidence of shipments.").polarity == "negative"
    assert classify_hedging("The mine never reopened.").polarity == "negative"
    assert classify_hedging("The mine reopened.").polarity == "positive"


def test_bad_input_is_neutral():
    assert classify_hedging("").level == "none"
    assert classify_hedging(None).level == "none"  # type: ignore[arg-type]
