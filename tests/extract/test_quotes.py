"""Quotation marks: pairing, nesting, paragraphs, unbalanced marks."""

from __future__ import annotations

from ledger.extract.quotes import find_quotes

from .conftest import find


def spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_straight_guillemets_and_low_marks():
    text = 'He said “one,” then "two", then «three» and „four“.'
    assert spans(text) == ["“one,”", '"two"', "«three»", "„four“"]


def test_mixed_marks_close_each_other():
    # a straight opening mark closed by a curly one still makes one quote
    text = '"We will build it,” the mayor said.'
    assert spans(text) == ['"We will build it,”']


def test_nested_single_quotes_stay_inside():
    text = "She said “he told me ‘never again’ twice” and left."
    assert spans(text) == ["“he told me ‘never again’ twice”"]


def test_apostrophes_are_not_quotes():
    assert spans("The mayor’s plan, the ’90s and rock ’n’ roll.") == []


def test_two_apostrophe_marks():
    text = "''It is late,'' the clerk said."
    q = find_quotes(text)[0]
    assert text[q.inner_start : q.inner_end] == "It is late,"


def test_multi_paragraph_quote_is_chained():
    text = "The coach said: “We trained hard.\n\n“And we will win on Sunday.”\n\nThe end."
    qs = find_quotes(text)
    assert len(qs) == 2
    assert qs[0].closed is False and qs[1].continues == 0


def test_unbalanced_mark_stops_at_paragraph_end():
    text = "A stray “ mark opens here\n\nThe farmer said the rain will come."
    qs = find_quotes(text)
    assert len(qs) == 1 and qs[0].end <= text.index("\n")


def test_unbalanced_mark_does_not_swallow_article(run):
    text = "Talks stalled “ after the vote.\n\nThe minister said the budget will pass."
    st = find(run(text), "the budget will pass")
    assert st.speaker is not None and st.speaker.name == "minister"


def test_multi_paragraph_quote_keeps_speaker(run):
    text = (
        "Coach Dana Whitfield said: “We trained hard all winter.\n\n"
        "“And we will win the cup on Sunday.”"
    )
    out = run(text)
    second = find(out, "win the cup")
    assert second.kind == "direct"
    assert second.speaker is not None and second.speaker.name == "Dana Whitfield"
