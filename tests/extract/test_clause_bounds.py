"""Where a statement's content starts and ends inside a longer sentence (issue #16, span
boundaries): sentences written for these tests."""

from ledger.extract import extract


def _one(text: str):
    out = extract(text)
    assert len(out) == 1, [s.quote for s in out]
    return out[0]


def test_quote_in_a_later_clause_with_its_own_pronoun_subject():
    text = (
        "Ms Lena Varga chaired the meeting. The council sat for three hours, even if she "
        "branded the proposal “a costly mistake” for the town."
    )
    s = _one(text)
    assert s.quote == "the proposal “a costly mistake” for the town"
    assert s.kind == "mixed"
    assert s.cue == "branded"
    assert s.speaker_mention == "she"
    assert s.speaker is not None and s.speaker.name == "Lena Varga"


def test_quote_after_a_second_verb_joined_by_and():
    text = "Volunteers cleaned the beach on Sunday and then demanded “cleaner water” from the port."
    s = _one(text)
    assert s.quote == "“cleaner water” from the port"
    assert s.speaker is not None and s.speaker.name == "Volunteers"


def test_a_single_clause_keeps_the_object_of_its_verb():
    s = _one("Kim Tanaka denounced the budget as “reckless” in a statement.")
    assert s.quote.startswith("the budget as “reckless”")
    assert s.speaker is not None and s.speaker.name == "Kim Tanaka"
