"""Normalisation and word diffs, from hand-written example sentences."""

from __future__ import annotations

from ledger.linking import content_tokens, normalise, numbers, tokens, word_diff


def test_typography_folds_away() -> None:
    a = "“We won’t back down — not now, not ever,” she said."
    b = '"we WON\'T back down -- not now; not ever", she said'
    assert normalise(a) == normalise(b) == "we wont back down not now not ever she said"


def test_numbers_are_kept_whole() -> None:
    assert numbers("About 1,200 people, 3.5% of them, in the 1990s") == ["1200", "3.5", "1990s"]
    assert tokens("70%") == ["70", "percent"]
    assert numbers("122 detainees") != numbers("12 detainees")


def test_accents_and_case() -> None:
    assert normalise("Café SOCIÉTÉ") == "cafe societe"


def test_hyphenated_words_split() -> None:
    assert tokens("out-of-state IDs") == ["out", "of", "state", "ids"]


def test_stop_words_out_but_negations_kept() -> None:
    assert content_tokens("The vaccine is not safe for children") == [
        "vaccine",
        "not",
        "safe",
        "children",
    ]
    assert "not" in content_tokens("It doesn't work")


def test_word_diff_shows_inserted_words() -> None:
    diff = word_diff("would be a very risky bet", "would be a very risky and unwise bet")
    assert diff == [
        {"op": "equal", "a": "would be a very risky", "b": "would be a very risky"},
        {"op": "insert", "a": "", "b": "and unwise"},
        {"op": "equal", "a": "bet", "b": "bet"},
    ]


def test_word_diff_changed_number_is_a_replace() -> None:
    diff = word_diff("122 detainees were released", "12 detainees were released")
    assert diff[0] == {"op": "replace", "a": "122", "b": "12"}


def test_word_diff_keeps_written_spelling() -> None:
    diff = word_diff("“Taxes will RISE,” he said", "taxes will rise")
    assert diff[0] == {"op": "equal", "a": "Taxes will RISE", "b": "taxes will rise"}
    assert diff[1]["op"] == "delete"
