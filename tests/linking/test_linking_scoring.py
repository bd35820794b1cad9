"""classify_pair on hand-written statements."""

from __future__ import annotations

from ledger.linking import LinkItem, classify_pair

RISKY = "It would be a very risky bet for our country and for our economy"


def item(i: int, text: str, speaker: int | None = 1, verbatim: bool = True) -> LinkItem:
    return LinkItem(i, text, speaker, verbatim)


def test_identical_quote_in_other_typography_is_repeat() -> None:
    link = classify_pair(item(1, f"“{RISKY}.”"), item(2, RISKY.upper()))
    assert link is not None
    assert (link.relation, link.score, link.status) == ("repeat", 100.0, "auto")
    assert all(op["op"] == "equal" for op in link.diff or [])


def test_partial_quote_is_repeat() -> None:
    link = classify_pair(item(7, RISKY), item(3, "a very risky bet for our country and for"))
    assert link is not None and link.relation == "repeat"
    assert (link.a_id, link.b_id) == (3, 7)


def test_the_misquote_is_altered_with_diff() -> None:
    a = item(1, "“It would be a very risky bet.”")
    b = item(2, "It would be a very risky and unwise bet")
    link = classify_pair(a, b)
    assert link is not None and link.relation == "altered"
    assert {"op": "insert", "a": "", "b": "and unwise"} in (link.diff or [])
    # Under eight words: a suggestion for a reviewer, never automatic.
    assert link.status == "suggested"


def test_long_misquote_is_auto_altered() -> None:
    link = classify_pair(item(1, RISKY), item(2, RISKY.replace("risky", "risky and unwise")))
    assert link is not None and (link.relation, link.status) == ("altered", "auto")


def test_changed_number_is_never_a_repeat() -> None:
    a = item(1, "122 detainees were moved to the northern prison before the storm arrived")
    b = item(2, "12 detainees were moved to the northern prison before the storm arrived")
    link = classify_pair(a, b)
    assert link is not None and link.relation == "altered" and link.status == "suggested"
    # Other speakers: the same claim with another figure is a conflict for a reviewer (was
    # "no link" before conflicts existed), never a paraphrase and never automatic.
    other = classify_pair(item(1, a.text, 1), item(2, b.text, 2))
    assert other is not None and (other.relation, other.status) == ("conflicts", "suggested")
    assert {"op": "replace", "a": "122", "b": "12"} in (other.diff or [])


def test_different_speakers_same_words_is_paraphrase() -> None:
    link = classify_pair(item(1, RISKY, 1), item(2, RISKY, 2))
    assert link is not None and link.relation == "paraphrase" and link.diff is None


def test_unattributed_is_never_the_same_speaker() -> None:
    link = classify_pair(item(1, RISKY, None), item(2, RISKY, None))
    assert link is not None and link.relation == "paraphrase"


def test_indirect_speech_with_other_words_is_not_altered() -> None:
    a = item(1, RISKY)
    b = item(2, "It would be a very risky bet for the country and for our economy", verbatim=False)
    link = classify_pair(a, b)
    assert link is not None and link.relation == "paraphrase"


def test_reordered_clauses_paraphrase() -> None:
    a = item(1, "Unemployment fell to 4 percent last year, and wages rose in every state", 1)
    b = item(2, "Wages rose in every state while unemployment fell to 4 percent last year", 2)
    link = classify_pair(a, b)
    assert link is not None and link.relation == "paraphrase"


def test_unrelated_statements_do_not_link() -> None:
    a = item(1, "The new bridge will open to traffic in the spring of next year")
    b = item(2, "Our schools need more teachers and smaller classes, not more tests")
    assert classify_pair(a, b) is None


def test_opposite_claims_are_not_a_paraphrase_when_short() -> None:
    assert (
        classify_pair(item(1, "The vaccine is safe", 1), item(2, "The vaccine is not safe", 2))
        is None
    )
